-- SPDX-License-Identifier: GPL-2.0-only
--
-- haaro.lua: Wireshark / tshark dissector for RFC 6521 (HAARO, Mobile IPv4 route
-- optimization between mobile networks), shipped with the haaro ns-3 module.
--
--   tshark -X lua_script:wireshark/haaro.lua -r FILE.pcap
--   ./haaro wireshark-install      (copies this file into the personal Lua plugins folder)
--
-- It takes UDP port 434 over from the built-in Mobile IP dissector ("mip") and hands back to
-- it everything that is not RFC 6521, so RFC 5944 / 5177 / 3519 fields keep their mip.* names:
--  * HoTI / CoTI / HoT / CoT (message types 24-27) are decoded here in full (haaro.*);
--  * Registration Requests / Replies (types 1 and 3) go to mip, except that mip (Wireshark
--    3.6-4.4) reads every extension as "Type, Length": it misreads the long-format
--    extensions (type 50, Prefix Advertisement; type 48, GRE Key) and type-0 padding, and
--    then reports the frame malformed. So mip is given the message up to the first such
--    extension; that extension and every one after it (the MN-HA authentication extension
--    32 that follows a Prefix Advertisement, ...) are decoded here under haaro.*. The RFC
--    6521 extensions 153/1 and 49/1-3 that mip can skip (it shows them as "Unknown
--    Extension") are also decoded here, in the HAARO tree;
--  * everything else (type 4 tunnel data, other types) goes to mip unchanged; the inner
--    packet of RFC 3519 tunnel data comes back through ip and udp, so a HoTI / HoT that a
--    NAT-traversal tunnel carries is decoded here too.
-- UDP looks up both ports in its port table, so datagrams from port 434 to a NAT-translated
-- port (replies, HoT, CoT) and to port 434 from any port (requests, HoTI, CoTI) both arrive.
--
-- Every read is bounded by the captured length; a structure that does not fit is reported
-- as expert info (bad length / truncated) and decoding stops there. The message formats and
-- the readings where RFC 6521 is silent are those of the module's wire layer (model/wire/,
-- see the bit diagrams there): short-format Length counts the Sub-Type and the data, long
-- format Length counts the data after the 4-octet header (engineering notes, reading A1).
-- Works with Wireshark 3.6 to 4.4 (Lua 5.2 to 5.4: no bit operators, only arithmetic).

-- Loaded twice (installed as a plugin and named with -X lua_script: too), the second copy
-- would fail to register the same protocol: the first one loaded stays.
local loaded_ok, loaded = pcall(Dissector.get, "haaro") -- (nil or an error when absent)
if loaded_ok and loaded ~= nil then
    return
end

local haaro = Proto("haaro", "HAARO (RFC 6521 Mobile IPv4 Route Optimization)")

local MIP_PORT = 434

------------------------------------------------------------------------------------------
-- Value tables
------------------------------------------------------------------------------------------

local msg_types = {
    [1] = "Registration Request",
    [3] = "Registration Reply",
    [4] = "Tunnel Data",
    [24] = "Home Test Init (HoTI)",
    [25] = "Care-of Test Init (CoTI)",
    [26] = "Home Test (HoT)",
    [27] = "Care-of Test (CoT)",
}

local msg_short = {[24] = "HoTI", [25] = "CoTI", [26] = "HoT", [27] = "CoT"}

local ext_types = {
    [0] = "Pad",
    [32] = "Mobile-Home Authentication",
    [33] = "Mobile-Foreign Authentication",
    [34] = "Foreign-Home Authentication",
    [44] = "UDP Tunnel Reply",
    [48] = "GRE Key",
    [49] = "Route Optimization (RFC 6521)",
    [50] = "Route Optimization Data (RFC 6521)",
    [130] = "Encapsulating Delivery Style",
    [144] = "UDP Tunnel Request",
    [148] = "Mobile Network",
    [153] = "Mobile Router Route Optimization Capability (RFC 6521)",
}

-- Extension layouts (RFC 5944 sections 1.9-1.11), as the module's MipExtensionRegistry.
local PAD, TLV, SHORT, LONG = 0, 1, 2, 3
local ext_format = {
    [0] = PAD,
    [32] = TLV, [33] = TLV, [34] = TLV, [130] = TLV,
    [44] = SHORT, [49] = SHORT, [144] = SHORT, [148] = SHORT, [153] = SHORT,
    [48] = LONG, [50] = LONG,
}

-- Extensions the mip dissector misreads (it assumes Type, Length for all of them).
local mip_misreads = {[0] = true, [48] = true, [50] = true}

