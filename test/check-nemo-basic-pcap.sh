#!/usr/bin/env bash
# Runs haaro-nemo-basic with pcap output and checks, with tshark, that the Home Agent's
# capture shows the registrations with their NEMO extensions and the tunnelled data,
# with no malformed packet. Skipped (exit 0 with a note) when tshark is not installed.
# Usage: check-nemo-basic-pcap.sh <haaro-nemo-basic executable> [gre]
set -euo pipefail
exe="$1"
gre="${2:-false}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
cd "$dir"
"$exe" --duration=6 --pcap=true --gre="$gre" --prefix=nemo >/dev/null
if ! command -v tshark >/dev/null; then
    echo "tshark not installed: pcap decode check skipped"
    exit 0
fi
pcap=nemo-HA-1.pcap
count() { tshark -n -r "$pcap" -Y "$1" 2>/dev/null | wc -l; }
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
check "Registration Requests" "mip.type == 1" 4
check "Registration Replies accepting" "mip.type == 3 && mip.code == 0" 4
check "Mobile Network Request extensions" "mip.ext.mne.subtype == 0" 4
check "Mobile Network Acknowledgements" "mip.ext.mne.subtype == 1 && mip.ext.mne.code == 0" 4
check "MN-HA authentication" "mip.auth.spi" 8
if [ "$gre" = true ]; then
    check "GRE-tunnelled data" "gre && ip.proto == 47 && udp.dstport == 9000" 100
else
    check "IP-in-IP tunnelled data" "ip.proto == 4 && udp.dstport == 9000" 100
fi
bad=$(count "_ws.malformed || _ws.expert.severity >= 6291456")
if [ "$bad" -ne 0 ]; then echo "FAIL: $bad malformed or erroneous packets"; fail=1; fi
exit $fail
