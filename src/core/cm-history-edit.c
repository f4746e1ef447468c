/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-history"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "cm-history-private.h"

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
  CmEventCopy *copy = data;

  g_free ((char *) copy->data.id);
  g_free ((char *) copy->data.title);
  g_free ((char *) copy->data.description);
  g_free ((char *) copy->data.place);
  g_free ((char *) copy->data.extras);
}

static GArray *
event_copies_new (void)
{
  GArray *events = g_array_new (FALSE, TRUE, sizeof (CmEventCopy));

  g_array_set_clear_func (events, clear_event_copy);
  return events;
}

void
_cm_edit_add_event (CmEdit            *edit,
                    guint              serial,
                    const CmEventData *data)
{
  CmEventCopy copy = { serial, };

  copy_event_data (&copy.data, data);
  g_array_append_val (edit->events, copy);
}

void
_cm_edit_free (gpointer data)
{
  CmEdit *edit = data;

  g_free (edit->name);
  g_clear_pointer (&edit->events, g_array_unref);
  g_clear_pointer (&edit->serials, g_array_unref);
  g_clear_pointer (&edit->orders, g_array_unref);
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

CmEdit *
_cm_edit_new (CmEditKind kind)
{
  CmEdit *edit = g_new0 (CmEdit, 1);

  edit->kind = kind;
  edit->events = event_copies_new ();
  return edit;
}

void
_cm_edit_copy_category (CmCategory       *copy,
                        const CmCategory *category)
{
  *copy = *category;
  copy->id = g_strdup (category->id);
  copy->name = g_strdup (category->name);
}

void
_cm_edit_copy_group (CmGroup       *copy,
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
    { g_strcmp0 (a->extras, b->extras) != 0 || g_strcmp0 (a->id, b->id) != 0
      || a->order != b->order, CHANGE_DETAILS },
  };
  Change change = CHANGE_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].changed)
      change = change == CHANGE_NONE ? fields[i].change : CHANGE_SEVERAL;

  return change;
}

/* The name of a change of one event from @a to @b, e.g. "Move “Summit”":
 * a field's own name when only it changed, "Edit" for several (or none). */
char *
_cm_edit_name_change (const CmEventData *a,
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
gboolean
_cm_edit_data_equal (const CmEventData *a,
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
    && same_text (a->extras, b->extras) && a->order == b->order;
}

static void
put_event (CmEventStore      *store,
           const CmEventCopy *copy)
{
  guint position = cm_event_store_find_serial (store, copy->serial);

  g_assert (position != CM_NONE);
  cm_event_store_replace (store, position, &copy->data);
}

/* Puts back the events of a deletion, all at once. */
static void
put_events (CmEdit       *edit,
            CmEventStore *store)
{
  GArray *events = edit->events;
  g_autofree guint *serials = g_new (guint, events->len);
  g_autofree CmEventData *data = g_new (CmEventData, events->len);

  for (guint i = 0; i < events->len; i++)
    {
      serials[i] = g_array_index (events, CmEventCopy, i).serial;
      data[i] = g_array_index (events, CmEventCopy, i).data;
    }
  cm_event_store_reinsert_many (store, serials, data, events->len);
}

void
_cm_edit_take_events (CmEdit       *edit,
                      CmEventStore *store)
{
  GArray *events = edit->events;
  g_autofree guint *serials = g_new (guint, events->len);

  for (guint i = 0; i < events->len; i++)
    serials[i] = g_array_index (events, CmEventCopy, i).serial;
  cm_event_store_remove_serials (store, serials, events->len);
}

void
_cm_edit_apply (CmEdit     *edit,
                CmDocument *document,
                gboolean    forward)
{
  CmEventStore *store = cm_document_get_store (document);

  switch (edit->kind)
    {
    case CM_EDIT_INSERT:
    case CM_EDIT_DELETE:
      if ((edit->kind == CM_EDIT_INSERT) == forward)
        put_events (edit, store);
      else
        _cm_edit_take_events (edit, store);
      break;

    case CM_EDIT_CHANGE:
      put_event (store, &g_array_index (edit->events, CmEventCopy, forward ? 1 : 0));
      break;

    case CM_EDIT_CATEGORY_INSERT:
    case CM_EDIT_CATEGORY_REMOVE:
      if ((edit->kind == CM_EDIT_CATEGORY_INSERT) == forward)
        {
          cm_document_insert_category (document, edit->index, &edit->category);
          if (edit->serials != NULL)
            cm_event_store_set_categories (store, &g_array_index (edit->serials, guint, 0),
                                           edit->serials->len, edit->index);
        }
      else
        cm_document_remove_category (document, edit->index);
      break;

    case CM_EDIT_CATEGORY_CHANGE:
      {
        const CmCategory *c = forward ? &edit->category_after : &edit->category;

        cm_document_set_category_name (document, edit->index, c->name);
        cm_document_set_category_color (document, edit->index, c->red, c->green, c->blue);
      }
      break;

    case CM_EDIT_GROUP_INSERT:
    case CM_EDIT_GROUP_REMOVE:
      if ((edit->kind == CM_EDIT_GROUP_INSERT) == forward)
        {
          cm_document_insert_group (document, edit->index, &edit->group);
          if (edit->serials != NULL)
            cm_event_store_set_groups (store, &g_array_index (edit->serials, guint, 0),
                                       edit->serials->len, edit->index);
        }
      else
        cm_document_remove_group (document, edit->index);
      break;

    case CM_EDIT_GROUP_CHANGE:
      {
        const CmGroup *g = forward ? &edit->group_after : &edit->group;

        cm_document_set_group_name (document, edit->index, g->name);
        cm_document_set_group_kind (document, edit->index, g->kind);
      }
      break;

    case CM_EDIT_ORDERS:
      _cm_edit_apply_orders (edit, store, forward);
      break;

    default:
      g_assert_not_reached ();
    }
}
