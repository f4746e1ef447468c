/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-format.h"

G_BEGIN_DECLS

/* Helpers shared by the iCalendar, GeoJSON and KML modules, which parse
 * whole files in memory through a library (libical, json-glib, libxml2). */

/* Reads all of @stream, refusing more than @limit bytes with
 * CM_FORMAT_ERROR_LIMIT ("@name: … larger than 64 MB"). The data is
 * NUL-terminated (the terminator is not counted in the size). */
GBytes  *_cm_format_read_all        (GInputStream    *stream,
                                     const char      *name,
                                     goffset          size,
                                     gsize            limit,
                                     CmProgressFunc   progress,
                                     gpointer         progress_data,
                                     GCancellable    *cancellable,
                                     GError         **error);

/* 1-based line and column (in characters) of byte @offset of @text. */
void     _cm_format_line_column     (const char      *text,
                                     gsize            offset,
                                     guint           *line,
                                     guint           *column);

/* Fails with "name:line:column: The file is not valid UTF-8" (or names a
 * NUL byte) at the first bad byte. */
gboolean _cm_format_check_utf8      (const char      *text,
                                     gsize            length,
                                     const char      *name,
                                     GError         **error);

/* The error of _cm_format_check_utf8() for the bad byte @bad of @text;
 * returns FALSE. */
gboolean _cm_format_set_encoding_error (const char  *text,
                                        const char  *bad,
                                        const char  *name,
                                        GError     **error);

/* The UTF-8 byte order mark at the start of @text, if any, is skipped. */
const char *_cm_format_skip_bom     (const char      *text,
                                     gsize           *length);

/* TRUE when @lat/@lon are finite WGS 84 degrees within range. */
gboolean _cm_format_valid_coordinates (double         lat,
                                       double         lon);

/* A category found or added by name (its id is the name), or CM_NONE for
 * NULL or empty names. @color is "#rrggbb" or NULL. */
guint    _cm_format_category_by_name (CmDocument     *document,
                                      const char     *name,
                                      const char     *color);

/* The one rule for an import that yields nothing: TRUE when @n_events > 0;
 * else FALSE with "name:line:column: No event could be read (first reason)"
 * when @report skipped some (@line, @column: where the first skipped one
 * starts, 0 when unknown), or "name:1:1: The file contains no events". */
gboolean _cm_format_check_usable     (const char     *name,
                                      guint           n_events,
                                      CmImportReport *report,
                                      guint           line,
                                      guint           column,
                                      GError        **error);

G_END_DECLS
