"""Message sequence charts of RFC 6521 figures F14, F15 and F16 redrawn from events.csv.

Each message appears in events.csv as a ``tx`` row at the node that sends it and an ``rx``
row at the node that receives it (a message relayed by the Home Agent has rx and tx rows at
the HA too). :func:`pair_legs` turns those rows into *legs* (one hop each); the chart draws
every leg as an arrow from the sender's column at its tx row to the receiver's column at its
rx row, time running downwards (one row per event, in time order: the vertical axis is the
order of events, their times are printed on the left, long pauses are marked).

Line styles follow the RFC's legend: a double line is a leg inside a Mobile IP tunnel to or
from the HA (``leg=tunnel``), an alternating (dash-dot) line a leg inside the direct MR-MR
tunnel (DATA/KEEPALIVE on the direct path), a single line an untunnelled leg; a red cross
ends a transmission that nobody received.
"""

import math

from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D

from .figures import plt

LABELS = {
    "RRQ": "Registration Request",
    "RRP": "Registration Reply",
    "HoTI": "HoTI",
    "CoTI": "CoTI",
    "HoT": "HoT",
    "CoT": "CoT",
    "KEEPALIVE": "Keepalive",
    "DATA": "Data",
}

COLORS = {
    "RRQ": "#1f3f8f",
    "RRP": "#1f6fb4",
    "HoTI": "#1d7a2e",
    "HoT": "#1d7a2e",
    "CoTI": "#b35300",
    "CoT": "#b35300",
    "KEEPALIVE": "#7b3294",
    "DATA": "#333333",
}

# detail keys shown in arrow labels, with the values not worth showing
LABEL_KEYS = {"solicit": (), "S": ("0",), "advertised": ("",), "adv": ("", "none"),
              "code": ("0",), "partial": ("0",), "caps": (), "nat": ("0",), "udp": ("0",),
              "error": ()}

# State changes worth showing in the registration chart (F14); the others show everything.
F14_STATES = ("registered", "advertisement", "uplink-up", "uplink-down", "nat-mapping",
              "tunnel-up")
BREAK_STATES = ("uplink-down", "tunnel-down")

GAP_S = 0.2          # a pause longer than this between two rows is marked on the chart
ROW_IN = 0.2         # inches per row
COL_IN = 1.75        # inches between two columns
MAX_F14_MRS = 6      # F14 columns: the first routers to register
MAX_ROWS = 300       # events drawn at most in one chart


class Leg:
    """One hop of a message: tx row -> rx row (tx None: the send was not logged; rx None:
    nobody logged receiving it)."""

    __slots__ = ("tx", "rx", "message", "src", "dst", "style")

    def __init__(self, tx, rx):
        e = tx or rx
        self.tx = tx
        self.rx = rx
        self.message = e.message
        self.src = e.src
        self.dst = e.dst
        self.style = "plain"

    @property
    def lost(self):
        return self.rx is None

    @property
    def time(self):
        return (self.tx or self.rx).time

    def __repr__(self):
        return "Leg(%s %s->%s: %s@%s -> %s@%s)" % (
            self.message, self.src, self.dst,
            self.tx.node if self.tx else "?", "%.6f" % self.tx.time if self.tx else "?",
            self.rx.node if self.rx else "?", "%.6f" % self.rx.time if self.rx else "?")


