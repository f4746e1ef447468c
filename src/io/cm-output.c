/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-output"

#include "config.h"

#include "cm-output.h"

/* Writes @buffer out once it holds @threshold bytes (see cm-output.h). */
gboolean
cm_output_flush (GOutputStream *stream,
                 GString       *buffer,
                 gsize          threshold,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (buffer != NULL, FALSE);

  if (buffer->len < threshold || buffer->len == 0)
    return TRUE;

  if (!g_output_stream_write_all (stream, buffer->str, buffer->len, NULL, cancellable, error))
    return FALSE;

  g_string_truncate (buffer, 0);
  return TRUE;
}
