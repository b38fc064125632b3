/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ip-in-ip-encapsulation.h"