def pair_legs(events):
    """Pair the tx and rx rows of every message into legs.

    Rows are grouped by (message, src, dst), src and dst being the message's end points
    (unchanged when the HA relays it). Within a group:

    1. each rx row (in time order) is attributed to a previous-hop node: the node of the
       latest not-yet-attributed tx row before it at another node, preferring tx rows whose
       ``leg=`` and path (via-ha/direct) agree with the rx row's. A relayed message therefore goes src -> HA
       (the HA's rx takes the source's tx) and HA -> dst (the destination's rx takes the
       HA's later tx);
    2. per previous-hop node, rx rows are matched to that node's tx rows from the last one
       backwards, each rx taking the latest unused tx before it. Links deliver in order, so
       two messages in flight pair first-with-first, and of a retransmitted message the
       copy that arrived is the last one sent before the rx (the earlier ones are lost).

    Returns the legs (matched, lost and rx-only ones) in time order.
    """
    groups = {}
    for e in events:
        if e.is_message:
            groups.setdefault((e.message, e.src, e.dst), []).append(e)
    legs = []
    for evs in groups.values():
        evs.sort(key=lambda e: (e.time, e.index))
        txs = [e for e in evs if e.event == "tx"]
        rxs = [e for e in evs if e.event == "rx"]
        # phase 1: previous-hop node of each rx
        pending = []
        prev_hop = {}
        for e in evs:
            if e.event == "tx":
                pending.append(e)
                continue
            cands = [t for t in pending if t.node != e.node and t.key() <= e.key()]
            for attr in ("leg", "path"):
                mine = getattr(e, attr)
                same = [t for t in cands if getattr(t, attr) == mine] if mine else []
                if same:
                    cands = same
            if not cands:
                continue
            pick = max(cands, key=lambda t: t.key())
            pending.remove(pick)
            prev_hop[e.index] = pick.node
        # phase 2: order-preserving match per previous hop, from the last rx backwards
        matched_tx = set()
        for node in sorted(set(prev_hop.values())):
            node_txs = [t for t in txs if t.node == node]
            node_rxs = [r for r in rxs if prev_hop.get(r.index) == node]
            p = len(node_txs) - 1
            for r in reversed(node_rxs):
                while p >= 0 and node_txs[p].key() > r.key():
                    p -= 1
                if p < 0:
                    legs.append(Leg(None, r))
                    continue
                legs.append(Leg(node_txs[p], r))
                matched_tx.add(node_txs[p].index)
                p -= 1
        for r in rxs:
            if r.index not in prev_hop:
                legs.append(Leg(None, r))
        for t in txs:
            if t.index not in matched_tx:
                legs.append(Leg(t, None))
    legs.sort(key=lambda g: ((g.tx or g.rx).time, (g.tx or g.rx).index))
    return legs


class Roles:
    """Which node names are HAs, mobile routers and hosts, and which MR a host sits behind."""

    def __init__(self, run):
        self.kinds = run.node_kinds()
        self.events = run.events
        self.topology = run.topology or {}

    def kind(self, name):
        return self.kinds.get(name, "")

    def is_ha(self, name):
        return self.kind(name) == "ha"

    def is_mr(self, name):
        return self.kind(name) == "mr"

    def is_host(self, name):
        return self.kind(name) == "host"

    def ha_for(self, message_events):
        """The HA that relays these messages (the one with rows among them), else the first."""
        for e in message_events:
            if self.is_ha(e.node):
                return e.node
        has = sorted(n for n, k in self.kinds.items() if k == "ha")
        return has[0] if has else None

    def hosts_of(self, mr, candidates):
        """The hosts among candidates that sit behind mr."""
        out = []
        for h in candidates:
            if self.router_of(h) == mr:
                out.append(h)
        return out

    def router_of(self, host):
        for link in self.topology.get("links", []) or []:
            if not isinstance(link, dict):
                continue
            a, b = str(link.get("a", "")), str(link.get("b", ""))
            if a == host and self.is_mr(b):
                return b
            if b == host and self.is_mr(a):
                return a
        suffix = host.rsplit("-", 1)[-1]
        for name, kind in sorted(self.kinds.items()):
            if kind == "mr" and name.rsplit("-", 1)[-1] == suffix and name != host:
                return name
        for e in self.events:
            if e.event == "rx" and e.src == host and self.is_mr(e.node):
                return e.node
        return None


class ChartSpec:
    """What one chart shows: figure id, columns (left to right) and the time window."""

    def __init__(self, fig_id, title, columns, t0, t1, description, legs_filter=None,
                 state_filter=None):
        self.fig_id = fig_id
        self.title = title
        self.columns = columns
        self.t0 = t0
        self.t1 = t1
        self.description = description
        self.legs_filter = legs_filter
        self.state_filter = state_filter


def _first(events, pred):
    for e in events:
        if pred(e):
            return e
    return None


