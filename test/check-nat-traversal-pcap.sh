#!/usr/bin/env bash
# Runs haaro-scenario-nat-traversal with pcap output and checks with tshark what the
# captures on both sides of MR-C's NAT show: inside (MR-C's uplink, MR-C-2.pcap), MR-C's
# private care-of address and ports; outside (the NAT's outside link, NAT-C-1.pcap), only
# the NAT's public address; the RFC 3519 UDP Tunnel Request (extension 144) and Reply (44)
# of MR-C's registration; type-4 Tunnel Data (mip.nattt) both in the Home Agent tunnel and
# in the direct MR-C <-> MR-A tunnel, on both sides; the RFC 6521 messages, decoded by
# wireshark/haaro.lua (haaro.*), the HoTI/HoT that travel inside the type-4 tunnel among them;
# no malformed frame and no expert error in either capture. Skipped when tshark is missing.
# The two addresses are read from topology.json; the probe flows are NODE-A -> NODE-C (port
# 9001) and NODE-C -> NODE-A (port 9002).
# Usage: check-nat-traversal-pcap.sh <haaro-scenario-nat-traversal executable> [nat type]
set -euo pipefail
lua="$(cd "$(dirname "$0")/../wireshark" && pwd)/haaro.lua"
exe="$1"
nat="${2:-port-restricted}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
cd "$dir"
"$exe" --pcap=true --mrNat="$nat" --outDir=out >/dev/null
node() { grep -o "{\"name\": \"$1\", [^}]*}" out/topology.json; } # the node's line
private=$(node MR-C | grep -o '"192\.168\.[0-9.]*"' | tr -d '"' | head -1)
public=$(node NAT-C | grep -o '"[0-9.]*"' | tr -d '"' | grep -v '^192\.168\.' | head -1)
[ -n "$public" ] && [ -n "$private" ] || { echo "FAIL: addresses not in topology.json"; exit 1; }
if ! command -v tshark >/dev/null; then
    echo "tshark not installed: pcap decode check skipped"
    exit 0
fi
mra=100.64.0.2 # MR A's care-of address (site 0, ISP 1, first customer link)
count() { tshark -n -r "$1" -X lua_script:"$lua" -Y "$2" 2>/dev/null | wc -l; }
fail=0
check() { # description, file, display filter, minimum count, [maximum count]
    local n
    n=$(count "$2" "$3")
    if [ "$n" -lt "$4" ] || { [ -n "${5:-}" ] && [ "$n" -gt "$5" ]; }; then
        echo "FAIL: $1: $n packets in $2 match '$3' (want >= $4${5:+ and <= $5})"; fail=1
    else
        echo "ok: $1 ($n)"
    fi
}
in=out/MR-C-2.pcap
out=out/NAT-C-1.pcap
data="mip.nattt.nexthdr == 4 && (udp.port == 9001 || udp.port == 9002)"
check "inside: private source address" $in "ip.src == $private && udp" 10
check "inside: no public NAT address" $in "ip.addr == $public" 0 0
check "outside: the NAT's public address" $out "ip.src == $public && udp" 10
# (Outer headers: MR-C's RFC 3519 keepalives to the HA, ICMP echo in the UDP tunnel,
# carry its private care-of address inside, as any tunnelled payload would.)
check "outside: no private address" $out "ip.addr#1 == 192.168.0.0/16" 0 0
check "UDP Tunnel Request (144) in MR C's registration" $in "mip.type == 1 && mip.ext.type == 144 && ip.src == $private" 1
check "UDP Tunnel Reply (44) to MR C" $in "mip.type == 3 && mip.ext.type == 44 && ip.dst == $private" 1
check "UDP Tunnel Reply (44) to the public address" $out "mip.type == 3 && mip.ext.type == 44 && ip.dst == $public" 1
check "HA tunnel data inside (type 4)" $in "$data && ip.addr != $mra" 1
check "HA tunnel data outside (type 4)" $out "$data && ip.addr != $mra && ip.addr == $public" 1
check "direct tunnel C -> A inside" $in "$data && ip.src == $private && ip.dst == $mra && udp.dstport == 434" 10
check "direct tunnel A -> C inside" $in "$data && ip.src == $mra && ip.dst == $private && udp.srcport == 434" 10
check "direct tunnel C -> A outside" $out "$data && ip.src == $public && ip.dst == $mra" 10
check "direct tunnel A -> C outside" $out "$data && ip.src == $mra && ip.dst == $public" 10
# The NAT translated ports: the direct tunnel's source port inside is 434; outside it is the
# mapping's external port (whatever it is, the tunnel's packets outside use one port).
check "RO keepalive (ICMP echo in the UDP tunnel)" $out "mip.nattt.nexthdr && icmp.type == 8" 2
# RFC 6521 (haaro.lua): the Home Agent's replies to MR C carry the Route Optimization Reply
# (49/1) with N set; the return routability messages travel inside the type-4 tunnel.
check "Route Optimization Reply with N to MR C" $in "mip.type == 3 && haaro.ror.n == 1 && ip.dst == $private" 1
check "HoTI in the UDP tunnel inside" $in "mip.nattt.nexthdr == 4 && haaro.msg_type == 24" 1
check "HoT in the UDP tunnel outside" $out "mip.nattt.nexthdr == 4 && haaro.msg_type == 26" 1
# Every frame, the RFC 6521 ones and the HoTI/HoT/CoTI/CoT inside the tunnels included.
for f in $in $out; do
    check "no malformed frame or expert error in $f" $f "_ws.malformed || _ws.expert.severity >= 0x00800000" 0 0
done
exit $fail
