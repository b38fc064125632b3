/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "prefix-advertisement-extension.h"