def detect_f14(run, roles):
    """F14: the first registration (RRQ/RRP) of each mobile router with the HA."""
    events = run.events
    regs = [e for e in events if e.is_message and e.message in ("RRQ", "RRP")
            and ((roles.is_mr(e.node) and (roles.is_ha(e.src) or roles.is_ha(e.dst)))
                 or (roles.is_ha(e.node) and (roles.is_mr(e.src) or roles.is_mr(e.dst))))]
    order = []
    for e in regs:
        if e.event == "tx" and e.message == "RRQ" and roles.is_mr(e.node) \
                and roles.is_ha(e.dst) and e.node not in order:
            order.append(e.node)
    if not order:
        return None
    shown = order[:MAX_F14_MRS]
    ha = roles.ha_for(regs)
    t0 = min(e.time for e in regs if e.node in shown or e.src in shown)
    ends = []
    for mr in shown:
        done = _first(regs, lambda e: e.node == mr and e.event == "rx" and e.message == "RRP")
        if done is None:
            done = _first(events, lambda e: e.node == mr and e.event == "registered")
        if done is None:
            mine = [e for e in regs if mr in (e.node, e.src, e.dst)]
            done = mine[-1]
        ends.append(done.time)
    t1 = max(ends)
    more = len(order) - len(shown)
    desc = ("RFC 6521 figure F14 (section 8.1), registration with prefix distribution: each "
            "mobile router's first Registration Request to the Home Agent and its reply, in "
            "the order the routers registered (%s). Redrawn from events.csv: arrows go from "
            "the sender's column at the time it sent the message to the receiver's column at "
            "the time it received it; later replies carry the prefixes of the routers "
            "registered before (see the labels and the 'advertisement' state changes)."
            % ", ".join(shown))
    if more > 0:
        desc += " %d more routers registered after these and are not shown." % more

    def legs_filter(leg):
        return leg.message in ("RRQ", "RRP") and (roles.is_ha(leg.src) or roles.is_ha(leg.dst))

    def state_filter(e):
        return e.event in F14_STATES or e.event.startswith("reg")

    return ChartSpec("f14", "F14: registration with prefix distribution (RFC 6521, 8.1)",
                     shown + [ha], t0, t1, desc, legs_filter, state_filter)


def _peer_of(run, roles, first, exclude):
    """The node that received message `first` in the end (not the HA, not the sender)."""
    rx = _first(run.events, lambda e: e.event == "rx" and e.message == first.message
                and e.src == first.src and e.dst == first.dst and e.time >= first.time
                and e.node not in exclude and not roles.is_ha(e.node))
    if rx is not None:
        return rx.node
    if roles.is_mr(first.dst):
        return first.dst
    return None


def _hosts_in(run, roles, t0, t1):
    """Hosts that log events between t0 - 5 s and t1 (hosts without rows get no column)."""
    hosts = []
    for e in run.events:
        if t0 - 5.0 <= e.time <= t1 and roles.is_host(e.node) and e.node not in hosts:
            hosts.append(e.node)
    return hosts


def _data_ends(run, roles):
    """Hosts named as source or destination of DATA rows."""
    ends = []
    for e in run.events:
        if e.message == "DATA":
            for n in (e.src, e.dst):
                if roles.is_host(n) and n not in ends:
                    ends.append(n)
    return ends


def _columns(roles, left_mr, ha, right_mr, hosts):
    return (roles.hosts_of(left_mr, hosts) + [left_mr, ha, right_mr]
            + roles.hosts_of(right_mr, hosts))


def _first_after(events, t, pred, limit):
    return _first(events, lambda e: t < e.time <= limit and pred(e))


