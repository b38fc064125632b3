#!/usr/bin/env bash
# Runs one Python test module of test/analysis/ (e.g. `run-tests.sh test_plot`) with the
# Python 3 that has Debian's matplotlib; exit code 77 (ctest: skipped) when there is none.
# A module may itself exit 77 when something else it needs (Dask) is missing.
set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
module="${1:?usage: run-tests.sh test_MODULE}"
py=""
for cand in ${HAARO_PYTHON:-} /usr/bin/python3 python3; do
    if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import matplotlib, numpy' 2>/dev/null; then
        py="$cand"
        break
    fi
done
if [ -z "$py" ]; then
    echo "SKIP: no python3 with matplotlib and numpy (apt-get install python3-matplotlib python3-numpy)"
    exit 77
fi
cd "$HERE" && exec "$py" "$HERE/$module.py" -v
