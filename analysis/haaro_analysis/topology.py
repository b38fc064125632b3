"""The F1-style drawing of a scenario's network from topology.json.

RFC 6521 figure F1 shows the virtual operator: the Home Agent in the operator's backend
behind a peering point, several ISPs below it and dual-homed mobile routers with their
sites below the ISPs. The drawing puts the HA on top and every other node on the layer of
its hop distance from the HA (peering point, ISPs, NATs, mobile routers, hosts), each
layer ordered to keep links short.
"""

import re

from matplotlib.lines import Line2D

from .figures import plt

NODE_STYLE = {  # kind -> (face colour, edge colour, box style)
    "ha": ("#cfe0f5", "#1f4e99", "round,pad=0.35"),
    "router": ("#eeeeee", "#666666", "round4,pad=0.35"),
    "nat": ("#fde3c8", "#b35300", "square,pad=0.35"),
    "mr": ("#d6efd0", "#2a7f2a", "round,pad=0.35"),
    "host": ("#ffffff", "#888888", "square,pad=0.25"),
}
LINK_STYLE = {  # kind -> (colour, width, dash)
    "backend": ("#1f4e99", 2.6, "-"),
    "core": ("#444444", 2.0, "-"),
    "uplink": ("#2a7f2a", 1.2, "-"),
    "nat": ("#b35300", 1.2, "--"),
    "lan": ("#999999", 0.9, "-"),
}


def _natural(name):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)]


def layout(topo):
    """Positions {name: (x, y)} (y = layer, 0 on top) and the layers."""
    nodes = [n for n in topo.get("nodes", []) if isinstance(n, dict) and "name" in n]
    names = [str(n["name"]) for n in nodes]
    kinds = {str(n["name"]): str(n.get("kind", "")) for n in nodes}
    adj = {n: set() for n in names}
    for link in topo.get("links", []) or []:
        if not isinstance(link, dict):
            continue
        a, b = str(link.get("a", "")), str(link.get("b", ""))
        if a in adj and b in adj and a != b:
            adj[a].add(b)
            adj[b].add(a)
    roots = [n for n in names if kinds[n] == "ha"] or names[:1]
    dist = {r: 0 for r in roots}
    frontier = list(roots)
    while frontier:
        nxt = []
        for n in frontier:
            for m in sorted(adj[n], key=_natural):
                if m not in dist:
                    dist[m] = dist[n] + 1
                    nxt.append(m)
        frontier = nxt
    deepest = max(dist.values()) if dist else 0
    for n in names:
        dist.setdefault(n, deepest + 1)
    nlayers = max(dist.values()) + 1 if dist else 0
    layers = [[] for _ in range(nlayers)]
    for n in names:
        layers[dist[n]].append(n)
    pos = {}
    for i, layer in enumerate(layers):
        if i == 0:
            layer.sort(key=_natural)
        else:
            def bary(n):
                ups = [pos[m][0] for m in adj[n] if m in pos and dist[m] < i]
                return (sum(ups) / len(ups) if ups else 1e9, _natural(n))
            layer.sort(key=bary)
        width = max(len(L) for L in layers)
        for j, n in enumerate(layer):
            pos[n] = ((j + 0.5) * width / len(layer), float(i))
    return pos, layers, kinds


def draw_topology(topo, title):
    """The figure, or None when topology.json has no nodes."""
    pos, layers, kinds = layout(topo)
    if not pos:
        return None
    width_nodes = max(len(L) for L in layers)
    fig_w = min(40.0, max(6.5, 1.05 * width_nodes + 1.0))
    fig_h = max(3.5, 1.05 * len(layers) + 1.3)
    fig, ax = plt.subplots(figsize=(fig_w, fig_h))
    fontsize = 8 if width_nodes <= 12 else (6.5 if width_nodes <= 24 else 5)
    links = [ln for ln in topo.get("links", []) or [] if isinstance(ln, dict)
             and str(ln.get("a")) in pos and str(ln.get("b")) in pos]
    kinds_seen = set()
    for ln in links:
        a, b = str(ln["a"]), str(ln["b"])
        kind = str(ln.get("kind", ""))
        color, lw, dash = LINK_STYLE.get(kind, ("#777777", 1.0, ":"))
        kinds_seen.add(kind)
        (x1, y1), (x2, y2) = pos[a], pos[b]
        ax.plot([x1, x2], [y1, y2], color=color, lw=lw, ls=dash, zorder=1)
        if len(links) <= 40 and "delay_ms" in ln:
            try:
                text = "%g ms" % float(ln["delay_ms"])
            except (TypeError, ValueError):
                text = ""
            if text:
                if y1 > y2:  # label near the lower end: crossing links keep apart
                    x1, y1, x2, y2 = x2, y2, x1, y1
                f = 0.72 if y1 != y2 else 0.5
                ax.text(x1 + (x2 - x1) * f, y1 + (y2 - y1) * f, text,
                        fontsize=fontsize - 2, color="#555555", ha="center", va="center",
                        bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.8),
                        zorder=2)
    for name, (x, y) in pos.items():
        fc, ec, box = NODE_STYLE.get(kinds.get(name, ""), ("#ffffff", "#333333", "round"))
        ax.text(x, y, name, ha="center", va="center", fontsize=fontsize, zorder=3,
                fontweight="bold" if kinds.get(name) in ("ha", "mr") else "normal",
                bbox=dict(boxstyle=box, fc=fc, ec=ec, lw=1.0))
    ax.set_xlim(-0.3, width_nodes + 0.3)
    ax.set_ylim(len(layers) - 0.4, -0.6)
    ax.axis("off")
    ax.set_title(title)
    handles = [Line2D([], [], color=LINK_STYLE[k][0], lw=LINK_STYLE[k][1], ls=LINK_STYLE[k][2])
               for k in LINK_STYLE if k in kinds_seen]
    labels = ["%s link" % k for k in LINK_STYLE if k in kinds_seen]
    node_kinds = [k for k in NODE_STYLE if k in set(kinds.values())]
    for k in node_kinds:
        fc, ec, _ = NODE_STYLE[k]
        handles.append(Line2D([], [], marker="s", ls="none", ms=8, mfc=fc, mec=ec))
        labels.append({"ha": "Home Agent", "router": "router (peering point, ISP)",
                       "nat": "NAT", "mr": "mobile router", "host": "host (site)"}[k])
    if handles:
        ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False,
                  fontsize=7)
    return fig


def describe(topo):
    """A sentence counting the nodes and links by kind."""
    counts = {}
    for n in topo.get("nodes", []):
        if isinstance(n, dict):
            k = str(n.get("kind", "?"))
            counts[k] = counts.get(k, 0) + 1
    parts = ["%d %s" % (v, k) for k, v in sorted(counts.items())]
    nlinks = len([ln for ln in topo.get("links", []) or [] if isinstance(ln, dict)])
    return "%s nodes (%s) and %d links" % (sum(counts.values()), ", ".join(parts), nlinks)
