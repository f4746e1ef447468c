/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-event-store.h"

G_BEGIN_DECLS

typedef enum
{
  CM_GROUP_LANE,       /* a lane on the timeline */
  CM_GROUP_ITINERARY,  /* a lane that is also a route on the map, in time order */
} CmGroupKind;

typedef struct
{
  char   *id;
  char   *name;
  double  red, green, blue; /* 0..1 */
} CmCategory;

typedef struct
{
  char        *id;
  char        *name;
  CmGroupKind  kind;
} CmGroup;

#define CM_TYPE_DOCUMENT (cm_document_get_type ())
G_DECLARE_FINAL_TYPE (CmDocument, cm_document, CM, DOCUMENT, GObject)

CmDocument       *cm_document_new                 (void);

const char       *cm_document_get_title           (CmDocument  *self);
void              cm_document_set_title           (CmDocument  *self,
                                                   const char  *title);
const char       *cm_document_get_description     (CmDocument  *self);
void              cm_document_set_description     (CmDocument  *self,
                                                   const char  *description);

/* The file the document was loaded from or last saved to (nullable). */
/* Extra document fields for formats that have them (see cm-properties.h). */
const char       *cm_document_get_extras          (CmDocument  *self);
void              cm_document_set_extras          (CmDocument  *self,
                                                   const char  *extras);
char             *cm_document_dup_extra           (CmDocument  *self,
                                                   const char  *key);
void              cm_document_set_extra           (CmDocument  *self,
                                                   const char  *key,
                                                   const char  *value);

GFile            *cm_document_get_file            (CmDocument  *self);
void              cm_document_set_file            (CmDocument  *self,
                                                   GFile       *file);
/* Title for a window: the document title, else the file's display name,
 * else "Untitled". */
char             *cm_document_dup_display_name    (CmDocument  *self);

gboolean          cm_document_get_dirty           (CmDocument  *self);
void              cm_document_set_dirty           (CmDocument  *self,
                                                   gboolean     dirty);

CmEventStore     *cm_document_get_store           (CmDocument  *self);

guint             cm_document_get_n_categories    (CmDocument  *self);
const CmCategory *cm_document_get_category        (CmDocument  *self,
                                                   guint        index);
/* Index of the category with that id, or CM_NONE. */
guint             cm_document_find_category       (CmDocument  *self,
                                                   const char  *id);
/* Appends a category; returns its index. @color is "#rrggbb" (nullable:
 * a colour from the default palette). */
guint             cm_document_add_category        (CmDocument  *self,
                                                   const char  *id,
                                                   const char  *name,
                                                   const char  *color);

/* Editing the lists (each emits "changed"). Removing or inserting one
 * renumbers the events' categories or groups after it in the store; the
 * events of a removed one have none. @index == n appends. */
void              cm_document_insert_category     (CmDocument  *self,
                                                   guint        index,
                                                   const CmCategory *category);
void              cm_document_remove_category     (CmDocument  *self,
                                                   guint        index);
void              cm_document_set_category_name   (CmDocument  *self,
                                                   guint        index,
                                                   const char  *name);
void              cm_document_set_category_color  (CmDocument  *self,
                                                   guint        index,
                                                   double       red,
                                                   double       green,
                                                   double       blue);

guint             cm_document_get_n_groups        (CmDocument  *self);
const CmGroup    *cm_document_get_group           (CmDocument  *self,
                                                   guint        index);
guint             cm_document_find_group          (CmDocument  *self,
                                                   const char  *id);
guint             cm_document_add_group           (CmDocument  *self,
                                                   const char  *id,
                                                   const char  *name,
                                                   CmGroupKind  kind);

void              cm_document_insert_group        (CmDocument  *self,
                                                   guint        index,
                                                   const CmGroup *group);
void              cm_document_remove_group        (CmDocument  *self,
                                                   guint        index);
void              cm_document_set_group_name      (CmDocument  *self,
                                                   guint        index,
                                                   const char  *name);
void              cm_document_set_group_kind      (CmDocument  *self,
                                                   guint        index,
                                                   CmGroupKind  kind);

const char       *cm_group_kind_to_string         (CmGroupKind  kind);
gboolean          cm_group_kind_from_string       (const char  *text,
                                                   CmGroupKind *kind);
/* "#rrggbb" -> components; FALSE on bad syntax. */
gboolean          cm_color_parse                  (const char  *text,
                                                   double      *red,
                                                   double      *green,
                                                   double      *blue);
char             *cm_color_to_string              (double       red,
                                                   double       green,
                                                   double       blue);

/* Moves everything of @source (metadata, categories, groups, store, file,
 * dirty) into @self, which emits notifications and items-changed; @source
 * is left empty. Used to install a freshly loaded document in place. */
void              cm_document_take                (CmDocument  *self,
                                                   CmDocument  *source);

G_END_DECLS
