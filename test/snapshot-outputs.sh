#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# snapshot-outputs.sh BUILD_DIR OUT_DIR: runs every example and scenario program (the
# arguments of test/examples-to-run.py, plus --pcap and --haRestartAt runs) and keeps every
# output file, pcap, stdout, stderr and exit code under OUT_DIR. For refactorings: take a
# snapshot before and after the change and compare them with `diff -r`; a refactoring
# changes no byte (the snapshots of issue 11 were compared this way after every merge).
# A tool, not a ctest.
set -u
B=$(cd "$1" && pwd); O=$2; rm -rf "$O"; mkdir -p "$O"
run() { # name prog args...
  local name=$1 prog=$2; shift 2
  local exe=$(find "$B" -type f -name "$prog" -perm -u+x | head -1)
  [ -z "$exe" ] && { echo "MISSING $prog" | tee -a "$O/MISSING"; return; }
  mkdir -p "$O/$name"; (cd "$O/$name" && "$exe" "$@" > stdout.txt 2> stderr.txt; echo "rc=$?" > rc.txt)
}
run wire haaro-wire-gallery
run nemo haaro-nemo-basic --duration=8 --failAt=3 --failFor=2
run draft haaro-scenario-draft-example --duration=8 --outDir=out
run natsc-pcap haaro-scenario-nat-traversal --outDir=out --pcap=true
run handover haaro-scenario-handover --duration=14 --outDir=out
run failover haaro-scenario-failover --duration=22 --outDir=out
run failover-restart haaro-scenario-failover --duration=22 --haRestartAt=8 --outDir=out
run stretch haaro-scenario-path-stretch --sites=6 --pairs=3 --duration=6 --warmup=4 --outDir=out
run conv haaro-scenario-convergence --sites=5 --lifetime=10 --joinWindow=5 --lateJoins=1 --lateJoinAt=10 --outDir=out
run natsc haaro-scenario-nat-traversal --outDir=out
run natmatrix haaro-scenario-nat-traversal --matrix=true --outDir=out
run storm haaro-scenario-storm --n=20 --duration=20 --lifetime=10 --outDir=out
echo "snapshot in $O"
