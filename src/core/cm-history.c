/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-history"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "cm-history.h"
#include "cm-history-private.h"

typedef struct
{
  char      *name;      /* nullable: the first edit's */
  GPtrArray *edits;     /* CmEdit, in the order they were made */
} Step;

struct _CmHistory
{
  GObject     parent_instance;

  CmDocument *document;
  GPtrArray  *steps;    /* Step */
  guint       position; /* steps[0, position) are done */
  guint       clean;    /* position of the saved state, or CM_NONE */
  Step       *open;     /* the open group's step, already in steps */
  guint       depth;
  char       *open_name;
  guint       applying : 1;
  guint       last_event; /* of the last undo or redo */

  /* What was last notified. */
  gboolean    can_undo;
  gboolean    can_redo;
  char       *undo_name;
  char       *redo_name;
};

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_UNDO_NAME,
  PROP_REDO_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CmHistory, cm_history, G_TYPE_OBJECT)

static void
step_free (gpointer data)
{
  Step *step = data;

  g_free (step->name);
  g_ptr_array_unref (step->edits);
  g_free (step);
}

static const char *
step_name (Step *step)
{
  if (step->name != NULL)
    return step->name;
  if (step->edits->len > 0)
    return ((CmEdit *) g_ptr_array_index (step->edits, 0))->name;
  return NULL;
}

static CmEventStore *
get_store (CmHistory *self)
{
  return cm_document_get_store (self->document);
}

/* State and notifications */

static void
update_state (CmHistory *self)
{
  gboolean can_undo = self->position > 0;
  gboolean can_redo = self->position < self->steps->len;
  const char *undo_name = can_undo ? step_name (g_ptr_array_index (self->steps, self->position - 1)) : NULL;
  const char *redo_name = can_redo ? step_name (g_ptr_array_index (self->steps, self->position)) : NULL;

  g_object_freeze_notify (G_OBJECT (self));

  if (self->can_undo != can_undo)
    {
      self->can_undo = can_undo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
    }
  if (self->can_redo != can_redo)
    {
      self->can_redo = can_redo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }
  if (g_strcmp0 (self->undo_name, undo_name) != 0)
    {
      g_free (self->undo_name);
      self->undo_name = g_strdup (undo_name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNDO_NAME]);
    }
  if (g_strcmp0 (self->redo_name, redo_name) != 0)
    {
      g_free (self->redo_name);
      self->redo_name = g_strdup (redo_name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REDO_NAME]);
    }

  g_object_thaw_notify (G_OBJECT (self));

  self->applying = TRUE;
  cm_document_set_dirty (self->document, self->position != self->clean);
  self->applying = FALSE;
}

static void
document_dirty_cb (CmHistory  *self,
                   GParamSpec *pspec,
                   CmDocument *document)
{
  g_assert (CM_IS_HISTORY (self));

  /* Saved elsewhere (the window): this is the clean point now. */
  if (!self->applying && !cm_document_get_dirty (document))
    self->clean = self->position;
}

/* Applying edits */

/* Records @edit, already applied, as a step of its own or in the open
 * group's; the steps that could have been redone are dropped. */
static void
push_edit (CmHistory *self,
           CmEdit      *edit)
{
  Step *step = self->open;

  if (step == NULL || self->position == 0
      || g_ptr_array_index (self->steps, self->position - 1) != step)
    {
      if (self->clean != CM_NONE && self->clean > self->position)
        self->clean = CM_NONE;
      g_ptr_array_set_size (self->steps, self->position);

      step = g_new0 (Step, 1);
      step->edits = g_ptr_array_new_with_free_func (_cm_edit_free);
      g_ptr_array_add (self->steps, step);
      self->position++;

      if (self->depth > 0)
        {
          step->name = g_strdup (self->open_name);
          self->open = step;
        }
    }

  g_ptr_array_add (step->edits, edit);
  update_state (self);
}

