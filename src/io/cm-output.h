/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-file.h"

G_BEGIN_DECLS

/* What every format writer shares: output gathered in memory and written
 * to the stream in big chunks. */

/* How much a writer gathers before it writes to the stream. */
#define CM_OUTPUT_CHUNK (256 * 1024)

typedef struct
{
  GOutputStream *stream;
  GCancellable  *cancellable;
  GString       *buffer;        /* owned: what is not written yet */
  CmProgressFunc progress;      /* nullable */
  gpointer       progress_data;
  int            reported;      /* the last fraction told, in 1/1000, or -1 */
} CmOutput;

void        cm_output_init         (CmOutput      *output,
                                    GOutputStream *stream,
                                    GCancellable  *cancellable);
void        cm_output_clear        (CmOutput      *output);

void        cm_output_append       (CmOutput      *output,
                                    const char    *text);
void        cm_output_append_len   (CmOutput      *output,
                                    const char    *text,
                                    gssize         length);
void        cm_output_printf       (CmOutput      *output,
                                    const char    *format,
                                    ...) G_GNUC_PRINTF (2, 3);

/* Tells @output's progress that @done of @total items are written, when
 * that is at least 1/200 more than it last heard. */
void        cm_output_report       (CmOutput      *output,
                                    guint          done,
                                    guint          total);

/* Writes what is gathered once it makes a chunk (CM_OUTPUT_CHUNK). */
gboolean    cm_output_flush        (CmOutput      *output,
                                    GError       **error);
/* Writes everything gathered, at the end. */
gboolean    cm_output_finish       (CmOutput      *output,
                                    GError       **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CmOutput, cm_output_clear)

G_END_DECLS
