/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-format.h"

G_BEGIN_DECLS

/* Each format module defines one of these; cm-format.c lists them. */
extern const CmFormat cm_format_native;

/* Formats registered after the native one: each module adds its line
 * here ("&cm_format_timelinejs," …) together with its declaration. */
#define CM_FORMATS_MORE

G_END_DECLS
