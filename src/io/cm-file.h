/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-document.h"
#include "cm-format-error.h"

G_BEGIN_DECLS

/* Reading and writing files for every format: only regular files are
 * read, and writes are atomic. */

/* Called from the loading or saving thread, at most a few hundred times
 * per file. */
typedef void (*CmProgressFunc) (double   fraction,
                                gpointer user_data);

/* What a save writes to and who hears it: @progress (nullable) is called
 * from the saving thread with fractions from 0 to 1, at most a few hundred
 * times. */
typedef struct
{
  GOutputStream  *stream;
  CmProgressFunc  progress;
  gpointer        progress_data;
  GCancellable   *cancellable;
} CmSaveRequest;

typedef gboolean (*CmWriteFunc) (CmDocument           *document,
                                 const CmSaveRequest  *request,
                                 GError              **error);

/* The name of @file as messages show it: its parse name (a path or a
 * URI), only the base name for a resource. */
char             *cm_file_dup_display_name (GFile        *file);

/* FALSE with "name: … is not a regular file (a named pipe)" when @file is
 * a folder, a pipe, a device or a socket: reading those could block
 * forever or never end. A missing file passes (opening it then fails with
 * its own message). Does not open @file. */
gboolean          cm_file_check_regular  (GFile          *file,
                                          GCancellable   *cancellable,
                                          GError        **error);

/* Opens a regular file for reading; *@size (nullable) is its size or -1. */
GFileInputStream *cm_file_read           (GFile          *file,
                                          goffset        *size,
                                          GCancellable   *cancellable,
                                          GError        **error);

/* Writes @file with @write atomically: into a temporary file beside it,
 * named ".NAME.chronomap-save-PID-XXXXXX", renamed over @file once
 * everything has been written and synced. On failure @file is as it was
 * and the temporary file is gone. Temporary files of saves that were
 * killed (their process is gone, or they are over an hour old) are
 * removed from the folder first. Files without a local path fall back to
 * g_file_replace(). @progress (nullable) is @write's. */
gboolean          cm_document_write_file (CmDocument     *document,
                                          GFile          *file,
                                          CmWriteFunc     write,
                                          CmProgressFunc  progress,
                                          gpointer        progress_data,
                                          GCancellable   *cancellable,
                                          GError        **error);

/* The marker in the names of Chronomap's temporary files. */
#define CM_FILE_SAVE_MARKER ".chronomap-save-"

G_END_DECLS