def detect_f15(run, roles, after=0.0):
    """F15: route optimization with return routability (first HoTI/CoTI of the run)."""
    events = run.events
    h = _first(events, lambda e: e.event == "tx" and e.message in ("HoTI", "CoTI")
               and e.time >= after)
    if h is None:
        return None
    init = h.node
    resp = _peer_of(run, roles, h, (init,))
    if resp is None or resp == init:
        return None
    ha = roles.ha_for([e for e in events if e.message in ("HoTI", "CoTI", "HoT", "CoT")])
    if ha is None:
        return None
    pair = {init, resp}
    # stop before a handover/break of either router (that is F16's business)
    brk = _first(events, lambda e: e.time > h.time and e.node in pair
                 and e.event in ("uplink-down", "coa-change"))
    limit = min(h.time + 10.0, brk.time if brk else float("inf"))
    hosts = _hosts_in(run, roles, h.time, limit)
    hosts_pair = set(roles.hosts_of(init, _data_ends(run, roles))
                     + roles.hosts_of(resp, _data_ends(run, roles)))
    # start: the first data packets (via the HA) that led to route optimization
    data = [e for e in events if e.message == "DATA" and e.event == "tx"
            and max(after, h.time - 5.0) <= e.time <= h.time
            and (e.src in hosts_pair or e.node in hosts_pair or e.node in pair)
            and e.path != "direct"]
    t0 = min([e.time for e in data] + [h.time])
    ends = [h.time]
    rrp = _first_after(events, h.time, lambda e: e.event == "rx" and e.message == "RRP"
                       and e.node in pair and {e.src, e.dst} == pair, limit)
    if rrp is not None:
        ends.append(rrp.time)
        ka = _first_after(events, rrp.time, lambda e: e.event == "rx"
                          and e.message == "KEEPALIVE" and e.node in pair, limit)
        if ka is not None:
            ends.append(ka.time)
    for a in hosts_pair:
        for b in hosts_pair:
            if a == b:
                continue
            d = _first_after(events, h.time, lambda e: e.event == "rx" and e.message == "DATA"
                             and e.src == a and e.dst == b and e.path == "direct", limit)
            if d is not None:
                ends.append(d.time)
    t1 = max(ends)
    desc = ("RFC 6521 figure F15 (section 8.2), route optimization with return routability, "
            "redrawn from events.csv: data between the hosts first travels through the Home "
            "Agent; %s starts route optimization towards %s with HoTI/CoTI (relayed by the "
            "HA), receives HoT/CoT, sends its Registration Request to %s, which (if it does "
            "not know the initiator's networks) solicits them from the HA before replying; "
            "afterwards keepalives and data use the direct %s-%s tunnel. Double lines: "
            "inside a Mobile IP tunnel to or from the HA; dash-dot: inside the direct tunnel; "
            "single: untunnelled." % (init, resp, resp, init, resp))
    return ChartSpec("f15", "F15: route optimization with return routability (RFC 6521, 8.2)",
                     _columns(roles, resp, ha, init, hosts), t0, t1, desc)


