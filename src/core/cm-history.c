/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-history"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "cm-history.h"

typedef enum
{
  EDIT_INSERT,           /* events[0] added */
  EDIT_DELETE,           /* events removed */
  EDIT_CHANGE,           /* events[0] became events[1] */
  EDIT_CATEGORY_INSERT,  /* category added at index */
  EDIT_CATEGORY_REMOVE,  /* category removed from index; serials were its events */
  EDIT_CATEGORY_CHANGE,  /* name and colour: category became after */
  EDIT_GROUP_INSERT,
  EDIT_GROUP_REMOVE,
  EDIT_GROUP_CHANGE,     /* name and kind */
} EditKind;

/* An event as it was, its strings owned. */
typedef struct
{
  guint       serial;
  CmEventData data;
} EventCopy;

typedef struct
{
  EditKind    kind;
  char       *name;
  GArray     *events;   /* EventCopy */
  guint       index;
  CmCategory  category;
  CmCategory  category_after;
  CmGroup     group;
  CmGroup     group_after;
  GArray     *serials;  /* guint, for a removed category or group */
} Edit;

typedef struct
{
  char      *name;      /* nullable: the first edit's */
  GPtrArray *edits;     /* Edit, in the order they were made */
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
copy_event_data (CmEventData       *copy,
                 const CmEventData *data)
{
  *copy = *data;
  copy->id = g_strdup (data->id);
  copy->title = g_strdup (data->title ? data->title : "");
  copy->description = g_strdup (data->description);
  copy->place = g_strdup (data->place);
  copy->extras = g_strdup (data->extras);
}

static void
clear_event_copy (gpointer data)
{
  EventCopy *copy = data;

  g_free ((char *) copy->data.id);
  g_free ((char *) copy->data.title);
  g_free ((char *) copy->data.description);
  g_free ((char *) copy->data.place);
  g_free ((char *) copy->data.extras);
}

static GArray *
event_copies_new (void)
{
  GArray *events = g_array_new (FALSE, TRUE, sizeof (EventCopy));

  g_array_set_clear_func (events, clear_event_copy);
  return events;
}

static void
append_event (GArray            *events,
              guint              serial,
              const CmEventData *data)
{
  EventCopy copy = { serial, };

  copy_event_data (&copy.data, data);
  g_array_append_val (events, copy);
}

static void
edit_free (gpointer data)
{
  Edit *edit = data;

  g_free (edit->name);
  g_clear_pointer (&edit->events, g_array_unref);
  g_clear_pointer (&edit->serials, g_array_unref);
  g_free (edit->category.id);
  g_free (edit->category.name);
  g_free (edit->category_after.id);
  g_free (edit->category_after.name);
  g_free (edit->group.id);
  g_free (edit->group.name);
  g_free (edit->group_after.id);
  g_free (edit->group_after.name);
  g_free (edit);
}

static Edit *
edit_new (EditKind kind)
{
  Edit *edit = g_new0 (Edit, 1);

  edit->kind = kind;
  edit->events = event_copies_new ();
  return edit;
}

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
    return ((Edit *) g_ptr_array_index (step->edits, 0))->name;
  return NULL;
}

static void
copy_category (CmCategory       *copy,
               const CmCategory *category)
{
  *copy = *category;
  copy->id = g_strdup (category->id);
  copy->name = g_strdup (category->name);
}

static void
copy_group (CmGroup       *copy,
            const CmGroup *group)
{
  *copy = *group;
  copy->id = g_strdup (group->id);
  copy->name = g_strdup (group->name);
}

/* Naming */

static gboolean
same_number (double a,
             double b)
{
  return a == b || (isnan (a) && isnan (b));
}

typedef enum
{
  CHANGE_NONE,
  CHANGE_MOVE,
  CHANGE_DATES,
  CHANGE_TITLE,
  CHANGE_PRECISION,
  CHANGE_APPROXIMATION,
  CHANGE_UTC_OFFSET,
  CHANGE_PLACE,
  CHANGE_COORDINATES,
  CHANGE_CATEGORY,
  CHANGE_GROUP,
  CHANGE_DESCRIPTION,
  CHANGE_DETAILS,
  CHANGE_SEVERAL,
} Change;

