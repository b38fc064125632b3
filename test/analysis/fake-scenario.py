#!/usr/bin/env python3
"""A stand-in for a haaro-scenario-* program, for the sweep tests.

Takes ns-3 style --name=value arguments (--RngRun, --outDir, --alpha, --mode, --sleep,
--fail) and writes summary.json (numbers printed with %.9g like the C++ programs, so NaN is
a bare `nan`), events.csv and topology.json into outDir; the metrics are a deterministic
function of the arguments. --fail=1 exits with code 3 without a summary; --sleep=S sleeps
first. runner.txt records the parent process id (the process that ran us).
"""

import os
import sys
import time

args = {"RngRun": "1", "RngSeed": "1", "alpha": "1", "mode": "plain", "sleep": "0",
        "fail": "0", "outDir": "results/fake"}
for a in sys.argv[1:]:
    if not a.startswith("--") or "=" not in a:
        print("fake-scenario: bad argument %r" % a, file=sys.stderr)
        sys.exit(2)
    k, v = a[2:].split("=", 1)
    if k not in args:
        print("fake-scenario: unknown parameter %r" % k, file=sys.stderr)
        sys.exit(2)
    args[k] = v

time.sleep(float(args["sleep"]))
if args["fail"] == "1":
    print("fake-scenario: failing as asked", file=sys.stderr)
    sys.exit(3)

run = int(args["RngRun"])
alpha = float(args["alpha"])
metrics = {
    "delay_ms": alpha * 10.0 + run,
    "lost_packets": run % 2,
    "ratio": alpha / (run + 2.0),
    "never_s": float("nan"),
}


def num(v):
    return "%d" % v if isinstance(v, int) else "%.9g" % v


def js(v):
    return '"%s"' % v


out = args["outDir"]
os.makedirs(out, exist_ok=True)
params = {k: v for k, v in args.items() if k not in ("outDir", "fail", "sleep")}
text = '{"metrics": {%s}, "params": {%s}, "scenario": "fake", "version": "0.1.0"}\n' % (
    ", ".join('"%s": %s' % (k, num(metrics[k])) for k in sorted(metrics)),
    ", ".join('"%s": %s' % (k, num(int(params[k])) if params[k].isdigit() else js(params[k]))
              for k in sorted(params)))
with open(os.path.join(out, "events.csv"), "w") as f:
    f.write("time_s,node,event,message,src,dst,detail\n")
    f.write("1.000000000,MR-A,tx,RRQ,MR-A,HA,leg=direct\n")
with open(os.path.join(out, "topology.json"), "w") as f:
    f.write('{"nodes": [{"name": "HA", "kind": "ha"}, {"name": "MR-A", "kind": "mr"}], '
            '"links": [{"a": "MR-A", "b": "HA", "delay_ms": 10, "rate_mbps": 10, '
            '"kind": "uplink"}]}\n')
with open(os.path.join(out, "runner.txt"), "w") as f:
    f.write("%d\n" % os.getppid())
with open(os.path.join(out, "summary.json"), "w") as f:
    f.write(text)
print("fake-scenario: run %d alpha %s done" % (run, args["alpha"]))
