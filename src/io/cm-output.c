/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-output"

#include "config.h"

#include "cm-output.h"

/* Sets up @output to write to @stream, with room for one chunk. */
void
cm_output_init (CmOutput      *output,
                GOutputStream *stream,
                GCancellable  *cancellable)
{
  g_return_if_fail (output != NULL);
  g_return_if_fail (G_IS_OUTPUT_STREAM (stream));

  output->stream = stream;
  output->cancellable = cancellable;
  output->buffer = g_string_sized_new (CM_OUTPUT_CHUNK + 4096);
  output->progress = NULL;
  output->progress_data = NULL;
  output->reported = -1;
}

void
cm_output_report (CmOutput *output,
                  guint     done,
                  guint     total)
{
  int permille;

  g_return_if_fail (output != NULL);

  if (output->progress == NULL || total == 0)
    return;

  permille = (int) (MIN (done, total) * 1000.0 / total);
  if (output->reported >= 0 && permille < output->reported + 5 && permille < 1000)
    return;

  output->reported = permille;
  output->progress (permille / 1000.0, output->progress_data);
}

/* Frees what @output holds; what was not written is dropped. */
void
cm_output_clear (CmOutput *output)
{
  g_return_if_fail (output != NULL);

  if (output->buffer != NULL)
    g_string_free (output->buffer, TRUE);
  output->buffer = NULL;
  output->stream = NULL;
  output->cancellable = NULL;
}

/* Adds @text to what will be written. */
void
cm_output_append (CmOutput   *output,
                  const char *text)
{
  g_string_append (output->buffer, text);
}

/* Adds @length bytes of @text (-1: up to its NUL). */
void
cm_output_append_len (CmOutput   *output,
                      const char *text,
                      gssize      length)
{
  g_string_append_len (output->buffer, text, length);
}

/* Adds formatted text to what will be written. */
void
cm_output_printf (CmOutput   *output,
                  const char *format,
                  ...)
{
  va_list args;

  va_start (args, format);
  g_string_append_vprintf (output->buffer, format, args);
  va_end (args);
}

/* Writes the buffer out and empties it once it holds @threshold bytes. */
static gboolean
write_buffer (CmOutput  *output,
              gsize      threshold,
              GError   **error)
{
  GString *buffer = output->buffer;

  if (buffer->len < threshold || buffer->len == 0)
    return TRUE;

  if (!g_output_stream_write_all (output->stream, buffer->str, buffer->len, NULL,
                                  output->cancellable, error))
    return FALSE;

  g_string_truncate (buffer, 0);
  return TRUE;
}

/* Writes a full chunk out (see cm-output.h). */
gboolean
cm_output_flush (CmOutput  *output,
                 GError   **error)
{
  g_return_val_if_fail (output != NULL && output->buffer != NULL, FALSE);

  return write_buffer (output, CM_OUTPUT_CHUNK, error);
}

/* Writes all that is left (see cm-output.h). */
gboolean
cm_output_finish (CmOutput  *output,
                  GError   **error)
{
  g_return_val_if_fail (output != NULL && output->buffer != NULL, FALSE);

  return write_buffer (output, 0, error);
}
