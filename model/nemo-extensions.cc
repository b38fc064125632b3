/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "nemo-extensions.h"