void
_cm_history_push_edit (CmHistory *self,
                       CmEdit    *edit)
{
  g_assert (CM_IS_HISTORY (self));

  push_edit (self, edit);
}

/* The open group's last edit, when it changed the event @serial. */
static CmEdit *
last_change_of (CmHistory *self,
                guint      serial)
{
  CmEdit *last;

  if (self->open == NULL || self->open->edits->len == 0 || self->position == 0
      || g_ptr_array_index (self->steps, self->position - 1) != self->open)
    return NULL;

  last = g_ptr_array_index (self->open->edits, self->open->edits->len - 1);
  if (last->kind != CM_EDIT_CHANGE || g_array_index (last->events, CmEventCopy, 0).serial != serial)
    return NULL;

  return last;
}

/* Public edits */

guint
cm_history_insert_event (CmHistory         *self,
                         const CmEventData *data)
{
  CmEventStore *store;
  CmEdit *edit;
  guint serial;

  g_return_val_if_fail (CM_IS_HISTORY (self), CM_NONE);
  g_return_val_if_fail (data != NULL, CM_NONE);

  store = get_store (self);
  edit = _cm_edit_new (CM_EDIT_INSERT);
  _cm_edit_add_event (edit, 0, data);
  serial = cm_event_store_get_serial (store, cm_event_store_insert (store, data));
  g_array_index (edit->events, CmEventCopy, 0).serial = serial;
  edit->name = g_strdup_printf (_("Add “%s”"), data->title ? data->title : "");
  push_edit (self, edit);

  return serial;
}

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

void
cm_history_delete_events (CmHistory   *self,
                          const guint *serials,
                          guint        n_serials)
{
  g_autoptr(GArray) positions = NULL;
  CmEventStore *store;
  CmEdit *edit;

  g_return_if_fail (CM_IS_HISTORY (self));
  g_return_if_fail (serials != NULL || n_serials == 0);

  store = get_store (self);
  positions = g_array_sized_new (FALSE, FALSE, sizeof (guint), n_serials);
  for (guint i = 0; i < n_serials; i++)
    {
      guint position = cm_event_store_find_serial (store, serials[i]);

      if (position != CM_NONE)
        g_array_append_val (positions, position);
    }
  g_array_sort (positions, compare_positions);

  /* In the store's order, each once. */
  edit = _cm_edit_new (CM_EDIT_DELETE);
  for (guint i = 0; i < positions->len; i++)
    {
      guint position = g_array_index (positions, guint, i);
      CmEventData data;

      if (i > 0 && position == g_array_index (positions, guint, i - 1))
        continue;
      cm_event_store_get_data (store, position, &data);
      _cm_edit_add_event (edit, cm_event_store_get_serial (store, position), &data);
    }

  if (edit->events->len == 0)
    {
      _cm_edit_free (edit);
      return;
    }
  _cm_edit_take_events (edit, get_store (self));

  if (edit->events->len == 1)
    edit->name = g_strdup_printf (_("Delete “%s”"), g_array_index (edit->events, CmEventCopy, 0).data.title);
  else
    edit->name = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Delete %u Event", "Delete %u Events",
                                               edit->events->len),
                                  edit->events->len);
  push_edit (self, edit);
}