local ror_codes = {[0] = "Route optimization accepted", [16] = "Declined, reason unspecified"}
local pa_infos = {[0] = "No specific information", [1] = "Outbound connections only"}

------------------------------------------------------------------------------------------
-- Fields
------------------------------------------------------------------------------------------

local f = {
    msg_type = ProtoField.uint8("haaro.msg_type", "Message Type", base.DEC, msg_types),
    reserved = ProtoField.uint8("haaro.reserved", "Reserved", base.HEX),
    hoti_cookie = ProtoField.uint64("haaro.hoti.cookie", "Home Init Cookie", base.HEX),
    coti_cookie = ProtoField.uint64("haaro.coti.cookie", "Care-of Init Cookie", base.HEX),
    hot_nonce = ProtoField.uint16("haaro.hot.nonce_index", "Home Nonce Index", base.DEC),
    hot_cookie = ProtoField.uint64("haaro.hot.cookie", "Home Init Cookie", base.HEX),
    hot_token = ProtoField.uint64("haaro.hot.token", "Home Keygen Token", base.HEX),
    cot_nonce = ProtoField.uint16("haaro.cot.nonce_index", "Care-of Nonce Index", base.DEC),
    cot_cookie = ProtoField.uint64("haaro.cot.cookie", "Care-of Init Cookie", base.HEX),
    cot_token = ProtoField.uint64("haaro.cot.token", "Care-of Keygen Token", base.HEX),
    hoa = ProtoField.ipv4("haaro.hoa", "Mobile Router Home Address"),
    coa = ProtoField.ipv4("haaro.coa", "Mobile Router Care-of Address"),
    trailing = ProtoField.bytes("haaro.trailing", "Octets after the message"),

    ext = ProtoField.none("haaro.ext", "Extension"),
    ext_type = ProtoField.uint8("haaro.ext.type", "Type", base.DEC, ext_types),
    ext_subtype = ProtoField.uint8("haaro.ext.subtype", "Sub-Type", base.DEC),
    ext_length = ProtoField.uint16("haaro.ext.length", "Length", base.DEC),
    ext_data = ProtoField.bytes("haaro.ext.data", "Data"),

    -- 153/1 Mobile Router Route Optimization Capability Extension (RFC 6521 section 5.1)
    rorr = ProtoField.none("haaro.rorr", "Mobile Router Route Optimization Capability"),
    rorr_flags = ProtoField.uint8("haaro.rorr.flags", "Flags", base.HEX),
    rorr_a = ProtoField.bool("haaro.rorr.a", "A (advertise my networks)", 8, nil, 0x80),
    rorr_r = ProtoField.bool("haaro.rorr.r", "R (request mobile network information)", 8, nil,
                             0x40),
    rorr_s = ProtoField.bool("haaro.rorr.s", "S (solicit prefixes of one MR)", 8, nil, 0x20),
    rorr_o = ProtoField.bool("haaro.rorr.o", "O (outbound connections only)", 8, nil, 0x10),
    rorr_rsvd = ProtoField.uint8("haaro.rorr.reserved", "Reserved", base.HEX, nil, 0x0f),
    rorr_hoa = ProtoField.ipv4("haaro.rorr.hoa", "Solicited Mobile Router HoA"),

    -- 49/1 Route Optimization Reply (section 5.2)
    ror = ProtoField.none("haaro.ror", "Route Optimization Reply"),
    ror_flags = ProtoField.uint8("haaro.ror.flags", "Flags and Code", base.HEX),
    ror_o = ProtoField.bool("haaro.ror.o", "O (outbound only was requested)", 8, nil, 0x80),
    ror_n = ProtoField.bool("haaro.ror.n", "N (NAT detected by the HA)", 8, nil, 0x40),
    ror_s = ProtoField.bool("haaro.ror.s", "S (answers a solicitation)", 8, nil, 0x20),
    ror_code = ProtoField.uint8("haaro.ror.code", "Code", base.DEC, ror_codes, 0x1f),

    -- 49/2 Mobile-Correspondent Authentication Extension (section 5.3)
    mcauth = ProtoField.none("haaro.mcauth", "Mobile-Correspondent Authentication"),
    mcauth_rsvd = ProtoField.uint8("haaro.mcauth.reserved", "Reserved", base.HEX),
    mcauth_home = ProtoField.uint16("haaro.mcauth.home_nonce_index", "Home Nonce Index"),
    mcauth_careof = ProtoField.uint16("haaro.mcauth.careof_nonce_index", "Care-of Nonce Index"),
    mcauth_auth = ProtoField.bytes("haaro.mcauth.authenticator", "Authenticator"),

    -- 49/3 Care-of Address Extension (section 5.4)
    coa_ext = ProtoField.none("haaro.coa_ext", "Care-of Address Extension"),
    coa_ext_rsvd = ProtoField.uint8("haaro.coa_ext.reserved", "Reserved", base.HEX),
    coa_ext_coa = ProtoField.ipv4("haaro.coa_ext.coa", "Care-of Address"),
    coa_ext_count = ProtoField.uint8("haaro.coa_ext.count", "Care-of Addresses"),

    -- 50/1 Route Optimization Prefix Advertisement Extension (section 5.5, long format)
    pa = ProtoField.none("haaro.pa", "Route Optimization Prefix Advertisement"),
    pa_routers = ProtoField.uint16("haaro.pa.routers", "Mobile Routers"),
    pa_prefixes = ProtoField.uint16("haaro.pa.prefixes", "Prefixes"),
    pa_router = ProtoField.ipv4("haaro.pa.router", "Mobile Router HoA"),
    pa_d = ProtoField.bool("haaro.pa.d", "D (delta from the master prefix)", 8, nil, 0x80),
    pa_m = ProtoField.bool("haaro.pa.m", "M (Mobile Router HoA follows)", 8, nil, 0x40),
    pa_info = ProtoField.uint8("haaro.pa.info", "Info", base.DEC, pa_infos, 0x3f),
    pa_prefix = ProtoField.ipv4("haaro.pa.prefix", "Prefix"),
    pa_prefix_len = ProtoField.uint8("haaro.pa.prefix_len", "Prefix Length", base.DEC, nil, 0x3f),
    pa_prefix_octets = ProtoField.bytes("haaro.pa.prefix_octets", "Transmitted Prefix"),
    pa_master = ProtoField.ipv4("haaro.pa.master", "Master Prefix"),
    pa_realm = ProtoField.string("haaro.pa.realm", "Realm"),
    pa_realm_label = ProtoField.string("haaro.pa.realm.label", "Label"),
    pa_realm_index = ProtoField.uint8("haaro.pa.realm.index", "Dictionary Index", base.DEC, nil,
                                      0x7f),

    -- standard extensions after a Prefix Advertisement (RFC 5944 section 3.5)
    auth_spi = ProtoField.uint32("haaro.auth.spi", "SPI", base.HEX),
    auth_auth = ProtoField.bytes("haaro.auth.authenticator", "Authenticator"),
}