/* What changed from @a to @b: one field's kind, or several. */
static Change
find_change (const CmEventData *a,
             const CmEventData *b)
{
  gboolean start = a->start != b->start;
  gboolean end = a->end != b->end;
  gboolean moved = start && (a->end == CM_TIME_INVALID || b->end == CM_TIME_INVALID
                             ? a->end == b->end
                             : b->end - b->start == a->end - a->start);
  const struct { gboolean changed; Change change; } fields[] = {
    { start || end, moved ? CHANGE_MOVE : CHANGE_DATES },
    { g_strcmp0 (a->title, b->title) != 0, CHANGE_TITLE },
    { a->precision != b->precision || a->end_precision != b->end_precision, CHANGE_PRECISION },
    { a->flags != b->flags, CHANGE_APPROXIMATION },
    { a->utc_offset != b->utc_offset, CHANGE_UTC_OFFSET },
    { g_strcmp0 (a->place, b->place) != 0, CHANGE_PLACE },
    { !same_number (a->lat, b->lat) || !same_number (a->lon, b->lon), CHANGE_COORDINATES },
    { a->category != b->category, CHANGE_CATEGORY },
    { a->group != b->group, CHANGE_GROUP },
    { g_strcmp0 (a->description, b->description) != 0, CHANGE_DESCRIPTION },
    { g_strcmp0 (a->extras, b->extras) != 0 || g_strcmp0 (a->id, b->id) != 0, CHANGE_DETAILS },
  };
  Change change = CHANGE_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].changed)
      change = change == CHANGE_NONE ? fields[i].change : CHANGE_SEVERAL;

  return change;
}

/* The name of a change of one event from @a to @b, e.g. "Move “Summit”":
 * a field's own name when only it changed, "Edit" for several (or none). */
static char *
name_change (const CmEventData *a,
             const CmEventData *b)
{
  const char *title = a->title != NULL ? a->title : "";

  /* Translators: names of edits, after "Undo" or "Redo" in the menu;
     %s is the event's title */
  switch (find_change (a, b))
    {
    case CHANGE_MOVE:
      return g_strdup_printf (_("Move “%s”"), title);
    case CHANGE_DATES:
      return g_strdup_printf (_("Change Dates of “%s”"), title);
    case CHANGE_TITLE:
      return g_strdup_printf (_("Change Title of “%s”"), title);
    case CHANGE_PRECISION:
      return g_strdup_printf (_("Change Precision of “%s”"), title);
    case CHANGE_APPROXIMATION:
      return g_strdup_printf (_("Change Approximation of “%s”"), title);
    case CHANGE_UTC_OFFSET:
      return g_strdup_printf (_("Change UTC Offset of “%s”"), title);
    case CHANGE_PLACE:
      return g_strdup_printf (_("Change Place of “%s”"), title);
    case CHANGE_COORDINATES:
      return g_strdup_printf (_("Move “%s” on the Map"), title);
    case CHANGE_CATEGORY:
      return g_strdup_printf (_("Change Category of “%s”"), title);
    case CHANGE_GROUP:
      return g_strdup_printf (_("Change Group of “%s”"), title);
    case CHANGE_DESCRIPTION:
      return g_strdup_printf (_("Change Description of “%s”"), title);
    case CHANGE_DETAILS:
      return g_strdup_printf (_("Change Details of “%s”"), title);
    case CHANGE_NONE:
    case CHANGE_SEVERAL:
    default:
      return g_strdup_printf (_("Edit “%s”"), title);
    }
}

static gboolean
same_text (const char *a,
           const char *b)
{
  return g_strcmp0 (a != NULL && *a != '\0' ? a : NULL, b != NULL && *b != '\0' ? b : NULL) == 0;
}

