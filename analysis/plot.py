#!/usr/bin/env python3
"""./haaro plot <results dir>: figures of a scenario run or sweep (see haaro_analysis.plot)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from haaro_analysis.plot import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