local field_list = {}
for _, v in pairs(f) do
    field_list[#field_list + 1] = v
end
haaro.fields = field_list

local ex = {
    unknown_subtype = ProtoExpert.new("haaro.unknown_subtype", "Unknown sub-type",
                                      expert.group.UNDECODED, expert.severity.WARN),
    bad_length = ProtoExpert.new("haaro.bad_length", "Bad length", expert.group.MALFORMED,
                                 expert.severity.ERROR),
    compression = ProtoExpert.new("haaro.compression_reference",
                                  "Compression reference out of range", expert.group.MALFORMED,
                                  expert.severity.ERROR),
    bad_value = ProtoExpert.new("haaro.bad_value", "Field value not allowed",
                                expert.group.MALFORMED, expert.severity.ERROR),
    trailing = ProtoExpert.new("haaro.trailing_octets", "Octets after the message",
                               expert.group.MALFORMED, expert.severity.WARN),
    note = ProtoExpert.new("haaro.note", "Note", expert.group.PROTOCOL, expert.severity.NOTE),
    bug = ProtoExpert.new("haaro.dissector_bug", "haaro.lua internal error",
                          expert.group.MALFORMED, expert.severity.ERROR),
}
haaro.experts = {ex.unknown_subtype, ex.bad_length, ex.compression, ex.bad_value, ex.trailing,
                 ex.note, ex.bug}

local mip = Dissector.get("mip")

------------------------------------------------------------------------------------------
-- Helpers (plain arithmetic: Lua 5.2 has no bit operators, 5.4 no bit32)
------------------------------------------------------------------------------------------

local TWO32 = 4294967296

--- The 32-bit address a truncated to its first plen bits.
local function truncate(a, plen)
    if plen <= 0 then
        return 0
    end
    if plen >= 32 then
        return a
    end
    local unit = 2 ^ (32 - plen)
    return a - a % unit
end

local function addr_string(a)
    local o1 = math.floor(a / 16777216) % 256
    local o2 = math.floor(a / 65536) % 256
    local o3 = math.floor(a / 256) % 256
    local o4 = a % 256
    return string.format("%d.%d.%d.%d", o1, o2, o3, o4)
end

local function address(a)
    return Address.ip(addr_string(a))
end

local function hex(range)
    return "0x" .. range:bytes():tohex(true)
end

------------------------------------------------------------------------------------------
-- Return routability messages (types 24-27, RFC 6521 sections 5.6-5.9)
------------------------------------------------------------------------------------------

local function dissect_rr(tvb, pinfo, tree, mtype)
    local len = tvb:len()
    local name = msg_short[mtype]
    local is_init = mtype == 24 or mtype == 25
    local size = is_init and 10 or 20
    local t = tree:add(haaro, tvb(), msg_types[mtype])
    t:add(f.msg_type, tvb(0, 1))
    pinfo.cols.protocol = "HAARO"
    if len < size then
        if len >= 2 then
            t:add(f.reserved, tvb(1, 1))
        end
        t:add_proto_expert_info(ex.bad_length, string.format(
            "%s is %d octets, %d received", name, size, len))
        pinfo.cols.info = string.format("%s [truncated: %d of %d octets]", name, len, size)
        return
    end
    t:add(f.reserved, tvb(1, 1))
    local info
    if is_init then
        local cookie = mtype == 24 and f.hoti_cookie or f.coti_cookie
        t:add(cookie, tvb(2, 8))
        info = string.format("%s cookie=%s", name, hex(tvb(2, 8)))
    else
        local home = mtype == 26
        t:add(home and f.hot_nonce or f.cot_nonce, tvb(2, 2))
        t:add(home and f.hot_cookie or f.cot_cookie, tvb(4, 8))
        t:add(home and f.hot_token or f.cot_token, tvb(12, 8))
        info = string.format("%s nonce_index=%d cookie=%s token=%s", name, tvb(2, 2):uint(),
                             hex(tvb(4, 8)), hex(tvb(12, 8)))
    end
    -- The addresses these messages are about travel in the IP header (sections 5.6-5.9):
    -- HoTI from the MR's HoA, CoTI from its CoA, HoT / CoT back to them.
    local mr = (mtype == 24 or mtype == 25) and pinfo.src or pinfo.dst
    if mr ~= nil and tostring(mr):match("^%d+%.%d+%.%d+%.%d+$") then
        local item = t:add((mtype == 24 or mtype == 26) and f.hoa or f.coa, mr)
        item:set_generated()
        item:append_text(" (from the IP header)")
    end
    if len > size then
        t:add(f.trailing, tvb(size, len - size))
        t:add_proto_expert_info(ex.trailing, string.format("%d octets after the %d-octet %s",
                                                           len - size, size, name))
    end
    pinfo.cols.info = info
end

------------------------------------------------------------------------------------------
-- Realm decompression (RFC 6521 section 4.2; RealmDecompressor in model/wire)
------------------------------------------------------------------------------------------

local MAX_REALM = 255
local DICT_CAPACITY = 128

local function dict_new()
    return {entries = {}, added = 0}
end

local function dict_add(d, s)
    local index = d.added % DICT_CAPACITY
    d.entries[index] = s -- the 129th string overwrites entry 0, and so on
    d.added = d.added + 1
end

--- Decodes one realm at offset off (stop: end of the extension). Returns the realm, the
--- offset after its end mark and its tokens ({off, len, label | index, entry}); or nil, an
--- expert, a message, the offset of the fault and the tokens read so far.
local function decode_realm(tvb, off, stop, d)
    local labels = {} -- "longest non-matching string"
    local tokens = {}
    local realm = ""
    while true do
        if off >= stop then
            return nil, ex.bad_length, "realm runs past the end of the extension (no end mark)",
                   off, tokens
        end
        local tag = tvb(off, 1):uint()
        if tag == 0 then
            off = off + 1
            break
        end
        local part
        local is_index = tag >= 128
        if is_index then
            local index = tag - 128
            part = d.entries[index]
            if part == nil then
                return nil, ex.compression, string.format(
                    "realm dictionary index %d is not defined yet in this extension (%d entries)",
                    index, math.min(d.added, DICT_CAPACITY)), off, tokens
            end
            tokens[#tokens + 1] = {off = off, len = 1, index = index, entry = part}
            labels = {}
            off = off + 1
        else
            if off + 1 + tag > stop then
                return nil, ex.bad_length, string.format(
                    "realm label of %d octets runs past the end of the extension", tag), off,
                    tokens
            end
            part = tvb(off + 1, tag):raw()
            if part:find(".", 1, true) or part:find("\0", 1, true) then
                return nil, ex.bad_value, "realm label contains '.' or 0x00", off, tokens
            end
            tokens[#tokens + 1] = {off = off, len = 1 + tag, label = part}
            off = off + 1 + tag
        end
        local new_len = #realm + (#realm > 0 and 1 or 0) + #part
        if new_len > MAX_REALM then
            return nil, ex.bad_value, "decoded realm longer than 255 octets", off, tokens
        end
        realm = (#realm > 0) and (realm .. "." .. part) or part
        if not is_index then
            dict_add(d, part)
            labels[#labels + 1] = part
        end
    end
    -- every suffix of the literal labels with at least two labels, longest first
    for k = 1, #labels - 1 do
        dict_add(d, table.concat(labels, ".", k))
    end
    return realm, off, nil, nil, tokens
end

--- Adds the realm (expanded) and its tokens under item.
local function add_realm(tvb, item, start, stop, realm, tokens)
    local rt
    local n = math.min(stop, tvb:len()) - start
    if realm then
        rt = item:add(f.pa_realm, tvb(start, n), realm)
        if realm == "" then
            rt:append_text("(empty)")
        end
    elseif n > 0 then
        rt = item:add(tvb(start, n), "Realm (not decodable)")
    else
        rt = item:add(f.pa_realm, "(missing)")
    end
    for _, k in ipairs(tokens) do
        if k.label then
            rt:add(f.pa_realm_label, tvb(k.off, k.len), k.label)
        else
            rt:add(f.pa_realm_index, tvb(k.off, 1)):append_text(" -> \"" .. k.entry .. "\"")
        end
    end
    return rt
end

------------------------------------------------------------------------------------------
-- Prefix Advertisement (50/1, RFC 6521 sections 4.1 and 5.5)
------------------------------------------------------------------------------------------

--- Decodes the structures in [off, stop). Returns routers, prefixes.
local function dissect_pa(tvb, off, stop, tree)
    local routers, prefixes = 0, 0
    local master = nil
    local dict = dict_new()
    local router_item, router_start = nil, nil
    local parent = tree
    local function close_router(at)
        if router_item then
            router_item:set_len(at - router_start)
        end
    end
    while off < stop do
        local b = tvb(off, 1):uint()
        local d = b >= 128
        local m = (b % 128) >= 64
        local v = b % 64
        if m then
            if off + 5 > stop then
                tree:add_proto_expert_info(ex.bad_length,
                    "Mobile Router structure runs past the end of the extension")
                break
            end
            close_router(off)
            router_start = off
            router_item = tree:add(f.pa_router, tvb(off, 5), tvb(off + 1, 4):ipv4())
            routers = routers + 1
            router_item:add(f.pa_d, tvb(off, 1))
            router_item:add(f.pa_m, tvb(off, 1))
            router_item:add(f.pa_info, tvb(off, 1))
            if v == 1 then
                router_item:append_text(" (outbound connections only)")
            elseif v ~= 0 then
                router_item:add_proto_expert_info(ex.note,
                    string.format("Info %d is not defined (0 and 1 are)", v))
            end
            if d then
                router_item:add_proto_expert_info(ex.note, "D set on a Mobile Router structure "
                    .. "(ignored on reception)")
            end
            parent = router_item
            off = off + 5
        else
            local start = off
            if router_item == nil then
                tree:add_proto_expert_info(ex.bad_value,
                    "first structure is a prefix (M = 0): no Mobile Router owns it")
            end
            local plen = v
            if plen > 32 then
                tree:add_proto_expert_info(ex.bad_value,
                    string.format("prefix length %d (33-63 are illegal)", plen))
                break
            end
            local nbytes = d and 1 or math.ceil(plen / 8)
            if off + 1 + nbytes > stop then
                tree:add_proto_expert_info(ex.bad_length,
                    "prefix structure runs past the end of the extension")
                break
            end
            local value
            if nbytes > 0 then
                value = 0
                for i = 0, nbytes - 1 do
                    value = value * 256 + tvb(off + 1 + i, 1):uint()
                end
            end
            local prefix, fault
            if d then
                if master == nil then
                    fault = {ex.compression, "delta prefix (D = 1) before any master prefix (D = 0)"}
                elseif plen < 8 then
                    fault = {ex.bad_value, string.format(
                        "delta prefix (D = 1) with length %d (< 8: no eight bits to carry)", plen)}
                else
                    prefix = truncate(master, plen - 8) + value * 2 ^ (32 - plen)
                end
            else
                prefix = truncate((value or 0) * 2 ^ (32 - 8 * nbytes), plen)
                master = prefix
            end
            if fault then
                tree:add_proto_expert_info(fault[1], fault[2])
                break
            end
            local item = parent:add(f.pa_prefix, tvb(start, 1 + nbytes), address(prefix))
            item:append_text("/" .. plen)
            prefixes = prefixes + 1
            item:add(f.pa_d, tvb(start, 1))
            item:add(f.pa_m, tvb(start, 1))
            item:add(f.pa_prefix_len, tvb(start, 1))
            if nbytes > 0 then
                item:add(f.pa_prefix_octets, tvb(start + 1, nbytes))
            end
            if d then
                item:add(f.pa_master, address(master)):set_generated()
            end
            off = start + 1 + nbytes
            local realm, after, msg, at, tokens = decode_realm(tvb, off, stop, dict)
            if realm == nil then
                local fault_end = math.min(at + 1, stop)
                local rt = add_realm(tvb, item, off, fault_end, nil, tokens)
                rt:add_proto_expert_info(after, msg)
                item:set_len(math.max(fault_end, off) - start)
                break
            end
            add_realm(tvb, item, off, after, realm, tokens)
            item:set_len(after - start)
            if realm ~= "" then
                item:append_text(" realm " .. realm)
            end
            off = after
        end
    end
    close_router(off)
    return routers, prefixes
end

------------------------------------------------------------------------------------------
-- Registration extensions
------------------------------------------------------------------------------------------

--- Walks the extension chain from off; returns a list of {off, type, subtype, hdr, len,
--- total, format, fault} (fault: the extension does not fit).
local function walk_extensions(tvb, off)
    local list = {}
    local len = tvb:len()
    while off < len do
        local e = {off = off, type = tvb(off, 1):uint()}
        e.format = ext_format[e.type] or TLV -- unknown: Type, Length (RFC 5944 section 1.8)
        if e.format == PAD then
            e.hdr, e.len = 1, 0
        elseif e.format == LONG then
            if off + 4 > len then
                e.fault = "long-format extension header cut off"
            else
                e.subtype = tvb(off + 1, 1):uint()
                e.len = tvb(off + 2, 2):uint()
                e.hdr = 4
            end
        else
            if off + 2 > len then
                e.fault = "extension header cut off"
            else
                e.len = tvb(off + 1, 1):uint()
                e.hdr = 2
                if e.format == SHORT then
                    if e.len == 0 then
                        e.fault = "short-format Length 0: no room for the Sub-Type"
                    elseif off + 3 > len then
                        e.fault = "extension header cut off"
                    else
                        e.subtype = tvb(off + 2, 1):uint()
                        e.hdr, e.len = 3, e.len - 1
                    end
                end
            end
        end
        if not e.fault and off + e.hdr + e.len > len then
            e.fault = string.format("extension Length %d runs past the end of the message "
                                    .. "(%d octets left)", e.len, len - off - e.hdr)
        end
        list[#list + 1] = e
        if e.fault then
            break
        end
        off = off + e.hdr + e.len
    end
    return list
end

local function is_rfc6521(e)
    return e.type == 153 or e.type == 49 or e.type == 50
end

--- Adds the extension header items and returns the subtree.
local function ext_tree(tree, tvb, e, field, label)
    local total = e.fault and (tvb:len() - e.off) or (e.hdr + e.len)
    local t = tree:add(field or f.ext, tvb(e.off, total))
    t:set_text(label or string.format("Extension %d%s: %s", e.type,
        e.subtype and ("/" .. e.subtype) or "", ext_types[e.type] or "Unknown"))
    t:add(f.ext_type, tvb(e.off, 1))
    if e.format == LONG then
        if e.subtype then
            t:add(f.ext_subtype, tvb(e.off + 1, 1))
            t:add(f.ext_length, tvb(e.off + 2, 2))
        end
    elseif e.format ~= PAD and e.off + 2 <= tvb:len() then
        t:add(f.ext_length, tvb(e.off + 1, 1))
        if e.subtype then
            t:add(f.ext_subtype, tvb(e.off + 2, 1))
        end
    end
    if e.fault then
        t:add_proto_expert_info(ex.bad_length, e.fault)
    end
    return t
end

--- "2 routers, 3 prefixes"
local function pa_summary(routers, prefixes)
    return string.format("%d router%s, %d prefix%s", routers, routers == 1 and "" or "s",
                         prefixes, prefixes == 1 and "" or "es")
end

--- Adds a flags octet and its bit fields ({field, letter, bit value}); returns the letters of
--- the flags that are set and the octet.
local function add_flags(t, field, range, bits)
    local ft = t:add(field, range)
    local v = range:uint()
    local set = ""
    for _, b in ipairs(bits) do
        ft:add(b[1], range)
        if b[3] and (math.floor(v / b[3]) % 2) == 1 then
            set = set .. b[2]
        end
    end
    return set, v
end

-- The RFC 6521 extensions, by type * 256 + sub-type: each decodes its data into its subtree
-- t and returns the text for the Info column (and, for 50/1, the counts).
local rfc6521 = {}

-- 153/1 Mobile Router Route Optimization Capability (section 5.1)
rfc6521[153 * 256 + 1] = {f.rorr, "Mobile Router Route Optimization Capability (153/1)", 1,
    function(tvb, t, e, data)
        local flags, v = add_flags(t, f.rorr_flags, tvb(data, 1),
                                   {{f.rorr_a, "A", 128}, {f.rorr_r, "R", 64},
                                    {f.rorr_s, "S", 32}, {f.rorr_o, "O", 16}, {f.rorr_rsvd}})
        local s = (v % 64) >= 32
        local info = "RO-cap " .. (flags ~= "" and flags or "-")
        if e.len == 5 then
            t:add(f.rorr_hoa, tvb(data + 1, 4))
            info = info .. " solicit=" .. tostring(tvb(data + 1, 4):ipv4())
            if not s then
                t:add_proto_expert_info(ex.bad_length, "Mobile Router HoA present but S is 0")
            end
        elseif e.len ~= 1 then
            t:add_proto_expert_info(ex.bad_length, string.format(
                "Length %d: 2 (S = 0) or 6 (S = 1 with the solicited HoA) expected", e.len + 1))
        elseif s then
            t:add_proto_expert_info(ex.bad_length, "S is 1 but the Mobile Router HoA is missing")
        end
        return info
    end}

-- 49/1 Route Optimization Reply (section 5.2)
rfc6521[49 * 256 + 1] = {f.ror, "Route Optimization Reply (49/1)", 1,
    function(tvb, t, e, data)
        local b = tvb(data, 1)
        local flags, v = add_flags(t, f.ror_flags, b, {{f.ror_o, "O", 128}, {f.ror_n, "N", 64},
                                                        {f.ror_s, "S", 32}})
        t:add(f.ror_code, b)
        local code = v % 32
        t:append_text(code < 16 and ": accepted" or ": declined")
        if e.len ~= 1 then
            t:add_proto_expert_info(ex.bad_length, string.format("Length %d: 2 expected",
                                                                 e.len + 1))
        end
        return string.format("RO-reply code=%d", code) .. (flags ~= "" and (" " .. flags) or "")
    end}

-- 49/2 Mobile-Correspondent Authentication (section 5.3)
rfc6521[49 * 256 + 2] = {f.mcauth, "Mobile-Correspondent Authentication (49/2)", 5,
    function(tvb, t, e, data)
        t:add(f.mcauth_rsvd, tvb(data, 1))
        t:add(f.mcauth_home, tvb(data + 1, 2))
        t:add(f.mcauth_careof, tvb(data + 3, 2))
        if e.len > 5 then
            t:add(f.mcauth_auth, tvb(data + 5, e.len - 5))
        end
        if e.len ~= 21 then
            t:add_proto_expert_info(ex.note, string.format(
                "authenticator of %d octets (the default, HMAC-SHA1 truncated to 128 bits, "
                .. "has 16)", e.len - 5))
        end
        return string.format("MC-auth nonces=%d/%d", tvb(data + 1, 2):uint(),
                             tvb(data + 3, 2):uint())
    end}

-- 49/3 Care-of Address Extension (section 5.4)
rfc6521[49 * 256 + 3] = {f.coa_ext, "Care-of Address Extension (49/3)", 5,
    function(tvb, t, e, data)
        t:add(f.coa_ext_rsvd, tvb(data, 1))
        local n = math.floor((e.len - 1) / 4)
        for i = 0, n - 1 do
            t:add(f.coa_ext_coa, tvb(data + 1 + 4 * i, 4))
        end
        t:add(f.coa_ext_count, n):set_generated()
        if (e.len - 1) % 4 ~= 0 then
            t:add_proto_expert_info(ex.bad_length, string.format("Length %d is not 2 + 4n",
                                                                 e.len + 1))
        end
        return string.format("CoA: %d", n)
    end}

-- 50/1 Route Optimization Prefix Advertisement (section 5.5)
rfc6521[50 * 256 + 1] = {f.pa, "Route Optimization Prefix Advertisement (50/1)", 0,
    function(tvb, t, e, data)
        local routers, prefixes = dissect_pa(tvb, data, data + e.len, t)
        t:add(f.pa_routers, routers):set_generated()
        t:add(f.pa_prefixes, prefixes):set_generated()
        t:append_text(": " .. pa_summary(routers, prefixes))
        return nil, routers, prefixes
    end}

--- Decodes one extension into tree; returns text for the Info column (or nil) and the
--- Prefix Advertisement counts.
local function dissect_extension(tvb, tree, e)
    local data = e.off + (e.hdr or 0)
    local known = (not e.fault) and e.subtype and rfc6521[e.type * 256 + e.subtype]
    if known then
        local field, label, min_data, decode = known[1], known[2], known[3], known[4]
        local t = ext_tree(tree, tvb, e, field, label)
        if e.len < min_data then
            t:add_proto_expert_info(ex.bad_length, string.format(
                "%d/%d needs %d data octets, Length gives %d", e.type, e.subtype, min_data,
                e.len))
            return string.format("%d/%d?", e.type, e.subtype)
        end
        return decode(tvb, t, e, data)
    end
    -- anything else: generic, with the authentication extensions spelled out
    local t = ext_tree(tree, tvb, e)
    if e.fault then
        return nil
    end
    if is_rfc6521(e) then
        t:add_proto_expert_info(ex.unknown_subtype, string.format(
            "sub-type %d of extension %d is not defined by RFC 6521", e.subtype or -1, e.type))
    end
    if (e.type == 32 or e.type == 33 or e.type == 34) and e.len >= 4 then
        t:add(f.auth_spi, tvb(data, 4))
        if e.len > 4 then
            t:add(f.auth_auth, tvb(data + 4, e.len - 4))
        end
    elseif e.len > 0 then
        t:add(f.ext_data, tvb(data, e.len))
    end
    return nil
end

local function call_mip(tvb, pinfo, tree)
    -- mip reports its own malformed frames; Dissector.call turns them into a Lua error
    -- that is not ours to report again.
    pcall(function()
        mip:call(tvb, pinfo, tree)
    end)
end

local function dissect_registration(tvb, pinfo, tree, mtype)
    local fixed = mtype == 1 and 24 or 20
    local len = tvb:len()
    if len <= fixed then
        call_mip(tvb, pinfo, tree)
        return
    end
    local exts = walk_extensions(tvb, fixed)
    local split = nil
    local own = false
    for _, e in ipairs(exts) do
        if split == nil and mip_misreads[e.type] then
            split = e.off
        end
        if is_rfc6521(e) then
            own = true
        end
    end
    if split == nil and not own then
        call_mip(tvb, pinfo, tree)
        return
    end
    call_mip(split and tvb(0, split):tvb() or tvb, pinfo, tree)
    local t = tree:add(haaro, tvb(fixed), "HAARO (RFC 6521) extensions")
    if split then
        t:add(tvb(split), string.format("[Extensions from offset %d are decoded here: Mobile IP "
                                        .. "reads long-format ones as short]", split))
    end
    local tags = {}
    local routers, prefixes, advertisements = 0, 0, 0
    for _, e in ipairs(exts) do
        if is_rfc6521(e) or (split and e.off >= split) then
            local tag, r, p = dissect_extension(tvb, t, e)
            if r then
                routers, prefixes, advertisements = routers + r, prefixes + p, advertisements + 1
            end
            if tag then
                tags[#tags + 1] = "[" .. tag .. "]"
            end
        end
    end
    local info
    if mtype == 1 then
        info = string.format("RRQ HoA=%s", tostring(tvb(4, 4):ipv4()))
    else
        info = string.format("RRP code=%d", tvb(1, 1):uint())
    end
    if advertisements > 0 then
        info = info .. " [PA: " .. pa_summary(routers, prefixes) .. "]"
    end
    if #tags > 0 then
        info = info .. " " .. table.concat(tags, " ")
    end
    pinfo.cols.protocol = "MobileIP/HAARO"
    pinfo.cols.info = info
end

function haaro.dissector(tvb, pinfo, tree)
    local len = tvb:len()
    if len < 1 then
        return 0
    end
    local mtype = tvb(0, 1):uint()
    if msg_short[mtype] == nil and mtype ~= 1 and mtype ~= 3 then
        call_mip(tvb, pinfo, tree)
        return len
    end
    local ok, err = pcall(function()
        if msg_short[mtype] then
            dissect_rr(tvb, pinfo, tree, mtype)
        else
            dissect_registration(tvb, pinfo, tree, mtype)
        end
    end)
    if not ok then
        local t = tree:add(haaro, tvb())
        t:add_proto_expert_info(ex.bug, "haaro.lua internal error: " .. tostring(err))
        pinfo.cols.info:append(" [haaro.lua internal error]")
    end
    return len
end

DissectorTable.get("udp.port"):add(MIP_PORT, haaro)
