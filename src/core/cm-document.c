/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-document"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cm-document.h"
#include "cm-properties.h"

struct _CmDocument
{
  GObject       parent_instance;

  char         *title;
  char         *description;
  char         *extras;      /* see cm-properties.h */
  GFile        *file;
  CmEventStore *store;
  GArray       *categories; /* CmCategory */
  GArray       *groups;     /* CmGroup */
  guint         dirty : 1;
};

enum {
  PROP_0,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_FILE,
  PROP_DIRTY,
  PROP_STORE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CmDocument, cm_document, G_TYPE_OBJECT)

/* GNOME palette: blue, green, yellow, orange, red, purple, brown, teal. */
static const char * const palette[] = {
  "#3584e4", "#33d17a", "#f6d32d", "#ff7800",
  "#e01b24", "#9141ac", "#986a44", "#2190a4",
};

static void
clear_category (gpointer data)
{
  CmCategory *category = data;

  g_clear_pointer (&category->id, g_free);
  g_clear_pointer (&category->name, g_free);
}

static void
clear_group (gpointer data)
{
  CmGroup *group = data;

  g_clear_pointer (&group->id, g_free);
  g_clear_pointer (&group->name, g_free);
}

static void
cm_document_dispose (GObject *object)
{
  CmDocument *self = (CmDocument *)object;

  g_clear_object (&self->file);

  G_OBJECT_CLASS (cm_document_parent_class)->dispose (object);
}

static void
cm_document_finalize (GObject *object)
{
  CmDocument *self = (CmDocument *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->extras, g_free);
  g_clear_pointer (&self->categories, g_array_unref);
  g_clear_pointer (&self->groups, g_array_unref);

  G_OBJECT_CLASS (cm_document_parent_class)->finalize (object);
}

