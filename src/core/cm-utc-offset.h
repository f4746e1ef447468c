/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* UTC offsets as text: the one parser and the one formatter of every
 * format. Offsets are minutes east of UTC, within ±CM_UTC_OFFSET_MAX
 * (cm-time.h). */

/* "+HH:MM" and its NUL terminator. */
#define CM_UTC_OFFSET_FORMAT_SIZE 8

/* Reads "Z", "UTC" (either case) or a sign and hours with optional
 * minutes: "+02", "+0200", "+02:00", "-05:30", each optionally after
 * "UTC" ("UTC+02:00"). @length: bytes of @text, or -1 when it is
 * NUL-terminated. FALSE (and *@minutes untouched) for anything else,
 * minutes over 59 or offsets beyond CM_UTC_OFFSET_MAX. */
gboolean cm_utc_offset_parse  (const char *text,
                               gssize      length,
                               int        *minutes);

/* Writes "+HH:MM" ("-05:30", "+00:00") into @buffer; "" for
 * CM_UTC_OFFSET_NONE. */
void     cm_utc_offset_format (int         minutes,
                               char        buffer[CM_UTC_OFFSET_FORMAT_SIZE]);

G_END_DECLS
