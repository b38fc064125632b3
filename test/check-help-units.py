#!/usr/bin/env python3
"""Checks the --help of a program built on ns-3's CommandLine (ctest help/<program>).

    check-help-units.py PROGRAM     run PROGRAM --help and check what it prints
    check-help-units.py --self-test the checker on good and bad help texts

The help must start with the program's one-line purpose (CommandLine::Usage; `./haaro list`
shows it), and every parameter whose default is a number must say what the number counts:
a unit in brackets ("[s]", "[ms]", "[octets]", "[Mb/s]") or the word "number" or "count"
("number of sites"). Boolean and text parameters need neither.
"""

import re
import subprocess
import sys

# "    --name:  help text [default]" in the "Program Options:" block of CommandLine's help
# (an empty default, e.g. of a string, is not printed)
OPTION = re.compile(
    r"^\s+--(?P<name>[^:\s]+):\s+(?P<help>.*?)(?:\s*\[(?P<default>[^\[\]]*)\])?$")
NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
UNIT = re.compile(r"\[[^\[\]]+\]")
COUNT = re.compile(r"\b(number|count)\b", re.IGNORECASE)


def purpose(text):
    """The first line of the usage text (after the synopsis line), or ''."""
    lines = text.splitlines()
    for line in lines[1:]:
        if line.strip() in ("Program Options:", "General Arguments:"):
            return ""
        if line.strip():
            return line.strip()
    return ""


def problems(text):
    """What is wrong with a --help text: a list of messages (empty when it is fine)."""
    found = []
    if not purpose(text):
        found.append("no purpose line: give CommandLine::Usage() (ScenarioOptions::Usage())")
    block = text.split("Program Options:", 1)
    if len(block) < 2:
        return found
    options = 0
    for line in block[1].split("General Arguments:", 1)[0].splitlines():
        m = OPTION.match(line)
        if not m:
            continue
        options += 1
        if not NUMBER.match((m.group("default") or "").strip()):
            continue
        helptext = m.group("help")
        if not UNIT.search(helptext) and not COUNT.search(helptext):
            found.append("--%s (default %s): the help '%s' names no unit in brackets and is "
                         "not a 'number'/'count'" % (m.group("name"), m.group("default"),
                                                     helptext))
    if options == 0:
        found.append("no parameter found under 'Program Options:'")
    return found


GOOD = """prog [Program Options] [General Arguments]

Does one thing.

Program Options:
    --duration:  simulated time [s] [10]
    --sites:     number of sites [3]
    --rate:      link rate [Mb/s] [1.5]
    --gre:       GRE tunnels [false]
    --outDir:    output directory

General Arguments:
    --PrintHelp:  Print this help message.
"""


def self_test():
    assert problems(GOOD) == [], problems(GOOD)
    bad_unit = GOOD.replace("simulated time [s] [10]", "simulated time (s) [10]")
    assert len(problems(bad_unit)) == 1 and "--duration" in problems(bad_unit)[0]
    bad_count = GOOD.replace("number of sites [3]", "sites [3]")
    assert len(problems(bad_count)) == 1 and "--sites" in problems(bad_count)[0]
    no_purpose = GOOD.replace("Does one thing.\n", "")
    assert any("purpose" in p for p in problems(no_purpose))
    assert any("no parameter" in p for p in problems(GOOD.split("Program Options:")[0]
                                                    + "Program Options:\n"))
    only_text = GOOD.split("Program Options:")[0] + "Program Options:\n    --out:  a file\n"
    assert problems(only_text) == [], problems(only_text)
    print("self-test: the checker accepts the good text and finds each planted fault")
    return 0


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    if argv[1] == "--self-test":
        return self_test()
    p = subprocess.run([argv[1], "--help"], capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        print("%s --help exited with %d:\n%s" % (argv[1], p.returncode, p.stderr))
        return 1
    found = problems(p.stdout)
    for msg in found:
        print("%s: %s" % (argv[1], msg))
    if not found:
        print("%s --help: purpose '%s'; every numeric parameter names its unit or count"
              % (argv[1], purpose(p.stdout)))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
