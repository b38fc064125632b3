#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Checks that the waf build (wscript, ns-3.35 and older trees) builds what CMake builds.

There is no waf tree here, so the wscript's build(bld) runs against a stand-in `bld` that
records the modules, test libraries, headers and programs it declares. Then:

- files: every .cc/.h of model/, helper/, nat/, routing/ and scenario/ is a source or a
  header of a waf module; every test suite (test/*.cc but the standalone test-runner.cc,
  nat/test/, test/gtest/) is in a waf test library (GoogleTest found); every example
  (examples/*.cc) is a waf program; every listed file exists;
- dependencies: the ns-3 modules of the CMake LIBRARIES_TO_LINK lists (the module, the
  scenario library, the examples) are waf dependencies, and the waf dependencies are the
  module's CMake ones (PENDING: one the waf build may name ahead of CMake, reported);
  every ns-3 library CMake links is defined by cmake/standalone.cmake (an undefined
  ${libX} would link nothing, silently);
- programs (with --build-dir): the examples CMake built (BUILD/examples) are waf programs.

Usage: check-wscript.py [ROOT] [--build-dir BUILD]. Exits 1 on a difference.
"""
import glob
import os
import re
import sys
import types

# ns-3 modules the waf build may depend on before the CMake build links them, with why.
PENDING = {}


class Generator:
    """A task generator as ns-3's waf tools return it; records what the wscript sets."""

    def __init__(self, kind, name, deps=()):
        self.kind = kind
        self.name = name
        self.deps = list(deps)
        self.source = []
        self.use = []
        self.defines = []
        self.includes = []
        self.module = None


class Env(dict):
    """waf's ConfigSet: a dict whose missing keys are empty lists, also as attributes."""

    def __getitem__(self, key):
        return self.get(key, [])

    def __getattr__(self, key):
        return self[key]

    def append_value(self, key, values):
        self.setdefault(key, []).extend(values)


class Build:
    """The parts of waf's build context that the wscript uses."""

    def __init__(self, root):
        self.path = types.SimpleNamespace(abspath=lambda: root)
        self.env = Env(HAARO_GTEST=True, ENABLE_EXAMPLES=True,
                       NS3_CONTRIBUTED_MODULES=["ns3-haaro"],
                       NS3_ENABLED_CONTRIBUTED_MODULES=["ns3-haaro"])
        self.generators = []

    def _add(self, generator):
        self.generators.append(generator)
        return generator

    def create_ns3_module(self, name, deps):
        return self._add(Generator("module", name, deps))

    def create_ns3_module_test_library(self, name):
        return self._add(Generator("test", name))

    def create_ns3_program(self, name, deps):
        return self._add(Generator("program", name, deps))

    def __call__(self, features):
        return self._add(Generator(features, None))


def cmake_text(root, path):
    with open(os.path.join(root, path), encoding="utf-8") as f:
        return re.sub(r"#[^\n]*", "", f.read())


def linked(text):
    """ns-3 modules (${libX}) of every LIBRARIES_TO_LINK list in a CMake text."""
    mods = set()
    for block in re.findall(r"LIBRARIES_TO_LINK(.*?)(?:TEST_SOURCES|SOURCE_FILES|HEADER_FILES|\))",
                            text, re.S):
        mods |= set(re.findall(r"\$\{lib([\w-]+)\}", block))
    return mods - {"haaro", "haaro-scenario"}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    build_dir = sys.argv[sys.argv.index("--build-dir") + 1] if "--build-dir" in sys.argv else None
    if build_dir in args:
        args.remove(build_dir)
    root = os.path.abspath(args[0] if args else os.path.join(os.path.dirname(__file__), ".."))
    bad = []

    wscript = {"__file__": os.path.join(root, "wscript"), "__name__": "wscript"}
    with open(os.path.join(root, "wscript"), encoding="utf-8") as f:
        exec(compile(f.read(), "wscript", "exec"), wscript)
    bld = Build(root)
    wscript["build"](bld)
    gens = bld.generators

    def sources(kinds):
        return {os.path.normpath(s) for g in gens if g.kind in kinds for s in g.source}

    # Files.
    built = sources(("module", "ns3header"))
    tests = sources(("test",))
    programs = [g for g in gens if g.kind == "program"]
    program_sources = {os.path.normpath(s) for g in programs for s in g.source}
    for f in sorted(built | tests | program_sources):
        if not os.path.isfile(os.path.join(root, f)):
            bad.append("listed but missing: " + f)
    for top in ("model", "helper", "nat", "routing", "scenario"):
        for d, _, names in os.walk(os.path.join(root, top)):
            rel = os.path.relpath(d, root)
            if "test" in rel.split(os.sep):
                continue
            for n in names:
                f = os.path.join(rel, n)
                if n.endswith((".cc", ".h")) and f not in built:
                    bad.append("not in a waf module: " + f)
    suites = set(glob.glob(os.path.join(root, "test", "*.cc")))
    suites |= set(glob.glob(os.path.join(root, "nat", "test", "*.cc")))
    suites |= set(glob.glob(os.path.join(root, "test", "gtest", "*.cc")))
    for f in sorted(os.path.relpath(s, root) for s in suites):
        if f != os.path.join("test", "test-runner.cc") and f not in tests:
            bad.append("not in a waf test library: " + f)
    for f in sorted(glob.glob(os.path.join(root, "examples", "*.cc"))):
        if os.path.relpath(f, root) not in program_sources:
            bad.append("not a waf program: " + os.path.relpath(f, root))

    # Dependencies.
    deps = set(wscript["NS3_DEPENDENCIES"])
    haaro = set(next(g.deps for g in gens if g.kind == "module" and g.name == "haaro"))
    scenario = set(next(g.deps for g in gens if g.kind == "module" and g.name == "haaro-scenario"))
    main_text = cmake_text(root, "CMakeLists.txt")
    lib = re.search(r"build_lib\(\s*LIBNAME\s+haaro\s(.*?)\n\)", main_text, re.S).group(1)
    cmake_haaro = linked(lib)
    cmake_all = linked(main_text) | linked(cmake_text(root, "scenario/CMakeLists.txt"))
    cmake_all |= linked(cmake_text(root, "examples/CMakeLists.txt"))
    for m in sorted(cmake_all - deps):
        bad.append("CMake links ns-3 module %s, the waf build does not depend on it" % m)
    for m in sorted(deps - cmake_haaro):
        if m in PENDING:
            print("note: waf depends on %s ahead of CMake (%s)" % (m, PENDING[m]))
        else:
            bad.append("waf depends on %s, the CMake module does not link it" % m)
    for m in sorted(set(PENDING) & cmake_haaro):
        bad.append("%s is linked by CMake now: remove it from PENDING" % m)
    if haaro != deps:
        bad.append("the waf module haaro does not depend on NS3_DEPENDENCIES")
    if not deps <= scenario:
        bad.append("the waf module haaro-scenario misses %s" % sorted(deps - scenario))
    for g in programs:
        if g.name != "haaro-print-introspection" and not deps <= set(g.deps):
            bad.append("waf program %s misses %s" % (g.name, sorted(deps - set(g.deps))))
    standalone = re.search(r"foreach\(\s*module(.*?)\)", cmake_text(root, "cmake/standalone.cmake"),
                           re.S).group(1).split()
    for m in sorted(cmake_all - set(standalone)):
        bad.append("cmake/standalone.cmake does not define ${lib%s}" % m)

    # Programs CMake built.
    if build_dir:
        names = {g.name for g in programs}
        for exe in sorted(glob.glob(os.path.join(build_dir, "examples", "haaro-*"))):
            if os.access(exe, os.X_OK) and os.path.basename(exe) not in names:
                bad.append("CMake builds %s, the waf build does not" % os.path.basename(exe))

    print("waf: %d module sources and headers, %d test sources, %d programs; ns-3 modules: %s"
          % (len(built), len(tests), len(programs), " ".join(sorted(deps))))
    for b in bad:
        print("DIFFERENCE: " + b)
    return 1 if bad else 0


sys.exit(main())