def detect_f16(run, roles):
    """F16: the first care-of address change followed by CoTI/CoT and a registration."""
    events = run.events
    for c in events:
        if c.event != "coa-change":
            continue
        m = c.node
        coti = _first(events, lambda e: e.time >= c.time and e.time <= c.time + 30.0
                      and e.event == "tx" and e.node == m and e.message == "CoTI")
        if coti is None:
            coti = _first(events, lambda e: e.time >= c.time and e.time <= c.time + 30.0
                          and e.event == "tx" and e.node == m and e.message == "RRQ"
                          and not roles.is_ha(e.dst) and roles.is_mr(e.dst))
        if coti is None:
            continue
        p = _peer_of(run, roles, coti, (m,))
        if p is None or p == m:
            continue
        ha = roles.ha_for([e for e in events if e.message in ("CoTI", "CoT", "RRQ", "RRP")
                           and e.time >= c.time])
        pair = {m, p}
        brk = None
        for e in events:
            if e.node == m and e.event == "uplink-down" and c.time - 30.0 <= e.time <= c.time:
                brk = e
        t_break = brk.time if brk else c.time
        limit = c.time + 10.0
        # until the router's next link loss (a handover through a backup uplink changes
        # the care-of address twice: to the backup, then to the new access network), or
        # else its next care-of address change
        nxt = _first(events, lambda e: e.time > c.time and e.node == m
                     and e.event == "uplink-down")
        if nxt is None:
            nxt = _first(events, lambda e: e.time > c.time and e.node == m
                         and e.event == "coa-change")
        if nxt is not None:
            limit = min(limit, nxt.time)
        hosts = _hosts_in(run, roles, t_break - 5.0, limit)
        hosts_pair = set(roles.hosts_of(m, _data_ends(run, roles))
                         + roles.hosts_of(p, _data_ends(run, roles)))
        everyone = pair | hosts_pair
        # start with the last exchange on the direct path before the break
        before = [e for e in events if t_break - 5.0 <= e.time < t_break and e.event == "tx"
                  and e.message in ("KEEPALIVE", "DATA") and e.node in everyone]
        t0 = before[-1].time if before else t_break
        ends = [coti.time]
        rrp = _first_after(events, coti.time, lambda e: e.event == "rx" and e.message == "RRP"
                           and e.node in pair and {e.src, e.dst} == pair, limit)
        if rrp is not None:
            ends.append(rrp.time)
            ka = _first_after(events, rrp.time, lambda e: e.event == "rx"
                              and e.message == "KEEPALIVE" and e.node in pair, limit)
            if ka is not None:
                ends.append(ka.time)
            for a in hosts_pair:
                for b in hosts_pair:
                    d = _first_after(events, rrp.time, lambda e: e.event == "rx"
                                     and e.message == "DATA" and e.src == a and e.dst == b
                                     and e.path == "direct", limit) if a != b else None
                    if d is not None:
                        ends.append(d.time)
        t1 = max(ends)
        desc = ("RFC 6521 figure F16 (section 8.3), handover of %s, redrawn from events.csv: "
                "%s loses its attachment (x x x), takes a new care-of address "
                "(coa-change) and registers it with the Home Agent; data falls back to the "
                "HA path; then it re-runs return routability partially (CoTI/CoT only, from "
                "the new care-of address) with %s through the HA and re-registers with it; "
                "the first keepalive over the direct tunnel brings data back onto the direct "
                "path. Double lines: inside a Mobile IP tunnel to or from the HA; dash-dot: "
                "inside the direct tunnel; single: untunnelled." % (m, m, p))
        return ChartSpec("f16", "F16: handover of %s (RFC 6521, 8.3)" % m,
                         _columns(roles, p, ha, m, hosts), t0, t1, desc)
    return None


def detect_charts(run):
    """The sequence charts that this run's events contain (F14, F15, F16)."""
    if not run.events:
        return []
    roles = Roles(run)
    charts = []
    f14 = detect_f14(run, roles)
    if f14:
        charts.append(f14)
    f15 = detect_f15(run, roles, after=f14.t1 if f14 else 0.0)
    if f15 is None and f14 is not None:
        f15 = detect_f15(run, roles)
    if f15:
        charts.append(f15)
    f16 = detect_f16(run, roles)
    if f16:
        charts.append(f16)
    return charts


def leg_style(leg, roles):
    """'tunnel' (double line), 'ro' (dash-dot, direct MR-MR tunnel) or 'plain'."""
    a = leg.tx.node if leg.tx else leg.src
    b = leg.rx.node if leg.rx else leg.dst
    attr = (leg.tx.leg if leg.tx else "") or (leg.rx.leg if leg.rx else "")
    path = (leg.tx.path if leg.tx else "") or (leg.rx.path if leg.rx else "")
    if attr == "tunnel":
        return "tunnel"
    if attr in ("ro", "ro-tunnel", "mr-tunnel"):
        return "ro"
    touches_ha = roles.is_ha(a) or roles.is_ha(b)
    if leg.message in ("DATA", "KEEPALIVE") and not touches_ha:
        if (roles.is_mr(a) and roles.is_mr(b)) and (path == "direct"
                                                    or leg.message == "KEEPALIVE"):
            return "ro"
        if roles.is_host(a) and roles.is_host(b) and path == "direct":
            return "ro"
    if leg.message == "DATA" and path == "via-ha" and not attr \
            and not (roles.is_host(a) or roles.is_host(b)):
        return "tunnel"  # MR => HA => MR: inside the HA tunnels all the way
    return "plain"


