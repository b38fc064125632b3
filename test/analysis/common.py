"""Shared helpers of the analysis tests: paths, fixture copies, file checks."""

import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ANALYSIS = os.path.join(ROOT, "analysis")
FIXTURES = os.path.join(HERE, "fixtures")
FAKE = os.path.join(HERE, "fake-scenario.py")

if ANALYSIS not in sys.path:
    sys.path.insert(0, ANALYSIS)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PDF_MAGIC = b"%PDF-"


def fixture_copy(name, tmp):
    """A copy of fixtures/<name> in tmp (so that figures/ is not written into the tree)."""
    dst = os.path.join(tmp, name)
    shutil.copytree(os.path.join(FIXTURES, name), dst,
                    ignore=shutil.ignore_patterns("figures"))
    return dst


def tempdir(testcase):
    d = tempfile.mkdtemp(prefix="haaro-analysis-test-")
    testcase.addCleanup(shutil.rmtree, d, True)
    return d


def assert_png(testcase, path):
    testcase.assertTrue(os.path.isfile(path), "missing " + path)
    with open(path, "rb") as f:
        head = f.read(24)
    testcase.assertEqual(head[:8], PNG_MAGIC, path + " is not a PNG")
    # IHDR: width and height must be plausible
    w = int.from_bytes(head[16:20], "big")
    h = int.from_bytes(head[20:24], "big")
    testcase.assertGreater(w, 100, path)
    testcase.assertGreater(h, 100, path)


def assert_pdf(testcase, path):
    testcase.assertTrue(os.path.isfile(path), "missing " + path)
    with open(path, "rb") as f:
        data = f.read()
    testcase.assertEqual(data[:5], PDF_MAGIC, path + " is not a PDF")
    testcase.assertIn(b"%%EOF", data[-64:], path + " is truncated")
