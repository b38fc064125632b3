/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \defgroup haaro Mobile IPv4 network mobility with HAARO
 *
 * The haaro module models NEMOv4 (Mobile IPv4 network mobility: RFC 5944 and RFC 5177)
 * with Home Agent-assisted Route Optimization (HAARO, RFC 6521) and RFC 3519 UDP
 * tunnelling through NATs: the wire formats, the security associations and return
 * routability, the tunnel layer, the Home Agent and Mobile Router applications, the route
 * optimizer, a NAT model, the virtual-operator topology and the scenario harness.
 * See doc/haaro.rst for the model documentation; doc/haaro-attributes.rst, which it
 * includes, lists every attribute and trace source, printed from the TypeIds by
 * utils/haaro-print-introspection.cc (./haaro doc).
 *
 * Every Doxygen group that a source of the module joins (ingroup) is defined in this
 * file; the ctest doc/doxygen-groups checks it.
 */

/**
 * \defgroup haaro-tests Tests of the haaro module
 * \ingroup haaro
 *
 * The ns-3 TestSuites of the module (the .cc files in test/: wire formats, NEMO, route
 * optimization, NAT traversal, security against an attacker, fuzzing after
 * authentication) and its GoogleTest unit tests (test/gtest/).
 */