def leg_label(leg):
    e = leg.tx or leg.rx
    text = LABELS.get(leg.message, leg.message)
    if leg.message == "DATA":
        if e.path == "via-ha":
            text += " (via HA)"
        elif e.path == "direct":
            text += " (direct)"
    extras = [t for t in e.tags if t not in ("via-ha", "direct")]
    extras += ["%s=%s" % (k, v) for k, v in e.info.items()
               if k in LABEL_KEYS and v not in LABEL_KEYS[k]]
    if extras:
        extra = " ".join(extras)
        if len(extra) > 30:
            extra = extra[:29] + "\u2026"
        text += " [" + extra + "]"
    return text


def relay_continues(prev, e):
    """True when e is the tx with which a relay forwards the message it received as prev."""
    return (prev.event == "rx" and e.event == "tx" and prev.node == e.node
            and prev.time == e.time and (prev.message, prev.src, prev.dst)
            == (e.message, e.src, e.dst))


def _rows(spec, legs, states):
    """Row number (y) of every event drawn, with extra space and a marker at long pauses."""
    evs = {}
    for leg in legs:
        for e in (leg.tx, leg.rx):
            if e is not None:
                evs[e.index] = e
    for e in states:
        evs[e.index] = e
    ordered = sorted(evs.values(), key=lambda e: (e.time, e.index))
    rows, gaps = {}, []
    y, prev = 0.0, None
    for e in ordered:
        if prev is not None and relay_continues(prev, e):
            # a relay forwarding at once: its rx and tx share a row (one bent arrow)
            rows[e.index] = y
            prev = e
            continue
        if prev is not None:
            if e.time - prev.time > GAP_S:
                gaps.append((y + 0.75, e.time - prev.time))
                y += 2.5
            else:
                y += 1.0
        rows[e.index] = y
        prev = e
    return rows, gaps, ordered


def select(spec, run, legs):
    """The legs and state changes that a chart shows."""
    cols = set(spec.columns)

    def in_window(e):
        return e is not None and spec.t0 - 1e-12 <= e.time <= spec.t1 + 1e-12

    chosen = []
    for leg in legs:
        if spec.legs_filter and not spec.legs_filter(leg):
            continue
        if not (in_window(leg.tx) or in_window(leg.rx)):
            continue
        if leg.tx and leg.rx:
            if leg.tx.node in cols and leg.rx.node in cols:
                chosen.append(leg)
        elif leg.tx and leg.tx.node in cols:
            chosen.append(leg)
        elif leg.rx and leg.rx.node in cols and leg.src in cols and leg.src != leg.rx.node:
            chosen.append(leg)
    states = [e for e in run.events if not e.is_message and e.event not in ("tx", "rx")
              and e.node in cols and in_window(e)
              and (spec.state_filter is None or spec.state_filter(e))]
    return chosen, states


def _lost_target(leg, legs, spec, roles):
    """Column that a lost transmission was heading for."""
    counts = {}
    for other in legs:
        if other.tx and other.rx and other.tx.node == leg.tx.node \
                and other.message == leg.message and other.src == leg.src \
                and other.dst == leg.dst:
            counts[other.rx.node] = counts.get(other.rx.node, 0) + 1
    if counts:
        return max(sorted(counts), key=lambda n: counts[n])
    if leg.dst in spec.columns and leg.dst != leg.tx.node:
        return leg.dst
    return None


def _draw_line(ax, x1, y1, x2, y2, style, color, head=True):
    """A leg with the RFC's line style and an arrow head at (x2, y2)."""
    # shorten the line under the head (in display units) so that the head stays sharp
    p1 = ax.transData.transform((x1, y1))
    p2 = ax.transData.transform((x2, y2))
    d = math.hypot(p2[0] - p1[0], p2[1] - p1[1]) or 1.0
    hl = min(9.0, d * 0.4) if head else 0.0
    pe = (p2[0] - (p2[0] - p1[0]) * hl / d, p2[1] - (p2[1] - p1[1]) * hl / d)
    xe, ye = ax.transData.inverted().transform(pe)
    if style == "tunnel":
        ax.plot([x1, xe], [y1, ye], color=color, lw=3.4, solid_capstyle="butt", zorder=3)
        ax.plot([x1, xe], [y1, ye], color="white", lw=1.3, solid_capstyle="butt", zorder=4)
    elif style == "ro":
        ax.plot([x1, xe], [y1, ye], color=color, lw=1.5, ls=(0, (6, 2, 1.5, 2)), zorder=3)
    elif style == "orphan":
        ax.plot([x1, xe], [y1, ye], color=color, lw=1.0, ls=":", zorder=3)
    else:
        ax.plot([x1, xe], [y1, ye], color=color, lw=1.1, zorder=3)
    if head:
        ax.annotate("", xy=(x2, y2), xytext=(xe, ye),
                    arrowprops=dict(arrowstyle="-|>,head_length=0.7,head_width=0.3",
                                    color=color, lw=1.0, shrinkA=0, shrinkB=0), zorder=5)


