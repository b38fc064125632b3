/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "mip-tunnel-data-header.h"
