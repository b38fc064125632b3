#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# ctest doc/doxygen-groups: every Doxygen group that a source of the module names in an
# \ingroup (or @ingroup) command, alone on its comment line, is defined with \defgroup in
# doc/haaro.h.
#
#   check-doxygen-groups.sh SOURCE_DIR
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 SOURCE_DIR" >&2; exit 2; }
src="$1"
defined=$(grep -oP '[\\@]defgroup\s+\K[\w-]+' "$src/doc/haaro.h" | sort -u)
used=$(find "$src" \( -name .git -o -name 'build*' \) -prune -o \
            \( -name '*.h' -o -name '*.cc' \) -print0 \
       | xargs -0 grep -hP '^\s*(/\*\*|\*|///|//!)?\s*[\\@]ingroup(\s+[\w-]+)+\s*$' \
       | sed -E 's/^.*[\\@]ingroup//' | tr -s ' \t' '\n' | sed '/^$/d' | sort -u)
rc=0
for group in $used; do
    if ! grep -qx -- "$group" <<<"$defined"; then
        echo "\\ingroup $group is used but not defined in doc/haaro.h:"
        find "$src" \( -name .git -o -name 'build*' \) -prune -o \
             \( -name '*.h' -o -name '*.cc' \) -print0 \
            | xargs -0 grep -lP "^\s*(/\*\*|\*|///|//!)?\s*[\\\\@]ingroup(\s+[\w-]+)*\s+\Q$group\E(\s|$)" \
            | sed 's/^/  /'
        rc=1
    fi
done
[ $rc -eq 0 ] && echo "every \\ingroup group is defined in doc/haaro.h: $(echo $defined)"
exit $rc
