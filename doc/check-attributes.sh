#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# ctest doc/attributes-up-to-date: doc/haaro-attributes.rst must be what
# haaro-print-introspection prints from the TypeIds of the code, and every TypeId that the
# module's sources register must be in it (it lists the TypeIds of group "Haaro", so a
# TypeId without .SetGroupName("Haaro") would be missing).
#
#   check-attributes.sh GENERATOR SOURCE_DIR OUT_DIR
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 GENERATOR SOURCE_DIR OUT_DIR" >&2; exit 2; }
generator="$1" src="$2" out="$3"
mkdir -p "$out"
generated="$out/haaro-attributes.rst"
"$generator" --output="$generated"

rc=0
# TypeId("ns3::X") and MakeTypeId<T>("ns3::X") in the library sources (not in tests,
# examples or benchmarks, whose TypeIds belong to no module).
names=$(find "$src" \( -name .git -o -name 'build*' -o -name test -o -name examples \
                       -o -name bench \) -prune -o -name '*.cc' -print0 \
        | xargs -0 grep -hozP '(\bTypeId|\bMakeTypeId<[\w:]+>)\(\s*"ns3::\w+"' \
        | tr '\0' '\n' | grep -oP '"ns3::\K\w+' | sort -u)
[ -n "$names" ] || { echo "no TypeId found in the sources of $src" >&2; exit 2; }
for name in $names; do
    if ! grep -qx "ns3::$name" "$generated"; then
        echo "ns3::$name is registered in the sources but not listed: does its TypeId set" \
             ".SetGroupName(\"Haaro\"), and is its library linked to haaro-print-introspection?"
        rc=1
    fi
done

if ! diff -u "$src/doc/haaro-attributes.rst" "$generated"; then
    echo "doc/haaro-attributes.rst is out of date: run ./haaro doc (or build the target" \
         "haaro-doc) and commit the result"
    rc=1
fi
exit $rc
