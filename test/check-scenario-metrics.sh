#!/usr/bin/env bash
# Checks the measured load and convergence metrics of two scenario programs against what
# their runs must show (each can fail):
#  - draft-example: each direction's HA load before route optimization is one flow's rate
#    (100 datagrams/s offered, 90-101 tunnelled per second over its own window), the pair's
#    rate is their sum, and after the switch the HA carries less than 1 datagram/s;
#  - convergence (--solicit=false): the wait after the pair joined is the wait until both
#    ends know each other plus the route-optimization part, and the first part dominates.
# Usage: check-scenario-metrics.sh <haaro-scenario-draft-example> <haaro-scenario-convergence>
set -euo pipefail
draft="$1"
convergence="$2"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
"$draft" --duration=8 --outDir="$dir/draft" >/dev/null
"$convergence" --solicit=false --lifetime=30 --outDir="$dir/conv" >/dev/null
python3 - "$dir" <<'PY'
import json, sys
d = sys.argv[1]
def metrics(name):
    s = json.load(open(d + "/" + name + "/summary.json"))
    return s.get("metrics", s)
fail = []
m = metrics("draft")
ac, ca = m["ha_load_before_ro_a_to_c_pps"], m["ha_load_before_ro_c_to_a_pps"]
for key, v in (("a_to_c", ac), ("c_to_a", ca)):
    if not 90 <= v <= 101:
        fail.append("draft-example %s before-RO load %.2f packets/s, want 90-101" % (key, v))
if abs(m["ha_load_before_ro_pps"] - (ac + ca)) > 1e-6:
    fail.append("draft-example pair load %.4f != %.4f + %.4f" % (m["ha_load_before_ro_pps"], ac, ca))
if not m["ha_load_after_ro_pps"] < 1:
    fail.append("draft-example after-RO load %.3f packets/s, want < 1" % m["ha_load_after_ro_pps"])
c = metrics("conv")
total = c["ro_works_after_pair_joined_mean_s"]
know = c["pair_knows_each_other_after_pair_joined_mean_s"]
ro = c["ro_works_after_pair_knows_each_other_mean_s"]
if abs(total - (know + ro)) > 1e-3:
    fail.append("convergence split %.4f + %.4f != %.4f" % (know, ro, total))
if not (ro >= 0 and know > ro):
    fail.append("convergence: knowing each other (%.3f s) should dominate RO (%.3f s)" % (know, ro))
for f in fail:
    print("FAIL:", f)
print("ok" if not fail else "%d failures" % len(fail))
sys.exit(1 if fail else 0)
PY