/* Whether the store would keep @b as something other than @a. */
static gboolean
event_data_equal (const CmEventData *a,
                  const CmEventData *b)
{
  return a->start == b->start && a->end == b->end
    && a->precision == b->precision && a->end_precision == b->end_precision
    && a->utc_offset == b->utc_offset && a->flags == b->flags
    && same_number (a->lat, b->lat) && same_number (a->lon, b->lon)
    && a->category == b->category && a->group == b->group
    && g_strcmp0 (a->title ? a->title : "", b->title ? b->title : "") == 0
    && g_strcmp0 (a->id, b->id) == 0
    && same_text (a->description, b->description) && same_text (a->place, b->place)
    && same_text (a->extras, b->extras);
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

static CmEventStore *
get_store (CmHistory *self)
{
  return cm_document_get_store (self->document);
}

static void
put_event (CmHistory       *self,
           const EventCopy *copy)
{
  CmEventStore *store = get_store (self);
  guint position = cm_event_store_find_serial (store, copy->serial);

  g_assert (position != CM_NONE);
  cm_event_store_replace (store, position, &copy->data);
}

/* Puts back (or takes out) the events of a deletion, all at once. */
static void
put_events (CmHistory *self,
            GArray    *events)
{
  g_autofree guint *serials = g_new (guint, events->len);
  g_autofree CmEventData *data = g_new (CmEventData, events->len);

  for (guint i = 0; i < events->len; i++)
    {
      serials[i] = g_array_index (events, EventCopy, i).serial;
      data[i] = g_array_index (events, EventCopy, i).data;
    }
  cm_event_store_reinsert_many (get_store (self), serials, data, events->len);
}

static void
take_events (CmHistory *self,
             GArray    *events)
{
  g_autofree guint *serials = g_new (guint, events->len);

  for (guint i = 0; i < events->len; i++)
    serials[i] = g_array_index (events, EventCopy, i).serial;
  cm_event_store_remove_serials (get_store (self), serials, events->len);
}

static void
apply_edit (CmHistory *self,
            Edit      *edit,
            gboolean   forward)
{
  switch (edit->kind)
    {
    case EDIT_INSERT:
    case EDIT_DELETE:
      if ((edit->kind == EDIT_INSERT) == forward)
        put_events (self, edit->events);
      else
        take_events (self, edit->events);
      break;

    case EDIT_CHANGE:
      put_event (self, &g_array_index (edit->events, EventCopy, forward ? 1 : 0));
      break;

    case EDIT_CATEGORY_INSERT:
    case EDIT_CATEGORY_REMOVE:
      if ((edit->kind == EDIT_CATEGORY_INSERT) == forward)
        {
          cm_document_insert_category (self->document, edit->index, &edit->category);
          if (edit->serials != NULL)
            cm_event_store_set_categories (get_store (self), (guint *) edit->serials->data,
                                           edit->serials->len, edit->index);
        }
      else
        cm_document_remove_category (self->document, edit->index);
      break;

    case EDIT_CATEGORY_CHANGE:
      {
        const CmCategory *c = forward ? &edit->category_after : &edit->category;

        cm_document_set_category_name (self->document, edit->index, c->name);
        cm_document_set_category_color (self->document, edit->index, c->red, c->green, c->blue);
      }
      break;

    case EDIT_GROUP_INSERT:
    case EDIT_GROUP_REMOVE:
      if ((edit->kind == EDIT_GROUP_INSERT) == forward)
        {
          cm_document_insert_group (self->document, edit->index, &edit->group);
          if (edit->serials != NULL)
            cm_event_store_set_groups (get_store (self), (guint *) edit->serials->data,
                                       edit->serials->len, edit->index);
        }
      else
        cm_document_remove_group (self->document, edit->index);
      break;

    case EDIT_GROUP_CHANGE:
      {
        const CmGroup *g = forward ? &edit->group_after : &edit->group;

        cm_document_set_group_name (self->document, edit->index, g->name);
        cm_document_set_group_kind (self->document, edit->index, g->kind);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Records @edit, already applied, as a step of its own or in the open
 * group's; the steps that could have been redone are dropped. */
static void
push_edit (CmHistory *self,
           Edit      *edit)
{
  Step *step = self->open;

  if (step == NULL || self->position == 0
      || g_ptr_array_index (self->steps, self->position - 1) != step)
    {
      if (self->clean != CM_NONE && self->clean > self->position)
        self->clean = CM_NONE;
      g_ptr_array_set_size (self->steps, self->position);

      step = g_new0 (Step, 1);
      step->edits = g_ptr_array_new_with_free_func (edit_free);
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

/* The open group's last edit, when it changed the event @serial. */
static Edit *
last_change_of (CmHistory *self,
                guint      serial)
{
  Edit *last;

  if (self->open == NULL || self->open->edits->len == 0 || self->position == 0
      || g_ptr_array_index (self->steps, self->position - 1) != self->open)
    return NULL;

  last = g_ptr_array_index (self->open->edits, self->open->edits->len - 1);
  if (last->kind != EDIT_CHANGE || g_array_index (last->events, EventCopy, 0).serial != serial)
    return NULL;

  return last;
}

/* Public edits */

guint
cm_history_insert_event (CmHistory         *self,
                         const CmEventData *data)
{
  CmEventStore *store;
  Edit *edit;
  guint serial;

  g_return_val_if_fail (CM_IS_HISTORY (self), CM_NONE);
  g_return_val_if_fail (data != NULL, CM_NONE);

  store = get_store (self);
  edit = edit_new (EDIT_INSERT);
  append_event (edit->events, 0, data);
  serial = cm_event_store_get_serial (store, cm_event_store_insert (store, data));
  g_array_index (edit->events, EventCopy, 0).serial = serial;
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
  Edit *edit;

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
  edit = edit_new (EDIT_DELETE);
  for (guint i = 0; i < positions->len; i++)
    {
      guint position = g_array_index (positions, guint, i);
      CmEventData data;

      if (i > 0 && position == g_array_index (positions, guint, i - 1))
        continue;
      cm_event_store_get_data (store, position, &data);
      append_event (edit->events, cm_event_store_get_serial (store, position), &data);
    }

  if (edit->events->len == 0)
    {
      edit_free (edit);
      return;
    }
  take_events (self, edit->events);

  if (edit->events->len == 1)
    edit->name = g_strdup_printf (_("Delete “%s”"), g_array_index (edit->events, EventCopy, 0).data.title);
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
  Edit *edit;

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
  if (event_data_equal (&before, &after))
    return FALSE;

  /* A drag: one change from where it began to where it is. */
  edit = last_change_of (self, serial);
  if (edit != NULL)
    {
      g_array_remove_index (edit->events, 1);
      append_event (edit->events, serial, &after);
      cm_event_store_replace (store, position, &g_array_index (edit->events, EventCopy, 1).data);
      g_free (edit->name);
      edit->name = name_change (&g_array_index (edit->events, EventCopy, 0).data,
                                &g_array_index (edit->events, EventCopy, 1).data);
      update_state (self);
      return TRUE;
    }

  edit = edit_new (EDIT_CHANGE);
  append_event (edit->events, serial, &before);
  append_event (edit->events, serial, &after);
  edit->name = name_change (&before, &after);
  cm_event_store_replace (store, position, &g_array_index (edit->events, EventCopy, 1).data);
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
  Edit *edit;

  g_return_val_if_fail (CM_IS_HISTORY (self), CM_NONE);
  g_return_val_if_fail (id != NULL, CM_NONE);

  index = cm_document_add_category (self->document, id, name, color);
  g_signal_emit_by_name (self->document, "changed");

  edit = edit_new (EDIT_CATEGORY_INSERT);
  edit->index = index;
  copy_category (&edit->category, cm_document_get_category (self->document, index));
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
  Edit *edit;

  g_return_if_fail (CM_IS_HISTORY (self));
  g_return_if_fail (index < cm_document_get_n_categories (self->document));

  edit = edit_new (EDIT_CATEGORY_REMOVE);
  edit->index = index;
  copy_category (&edit->category, cm_document_get_category (self->document, index));
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
  Edit *edit;

  if (g_strcmp0 (before->name, after->name) == 0 && before->red == after->red
      && before->green == after->green && before->blue == after->blue)
    {
      g_free (name);
      return;
    }

  edit = edit_new (EDIT_CATEGORY_CHANGE);
  edit->index = index;
  copy_category (&edit->category, before);
  copy_category (&edit->category_after, after);
  edit->name = name;
  apply_edit (self, edit, TRUE);
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
  Edit *edit;

  g_return_val_if_fail (CM_IS_HISTORY (self), CM_NONE);
  g_return_val_if_fail (id != NULL, CM_NONE);

  index = cm_document_add_group (self->document, id, name, kind);
  g_signal_emit_by_name (self->document, "changed");

  edit = edit_new (EDIT_GROUP_INSERT);
  edit->index = index;
  copy_group (&edit->group, cm_document_get_group (self->document, index));
  edit->name = g_strdup_printf (_("Add Group “%s”"), edit->group.name);
  push_edit (self, edit);

  return index;
}

void
cm_history_remove_group (CmHistory *self,
                         guint      index)
{
  Edit *edit;

  g_return_if_fail (CM_IS_HISTORY (self));
  g_return_if_fail (index < cm_document_get_n_groups (self->document));

  edit = edit_new (EDIT_GROUP_REMOVE);
  edit->index = index;
  copy_group (&edit->group, cm_document_get_group (self->document, index));
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
  Edit *edit;

  if (g_strcmp0 (before->name, after->name) == 0 && before->kind == after->kind)
    {
      g_free (name);
      return;
    }

  edit = edit_new (EDIT_GROUP_CHANGE);
  edit->index = index;
  copy_group (&edit->group, before);
  copy_group (&edit->group_after, after);
  edit->name = name;
  apply_edit (self, edit, TRUE);
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
    apply_edit (self, g_ptr_array_index (step->edits, i), FALSE);
  self->position--;
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
    apply_edit (self, g_ptr_array_index (step->edits, i), TRUE);
  self->position++;
  update_state (self);

  return TRUE;
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
}

CmHistory *
cm_history_new (CmDocument *document)
{
  g_return_val_if_fail (CM_IS_DOCUMENT (document), NULL);

  return g_object_new (CM_TYPE_HISTORY, "document", document, NULL);
}
