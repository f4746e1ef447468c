/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <yajl/yajl_parse.h>

#include "cm-format.h"

G_BEGIN_DECLS

/* The JSON reader of the TimelineJS and GeoJSON formats: yajl's streaming
 * parser (which does not recurse, so no input can overflow the stack)
 * building json-glib nodes. The elements of one big top-level array
 * ("events", "features") are handed over one at a time and freed, so that
 * a million events never form one tree.
 *
 * What it checks, so that every JSON format sees exactly what it parses:
 * syntax (comments allowed, as json-glib allows them), nesting depth, text
 * that is valid UTF-8 without NUL characters after escapes are decoded,
 * numbers that fit. Errors are "name:line:column: message". */

#define CM_JSON_MAX_DEPTH 64

/* One element of the streamed array: @element is borrowed (freed after the
 * call); @line and @column (1-based, in characters) are where it starts.
 * Returns FALSE with @error set to stop reading. */
typedef gboolean (*CmJsonElementFunc) (JsonNode  *element,
                                       guint      index,
                                       guint      line,
                                       guint      column,
                                       gpointer   user_data,
                                       GError   **error);

/* Parses @text (@length bytes). When the root is an object whose member
 * @stream_member (nullable) is an array, its elements go to @func (NULL:
 * they are skipped without building them) and the member is left as an
 * empty array in the returned root. @progress (nullable) is told the
 * fraction of @text parsed, from @progress_start to 1. */
JsonNode *_cm_json_read (const char        *text,
                         gsize              length,
                         const char        *name,
                         const char        *stream_member,
                         CmJsonElementFunc  func,
                         gpointer           user_data,
                         CmProgressFunc     progress,
                         gpointer           progress_data,
                         double             progress_start,
                         GCancellable      *cancellable,
                         GError           **error);

/* What yajl says about the error it stopped at in @data (@length bytes),
 * without its "parse error: " or "lexical error: " prefix (also used by
 * the native reader). Free with g_free(). */
char     *_cm_json_syntax_message (yajl_handle          parser,
                                   const unsigned char *data,
                                   gsize                length);

G_END_DECLS