static void
cm_document_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CmDocument *self = CM_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_DIRTY:
      g_value_set_boolean (value, self->dirty);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_document_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CmDocument *self = CM_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      cm_document_set_title (self, g_value_get_string (value));
      break;

    case PROP_DESCRIPTION:
      cm_document_set_description (self, g_value_get_string (value));
      break;

    case PROP_FILE:
      cm_document_set_file (self, g_value_get_object (value));
      break;

    case PROP_DIRTY:
      cm_document_set_dirty (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_document_class_init (CmDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cm_document_dispose;
  object_class->finalize = cm_document_finalize;
  object_class->get_property = cm_document_get_property;
  object_class->set_property = cm_document_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DIRTY] =
    g_param_spec_boolean ("dirty", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CM_TYPE_EVENT_STORE,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CmDocument::changed:
   *
   * Categories, groups or metadata were replaced (after cm_document_take()
   * or an edit of the lists).
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
cm_document_init (CmDocument *self)
{
  self->store = cm_event_store_new ();
  self->categories = g_array_new (FALSE, TRUE, sizeof (CmCategory));
  g_array_set_clear_func (self->categories, clear_category);
  self->groups = g_array_new (FALSE, TRUE, sizeof (CmGroup));
  g_array_set_clear_func (self->groups, clear_group);
}

CmDocument *
cm_document_new (void)
{
  return g_object_new (CM_TYPE_DOCUMENT, NULL);
}

const char *
cm_document_get_title (CmDocument *self)
{
  g_return_val_if_fail (CM_IS_DOCUMENT (self), NULL);
  return self->title;
}

void
cm_document_set_title (CmDocument *self,
                       const char *title)
{
  g_return_if_fail (CM_IS_DOCUMENT (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
cm_document_get_description (CmDocument *self)
{
  g_return_val_if_fail (CM_IS_DOCUMENT (self), NULL);
  return self->description;
}

void
cm_document_set_description (CmDocument *self,
                             const char *description)
{
  g_return_if_fail (CM_IS_DOCUMENT (self));

  if (g_strcmp0 (self->description, description) == 0)
    return;

  g_free (self->description);
  self->description = g_strdup (description);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

const char *
cm_document_get_extras (CmDocument *self)
{
  g_return_val_if_fail (CM_IS_DOCUMENT (self), NULL);
  return self->extras;
}

void
cm_document_set_extras (CmDocument *self,
                        const char *extras)
{
  g_return_if_fail (CM_IS_DOCUMENT (self));

  if (extras == self->extras)
    return;

  g_free (self->extras);
  self->extras = extras && *extras ? g_strdup (extras) : NULL;
}

char *
cm_document_dup_extra (CmDocument *self,
                       const char *key)
{
  g_return_val_if_fail (CM_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return cm_properties_get (self->extras, key);
}

void
cm_document_set_extra (CmDocument *self,
                       const char *key,
                       const char *value)
{
  char *extras;

  g_return_if_fail (CM_IS_DOCUMENT (self));
  g_return_if_fail (key != NULL);

  extras = cm_properties_set (self->extras, key, value);
  g_free (self->extras);
  self->extras = extras;
}

GFile *
cm_document_get_file (CmDocument *self)
{
  g_return_val_if_fail (CM_IS_DOCUMENT (self), NULL);
  return self->file;
}

void
cm_document_set_file (CmDocument *self,
                      GFile      *file)
{
  g_return_if_fail (CM_IS_DOCUMENT (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

char *
cm_document_dup_display_name (CmDocument *self)
{
  g_return_val_if_fail (CM_IS_DOCUMENT (self), NULL);

  if (self->title != NULL && self->title[0] != '\0')
    return g_strdup (self->title);

  if (self->file != NULL && !g_file_has_uri_scheme (self->file, "resource"))
    {
      g_autofree char *basename = g_file_get_basename (self->file);

      if (basename != NULL)
        return g_filename_display_name (basename);
    }

  return g_strdup (_("Untitled"));
}

gboolean
cm_document_get_dirty (CmDocument *self)
{
  g_return_val_if_fail (CM_IS_DOCUMENT (self), FALSE);
  return self->dirty;
}

void
cm_document_set_dirty (CmDocument *self,
                       gboolean    dirty)
{
  g_return_if_fail (CM_IS_DOCUMENT (self));

  dirty = !!dirty;
  if (self->dirty == dirty)
    return;

  self->dirty = dirty;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
}

CmEventStore *
cm_document_get_store (CmDocument *self)
{
  g_return_val_if_fail (CM_IS_DOCUMENT (self), NULL);
  return self->store;
}

guint
cm_document_get_n_categories (CmDocument *self)
{
  g_return_val_if_fail (CM_IS_DOCUMENT (self), 0);
  return self->categories->len;
}

const CmCategory *
cm_document_get_category (CmDocument *self,
                          guint       index)
{
  g_return_val_if_fail (CM_IS_DOCUMENT (self), NULL);

  if (index >= self->categories->len)
    return NULL;

  return &g_array_index (self->categories, CmCategory, index);
}

guint
cm_document_find_category (CmDocument *self,
                           const char *id)
{
  g_return_val_if_fail (CM_IS_DOCUMENT (self), CM_NONE);

  if (id == NULL)
    return CM_NONE;

  for (guint i = 0; i < self->categories->len; i++)
    if (g_strcmp0 (g_array_index (self->categories, CmCategory, i).id, id) == 0)
      return i;

  return CM_NONE;
}

guint
cm_document_add_category (CmDocument *self,
                          const char *id,
                          const char *name,
                          const char *color)
{
  CmCategory category = { 0 };

  g_return_val_if_fail (CM_IS_DOCUMENT (self), CM_NONE);
  g_return_val_if_fail (id != NULL, CM_NONE);

  if (color == NULL || !cm_color_parse (color, &category.red, &category.green, &category.blue))
    cm_color_parse (palette[self->categories->len % G_N_ELEMENTS (palette)],
                    &category.red, &category.green, &category.blue);

  category.id = g_strdup (id);
  category.name = g_strdup (name ? name : id);
  g_array_append_val (self->categories, category);

  return self->categories->len - 1;
}

guint
cm_document_get_n_groups (CmDocument *self)
{
  g_return_val_if_fail (CM_IS_DOCUMENT (self), 0);
  return self->groups->len;
}

const CmGroup *
cm_document_get_group (CmDocument *self,
                       guint       index)
{
  g_return_val_if_fail (CM_IS_DOCUMENT (self), NULL);

  if (index >= self->groups->len)
    return NULL;

  return &g_array_index (self->groups, CmGroup, index);
}

guint
cm_document_find_group (CmDocument *self,
                        const char *id)
{
  g_return_val_if_fail (CM_IS_DOCUMENT (self), CM_NONE);

  if (id == NULL)
    return CM_NONE;

  for (guint i = 0; i < self->groups->len; i++)
    if (g_strcmp0 (g_array_index (self->groups, CmGroup, i).id, id) == 0)
      return i;

  return CM_NONE;
}

guint
cm_document_add_group (CmDocument  *self,
                       const char  *id,
                       const char  *name,
                       CmGroupKind  kind)
{
  CmGroup group = { 0 };

  g_return_val_if_fail (CM_IS_DOCUMENT (self), CM_NONE);
  g_return_val_if_fail (id != NULL, CM_NONE);

  group.id = g_strdup (id);
  group.name = g_strdup (name ? name : id);
  group.kind = kind;
  g_array_append_val (self->groups, group);

  return self->groups->len - 1;
}

static void
emit_changed (CmDocument *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

void
cm_document_insert_category (CmDocument       *self,
                             guint             index,
                             const CmCategory *category)
{
  CmCategory copy;

  g_return_if_fail (CM_IS_DOCUMENT (self));
  g_return_if_fail (index <= self->categories->len);
  g_return_if_fail (category != NULL && category->id != NULL);

  copy = *category;
  copy.id = g_strdup (category->id);
  copy.name = g_strdup (category->name ? category->name : category->id);
  g_array_insert_val (self->categories, index, copy);
  if (index + 1 < self->categories->len)
    cm_event_store_renumber_categories (self->store, index, 1);
  emit_changed (self);
}

void
cm_document_remove_category (CmDocument *self,
                             guint       index)
{
  g_return_if_fail (CM_IS_DOCUMENT (self));
  g_return_if_fail (index < self->categories->len);

  g_array_remove_index (self->categories, index);
  cm_event_store_renumber_categories (self->store, index, -1);
  emit_changed (self);
}

void
cm_document_set_category_name (CmDocument *self,
                               guint       index,
                               const char *name)
{
  CmCategory *category;

  g_return_if_fail (CM_IS_DOCUMENT (self));
  g_return_if_fail (index < self->categories->len);
  g_return_if_fail (name != NULL);

  category = &g_array_index (self->categories, CmCategory, index);
  if (g_strcmp0 (category->name, name) == 0)
    return;

  g_free (category->name);
  category->name = g_strdup (name);
  emit_changed (self);
}

void
cm_document_set_category_color (CmDocument *self,
                                guint       index,
                                double      red,
                                double      green,
                                double      blue)
{
  CmCategory *category;

  g_return_if_fail (CM_IS_DOCUMENT (self));
  g_return_if_fail (index < self->categories->len);

  category = &g_array_index (self->categories, CmCategory, index);
  if (category->red == red && category->green == green && category->blue == blue)
    return;

  category->red = red;
  category->green = green;
  category->blue = blue;
  emit_changed (self);
}

void
cm_document_insert_group (CmDocument    *self,
                          guint          index,
                          const CmGroup *group)
{
  CmGroup copy;

  g_return_if_fail (CM_IS_DOCUMENT (self));
  g_return_if_fail (index <= self->groups->len);
  g_return_if_fail (group != NULL && group->id != NULL);

  copy = *group;
  copy.id = g_strdup (group->id);
  copy.name = g_strdup (group->name ? group->name : group->id);
  g_array_insert_val (self->groups, index, copy);
  if (index + 1 < self->groups->len)
    cm_event_store_renumber_groups (self->store, index, 1);
  emit_changed (self);
}

void
cm_document_remove_group (CmDocument *self,
                          guint       index)
{
  g_return_if_fail (CM_IS_DOCUMENT (self));
  g_return_if_fail (index < self->groups->len);

  g_array_remove_index (self->groups, index);
  cm_event_store_renumber_groups (self->store, index, -1);
  emit_changed (self);
}

void
cm_document_set_group_name (CmDocument *self,
                            guint       index,
                            const char *name)
{
  CmGroup *group;

  g_return_if_fail (CM_IS_DOCUMENT (self));
  g_return_if_fail (index < self->groups->len);
  g_return_if_fail (name != NULL);

  group = &g_array_index (self->groups, CmGroup, index);
  if (g_strcmp0 (group->name, name) == 0)
    return;

  g_free (group->name);
  group->name = g_strdup (name);
  emit_changed (self);
}

void
cm_document_set_group_kind (CmDocument  *self,
                            guint        index,
                            CmGroupKind  kind)
{
  CmGroup *group;

  g_return_if_fail (CM_IS_DOCUMENT (self));
  g_return_if_fail (index < self->groups->len);

  group = &g_array_index (self->groups, CmGroup, index);
  if (group->kind == kind)
    return;

  group->kind = kind;
  emit_changed (self);
}

const char *
cm_group_kind_to_string (CmGroupKind kind)
{
  switch (kind)
    {
    case CM_GROUP_ITINERARY:
      return "itinerary";

    case CM_GROUP_LANE:
    default:
      return "lane";
    }
}

gboolean
cm_group_kind_from_string (const char  *text,
                           CmGroupKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  if (g_strcmp0 (text, "lane") == 0)
    *kind = CM_GROUP_LANE;
  else if (g_strcmp0 (text, "itinerary") == 0)
    *kind = CM_GROUP_ITINERARY;
  else
    return FALSE;

  return TRUE;
}

gboolean
cm_color_parse (const char *text,
                double     *red,
                double     *green,
                double     *blue)
{
  guint value = 0;

  if (text == NULL || text[0] != '#' || strlen (text) != 7)
    return FALSE;

  for (guint i = 1; i < 7; i++)
    {
      int digit = g_ascii_xdigit_value (text[i]);

      if (digit < 0)
        return FALSE;
      value = value * 16 + (guint) digit;
    }

  *red = ((value >> 16) & 0xff) / 255.0;
  *green = ((value >> 8) & 0xff) / 255.0;
  *blue = (value & 0xff) / 255.0;

  return TRUE;
}

char *
cm_color_to_string (double red,
                    double green,
                    double blue)
{
  return g_strdup_printf ("#%02x%02x%02x",
                          (guint) (CLAMP (red, 0.0, 1.0) * 255.0 + 0.5),
                          (guint) (CLAMP (green, 0.0, 1.0) * 255.0 + 0.5),
                          (guint) (CLAMP (blue, 0.0, 1.0) * 255.0 + 0.5));
}

void
cm_document_take (CmDocument *self,
                  CmDocument *source)
{
  g_autoptr(GArray) old_categories = NULL;
  g_autoptr(GArray) old_groups = NULL;

  g_return_if_fail (CM_IS_DOCUMENT (self));
  g_return_if_fail (CM_IS_DOCUMENT (source));
  g_return_if_fail (self != source);

  g_object_freeze_notify (G_OBJECT (self));

  cm_document_set_title (self, source->title);
  cm_document_set_description (self, source->description);
  cm_document_set_extras (self, source->extras);
  cm_document_set_file (self, source->file);
  cm_document_set_dirty (self, source->dirty);

  old_categories = g_steal_pointer (&self->categories);
  self->categories = g_steal_pointer (&source->categories);
  source->categories = g_array_new (FALSE, TRUE, sizeof (CmCategory));
  g_array_set_clear_func (source->categories, clear_category);

  old_groups = g_steal_pointer (&self->groups);
  self->groups = g_steal_pointer (&source->groups);
  source->groups = g_array_new (FALSE, TRUE, sizeof (CmGroup));
  g_array_set_clear_func (source->groups, clear_group);

  g_object_thaw_notify (G_OBJECT (self));

  /* The store object stays the same (views hold it): its contents move. */
  cm_event_store_take_events (self->store, source->store);

  emit_changed (self);
}
