/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What every format writer shares: output gathered in memory and written
 * to the stream in big chunks. */

/* Buffered writing for the format writers: writes @buffer to @stream and
 * empties it once it holds @threshold bytes or more (0: always). */
gboolean    cm_output_flush        (GOutputStream *stream,
                                    GString       *buffer,
                                    gsize          threshold,
                                    GCancellable  *cancellable,
                                    GError       **error);

G_END_DECLS
