# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-
#
# haaro for waf-era ns-3 trees (ns-3.35 and older): copy this directory to
# contrib/haaro and run ./waf configure --enable-examples --enable-tests && ./waf build.
#
# Two modules, as in the CMake build: haaro (the protocol model) and haaro-scenario (the
# scenario harness in scenario/, on top of haaro). The source, header, test and example
# lists are read from CMakeLists.txt, scenario/CMakeLists.txt, cmake/gtest.cmake and
# examples/CMakeLists.txt, so that the two build systems can never list different files.
import os
import re

NS3_DEPENDENCIES = ['internet', 'point-to-point', 'csma', 'applications',
                    'virtual-net-device', 'flow-monitor', 'wifi', 'mobility',
                    'internet-apps', 'lte']


def _read_cmake(here, path):
    """Returns the text of a CMake file without its comments."""
    with open(os.path.join(here, path)) as f:
        return re.sub(r'#[^\n]*', '', f.read())


def _cmake_list(here, path, name):
    """Returns the files of set(<name> ...) in a CMake file."""
    text = _read_cmake(here, path)
    match = re.search(r'set\(\s*' + re.escape(name) + r'\s+([^)]*)\)', text)
    if not match:
        raise RuntimeError('haaro: no set(%s ...) in %s' % (name, path))
    return match.group(1).split()


def _scenario_list(here, name):
    """Returns the files of set(<name> ...) in scenario/CMakeLists.txt, relative to here."""
    return [os.path.normpath(os.path.join('scenario', f))
            for f in _cmake_list(here, 'scenario/CMakeLists.txt', name)]


def _build_lib_example(block):
    """(name, [sources], links the scenario harness) of the arguments of one
    build_lib_example() call."""
    name = re.search(r'NAME\s+(\S+)', block).group(1)
    sources = re.search(r'SOURCE_FILES\s+(.*?)\s*(?:LIBRARIES_TO_LINK|HEADER_FILES|$)',
                        block, re.S).group(1).split()
    return name, sources, '${libhaaro-scenario}' in block


def _cmake_examples(here, path):
    """Returns (name, [sources], links the scenario harness) for each program a CMake file builds with build_lib_example():
    called directly, or inside a function(<f> <params>) (e.g. haaro_scenario(name ...)), once
    per call of <f> with ${<param>} replaced by the call's positional arguments."""
    text = _read_cmake(here, path)
    templates = {}  # function name -> (parameters, [(name, sources)])
    for fn, params, body in re.findall(
            r'\bfunction\(\s*([\w-]+)([^)]*)\)(.*?)\bendfunction\(\s*\)', text, re.S):
        programs = [_build_lib_example(b) for b in re.findall(r'\bbuild_lib_example\((.*?)\)',
                                                               body, re.S)]
        if programs:
            templates[fn] = (params.split(), programs)
    top = re.sub(r'\bfunction\(.*?\bendfunction\(\s*\)', '', text, flags=re.S)

    callee = '|'.join(['build_lib_example'] + [re.escape(fn) for fn in templates])
    examples = []
    for call in re.finditer(r'(?<![\w-])(' + callee + r')\((.*?)\)', top, re.S):
        fn, args = call.group(1), call.group(2)
        if fn == 'build_lib_example':
            examples.append(_build_lib_example(args))
            continue
        params, programs = templates[fn]
        values = dict(zip(params, args.split()))
        def expand(s):
            return re.sub(r'\$\{(\w+)\}', lambda m: values.get(m.group(1), m.group(0)), s)
        for name, sources, harness in programs:
            examples.append((expand(name), [expand(s) for s in sources], harness))
    for name, sources, _ in examples:
        if '${' in name + ''.join(sources):
            raise RuntimeError('haaro: cannot expand %s (%s) from %s' % (name, sources, path))
    return examples


