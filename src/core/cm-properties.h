/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Extra text fields an event or a document keeps for the formats that have
 * them (a TimelineJS media URL and caption, a display date, a background
 * colour, a KML style…), so that they survive a round trip. Encoded as one
 * string "key\x1Fvalue\x1E…" that a store keeps in its string pool; keys
 * and values are UTF-8 without the characters U+001E and U+001F (removed
 * when set). NULL is the empty set. */

/* A new encoding with @key set to @value (NULL removes it). */
char       *cm_properties_set   (const char  *properties,
                                 const char  *key,
                                 const char  *value);
/* Appends one pair to an encoding being built (keys are not checked for
 * duplicates: for readers that meet each key once). @value_length may be
 * -1 for a NUL-terminated value. An empty value adds nothing. */
void        cm_properties_append (GString     *properties,
                                  const char  *key,
                                  const char  *value,
                                  gssize       value_length);
/* The value of @key (newly allocated), or NULL. */
char       *cm_properties_get   (const char  *properties,
                                 const char  *key);
/* Walks the pairs: start with *@iter = @properties; FALSE at the end. */
gboolean    cm_properties_next  (const char **iter,
                                 char       **key,
                                 char       **value);
guint       cm_properties_count (const char  *properties);

G_END_DECLS
