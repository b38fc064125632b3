/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "return-routability-keys.h"
