"""The NAT outcome matrix from nat-matrix.csv (the nat-traversal scenario).

nat-matrix.csv has one row per combination of the NAT in front of the initiating mobile
router (mr_nat) and the one in front of the correspondent router (cr_nat): whether route
optimization came up (ro), over which tunnel, the setup time, the keepalive bytes spent
and the packets lost.
"""

import math

from .figures import plt
from .results import sort_value
from .stats import mean_ci, to_float


def _truth(v):
    if isinstance(v, float):
        return None if math.isnan(v) else v != 0.0
    s = str(v).strip().lower()
    if s in ("yes", "true", "ok", "1", "y"):
        return True
    if s in ("no", "false", "0", "n", "failed", "none"):
        return False
    return None


def _axis_order(values):
    pref = ["none", "no-nat", "full-cone", "restricted-cone", "port-restricted", "symmetric"]
    vals = sorted(set(values), key=lambda v: (pref.index(v) if v in pref else len(pref),
                                              sort_value(v)))
    return vals


def plot(writer, runs, params):
    rows = [(r, row) for r in runs for row in r.table("nat-matrix")]
    if not rows:
        return
    mrs = _axis_order([str(row.get("mr_nat")) for _, row in rows])
    crs = _axis_order([str(row.get("cr_nat")) for _, row in rows])
    cells = {}
    for r, row in rows:
        cells.setdefault((str(row.get("mr_nat")), str(row.get("cr_nat"))), []).append(row)
    nruns = len({r.path for r, _ in rows})
    frac = [[float("nan")] * len(crs) for _ in mrs]
    fig, ax = plt.subplots(figsize=(1.9 * len(crs) + 2.2, 1.15 * len(mrs) + 1.6))
    for i, m in enumerate(mrs):
        for j, c in enumerate(crs):
            cell = cells.get((m, c))
            if not cell:
                continue
            oks = [_truth(x.get("ro")) for x in cell]
            known = [o for o in oks if o is not None]
            frac[i][j] = sum(known) / len(known) if known else float("nan")
            tunnels = sorted({str(x.get("tunnel")) for x in cell if str(x.get("tunnel"))})
            setup = mean_ci([to_float(x.get("setup_ms")) for x in cell])
            ka = mean_ci([to_float(x.get("keepalive_bytes")) for x in cell])
            lost = mean_ci([to_float(x.get("lost_packets")) for x in cell])
            lines = ["RO %d/%d" % (sum(known), len(cell)), "/".join(tunnels)]
            if setup.n:
                lines.append("setup " + setup.text("{:.0f}", " ms").split(" (")[0])
            if ka.n and ka.mean > 0:
                lines.append("keepalive %.0f B" % ka.mean)
            if lost.n and lost.mean > 0:
                lines.append("lost %.3g pkt" % lost.mean)
            ax.text(j, i, "\n".join(lines), ha="center", va="center", fontsize=6.5,
                    color="black")
    im = ax.imshow(frac, cmap="RdYlGn", vmin=0.0, vmax=1.0, aspect="auto")
    ax.set_xticks(range(len(crs)))
    ax.set_xticklabels(crs)
    ax.set_yticks(range(len(mrs)))
    ax.set_yticklabels(mrs)
    ax.set_xlabel("NAT in front of the correspondent router (cr_nat)")
    ax.set_ylabel("NAT in front of the mobile router (mr_nat)")
    ax.set_title("NAT traversal outcome (%d run%s)" % (nruns, "s" if nruns > 1 else ""))
    cb = fig.colorbar(im, ax=ax, fraction=0.05)
    cb.set_label("fraction of runs with route optimization")
    fig.tight_layout()
    writer.save(fig, "nat-matrix", "NAT traversal outcome matrix",
                "One cell per combination of the NAT in front of the initiating mobile router "
                "(rows) and in front of the correspondent router (columns), from "
                "nat-matrix.csv. Colour: fraction of runs in which route optimization came "
                "up (green: always, red: never). Text: runs with RO / runs, the tunnel used, "
                "the mean setup time with its 95 % Student-t confidence interval over runs, "
                "the mean keepalive bytes and lost packets.")
