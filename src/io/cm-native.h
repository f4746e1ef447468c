/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-document.h"
#include "cm-file.h"
#include "cm-format-error.h"
#include "cm-output.h"

G_BEGIN_DECLS

/* The native format: JSON in *.chronomap files (see README.md). */

#define CM_NATIVE_FORMAT_VERSION 1
#define CM_NATIVE_MIME_TYPE "application/x-chronomap+json"

/* Parses a whole stream into a new document. @name (a file's display name)
 * starts every error message: "deauville.chronomap:12:30: Expected a string
 * for “title”". @size (or -1) drives the progress fraction. */
CmDocument *cm_native_load_stream (GInputStream   *stream,
                                   const char     *name,
                                   goffset         size,
                                   CmProgressFunc  progress,
                                   gpointer        progress_data,
                                   GCancellable   *cancellable,
                                   GError        **error);
CmDocument *cm_native_load_file   (GFile          *file,
                                   CmProgressFunc  progress,
                                   gpointer        progress_data,
                                   GCancellable   *cancellable,
                                   GError        **error);
CmDocument *cm_native_load_data   (const char     *data,
                                   gsize           length,
                                   const char     *name,
                                   GError        **error);

gboolean    cm_native_write       (CmDocument     *document,
                                   GOutputStream  *stream,
                                   GCancellable   *cancellable,
                                   GError        **error);

/* Atomic: the file is replaced only once everything has been written. */
gboolean    cm_native_save_file   (CmDocument     *document,
                                   GFile          *file,
                                   GCancellable   *cancellable,
                                   GError        **error);

G_END_DECLS