gboolean
cm_history_change_event (CmHistory         *self,
                         guint              serial,
                         const CmEventData *data)
{
  CmEventStore *store;
  CmEventData before, after;
  guint position;
  CmEdit *edit;

  g_return_val_if_fail (CM_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  store = get_store (self);
  position = cm_event_store_find_serial (store, serial);
  if (position == CM_NONE)
    return FALSE;

  /* As the store keeps it: an end not after the start is none, and so
   * are coordinates without both numbers. */
  after = *data;
  if (after.end != CM_TIME_INVALID && after.end <= after.start)
    after.end = CM_TIME_INVALID;
  if (!isfinite (after.lat) || !isfinite (after.lon))
    after.lat = after.lon = NAN;

  cm_event_store_get_data (store, position, &before);
  if (_cm_edit_data_equal (&before, &after))
    return FALSE;

  /* A drag: one change from where it began to where it is. */
  edit = last_change_of (self, serial);
  if (edit != NULL)
    {
      g_array_remove_index (edit->events, 1);
      _cm_edit_add_event (edit, serial, &after);
      cm_event_store_replace (store, position, &g_array_index (edit->events, CmEventCopy, 1).data);
      g_free (edit->name);
      edit->name = _cm_edit_name_change (&g_array_index (edit->events, CmEventCopy, 0).data,
                                &g_array_index (edit->events, CmEventCopy, 1).data);
      update_state (self);
      return TRUE;
    }

  edit = _cm_edit_new (CM_EDIT_CHANGE);
  _cm_edit_add_event (edit, serial, &before);
  _cm_edit_add_event (edit, serial, &after);
  edit->name = _cm_edit_name_change (&before, &after);
  cm_event_store_replace (store, position, &g_array_index (edit->events, CmEventCopy, 1).data);
  push_edit (self, edit);

  return TRUE;
}

gboolean
cm_history_move_event (CmHistory *self,
                       guint      serial,
                       CmTime     start)
{
  CmEventStore *store;
  CmEventData data;
  guint position;

  g_return_val_if_fail (CM_IS_HISTORY (self), FALSE);

  store = get_store (self);
  position = cm_event_store_find_serial (store, serial);
  if (position == CM_NONE)
    return FALSE;

  cm_event_store_get_data (store, position, &data);
  if (data.end != CM_TIME_INVALID)
    data.end += start - data.start;
  data.start = start;

  return cm_history_change_event (self, serial, &data);
}

guint
cm_history_add_category (CmHistory  *self,
                         const char *id,
                         const char *name,
                         const char *color)
{
  guint index;
  CmEdit *edit;

  g_return_val_if_fail (CM_IS_HISTORY (self), CM_NONE);
  g_return_val_if_fail (id != NULL, CM_NONE);

  index = cm_document_add_category (self->document, id, name, color);
  g_signal_emit_by_name (self->document, "changed");

  edit = _cm_edit_new (CM_EDIT_CATEGORY_INSERT);
  edit->index = index;
  _cm_edit_copy_category (&edit->category, cm_document_get_category (self->document, index));
  edit->name = g_strdup_printf (_("Add Category “%s”"), edit->category.name);
  push_edit (self, edit);

  return index;
}

/* The serials of the events in category (or group) @index. */
static GArray *
find_members (CmHistory *self,
              gboolean   groups,
              guint      index)
{
  CmEventStore *store = get_store (self);
  guint n = cm_event_store_get_n_events (store);
  GArray *serials = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < n; i++)
    {
      guint value = groups ? cm_event_store_get_group (store, i) : cm_event_store_get_category (store, i);

      if (value == index)
        {
          guint serial = cm_event_store_get_serial (store, i);
          g_array_append_val (serials, serial);
        }
    }

  return serials;
}

void
cm_history_remove_category (CmHistory *self,
                            guint      index)
{
  CmEdit *edit;

  g_return_if_fail (CM_IS_HISTORY (self));
  g_return_if_fail (index < cm_document_get_n_categories (self->document));

  edit = _cm_edit_new (CM_EDIT_CATEGORY_REMOVE);
  edit->index = index;
  _cm_edit_copy_category (&edit->category, cm_document_get_category (self->document, index));
  edit->serials = find_members (self, FALSE, index);
  edit->name = g_strdup_printf (_("Delete Category “%s”"), edit->category.name);
  cm_document_remove_category (self->document, index);
  push_edit (self, edit);
}