def draw_chart(run, spec, legs, source_note=""):
    """Draw one sequence chart; returns the matplotlib figure."""
    roles = Roles(run)
    shown, states = select(spec, run, legs)
    rows, gaps, ordered = _rows(spec, shown, states)
    truncated = False
    if len(ordered) > MAX_ROWS:  # keep charts readable: stop at MAX_ROWS events
        cut = ordered[MAX_ROWS].key()
        shown = [g for g in shown if all(e is None or e.key() < cut for e in (g.tx, g.rx))]
        states = [e for e in states if e.key() < cut]
        rows, gaps, ordered = _rows(spec, shown, states)
        truncated = True
    cols = {name: i for i, name in enumerate(spec.columns)}
    ncols = len(spec.columns)
    ymax = max(rows.values()) if rows else 0.0

    left_in, right_in, top_in, bottom_in = 1.3, 1.7, 0.75, 0.7
    width = left_in + right_in + COL_IN * max(ncols - 1, 1)
    if width < 7.5:  # room for the legend and the state texts right of the last column
        right_in += 7.5 - width
        width = 7.5
    height = top_in + bottom_in + ROW_IN * (ymax + 2.0)
    fig = plt.figure(figsize=(width, height))
    ax = fig.add_axes([left_in / width, bottom_in / height,
                       1 - (left_in + right_in) / width, 1 - (top_in + bottom_in) / height])
    ax.set_xlim(-left_in / COL_IN, ncols - 1 + right_in / COL_IN)
    ax.set_ylim(ymax + 1.0, -1.0)
    ax.axis("off")
    title = spec.title
    if source_note:
        title += "\n" + source_note
    if truncated:
        title += "\n(only the first %d events of the exchange are drawn)" % MAX_ROWS
    fig.suptitle(title, fontsize=9, y=1 - 0.08 / height, va="top")

    # column heads and lifelines
    for name, x in cols.items():
        ax.plot([x, x], [-0.6, ymax + 0.8], color="#999999", lw=0.8, ls=(0, (4, 3)), zorder=1)
        ax.annotate(name.replace("-", " "), xy=(x, -0.9), xycoords="data", ha="center",
                    va="bottom", fontsize=8.5, fontweight="bold", zorder=6,
                    bbox=dict(boxstyle="round,pad=0.35", fc="#eef2f7", ec="#556070", lw=0.8))

    # times on the left, pauses marked across the chart
    for y in sorted({rows[e.index] for e in ordered}):
        e = next(e for e in ordered if rows[e.index] == y)
        ax.text(-0.42, y, "%.4f s" % e.time, ha="right", va="center",
                fontsize=5.5, color="#666666", family="monospace")
    for y, dt in gaps:
        ax.plot([-0.4, ncols - 1 + 0.2], [y, y], color="#bbbbbb", lw=0.6, ls=(0, (1, 2)))
        ax.text(-0.42, y, "\u2248 %.3f s later" % dt, ha="right", va="center", fontsize=6,
                color="#444444", style="italic")

    # legs
    rx_logged = {(e.node, e.message) for e in run.events if e.event == "rx"}
    for leg in shown:
        color = COLORS.get(leg.message, "#000000")
        style = leg_style(leg, roles)
        label = leg_label(leg)
        relay = leg.tx is not None and leg.tx.node != leg.src and leg.src in cols
        if leg.tx and leg.rx:
            x1, y1 = cols[leg.tx.node], rows[leg.tx.index]
            x2, y2 = cols[leg.rx.node], rows[leg.rx.index]
            _draw_line(ax, x1, y1, x2, y2, style, color)
        elif leg.tx:
            target = _lost_target(leg, legs, spec, roles)
            x1, y1 = cols[leg.tx.node], rows[leg.tx.index]
            if target is None or target not in cols:
                ax.plot([x1], [y1], marker="x", color="#d62728", ms=6, mew=1.6, zorder=6)
                continue
            if (target, leg.message) in rx_logged:
                # the receiver logs this message type, so this copy was really lost
                x2 = x1 + 0.45 * (cols[target] - x1)
                y2 = y1 + 0.8
                _draw_line(ax, x1, y1, x2, y2, style, color, head=False)
                ax.plot([x2], [y2], marker="x", color="#d62728", ms=7, mew=1.8, zorder=6)
                label += " (lost)"
            else:
                x2, y2 = cols[target], y1 + 0.8
                _draw_line(ax, x1, y1, x2, y2, "orphan", color)
                label += " (reception not logged)"
        else:
            x2, y2 = cols[leg.rx.node], rows[leg.rx.index]
            x1, y1 = cols[leg.src], y2 - 1.0
            _draw_line(ax, x1, y1, x2, y2, "orphan", color)
            label += " (send not logged)"
        xm, ym = (x1 + x2) / 2.0, (y1 + y2) / 2.0
        ax.text(xm, ym - 0.15, label, ha="center", va="bottom",
                fontsize=6 if relay else 6.8, color=color, style="italic" if relay else "normal",
                zorder=7, bbox=dict(boxstyle="round,pad=0.12", fc="white", ec="none",
                                    alpha=0.85))

    # state changes on the lifelines
    for e in states:
        x, y = cols[e.node], rows[e.index]
        dx = 0.06
        if e.event in BREAK_STATES:
            ax.text(x, y, "x x x", ha="center", va="center", fontsize=8, color="#d62728",
                    fontweight="bold", zorder=8)
            dx = 0.14
        else:
            ax.plot([x], [y], marker="s", ms=3.5, color="#555555", zorder=6)
        text = e.event
        info = ";".join(e.tags + ["%s=%s" % kv for kv in e.info.items()])
        if info:
            text += " (" + (info if len(info) <= 28 else info[:27] + "\u2026") + ")"
        ax.text(x + dx, y, text, ha="left", va="center", fontsize=5.8, color="#444444",
                zorder=7, bbox=dict(boxstyle="round,pad=0.1", fc="#fffbe6", ec="none",
                                    alpha=0.9))

    # legend (the RFC's line styles), only for what this chart shows
    used = {leg_style(leg, roles) for leg in shown if leg.tx and leg.rx}
    used |= {"lost" if (_lost_target(leg, legs, spec, roles), leg.message) in rx_logged
             else "orphan" for leg in shown if leg.rx is None}
    used |= {"orphan" for leg in shown if leg.tx is None}
    if states:
        used.add("state")
    double = (Line2D([], [], color="#333333", lw=3.4), Line2D([], [], color="white", lw=1.3))
    catalogue = [
        ("tunnel", double, "inside a Mobile IP tunnel to/from the HA (leg=tunnel)"),
        ("ro", Line2D([], [], color="#333333", lw=1.5, ls=(0, (6, 2, 1.5, 2))),
         "inside the direct MR-MR tunnel"),
        ("plain", Line2D([], [], color="#333333", lw=1.1), "untunnelled"),
        ("lost", Line2D([], [], color="#d62728", marker="x", ls="none", ms=7, mew=1.8),
         "sent, never received (lost)"),
        ("orphan", Line2D([], [], color="#333333", lw=1.0, ls=":"),
         "send or reception not logged"),
        ("state", Line2D([], [], color="#555555", marker="s", ls="none", ms=3.5),
         "state change at that node"),
    ]
    handles = [h for key, h, _ in catalogue if key in used]
    labels = [t for key, _, t in catalogue if key in used]
    if handles:
        fig.legend(handles, labels, handler_map={tuple: HandlerTuple(ndivide=None, pad=0)},
                   loc="lower center", ncol=min(3, len(handles)), frameon=False,
                   fontsize=6.5, bbox_to_anchor=(0.5, 0.1 / height))
    return fig
