#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Checks doc/conformance.rst, the RFC conformance matrix: every test and attribute it names
exists.

The naming scheme is documented at the top of the matrix. Every inline literal of the file
of one of these forms is checked:

    ns3:SUITE/CASE   an ns-3 TestCase, as `haaro-test-runner --suite=SUITE --verbose` prints
                     it (the text after the first '/'; runs of blanks count as one)
    ns3:SUITE        a whole ns-3 TestSuite (`haaro-test-runner --print-test-name-list`)
    gtest:S.N        a GoogleTest (`haaro-unit-tests --gtest_list_tests`, or its ctest entry)
    ctest:NAME       any ctest entry (`ctest -N`)
    ns3::T::A[=V]    an attribute of doc/haaro-attributes.rst (V: one of an enum's values)

and the tables: each row of a matrix table has six cells, a Test cell that names at least
one test or says `none`, and every `none` row appears (as **ROW**) in the Gaps section.

ns-3 (3.37) has no option that lists the TestCases of a suite without running it, so the
suites the matrix names are run once each with --verbose (a few seconds in all); a FAIL
still lists the name. The runner and haaro-unit-tests are found through the ctest entries
of the build (ctest --show-only=json-v1), or given with --runner/--gtest.

Usage: check-conformance.py --build-dir BUILD [--source-dir SRC] [--ctest CTEST]
                            [--runner PATH] [--gtest PATH] [--no-run]
Exit status: 0 all names exist; 1 a name or the structure is wrong; 77 (skipped) the
GoogleTest names could not be listed (haaro-unit-tests not built) and all else is right.
"""
import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

LITERAL = re.compile(r"``(.+?)``")
TEST_REF = re.compile(r"^(ns3|gtest|ctest):(?!:)(.+)$")
ATTRIBUTE_REF = re.compile(r"^ns3::(\w+)::(\w+)(?:=(\S+))?$")
RUNNER_LINE = re.compile(r"^\s+(PASS|FAIL|SKIP|CRASH)\s+(.+?)\s+[0-9.]+\s+s$")


def squash(text):
    """Runs of blanks (and line breaks) become one blank."""
    return " ".join(text.split())


# ---------------------------------------------------------------- the matrix


def parse_matrix(path):
    """Returns (rows, gaps_text, loose): rows as dicts (id, cells, line), the text of the
    Gaps section, and the literals outside any matrix row with their line numbers."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    rows = []
    loose = []
    gaps = []
    current = None  # the row being read
    in_gaps = False
    for number, line in enumerate(lines, 1):
        if re.match(r"^Gaps\s*$", line):
            in_gaps = True
        if in_gaps:
            gaps.append(line)
        start = re.match(r"^   \* - ?(.*)$", line)
        cell = re.match(r"^     - ?(.*)$", line)
        if start:
            current = {"cells": [start.group(1)], "line": number}
            rows.append(current)
        elif cell and current is not None:
            current["cells"].append(cell.group(1))
        elif current is not None and line.startswith("       "):
            current["cells"][-1] += " " + line.strip()
        else:
            current = None
            for literal in LITERAL.findall(line):
                loose.append((squash(literal), number))
    matrix = []
    for row in rows:
        row["cells"] = [squash(c) for c in row["cells"]]
        if row["cells"][0] == "Row":
            continue  # a header row
        row["id"] = row["cells"][0]
        matrix.append(row)
    return matrix, "\n".join(gaps), loose


def references(text):
    """The test and attribute literals of a text (runs of blanks squashed)."""
    out = []
    for literal in LITERAL.findall(text):
        literal = squash(literal)
        if TEST_REF.match(literal) or ATTRIBUTE_REF.match(literal):
            out.append(literal)
    return out


def check_structure(matrix, gaps):
    errors = []
    seen = set()
    for row in matrix:
        where = "row %s (line %d)" % (row["id"], row["line"])
        if row["id"] in seen:
            errors.append("%s: row id used twice" % where)
        seen.add(row["id"])
        if len(row["cells"]) != 6:
            errors.append("%s: %d cells, expected 6" % (where, len(row["cells"])))
            continue
        test = row["cells"][5]
        named = [r for r in references(test) if TEST_REF.match(r)]
        if test == "none":
            if not re.search(r"\*\*%s\*\*" % re.escape(row["id"]), gaps):
                errors.append("%s: Test is none but the row is not listed under Gaps" % where)
        elif not named:
            errors.append("%s: the Test cell names no test and does not say none" % where)
    if not matrix:
        errors.append("no matrix rows found")
    return errors


# ---------------------------------------------------------------- what exists


def load_attributes(path):
    """{TypeId: {attribute: [enum values] or None}} from doc/haaro-attributes.rst."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    types = {}
    current = None
    attribute = None
    section = None
    for i, line in enumerate(lines):
        if re.match(r"^ns3::\w+$", line) and i + 1 < len(lines) and re.match(r"^~+$", lines[i + 1]):
            current = types.setdefault(line[len("ns3::"):], {})
            section = None
            continue
        if current is None:
            continue
        if line == "Attributes:":
            section = "attributes"
        elif line.startswith("Trace sources:"):
            section = None
        elif section == "attributes":
            name = re.match(r"^``(\w+)``$", line)
            if name:
                attribute = name.group(1)
                current[attribute] = None
            enum = re.search(r"Value type ``ns3::EnumValue`` \(``([^`]*)``\)", line)
            if enum and attribute:
                current[attribute] = enum.group(1).split("|")
    return types


def run(command, cwd=None, timeout=900):
    if os.path.sep in command[0] and not os.access(command[0], os.X_OK):
        sys.exit("check-conformance: %s is not built (build the module first)" % command[0])
    result = subprocess.run(command,
                            cwd=cwd,
                            stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT,
                            universal_newlines=True,
                            errors="replace",
                            timeout=timeout)
    return result.returncode, result.stdout


def ctest_entries(ctest, build_dir):
    code, out = run([ctest, "--show-only=json-v1"], cwd=build_dir)
    if code != 0:
        sys.exit("check-conformance: `%s --show-only=json-v1` failed in %s:\n%s" %
                 (ctest, build_dir, out))
    return json.loads(out[out.index("{"):]).get("tests", [])


def find_command(entries, predicate):
    for entry in entries:
        command = entry.get("command") or []
        if command and predicate(entry["name"], command):
            return command[0]
    return None


def gtest_names(binary):
    code, out = run([binary, "--gtest_list_tests"])
    if code != 0:
        sys.exit("check-conformance: %s --gtest_list_tests failed:\n%s" % (binary, out))
    names = set()
    suite = None
    for line in out.split("\n"):
        line = line.split("#")[0].rstrip()
        if not line or line.startswith("Running main()"):
            continue
        if not line.startswith(" "):
            suite = line.strip()
        elif suite:
            names.add(suite + line.strip())
    return names


def suite_names(runner):
    code, out = run([runner, "--print-test-name-list"])
    if code != 0:
        sys.exit("check-conformance: %s --print-test-name-list failed:\n%s" % (runner, out))
    return {line.strip() for line in out.split("\n") if line.strip()}


def case_names(runner, suite, cwd):
    """The TestCase names of a suite, as its verbose run prints them; None if the run
    printed no result line for the suite itself (e.g. it crashed)."""
    code, out = run([runner, "--suite=" + suite, "--verbose"], cwd=cwd)
    names = set()
    complete = False
    for line in out.split("\n"):
        if re.match(r"^(PASS|FAIL|SKIP|CRASH)\s+%s\s" % re.escape(suite), line):
            complete = True
        m = RUNNER_LINE.match(line)
        if m:
            names.add(squash(m.group(2)))
    return names if complete else None


# ---------------------------------------------------------------- main


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--source-dir", default=os.path.dirname(HERE))
    parser.add_argument("--matrix", default=None)
    parser.add_argument("--attributes", default=None)
    parser.add_argument("--ctest", default="ctest")
    parser.add_argument("--runner", default=None)
    parser.add_argument("--gtest", default=None)
    parser.add_argument("--no-run",
                        action="store_true",
                        help="check suite names only, not the TestCase names (runs nothing)")
    args = parser.parse_args()
    matrix_path = args.matrix or os.path.join(args.source_dir, "doc", "conformance.rst")
    attributes_path = args.attributes or os.path.join(args.source_dir, "doc",
                                                      "haaro-attributes.rst")

    matrix, gaps, loose = parse_matrix(matrix_path)
    errors = check_structure(matrix, gaps)

    # Every reference with the places it occurs.
    places = {}
    for row in matrix:
        for ref in references(" ".join("``%s``" % l for c in row["cells"]
                                       for l in LITERAL.findall(c))):
            places.setdefault(ref, []).append("row " + row["id"])
    for literal, number in loose:
        for ref in references("``%s``" % literal):
            places.setdefault(ref, []).append("line %d" % number)

    def missing(ref, what):
        errors.append("%s does not exist (%s): %s" % (what, ", ".join(sorted(set(places[ref]))),
                                                      ref))

    # Attributes.
    attributes = load_attributes(attributes_path)
    for ref in sorted(places):
        m = ATTRIBUTE_REF.match(ref)
        if not m:
            continue
        type_id, attribute, value = m.groups()
        if attribute not in attributes.get(type_id, {}):
            missing(ref, "attribute")
        elif value is not None:
            values = attributes[type_id][attribute]
            if values is not None and value not in values:
                missing(ref, "attribute value (%s)" % "|".join(values))

    # Tests.
    entries = ctest_entries(args.ctest, args.build_dir)
    ctest = {e["name"] for e in entries}
    runner = args.runner or find_command(entries, lambda n, c: n.startswith("ns3-suite/"))
    gtest = args.gtest or find_command(
        entries, lambda n, c: os.path.basename(c[0]) == "haaro-unit-tests")
    gtests = gtest_names(gtest) if gtest else None
    suites = suite_names(runner) if runner else None
    cases = {}
    skipped = []
    for ref in sorted(places):
        m = TEST_REF.match(ref)
        if not m:
            continue
        kind, name = m.groups()
        if kind == "ctest":
            if name not in ctest:
                missing(ref, "ctest entry")
        elif kind == "gtest":
            if gtests is None:
                if name not in ctest:
                    skipped.append(ref)
            elif name not in gtests:
                missing(ref, "GoogleTest")
        else:
            suite, _, case = name.partition("/")
            if suites is None:
                errors.append("no ns-3 test runner found (no ns3-suite/ ctest entry; give "
                              "--runner): cannot check " + ref)
                continue
            if suite not in suites:
                missing(ref, "ns-3 TestSuite")
                continue
            if not case or args.no_run:
                continue
            if suite not in cases:
                cases[suite] = case_names(runner, suite, args.source_dir)
            if cases[suite] is None:
                errors.append("the verbose run of %s printed no result for the suite (crash?): "
                              "cannot check %s" % (suite, ref))
            elif squash(case) not in cases[suite]:
                missing(ref, "ns-3 TestCase")

    tests = [r for r in places if TEST_REF.match(r)]
    print("check-conformance: %d matrix rows, %d test and %d attribute names, %d suites run" %
          (len(matrix), len(tests), len(places) - len(tests), len(cases)))
    for e in errors:
        print("ERROR: " + e)
    if errors:
        print("\nThe naming scheme is at the top of doc/conformance.rst; ns-3 TestCase names "
              "are listed by `haaro-test-runner --suite=SUITE --verbose`.")
        return 1
    if skipped:
        print("SKIPPED: haaro-unit-tests not built, %d GoogleTest names not checked" %
              len(skipped))
        return 77
    print("check-conformance: every name exists")
    return 0


if __name__ == "__main__":
    sys.exit(main())
