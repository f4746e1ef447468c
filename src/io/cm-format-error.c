/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-format"

#include "config.h"

#include "cm-format-error.h"

G_DEFINE_QUARK (cm-format-error-quark, cm_format_error)