/* Takes @name. */
static void
change_category (CmHistory        *self,
                 guint             index,
                 const CmCategory *after,
                 char             *name)
{
  const CmCategory *before = cm_document_get_category (self->document, index);
  CmEdit *edit;

  if (g_strcmp0 (before->name, after->name) == 0 && before->red == after->red
      && before->green == after->green && before->blue == after->blue)
    {
      g_free (name);
      return;
    }

  edit = _cm_edit_new (CM_EDIT_CATEGORY_CHANGE);
  edit->index = index;
  _cm_edit_copy_category (&edit->category, before);
  _cm_edit_copy_category (&edit->category_after, after);
  edit->name = name;
  _cm_edit_apply (edit, self->document, TRUE);
  push_edit (self, edit);
}

void
cm_history_rename_category (CmHistory  *self,
                            guint       index,
                            const char *name)
{
  CmCategory after;
  const char *before_name;

  g_return_if_fail (CM_IS_HISTORY (self));
  g_return_if_fail (index < cm_document_get_n_categories (self->document));
  g_return_if_fail (name != NULL);

  after = *cm_document_get_category (self->document, index);
  before_name = after.name;
  after.name = (char *) name;
  change_category (self, index, &after, g_strdup_printf (_("Rename Category “%s”"), before_name));
}

void
cm_history_recolor_category (CmHistory *self,
                             guint      index,
                             double     red,
                             double     green,
                             double     blue)
{
  CmCategory after;
  const char *before_name;

  g_return_if_fail (CM_IS_HISTORY (self));
  g_return_if_fail (index < cm_document_get_n_categories (self->document));

  after = *cm_document_get_category (self->document, index);
  before_name = after.name;
  after.red = red;
  after.green = green;
  after.blue = blue;
  change_category (self, index, &after,
                   g_strdup_printf (_("Change Color of Category “%s”"), before_name));
}

guint
cm_history_add_group (CmHistory   *self,
                      const char  *id,
                      const char  *name,
                      CmGroupKind  kind)
{
  guint index;
  CmEdit *edit;

  g_return_val_if_fail (CM_IS_HISTORY (self), CM_NONE);
  g_return_val_if_fail (id != NULL, CM_NONE);

  index = cm_document_add_group (self->document, id, name, kind);
  g_signal_emit_by_name (self->document, "changed");

  edit = _cm_edit_new (CM_EDIT_GROUP_INSERT);
  edit->index = index;
  _cm_edit_copy_group (&edit->group, cm_document_get_group (self->document, index));
  edit->name = g_strdup_printf (_("Add Group “%s”"), edit->group.name);
  push_edit (self, edit);

  return index;
}

void
cm_history_remove_group (CmHistory *self,
                         guint      index)
{
  CmEdit *edit;

  g_return_if_fail (CM_IS_HISTORY (self));
  g_return_if_fail (index < cm_document_get_n_groups (self->document));

  edit = _cm_edit_new (CM_EDIT_GROUP_REMOVE);
  edit->index = index;
  _cm_edit_copy_group (&edit->group, cm_document_get_group (self->document, index));
  edit->serials = find_members (self, TRUE, index);
  edit->name = g_strdup_printf (_("Delete Group “%s”"), edit->group.name);
  cm_document_remove_group (self->document, index);
  push_edit (self, edit);
}

/* Takes @name. */
static void
change_group (CmHistory     *self,
              guint          index,
              const CmGroup *after,
              char          *name)
{
  const CmGroup *before = cm_document_get_group (self->document, index);
  CmEdit *edit;

  if (g_strcmp0 (before->name, after->name) == 0 && before->kind == after->kind)
    {
      g_free (name);
      return;
    }

  edit = _cm_edit_new (CM_EDIT_GROUP_CHANGE);
  edit->index = index;
  _cm_edit_copy_group (&edit->group, before);
  _cm_edit_copy_group (&edit->group_after, after);
  edit->name = name;
  _cm_edit_apply (edit, self->document, TRUE);
  push_edit (self, edit);
}

