/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "udp-tunnel-extensions.h"
