#!/usr/bin/env bash
# ctest help/bench: `./haaro bench` (without building: HAARO_SKIP_BUILD=1) lists every
# benchmark of BUILD/bench with its purpose line, runs one by its short name and refuses an
# unknown name.
#   check-bench-listing.sh SOURCE_DIR BUILD_DIR
set -uo pipefail
src="$1" build="$2"
export HAARO_BUILD_DIR="$build" HAARO_SKIP_BUILD=1
fail() { echo "FAIL: $*"; exit 1; }
listing="$(bash "$src/haaro" bench 2>&1)" || fail "./haaro bench failed: $listing"
echo "$listing"
count=0
for f in "$build"/bench/*; do
    [ -f "$f" ] && [ -x "$f" ] || continue
    count=$((count + 1))
    grep -q "(${f##*/})" <<<"$listing" || fail "${f##*/} is not listed"
done
[ "$count" -gt 0 ] || fail "no benchmark in $build/bench"
! grep -q "gives no purpose line" <<<"$listing" || fail "a benchmark has no purpose line"
help="$(bash "$src/haaro" bench scale --help 2>/dev/null)" || fail "./haaro bench scale --help"
grep -q "^haaro-scale-bench " <<<"$help" || fail "bench scale did not run haaro-scale-bench"
if bash "$src/haaro" bench no-such-benchmark >/dev/null 2>&1; then
    fail "an unknown benchmark name was accepted"
fi
echo "PASS: $count benchmarks listed"