void
cm_history_rename_group (CmHistory  *self,
                         guint       index,
                         const char *name)
{
  CmGroup after;
  const char *before_name;

  g_return_if_fail (CM_IS_HISTORY (self));
  g_return_if_fail (index < cm_document_get_n_groups (self->document));
  g_return_if_fail (name != NULL);

  after = *cm_document_get_group (self->document, index);
  before_name = after.name;
  after.name = (char *) name;
  change_group (self, index, &after, g_strdup_printf (_("Rename Group “%s”"), before_name));
}

void
cm_history_set_group_kind (CmHistory   *self,
                           guint        index,
                           CmGroupKind  kind)
{
  CmGroup after;
  const char *before_name;

  g_return_if_fail (CM_IS_HISTORY (self));
  g_return_if_fail (index < cm_document_get_n_groups (self->document));

  after = *cm_document_get_group (self->document, index);
  before_name = after.name;
  after.kind = kind;
  change_group (self, index, &after,
                kind == CM_GROUP_ITINERARY
                ? g_strdup_printf (_("Make “%s” an Itinerary"), before_name)
                : g_strdup_printf (_("Make “%s” a Lane"), before_name));
}

/* Groups, undo and redo */

void
cm_history_begin_group (CmHistory  *self,
                        const char *name)
{
  g_return_if_fail (CM_IS_HISTORY (self));

  if (self->depth++ > 0)
    return;

  g_free (self->open_name);
  self->open_name = g_strdup (name);
  self->open = NULL;
}

void
cm_history_end_group (CmHistory *self)
{
  g_return_if_fail (CM_IS_HISTORY (self));
  g_return_if_fail (self->depth > 0);

  if (--self->depth > 0)
    return;

  self->open = NULL;
  g_clear_pointer (&self->open_name, g_free);
}

/* The one event all of @step's edits are about, or CM_NONE. */
static guint
step_event (const Step *step)
{
  guint serial = CM_NONE;

  for (guint i = 0; i < step->edits->len; i++)
    {
      const CmEdit *edit = g_ptr_array_index (step->edits, i);

      if (edit->kind != CM_EDIT_INSERT && edit->kind != CM_EDIT_DELETE
          && edit->kind != CM_EDIT_CHANGE)
        return CM_NONE;
      for (guint j = 0; j < edit->events->len; j++)
        {
          guint s = g_array_index (edit->events, CmEventCopy, j).serial;

          if (serial != CM_NONE && s != serial)
            return CM_NONE;
          serial = s;
        }
    }

  return serial;
}

