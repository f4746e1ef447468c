/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cm-event-store.h"

G_BEGIN_DECLS

/* What the user narrowed the events to: words to search for in title, place
 * and description (case and diacritics ignored: "mladic" finds "Mladić"),
 * and a category. Shared by the list, the timeline and the map. */

#define CM_TYPE_EVENT_FILTER (cm_event_filter_get_type ())
G_DECLARE_FINAL_TYPE (CmEventFilter, cm_event_filter, CM, EVENT_FILTER, GObject)

typedef enum
{
  CM_FILTER_CHANGE_DIFFERENT,
  CM_FILTER_CHANGE_LESS_STRICT,  /* matches at least what it matched */
  CM_FILTER_CHANGE_MORE_STRICT,  /* matches at most what it matched */
} CmFilterChange;

CmEventFilter *cm_event_filter_new           (void);

const char    *cm_event_filter_get_search    (CmEventFilter *self);
void           cm_event_filter_set_search    (CmEventFilter *self,
                                              const char    *search);
guint          cm_event_filter_get_category  (CmEventFilter *self);
void           cm_event_filter_set_category  (CmEventFilter *self,
                                              guint          category);

/* FALSE when every event matches. */
gboolean       cm_event_filter_is_active     (CmEventFilter *self);
gboolean       cm_event_filter_matches       (CmEventFilter *self,
                                              CmEventStore  *store,
                                              guint          position);

/* Lower case without diacritics (compatibility decomposition, marks
 * dropped, a few letters such as ł and đ mapped by hand). */
char          *cm_fold_text                  (const char    *text);
/* The same into @out, replacing its contents; @text is valid UTF-8. */
void           cm_fold_into                  (GString       *out,
                                              const char    *text);

/* The folded words of the search, NULL-terminated (empty: none). */
const char * const *cm_event_filter_get_tokens (CmEventFilter *self);

G_END_DECLS