def configure(conf):
    conf.check_cfg(package='libcrypto', args=['--cflags', '--libs'],
                   uselib_store='HAARO_CRYPTO', mandatory=True)
    conf.env.append_value('DEFINES', ['NS3_LOG_ENABLE', 'NS3_ASSERT_ENABLE'])
    # GoogleTest (Debian: libgtest-dev): the unit tests run as the ns-3 suite haaro-gtest.
    conf.env['HAARO_GTEST'] = conf.check_cxx(
        header_name='gtest/gtest.h', lib=['gtest', 'pthread'], uselib_store='HAARO_GTEST',
        msg='Checking for GoogleTest (haaro unit tests)', mandatory=False)


# Defined for every haaro target (not in conf.env, which would rebuild all of ns-3): a waf
# tree is ns-3.35 or older, whose Callback and Simulator::Schedule take no lambda
# (model/common/ns3-compat.h).
WAF_TREE = ['HAARO_NS3_WAF_TREE']


def build(bld):
    here = bld.path.abspath()
    module = bld.create_ns3_module('haaro', NS3_DEPENDENCIES)
    module.defines = list(WAF_TREE)
    module.source = _cmake_list(here, 'CMakeLists.txt', 'haaro_sources')
    module.use.append('HAARO_CRYPTO')

    # The scenario harness: a second module in this directory. ns-3 enables only the
    # modules it found (directory names) and drops what depends on others: enable it
    # together with haaro, and give it its module header (haaro-scenario-module.h).
    scenario = bld.create_ns3_module('haaro-scenario', ['haaro'] + NS3_DEPENDENCIES)
    scenario.source = _scenario_list(here, 'haaro_scenario_sources')
    # summary.json names the module version (CMake sets it on the results writer).
    with open(os.path.join(here, 'VERSION')) as f:
        scenario.defines = WAF_TREE + ['HAARO_VERSION="%s"' % f.readline().strip()]
    for key in ('NS3_CONTRIBUTED_MODULES', 'NS3_ENABLED_CONTRIBUTED_MODULES'):
        if 'ns3-haaro' in bld.env[key] and 'ns3-haaro-scenario' not in bld.env[key]:
            bld.env.append_value(key, ['ns3-haaro-scenario'])
    scenario_headers = bld(features='ns3header')
    scenario_headers.module = 'haaro-scenario'
    scenario_headers.source = _scenario_list(here, 'haaro_scenario_headers')
    scenario_header = bld(features='ns3moduleheader')
    scenario_header.module = 'haaro-scenario'
    scenario_test = bld.create_ns3_module_test_library('haaro-scenario')
    scenario_test.defines = list(WAF_TREE)
    scenario_test.source = _scenario_list(here, 'haaro_scenario_test_sources')

    module_test = bld.create_ns3_module_test_library('haaro')
    module_test.defines = list(WAF_TREE)
    module_test.source = _cmake_list(here, 'CMakeLists.txt', 'haaro_test_sources')
    if bld.env['HAARO_GTEST']:
        module_test.source += (_cmake_list(here, 'cmake/gtest.cmake', 'haaro_gtest_sources')
                               + _cmake_list(here, 'cmake/gtest.cmake', 'haaro_gtest_suite'))
        module_test.use.append('HAARO_GTEST')
        module_test.includes = ['test']

    headers = bld(features='ns3header')
    headers.module = 'haaro'
    headers.source = _cmake_list(here, 'CMakeLists.txt', 'haaro_headers')

    # haaro-print-introspection prints every attribute and trace source of the module's
    # TypeIds (doc/haaro-attributes.rst is its output; CMake builds: ./haaro doc).
    program = bld.create_ns3_program('haaro-print-introspection', ['haaro'])
    program.defines = list(WAF_TREE)
    program.source = ['utils/haaro-print-introspection.cc']

    if bld.env.ENABLE_EXAMPLES:
        for name, sources, scenario in _cmake_examples(here, 'examples/CMakeLists.txt'):
            harness = ['haaro-scenario'] if scenario else []
            program = bld.create_ns3_program(name, ['haaro'] + harness + NS3_DEPENDENCIES)
            program.defines = list(WAF_TREE)
            program.source = ['examples/' + s for s in sources]