gboolean
cm_history_undo (CmHistory *self)
{
  Step *step;

  g_return_val_if_fail (CM_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (self->depth == 0, FALSE);

  if (self->position == 0)
    return FALSE;

  step = g_ptr_array_index (self->steps, self->position - 1);
  for (guint i = step->edits->len; i-- > 0;)
    _cm_edit_apply (g_ptr_array_index (step->edits, i), self->document, FALSE);
  self->position--;
  self->last_event = step_event (step);
  update_state (self);

  return TRUE;
}

gboolean
cm_history_redo (CmHistory *self)
{
  Step *step;

  g_return_val_if_fail (CM_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (self->depth == 0, FALSE);

  if (self->position >= self->steps->len)
    return FALSE;

  step = g_ptr_array_index (self->steps, self->position);
  for (guint i = 0; i < step->edits->len; i++)
    _cm_edit_apply (g_ptr_array_index (step->edits, i), self->document, TRUE);
  self->position++;
  self->last_event = step_event (step);
  update_state (self);

  return TRUE;
}

guint
cm_history_get_last_event (CmHistory *self)
{
  g_return_val_if_fail (CM_IS_HISTORY (self), CM_NONE);
  return self->last_event;
}

gboolean
cm_history_get_can_undo (CmHistory *self)
{
  g_return_val_if_fail (CM_IS_HISTORY (self), FALSE);
  return self->position > 0;
}

gboolean
cm_history_get_can_redo (CmHistory *self)
{
  g_return_val_if_fail (CM_IS_HISTORY (self), FALSE);
  return self->position < self->steps->len;
}

const char *
cm_history_get_undo_name (CmHistory *self)
{
  g_return_val_if_fail (CM_IS_HISTORY (self), NULL);
  return self->undo_name;
}

const char *
cm_history_get_redo_name (CmHistory *self)
{
  g_return_val_if_fail (CM_IS_HISTORY (self), NULL);
  return self->redo_name;
}

guint
cm_history_get_position (CmHistory *self)
{
  g_return_val_if_fail (CM_IS_HISTORY (self), 0);
  return self->position;
}

void
cm_history_set_clean (CmHistory *self)
{
  g_return_if_fail (CM_IS_HISTORY (self));

  self->clean = self->position;
  update_state (self);
}

void
cm_history_clear (CmHistory *self)
{
  g_return_if_fail (CM_IS_HISTORY (self));
  g_return_if_fail (self->depth == 0);

  g_ptr_array_set_size (self->steps, 0);
  self->position = 0;
  self->last_event = CM_NONE;
  self->clean = cm_document_get_dirty (self->document) ? CM_NONE : 0;
  update_state (self);
}

CmDocument *
cm_history_get_document (CmHistory *self)
{
  g_return_val_if_fail (CM_IS_HISTORY (self), NULL);
  return self->document;
}

/* GObject */

static void
cm_history_dispose (GObject *object)
{
  CmHistory *self = (CmHistory *)object;

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);

  G_OBJECT_CLASS (cm_history_parent_class)->dispose (object);
}

static void
cm_history_finalize (GObject *object)
{
  CmHistory *self = (CmHistory *)object;

  g_clear_pointer (&self->steps, g_ptr_array_unref);
  g_clear_pointer (&self->open_name, g_free);
  g_clear_pointer (&self->undo_name, g_free);
  g_clear_pointer (&self->redo_name, g_free);

  G_OBJECT_CLASS (cm_history_parent_class)->finalize (object);
}

static void
cm_history_constructed (GObject *object)
{
  CmHistory *self = (CmHistory *)object;

  G_OBJECT_CLASS (cm_history_parent_class)->constructed (object);

  g_assert (CM_IS_DOCUMENT (self->document));
  self->clean = cm_document_get_dirty (self->document) ? CM_NONE : 0;
  g_signal_connect_object (self->document, "notify::dirty",
                           G_CALLBACK (document_dirty_cb), self, G_CONNECT_SWAPPED);
}

static void
cm_history_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CmHistory *self = CM_HISTORY (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;

    case PROP_CAN_UNDO:
      g_value_set_boolean (value, cm_history_get_can_undo (self));
      break;

    case PROP_CAN_REDO:
      g_value_set_boolean (value, cm_history_get_can_redo (self));
      break;

    case PROP_UNDO_NAME:
      g_value_set_string (value, cm_history_get_undo_name (self));
      break;

    case PROP_REDO_NAME:
      g_value_set_string (value, cm_history_get_redo_name (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_history_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CmHistory *self = CM_HISTORY (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      self->document = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_history_class_init (CmHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cm_history_dispose;
  object_class->finalize = cm_history_finalize;
  object_class->constructed = cm_history_constructed;
  object_class->get_property = cm_history_get_property;
  object_class->set_property = cm_history_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, CM_TYPE_DOCUMENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_UNDO_NAME] =
    g_param_spec_string ("undo-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_REDO_NAME] =
    g_param_spec_string ("redo-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cm_history_init (CmHistory *self)
{
  self->steps = g_ptr_array_new_with_free_func (step_free);
  self->last_event = CM_NONE;
}

CmHistory *
cm_history_new (CmDocument *document)
{
  g_return_val_if_fail (CM_IS_DOCUMENT (document), NULL);

  return g_object_new (CM_TYPE_HISTORY, "document", document, NULL);
}
