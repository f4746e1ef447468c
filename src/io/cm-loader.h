/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-document.h"
#include "cm-format.h"

G_BEGIN_DECLS

/* Loads or saves a document in a worker thread, reporting progress on the
 * main thread through the "fraction" property (0..1). One at a time. */

#define CM_TYPE_LOADER (cm_loader_get_type ())
G_DECLARE_FINAL_TYPE (CmLoader, cm_loader, CM, LOADER, GObject)

CmLoader   *cm_loader_new          (void);
double      cm_loader_get_fraction (CmLoader            *self);
gboolean    cm_loader_get_busy     (CmLoader            *self);

void        cm_loader_load_async   (CmLoader            *self,
                                    GFile               *file,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
/* @format NULL: detected from the content; @mapping: for generic CSV. */
void        cm_loader_load_format_async (CmLoader            *self,
                                         GFile               *file,
                                         const CmFormat      *format,
                                         const CmCsvMapping  *mapping,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* (transfer full): a new document with its file set and not dirty. */
CmDocument *cm_loader_load_finish  (CmLoader            *self,
                                    GAsyncResult        *result,
                                    GError             **error);
/* Also gives what the load skipped (transfer full, nullable). */
CmDocument *cm_loader_load_finish_full (CmLoader        *self,
                                        GAsyncResult    *result,
                                        CmImportReport **report,
                                        GError         **error);

/* Writes @document to @file atomically in @format (NULL: by the file's
 * extension, else native). Nothing may change @document until it ends. */
void        cm_loader_save_async   (CmLoader            *self,
                                    CmDocument          *document,
                                    GFile               *file,
                                    const CmFormat      *format,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean    cm_loader_save_finish  (CmLoader            *self,
                                    GAsyncResult        *result,
                                    GError             **error);

G_END_DECLS
