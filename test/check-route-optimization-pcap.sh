#!/usr/bin/env bash
# Runs haaro-scenario-draft-example with pcap output and checks with tshark that MR-C's
# uplink capture shows what RFC 6521 figure F15 shows: the prefix advertisement in a Registration
# Reply, the return routability messages (HoTI/CoTI/HoT/CoT: tshark 4.0 does not know types
# 24-27, so they are matched by their first octet), the registration with MR A (Registration
# Request carrying extension 49) and its reply from MR A's home address, and the data in the
# direct tunnel between the two care-of addresses (IP in IP, or RFC 3519 UDP: type-4 Tunnel
# Data decoded as mip.nattt). Skipped when tshark is missing.
# Address plan (VirtualOperatorTopologyHelper, 2 ISPs, 1 uplink per site): MR A = site 0,
# care-of 100.64.0.2, home 10.0.0.1; MR C = site 2, care-of 100.64.0.6, home 10.0.0.3.
# Probe flows: NODE-A -> NODE-C to port 9001, NODE-C -> NODE-A to port 9002.
# Usage: check-route-optimization-pcap.sh <haaro-scenario-draft-example executable> [ipip|udp]
set -euo pipefail
lua="$(cd "$(dirname "$0")/../wireshark" && pwd)/haaro.lua"
exe="$1"
mode="${2:-ipip}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
cd "$dir"
udp=false
[ "$mode" = udp ] && udp=true
"$exe" --duration=8 --pcap=true --udp=$udp --outDir=out >/dev/null
if ! command -v tshark >/dev/null; then
    echo "tshark not installed: pcap decode check skipped"
    exit 0
fi
pcap=out/MR-C-2.pcap
count() { tshark -n -r "${2:-$pcap}" -X lua_script:"$lua" -Y "$1" 2>/dev/null | wc -l; }
fail=0
check() { # description, display filter, minimum count
    local n
    n=$(count "$2")
    if [ "$n" -lt "$3" ]; then
        echo "FAIL: $1: $n packets match '$2' (want >= $3)"; fail=1
    else
        echo "ok: $1 ($n)"
    fi
}
check "prefix advertisement (extension 50/1) in a reply" "mip.type == 3 && haaro.ext.type == 50 && haaro.pa.prefix" 1
check "HoTI" "udp.dstport == 434 && haaro.msg_type == 24" 1
check "CoTI" "udp.dstport == 434 && haaro.msg_type == 25" 1
check "HoT" "udp.srcport == 434 && haaro.msg_type == 26" 1
check "CoT" "udp.srcport == 434 && haaro.msg_type == 27" 1
check "registration with MR A (extension 49/2)" "mip.type == 1 && ip.dst == 10.0.0.1 && haaro.mcauth" 1
check "MR A's reply" "mip.type == 3 && ip.src == 10.0.0.1" 1
if [ "$mode" = udp ]; then
    tunnel="mip.nattt.nexthdr == 4 && !tcp" # IP in UDP: outer IP/UDP 434, type 4, inner IP
else
    tunnel="ip.proto == 4"
fi
check "direct tunnel data C -> A" "$tunnel && ip.src == 100.64.0.6 && ip.dst == 100.64.0.2 && udp.dstport == 9002" 10
check "direct tunnel data A -> C" "$tunnel && ip.src == 100.64.0.2 && ip.dst == 100.64.0.6 && udp.dstport == 9001" 10
# Every frame of every capture, HoTI/HoT inside the HA tunnel included.
for f in out/*.pcap; do
    n=$(count "_ws.malformed || _ws.expert.severity >= 0x00800000" "$f")
    if [ "$n" -ne 0 ]; then
        echo "FAIL: $n malformed frames or expert errors in $f"; fail=1
    fi
done
exit $fail
