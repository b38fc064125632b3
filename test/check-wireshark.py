#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Checks wireshark/haaro.lua, the RFC 6521 dissector, with tshark.

  check-wireshark.py gallery EXE [--lua FILE]
      runs haaro-wire-gallery (EXE) and asserts, with the plugin loaded, every expected
      haaro.* (and mip.*) field value of every message in its capture, the Info column of
      the RFC 6521 ones, the return routability values the program's own receiver printed,
      zero _ws.malformed and zero expert info of severity error.

  check-wireshark.py robustness EXE [--lua FILE] [--count N] [--seed S] [--timeout T]
      takes the UDP/434 payloads of that capture (the module's own encodings) as seeds,
      writes N deterministic mutations of them (truncations, bit flips, octet overwrites,
      bad lengths, huge counts, long and dictionary-wrapping Prefix Advertisements; also
      from port 434 to a NAT-translated port and inside RFC 3519 tunnel data) into one pcap
      and asserts that tshark -V with the plugin exits 0 within T seconds, lists every frame
      and prints no Lua error or dissector bug (expert warnings and malformed frames are fine
      for mutated input). N defaults to $HAARO_WIRESHARK_FUZZ_N or 2000.

Both pass with a message when tshark is not installed.
"""
import argparse
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_LUA = os.path.join(HERE, "..", "wireshark", "haaro.lua")
MIP_PORT = 434
EXPERT_ERROR = 0x00800000  # _ws.expert.severity of an error (PI_ERROR)

# ---------------------------------------------------------------------------------------
# pcap files
# ---------------------------------------------------------------------------------------

LINKTYPE_ETHERNET, LINKTYPE_PPP, LINKTYPE_RAW, DLT_RAW = 1, 9, 101, 12


def read_pcap(path):
    """Returns the IPv4 packets of a classic pcap file (Ethernet, PPP or raw IP)."""
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    packets, off = [], 24
    while off + 16 <= len(data):
        caplen = struct.unpack(endian + "I", data[off + 8:off + 12])[0]
        frame = data[off + 16:off + 16 + caplen]
        off += 16 + caplen
        if linktype == LINKTYPE_PPP and frame[:2] == b"\x00\x21":
            packets.append(frame[2:])
        elif linktype == LINKTYPE_ETHERNET and frame[12:14] == b"\x08\x00":
            packets.append(frame[14:])
        elif linktype in (LINKTYPE_RAW, DLT_RAW):
            packets.append(frame)
    return packets


def udp_payload(ip):
    """(src port, dst port, payload) of an IPv4/UDP packet, or None."""
    if len(ip) < 20 or ip[0] >> 4 != 4 or ip[9] != 17:
        return None
    ihl = (ip[0] & 0x0F) * 4
    if len(ip) < ihl + 8:
        return None
    sport, dport, ulen = struct.unpack("!HHH", ip[ihl:ihl + 6])
    return sport, dport, ip[ihl + 8:ihl + ulen]


def checksum(octets):
    if len(octets) % 2:
        octets += b"\0"
    s = sum(struct.unpack("!%dH" % (len(octets) // 2), octets))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ipv4_udp(src, dst, sport, dport, payload):
    """An IPv4/UDP packet (UDP checksum 0: none, allowed over IPv4)."""
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0, bytes(src),
                      bytes(dst))
    return hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:] + udp


def write_pcap(path, packets):
    """Writes raw IPv4 packets (LINKTYPE_RAW), one per second."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, LINKTYPE_RAW))
        for i, p in enumerate(packets):
            f.write(struct.pack("<IIII", i + 1, 0, len(p), len(p)) + p)


# ---------------------------------------------------------------------------------------
# tshark
# ---------------------------------------------------------------------------------------


def tshark_fields(pcap, lua, fields):
    """One dict per frame: field -> every occurrence joined with ','."""
    # (Wireshark 4.2 renamed the column fields: _ws.col.Info became _ws.col.info.)
    for names in (fields, [f.replace("_ws.col.Info", "_ws.col.info") for f in fields]):
        cmd = ["tshark", "-n", "-r", pcap, "-X", "lua_script:" + lua, "-T", "fields",
               "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=,"]
        for name in names:
            cmd += ["-e", name]
        out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if out.returncode == 0:
            break
    if out.returncode != 0 or (b"Lua" in out.stderr and b"rror" in out.stderr):
        raise RuntimeError("tshark: " + out.stderr.decode(errors="replace"))
    rows = []
    for line in out.stdout.decode(errors="replace").splitlines():
        cells = line.split("\t")
        cells += [""] * (len(fields) - len(cells))
        rows.append(dict(zip(fields, cells)))
    return rows


def severities(cell):
    return [int(x, 0) for x in cell.split(",") if x]


def run_gallery(exe, workdir):
    """Runs haaro-wire-gallery in workdir; returns (MR-side pcap, its stdout)."""
    out = subprocess.run([exe, "--prefix=gallery", "--verbose=true"], cwd=workdir,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=True)
    return os.path.join(workdir, "gallery-0-0.pcap"), out.stdout.decode(errors="replace")


# ---------------------------------------------------------------------------------------
# robustness: deterministic mutations of the module's own encodings
# ---------------------------------------------------------------------------------------

FIXED_SIZE = {1: 24, 3: 20}
LONG_FORMAT = (48, 50)
SHORT_FORMAT = (44, 49, 144, 148, 153)


def extension_offsets(msg):
    """[(offset, header size)] of the extensions of a Registration Request / Reply."""
    off = FIXED_SIZE.get(msg[0] if msg else 0)
    result = []
    while off is not None and off < len(msg):
        t = msg[off]
        if t == 0:
            result.append((off, 1))
            off += 1
        elif t in LONG_FORMAT:
            if off + 4 > len(msg):
                break
            result.append((off, 4))
            off += 4 + struct.unpack("!H", msg[off + 2:off + 4])[0]
        else:
            if off + 2 > len(msg):
                break
            result.append((off, 3 if t in SHORT_FORMAT else 2))
            off += 2 + msg[off + 1]
    return result


def long_extension(t, subtype, data):
    return bytes([t, subtype]) + struct.pack("!H", len(data)) + data


def synthetic_seeds(reply_fixed):
    """Valid and invalid messages the gallery does not send: big counts, wrapping realm
    dictionary, every prefix length, padding, a GRE Key extension."""
    seeds = []
    # 150 Mobile Routers, one prefix each, a fresh one-label realm each: the realm
    # dictionary wraps after 128 entries; then references to all 128 entries.
    data = b""
    for i in range(150):
        data += bytes([0x40, 10, 0, i // 256, i % 256])
        label = ("r%d" % i).encode()
        data += bytes([24, 10, i % 256, 0]) + bytes([len(label)]) + label + b"\0"
    for i in range(128):
        data += bytes([0x80 | 24, i]) + bytes([0x80 | i]) + b"\0"
    seeds.append(reply_fixed + long_extension(50, 1, data))
    # every prefix length 0-32 as a master, then as a delta
    data = bytes([0x41, 10, 0, 0, 9])
    for plen in range(33):
        data += bytes([plen]) + bytes(range(1, 1 + (plen + 7) // 8)) + b"\0"
        data += bytes([0x80 | plen, 0xA5]) + b"\x03foo\x00"
    seeds.append(reply_fixed + long_extension(50, 1, data))
    # the longest realm, and one label too many
    data = bytes([0x40, 10, 0, 0, 1, 16, 10, 1]) + (b"\x3f" + b"a" * 63) * 4 + b"\0"
    data += bytes([16, 10, 2]) + (b"\x3f" + b"b" * 63) * 4 + b"\x01c\x00"
    seeds.append(reply_fixed + long_extension(50, 1, data))
    # Length 0xffff over a short extension; padding; GRE Key; unknown sub-types
    seeds.append(reply_fixed + bytes([50, 1, 0xFF, 0xFF, 0x40, 10, 0, 0, 1]))
    seeds.append(reply_fixed + b"\0\0" + long_extension(48, 0, b"\0\0\0\0\1\2") + b"\0")
    seeds.append(reply_fixed + bytes([49, 2, 9, 0]) + bytes([153, 2, 7, 0]) +
                 long_extension(50, 7, b"\1\2\3"))
    return seeds


def mutate(rng, seed):
    msg = bytearray(seed)
    op = rng.randrange(9)
    if op == 0 and msg:  # truncation
        del msg[rng.randrange(len(msg)):]
    elif op == 1 and msg:  # bit flips
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(msg))
            msg[i] ^= 1 << rng.randrange(8)
    elif op == 2 and msg:  # octet overwrites
        for _ in range(rng.randint(1, 4)):
            msg[rng.randrange(len(msg))] = rng.choice((0, 0xFF, 0x80, 0x7F, rng.randrange(256)))
    elif op in (3, 4):  # bad extension lengths
        exts = extension_offsets(bytes(msg))
        if exts:
            off, hdr = rng.choice(exts)
            if hdr == 4:
                value = rng.choice((0, 1, 0xFFFF, rng.randrange(0x10000),
                                    struct.unpack("!H", msg[off + 2:off + 4])[0] + rng.choice((-1, 1))))
                msg[off + 2:off + 4] = struct.pack("!H", value & 0xFFFF)
            elif hdr > 1:
                msg[off + 1] = rng.choice((0, 1, 2, 0xFF, rng.randrange(256),
                                           (msg[off + 1] + rng.choice((-1, 1))) & 0xFF))
    elif op == 5 and msg:  # insert or delete octets
        i = rng.randrange(len(msg) + 1)
        if rng.random() < 0.5:
            msg[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 5)))
        else:
            del msg[i:i + rng.randint(1, 5)]
    elif op == 6:  # structures / realm tags of a Prefix Advertisement
        for off, hdr in extension_offsets(bytes(msg)):
            if msg[off] == 50 and hdr == 4 and off + 4 < len(msg):
                for _ in range(rng.randint(1, 3)):
                    i = rng.randrange(off + 4, len(msg))
                    msg[i] = rng.choice((0x80 | rng.randrange(128), 0x40, 0xC0, 0x3F,
                                         0x80 | rng.randrange(64), rng.randrange(256)))
    elif op == 7:  # huge counts: an extension repeated
        exts = extension_offsets(bytes(msg))
        if exts:
            off, _ = rng.choice(exts)
            nxt = [o for o, _ in exts if o > off]
            ext = bytes(msg[off:nxt[0] if nxt else len(msg)])
            msg[off:off] = ext * rng.randint(2, 300)
    else:  # two messages glued
        msg += seed[rng.randrange(len(seed) + 1):] if seed else b""
    return bytes(msg[:65000])


def envelope(rng, payload):
    """The mutated message to port 434, from port 434 to a translated port, or inside
    RFC 3519 tunnel data (type 4, next header 4: an inner IPv4/UDP packet to port 434)."""
    mr, ha = (192, 0, 2, 1), (192, 0, 2, 2)
    kind = rng.random()
    if kind < 0.7:
        return ipv4_udp(mr, ha, 49152 + rng.randrange(1000), MIP_PORT, payload)
    if kind < 0.9:
        return ipv4_udp(ha, mr, MIP_PORT, 1024 + rng.randrange(60000), payload)
    inner = ipv4_udp((10, 0, 0, 1), (10, 0, 0, 2), 49152, MIP_PORT, payload)
    return ipv4_udp(mr, ha, 4500, MIP_PORT, bytes([4, 4, 0, 0]) + inner)


def robustness_frames(seeds, count, seed):
    rng = random.Random(seed)
    frames = []
    # every truncation of every RFC 6521 seed first, then random mutations
    for s in seeds:
        if s and s[0] in (1, 3, 24, 25, 26, 27):
            frames += [envelope(rng, s[:n]) for n in range(len(s))]
    frames = frames[:count // 2]
    while len(frames) < count:
        frames.append(envelope(rng, mutate(rng, rng.choice(seeds))))
    return frames


def check_robustness(args):
    with tempfile.TemporaryDirectory() as work:
        pcap, _ = run_gallery(args.exe, work)
        seeds = [p for _, _, p in filter(None, map(udp_payload, read_pcap(pcap)))]
        replies = [s for s in seeds if s[:1] == b"\x03" and len(s) >= 20]
        if not seeds or not replies:
            print("FAIL: no UDP/434 messages in the gallery capture")
            return 1
        seeds += synthetic_seeds(replies[0][:20])
        frames = robustness_frames(seeds, args.count, args.seed)
        fuzz = os.path.join(work, "mutated.pcap")
        write_pcap(fuzz, frames)
        if not shutil.which("tshark"):
            print("tshark not installed: dissector robustness check skipped")
            return 0
        cmd = ["tshark", "-n", "-r", fuzz, "-X", "lua_script:" + args.lua, "-V"]
        try:
            out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 timeout=args.timeout)
        except subprocess.TimeoutExpired:
            print("FAIL: tshark did not finish %d frames within %d s" % (len(frames),
                                                                        args.timeout))
            return 1
    text = (out.stdout + out.stderr).decode(errors="replace")
    listed = sum(1 for line in text.splitlines() if line.startswith("Frame "))
    fail = 0
    if out.returncode != 0:
        print("FAIL: tshark exited with %d" % out.returncode)
        fail = 1
    if listed != len(frames):
        print("FAIL: tshark listed %d of %d frames" % (listed, len(frames)))
        fail = 1
    for needle in ("Lua Error", "Lua: Error", "dissector bug", "Dissector bug",
                   "haaro.lua internal error"):
        hits = [line for line in text.splitlines() if needle in line]
        if hits:
            print("FAIL: %d lines with '%s', e.g. %s" % (len(hits), needle, hits[0].strip()))
            fail = 1
    malformed = text.count("[Malformed Packet")
    print("%s: %d mutated frames (seed %d), tshark exit %d, %d malformed (fine), no Lua "
          "error%s" % ("FAIL" if fail else "ok", len(frames), args.seed, out.returncode,
                       malformed, "" if not fail else " check failed"))
    return fail


# ---------------------------------------------------------------------------------------
# gallery: every message format, every expected value
# ---------------------------------------------------------------------------------------

HOA, PEER = "10.0.0.1", "10.0.0.2"


def gallery_expectations(printed):
    """The UDP/434 messages of haaro-wire-gallery in sending order: (name, Info, fields).
    The values are the gallery's inputs (examples/haaro-wire-gallery.cc); the keygen tokens,
    which it computes, are taken from what its receiver printed."""
    import re
    tokens = {m.group(1): m.group(2) for m in
              re.finditer(r"(HoT|CoT) nonce-index=\d+ cookie=\S+ keygen-token=(0x[0-9a-f]+)",
                          printed)}
    pa_routers = "10.0.0.2,10.0.0.3"
    pa_prefixes = "10.2.0.0,10.2.64.0,10.3.0.0"
    realms = "site-b.example.com,site-b.example.com,site-c.example.com"
    return [
        ("home Registration Request (153/1 A R)", "RRQ HoA=10.0.0.1 [RO-cap AR]",
         {"mip.type": "1", "mip.ext.type": "148,148,153,144,32", "haaro.ext.type": "153",
          "haaro.ext.subtype": "1", "haaro.ext.length": "2", "haaro.rorr.flags": "0xc0",
          "haaro.rorr.a": "1", "haaro.rorr.r": "1", "haaro.rorr.s": "0", "haaro.rorr.o": "0",
          "haaro.rorr.hoa": ""}),
        ("home Registration Reply (49/1, 50/1, then 32)",
         "RRP code=0 [PA: 2 routers, 3 prefixes] [RO-reply code=0 N]",
         {"mip.type": "3", "mip.code": "0", "mip.ext.type": "148,148,44,49",
          "haaro.ext.type": "49,50,32", "haaro.ext.subtype": "1,1", "haaro.ror.o": "0",
          "haaro.ror.n": "1", "haaro.ror.s": "0", "haaro.ror.code": "0",
          "haaro.pa.routers": "2", "haaro.pa.prefixes": "3", "haaro.pa.router": pa_routers,
          "haaro.pa.info": "0,1", "haaro.pa.prefix": pa_prefixes,
          "haaro.pa.prefix_len": "16,18,16", "haaro.pa.realm": realms,
          "haaro.auth.spi": "0x00001000"}),
        ("home Registration Request soliciting MR 10.0.0.2 (153/1 A R S)",
         "RRQ HoA=10.0.0.1 [RO-cap ARS solicit=10.0.0.2]",
         {"mip.type": "1", "haaro.ext.type": "153", "haaro.ext.length": "6",
          "haaro.rorr.s": "1", "haaro.rorr.hoa": PEER}),
        ("HoTI", "HoTI cookie=0xa1a1a1a1a1a1a1a1",
         {"haaro.msg_type": "24", "haaro.reserved": "0x00",
          "haaro.hoti.cookie": "0xa1a1a1a1a1a1a1a1", "haaro.hoa": "192.0.2.1",
          "mip.type": ""}),
        ("CoTI", "CoTI cookie=0xc0c0c0c0c0c0c0c0",
         {"haaro.msg_type": "25", "haaro.coti.cookie": "0xc0c0c0c0c0c0c0c0",
          "haaro.coa": "192.0.2.1"}),
        ("HoT", "HoT nonce_index=3 cookie=0xa1a1a1a1a1a1a1a1 token=%s" % tokens.get("HoT"),
         {"haaro.msg_type": "26", "haaro.hot.nonce_index": "3",
          "haaro.hot.cookie": "0xa1a1a1a1a1a1a1a1", "haaro.hot.token": tokens.get("HoT"),
          "haaro.hoa": "192.0.2.1"}),
        ("CoT", "CoT nonce_index=4 cookie=0xc0c0c0c0c0c0c0c0 token=%s" % tokens.get("CoT"),
         {"haaro.msg_type": "27", "haaro.cot.nonce_index": "4",
          "haaro.cot.cookie": "0xc0c0c0c0c0c0c0c0", "haaro.cot.token": tokens.get("CoT"),
          "haaro.coa": "192.0.2.1"}),
        ("correspondent Registration Request (49/2)", "RRQ HoA=10.0.0.1 [MC-auth nonces=3/4]",
         {"mip.type": "1", "mip.ext.type": "148,144,49", "haaro.ext.type": "49",
          "haaro.ext.subtype": "2", "haaro.mcauth.home_nonce_index": "3",
          "haaro.mcauth.careof_nonce_index": "4"}),
        ("correspondent Registration Reply (49/3, 49/2)",
         "RRP code=0 [CoA: 2] [MC-auth nonces=3/4]",
         {"mip.type": "3", "haaro.ext.type": "49,49", "haaro.ext.subtype": "3,2",
          "haaro.coa_ext.coa": "192.0.2.2,198.51.100.9", "haaro.coa_ext.count": "2",
          "haaro.mcauth.home_nonce_index": "3", "haaro.mcauth.careof_nonce_index": "4"}),
        ("RFC 3519 tunnel data (mip)", None,
         {"mip.type": "4", "mip.nattt.nexthdr": "4", "haaro.msg_type": "",
          "haaro.ext.type": ""}),
    ]


def printed_advertisements(printed):
    """(router, prefix, length, realm) of the Prefix Advertisements the gallery's receiver
    decoded with the module's own decoder and printed."""
    import re
    result = []
    for body in re.findall(r"PrefixAdvertisement\(([^)]*)\)", printed):
        for entry in body.split("; "):
            head, _, prefixes = entry.partition(": ")
            router = head.split()[1]
            for p in filter(None, prefixes.split(", ")):
                words = p.split()
                prefix, length = words[0].split("/")
                realm = words[2] if len(words) > 2 else ""
                result.append((router, prefix, length, realm))
    return result


def normalize(value):
    """tshark versions print booleans as 1/0 or True/False."""
    return ",".join({"True": "1", "False": "0"}.get(v, v) for v in value.split(",")) \
        if value else value


def check_gallery(args):
    with tempfile.TemporaryDirectory() as work:
        pcap, printed = run_gallery(args.exe, work)
        if not shutil.which("tshark"):
            print("tshark not installed: dissector check skipped")
            return 0
        expected = gallery_expectations(printed)
        fields = ["frame.number", "frame.protocols", "udp.srcport", "_ws.malformed",
                  "_ws.expert.severity", "_ws.col.Info", "haaro.pa.router"]
        for _, _, values in expected:
            fields += [k for k in values if k not in fields]
        rows = tshark_fields(pcap, args.lua, fields)
        # the PA routers in tree order, one per prefix (to pair them with the prefixes)
        tree = subprocess.run(["tshark", "-n", "-r", pcap, "-X", "lua_script:" + args.lua,
                               "-V", "-Y", "haaro.pa"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, check=True).stdout.decode()
    fail = 0

    def bad(message):
        nonlocal fail
        print("FAIL: " + message)
        fail = 1

    for r in rows:
        if r["_ws.malformed"]:
            bad("frame %s is malformed" % r["frame.number"])
        if any(s >= EXPERT_ERROR for s in severities(r["_ws.expert.severity"])):
            bad("frame %s has expert info of severity error" % r["frame.number"])
    udp = [r for r in rows if r["udp.srcport"]]
    if len(udp) != len(expected):
        bad("%d UDP frames in the capture, %d expected" % (len(udp), len(expected)))
    for r, (name, info, values) in zip(udp, expected):
        if info is not None and r["_ws.col.Info"] != info:
            bad("%s: Info '%s', want '%s'" % (name, r["_ws.col.Info"], info))
        for field, want in values.items():
            if normalize(r[field]) != want:
                bad("%s: %s = '%s', want '%s'" % (name, field, r[field], want))
    # The Lua decoder against the module's: every (router, prefix/len, realm) the receiver
    # printed, in order.
    module = printed_advertisements(printed)
    lua = []
    router = None
    for line in tree.splitlines():
        words = line.split()
        if line.strip().startswith("Mobile Router HoA:"):
            router = words[3]
        elif line.strip().startswith("Prefix: ") and "/" in line:
            prefix, length = words[1].split("/")
            realm = words[3] if len(words) > 3 and words[2] == "realm" else ""
            lua.append((router, prefix, length, realm))
    if not module or lua != module:
        bad("prefixes decoded by haaro.lua %s differ from the module's %s" % (lua, module))
    print("%s: %d frames, %d UDP/434 messages checked, %d advertised prefixes compared with the "
          "module's decoding" % ("FAIL" if fail else "ok", len(rows), len(udp), len(module)))
    return fail


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=("gallery", "robustness"))
    parser.add_argument("exe", help="the haaro-wire-gallery executable")
    parser.add_argument("--lua", default=DEFAULT_LUA, help="the dissector (wireshark/haaro.lua)")
    parser.add_argument("--count", type=int,
                        default=int(os.environ.get("HAARO_WIRESHARK_FUZZ_N", "2000")))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=int, default=120)
    args = parser.parse_args()
    args.lua = os.path.abspath(args.lua)
    args.exe = os.path.abspath(args.exe)
    return check_gallery(args) if args.mode == "gallery" else check_robustness(args)


if __name__ == "__main__":
    sys.exit(main())
