#!/usr/bin/env python3
"""storm-table.py DIR: the summaries of haaro-scale-bench --out runs below DIR (or DIR
itself) as a reStructuredText table (the one in doc/haaro.rst); `./haaro plot DIR` draws
the figures."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from haaro_analysis.storm import table  # noqa: E402

if __name__ == "__main__":
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        sys.exit("usage: storm-table.py DIR (haaro-scale-bench --out directories below DIR)")
    print("\n".join(table(sys.argv[1])))
