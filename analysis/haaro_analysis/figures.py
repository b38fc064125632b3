"""Save figures as PNG and PDF and write the figures.md index."""

import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# Same inputs -> same bytes: no creation dates or software versions in the files.
_METADATA = {
    "png": {"Software": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}

plt.rcParams.update({
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "legend.fontsize": 7,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "svg.hashsalt": "haaro",
})


class FigureWriter:
    """Writes <outdir>/<name>.png and .pdf for each figure and lists them in figures.md."""

    def __init__(self, outdir, source, formats=("png", "pdf"), dpi=150):
        self.outdir = outdir
        self.source = source
        self.formats = tuple(formats)
        self.dpi = dpi
        self.entries = []
        self.notes = []
        os.makedirs(outdir, exist_ok=True)

    def save(self, fig, name, title, description, tight=True):
        """Save fig under name (no extension) in every format, close it and record it."""
        files = []
        for fmt in self.formats:
            path = os.path.join(self.outdir, "%s.%s" % (name, fmt))
            fig.savefig(path, format=fmt, dpi=self.dpi, metadata=_METADATA.get(fmt),
                        bbox_inches="tight" if tight else None)
            files.append(os.path.basename(path))
        plt.close(fig)
        self.entries.append((name, title, description, files))
        return files

    def note(self, text):
        """A line for the 'Notes' section of figures.md (skipped figures, bad input)."""
        if text not in self.notes:
            self.notes.append(text)

    def write_index(self):
        """Write figures.md: one section per figure with what it shows, then the notes."""
        lines = ["# Figures", "",
                 "Drawn by `./haaro plot` (analysis/plot.py) from `%s`." % self.source, ""]
        if not self.entries:
            lines += ["No figure could be drawn from this directory.", ""]
        for name, title, description, files in self.entries:
            lines.append("## %s" % title)
            lines.append("")
            if "png" in [f.rsplit(".", 1)[-1] for f in files]:
                lines.append("![%s](%s.png)" % (title, name))
                lines.append("")
            lines.append("Files: " + ", ".join("[%s](%s)" % (f, f) for f in files))
            lines.append("")
            lines.append(description.strip())
            lines.append("")
        if self.notes:
            lines += ["## Notes", ""]
            lines += ["- " + n for n in self.notes]
            lines.append("")
        path = os.path.join(self.outdir, "figures.md")
        with open(path, "w") as f:
            f.write("\n".join(lines))
        return path
