#!/usr/bin/env python3
"""./haaro sweep <scenario> --param=v1,v2 --runs=N --jobs=J [--scheduler ADDRESS]
(see haaro_analysis.sweep)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from haaro_analysis.sweep import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
