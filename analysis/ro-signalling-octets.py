#!/usr/bin/env python3
"""RFC 6521 route optimization signalling of one router pair, counted from pcaps.

Reads the uplink captures of two mobile routers (haaro-scenario-draft-example --pcap=true
writes MR-A-2.pcap and MR-C-2.pcap) with tshark and counts, per router, the HoTI, CoTI,
HoT, CoT and the registration requests and replies between the two routers that the
router *sent* (outer IP source = its care-of address): the number of messages, the
Mobile IP octets (UDP payload) and the IP octets on the uplink (with the tunnel headers
of the HA path). Registrations with the Home Agent and keepalives are not counted.

Usage: ro-signalling-octets.py OUTDIR [--hours H]
  OUTDIR  the scenario's output directory (pcaps and topology.json)
  --hours normalise to this many simulated hours (default: the run's duration)
"""
import argparse
import collections
import json
import pathlib
import subprocess
import sys

NAMES = {24: "HoTI", 25: "CoTI", 26: "HoT", 27: "CoT", 1: "RRQ", 3: "RRP"}
# draft-example address plan (VirtualOperatorTopologyHelper, 2 ISPs, one uplink per site)
ROUTERS = {
    "MR-A": {"pcap": "MR-A-2.pcap", "coa": "100.64.0.2", "hoa": "10.0.0.1"},
    "MR-C": {"pcap": "MR-C-2.pcap", "coa": "100.64.0.6", "hoa": "10.0.0.3"},
}


def frames(pcap):
    fields = ["frame.len", "ip.src", "ip.dst", "udp.srcport", "udp.dstport", "udp.length",
              "udp.payload"]
    cmd = ["tshark", "-n", "-r", str(pcap), "-Y", "udp.port == 434", "-T", "fields",
           "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=,"]
    for f in fields:
        cmd += ["-e", f]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        cols = line.split("\t")
        if len(cols) < len(fields):
            continue
        yield dict(zip(fields, [c.split(",") for c in cols]))


def count(outdir, name, me, peer):
    stats = collections.defaultdict(lambda: [0, 0, 0])  # messages, MIP octets, IP octets
    for f in frames(outdir / me["pcap"]):
        if f["ip.src"][0] != me["coa"] or not f["udp.payload"][-1]:
            continue
        # the innermost UDP datagram is the message (Tunnel Data, type 4, has another inside)
        kind = int(f["udp.payload"][-1][:2], 16)
        inner_src, inner_dst = f["ip.src"][-1], f["ip.dst"][-1]
        if kind in (24, 25, 26, 27):
            pass
        elif kind == 1 and inner_dst == peer["hoa"]:
            pass  # our registration with the peer
        elif kind == 3 and inner_src == me["hoa"]:
            pass  # our reply to the peer's registration
        else:
            continue
        s = stats[NAMES[kind]]
        s[0] += 1
        s[1] += int(f["udp.length"][-1]) - 8
        s[2] += int(f["frame.len"][0]) - 2  # PPP header
    return stats


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir", type=pathlib.Path)
    ap.add_argument("--hours", type=float)
    args = ap.parse_args()
    summary = json.loads((args.outdir / "summary.json").read_text())
    duration_h = summary["params"]["duration"] / 3600.0
    scale = (args.hours or duration_h) / duration_h
    total = [0, 0, 0]
    a, c = ROUTERS["MR-A"], ROUTERS["MR-C"]
    for name, me, peer in (("MR-A", a, c), ("MR-C", c, a)):
        stats = count(args.outdir, name, me, peer)
        for kind in ("HoTI", "CoTI", "HoT", "CoT", "RRQ", "RRP"):
            n, mip, ip = stats.get(kind, [0, 0, 0])
            print(f"{name} tx {kind:4s}: {n * scale:8.1f} messages {mip * scale:9.0f} MIP octets "
                  f"{ip * scale:9.0f} IP octets")
            total = [total[0] + n, total[1] + mip, total[2] + ip]
    print(f"pair total per {args.hours or duration_h:g} h: {total[0] * scale:.0f} messages, "
          f"{total[1] * scale:.0f} MIP octets, {total[2] * scale:.0f} IP octets on the uplinks")


if __name__ == "__main__":
    sys.exit(main())
