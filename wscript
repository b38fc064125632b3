# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-
#
# haaro for waf-era ns-3 trees (ns-3.35 and older): copy this directory to
# contrib/haaro and run ./waf configure --enable-examples --enable-tests && ./waf build.
#
# The source, header, test and example lists are read from CMakeLists.txt,
# cmake/gtest.cmake and examples/CMakeLists.txt, so that the two build systems can never
# list different files.
import os
import re

NS3_DEPENDENCIES = ['internet', 'point-to-point', 'csma', 'applications',
                    'virtual-net-device', 'flow-monitor']


def _cmake_list(here, path, name):
    """Returns the files of set(<name> ...) in a CMake file."""
    with open(os.path.join(here, path)) as f:
        text = f.read()
    match = re.search(r'set\(\s*' + re.escape(name) + r'\s+([^)]*)\)', text)
    if not match:
        raise RuntimeError('haaro: no set(%s ...) in %s' % (name, path))
    return match.group(1).split()


def _cmake_examples(here, path):
    """Returns (name, [sources]) for each build_lib_example() in a CMake file."""
    with open(os.path.join(here, path)) as f:
        text = f.read()
    examples = []
    for block in re.findall(r'build_lib_example\((.*?)\)', text, re.S):
        name = re.search(r'NAME\s+(\S+)', block).group(1)
        sources = re.search(r'SOURCE_FILES\s+(.*?)\s+(?:LIBRARIES_TO_LINK|HEADER_FILES|$)',
                            block, re.S).group(1).split()
        examples.append((name, sources))
    return examples


def configure(conf):
    conf.check_cfg(package='libcrypto', args=['--cflags', '--libs'],
                   uselib_store='HAARO_CRYPTO', mandatory=True)
    conf.env.append_value('DEFINES', ['NS3_LOG_ENABLE', 'NS3_ASSERT_ENABLE'])


def build(bld):
    here = bld.path.abspath()
    module = bld.create_ns3_module('haaro', NS3_DEPENDENCIES)
    module.source = _cmake_list(here, 'CMakeLists.txt', 'haaro_sources')
    module.use.append('HAARO_CRYPTO')

    module_test = bld.create_ns3_module_test_library('haaro')
    module_test.source = _cmake_list(here, 'CMakeLists.txt', 'haaro_test_sources')

    headers = bld(features='ns3header')
    headers.module = 'haaro'
    headers.source = _cmake_list(here, 'CMakeLists.txt', 'haaro_headers')

    if bld.env.ENABLE_EXAMPLES:
        for name, sources in _cmake_examples(here, 'examples/CMakeLists.txt'):
            program = bld.create_ns3_program(name, ['haaro'] + NS3_DEPENDENCIES)
            program.source = ['examples/' + s for s in sources]
