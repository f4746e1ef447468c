/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-document.h"
#include "cm-event-store.h"
#include "cm-history.h"
#include "cm-itinerary.h"
#include "cm-native.h"
#include "cm-test-util.h"

#define DAY (24 * 3600)
#define TEXT(s) ((s) != NULL ? (s) : "-")

static const char * const titles[] = {
  "Obama meets Sarkozy", "G8 summit opens", "Mladic arrested", "Arrival in Dublin",
  "Speech in Warsaw", "Dinner at the palace", "Press conference",
};

/* Random event data; strings are static or in @scratch (freed by the caller). */
static void
random_data (CmEventData *data,
             guint        n_categories,
             guint        n_groups,
             GPtrArray   *scratch)
{
  cm_event_data_init (data);
  data->title = titles[g_test_rand_int_range (0, G_N_ELEMENTS (titles))];
  /* Few distinct times, so that ties (broken by serial) are common. */
  data->start = (CmTime) g_test_rand_int_range (0, 40) * DAY;
  if (g_test_rand_bit ())
    data->end = data->start + (CmTime) g_test_rand_int_range (1, 5) * DAY;
  data->precision = g_test_rand_bit () ? CM_PRECISION_DAY : CM_PRECISION_MINUTE;
  data->end_precision = data->precision;
  if (g_test_rand_bit ())
    data->utc_offset = 60 * g_test_rand_int_range (-5, 10);
  if (g_test_rand_bit ())
    {
      data->lat = g_test_rand_double_range (-60, 70);
      data->lon = g_test_rand_double_range (-180, 180);
    }
  if (g_test_rand_bit ())
    data->place = g_test_rand_bit () ? "Deauville" : "Warsaw";
  if (g_test_rand_int_range (0, 3) == 0)
    {
      char *text = g_strdup_printf ("Note %d", g_test_rand_int ());

      g_ptr_array_add (scratch, text);
      data->description = text;
    }
  data->flags = (CmEventFlags) g_test_rand_int_range (0, 8);
  if (n_categories > 0 && g_test_rand_bit ())
    data->category = (guint) g_test_rand_int_range (0, (gint32) n_categories);
  if (n_groups > 0 && g_test_rand_bit ())
    data->group = (guint) g_test_rand_int_range (0, (gint32) n_groups);
}

static CmDocument *
random_document (guint n)
{
  CmDocument *doc = cm_document_new ();
  CmEventStore *store = cm_document_get_store (doc);
  g_autoptr(GPtrArray) scratch = g_ptr_array_new_with_free_func (g_free);

  cm_document_set_title (doc, "Random");
  cm_document_add_category (doc, "summit", "Summit", "#3584e4");
  cm_document_add_category (doc, "arrest", "Arrest", "#e01b24");
  cm_document_add_category (doc, "visit", "Visit", NULL);
  cm_document_add_group (doc, "tour", "Tour", CM_GROUP_ITINERARY);
  cm_document_add_group (doc, "g8", "G8", CM_GROUP_LANE);

  cm_event_store_begin_bulk (store, n);
  for (guint i = 0; i < n; i++)
    {
      CmEventData data;

      random_data (&data, 3, 2, scratch);
      cm_event_store_add (store, &data);
    }
  cm_event_store_end_bulk (store);

  return doc;
}

/* Everything the document holds, exactly: each event's fields and serial
 * in order, the categories and groups. */
static char *
snapshot (CmDocument *doc)
{
  CmEventStore *store = cm_document_get_store (doc);
  GString *out = g_string_new (NULL);
  guint n = cm_event_store_get_n_events (store);

  for (guint i = 0; i < cm_document_get_n_categories (doc); i++)
    {
      const CmCategory *c = cm_document_get_category (doc, i);

      g_string_append_printf (out, "category %s %s %a %a %a\n", c->id, c->name, c->red, c->green, c->blue);
    }
  for (guint i = 0; i < cm_document_get_n_groups (doc); i++)
    {
      const CmGroup *g = cm_document_get_group (doc, i);

      g_string_append_printf (out, "group %s %s %d\n", g->id, g->name, g->kind);
    }
  for (guint i = 0; i < n; i++)
    {
      CmEventData d;
      guint serial = cm_event_store_get_serial (store, i);

      cm_event_store_get_data (store, i, &d);
      g_assert_cmpuint (cm_event_store_find_serial (store, serial), ==, i);
      g_string_append_printf (out, "%u|%s|%s|%s|%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT
                              "|%d|%d|%d|%a|%a|%u|%u|%d|%s\n",
                              serial, TEXT (d.id), d.title, TEXT (d.description), TEXT (d.place),
                              d.start, d.end, d.precision, d.end_precision, d.utc_offset,
                              d.lat, d.lon, d.category, d.group, d.flags, TEXT (d.extras));
    }

  return g_string_free (out, FALSE);
}

static char *
native_text (CmDocument *doc)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (cm_native_write (doc, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, NULL));

  return g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));
}

/* Every overlap query agrees with a scan: the index followed the edits. */
static void
check_queries (CmEventStore *store)
{
  guint n = cm_event_store_get_n_events (store);

  for (guint q = 0; q < 8; q++)
    {
      g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (guint));
      CmTime t0 = (CmTime) g_test_rand_int_range (-2, 45) * DAY;
      CmTime t1 = t0 + (CmTime) g_test_rand_int_range (0, 3) * DAY;
      guint k = 0;

      cm_event_store_query (store, t0, t1, got);
      for (guint i = 0; i < n; i++)
        if (cm_event_store_get_start (store, i) <= t1 && cm_event_store_get_end (store, i) >= t0)
          {
            g_assert_cmpuint (k, <, got->len);
            g_assert_cmpuint (g_array_index (got, guint, k), ==, i);
            k++;
          }
      g_assert_cmpuint (k, ==, got->len);
    }
}

static guint
random_serial (CmEventStore *store)
{
  guint n = cm_event_store_get_n_events (store);

  if (n == 0)
    return CM_NONE;
  return cm_event_store_get_serial (store, (guint) g_test_rand_int_range (0, (gint32) n));
}

/* One random edit through @history. FALSE when none could be made. */
static gboolean
random_edit (CmHistory *history)
{
  CmDocument *doc = cm_history_get_document (history);
  CmEventStore *store = cm_document_get_store (doc);
  g_autoptr(GPtrArray) scratch = g_ptr_array_new_with_free_func (g_free);
  guint n_categories = cm_document_get_n_categories (doc);
  guint n_groups = cm_document_get_n_groups (doc);
  guint position_before = cm_history_get_position (history);
  guint serial = random_serial (store);
  CmEventData data;

  switch (g_test_rand_int_range (0, 12))
    {
    case 0:
      random_data (&data, n_categories, n_groups, scratch);
      cm_history_insert_event (history, &data);
      break;

    case 1:
      {
        guint serials[3] = { serial, random_serial (store), random_serial (store) };

        if (serial == CM_NONE)
          return FALSE;
        cm_history_delete_events (history, serials, (guint) g_test_rand_int_range (1, 4));
      }
      break;

    case 2:
    case 3:
    case 4:
      {
        CmEventData other;

        if (serial == CM_NONE)
          return FALSE;
        cm_event_store_get_data (store, cm_event_store_find_serial (store, serial), &data);
        random_data (&other, n_categories, n_groups, scratch);
        /* A few fields at a time, from the store's own strings. */
        switch (g_test_rand_int_range (0, 6))
          {
          case 0:
            data.start += DAY * g_test_rand_int_range (-3, 4);
            if (data.end != CM_TIME_INVALID)
              data.end = MAX (data.end + DAY * g_test_rand_int_range (-3, 4), data.start + 1);
            break;
          case 1:
            data.title = other.title;
            break;
          case 2:
            data.place = other.place;
            data.lat = other.lat;
            data.lon = other.lon;
            break;
          case 3:
            data.category = other.category;
            data.group = other.group;
            break;
          case 4:
            data.description = other.description;
            data.flags = other.flags;
            data.utc_offset = other.utc_offset;
            break;
          default:
            other.id = data.id;
            data = other;
            break;
          }
        if (!cm_history_change_event (history, serial, &data))
          return FALSE;
      }
      break;

    case 5:
      {
        g_autofree char *id = g_strdup_printf ("c%d", g_test_rand_int ());
        cm_history_add_category (history, id, "New", g_test_rand_bit () ? "#ff8000" : NULL);
      }
      break;

    case 6:
      if (n_categories == 0)
        return FALSE;
      cm_history_remove_category (history, (guint) g_test_rand_int_range (0, (gint32) n_categories));
      break;

    case 7:
      if (n_categories == 0)
        return FALSE;
      if (g_test_rand_bit ())
        cm_history_rename_category (history, (guint) g_test_rand_int_range (0, (gint32) n_categories),
                                    g_test_rand_bit () ? "Renamed" : "Other");
      else
        cm_history_recolor_category (history, (guint) g_test_rand_int_range (0, (gint32) n_categories),
                                     g_test_rand_double (), 0.5, g_test_rand_double ());
      break;

    case 8:
      {
        g_autofree char *id = g_strdup_printf ("g%d", g_test_rand_int ());
        cm_history_add_group (history, id, "Lane", CM_GROUP_LANE);
      }
      break;

    case 9:
      if (n_groups == 0)
        return FALSE;
      cm_history_remove_group (history, (guint) g_test_rand_int_range (0, (gint32) n_groups));
      break;

    case 10:
      if (n_groups == 0)
        return FALSE;
      if (g_test_rand_bit ())
        cm_history_rename_group (history, (guint) g_test_rand_int_range (0, (gint32) n_groups),
                                 g_test_rand_bit () ? "Renamed" : "Other");
      else
        cm_history_set_group_kind (history, (guint) g_test_rand_int_range (0, (gint32) n_groups),
                                   g_test_rand_bit () ? CM_GROUP_ITINERARY : CM_GROUP_LANE);
      break;

    default:
      /* A drag: several moves of one event and maybe another edit, one step. */
      if (serial == CM_NONE)
        return FALSE;
      cm_history_begin_group (history, g_test_rand_bit () ? "Drag" : NULL);
      for (int i = 0; i < 5; i++)
        {
          cm_event_store_get_data (store, cm_event_store_find_serial (store, serial), &data);
          data.start += DAY * g_test_rand_int_range (-2, 3);
          data.end = CM_TIME_INVALID;
          cm_history_change_event (history, serial, &data);
        }
      if (g_test_rand_bit ())
        {
          random_data (&data, n_categories, n_groups, scratch);
          cm_history_insert_event (history, &data);
        }
      cm_history_end_group (history);
      break;
    }

  return cm_history_get_position (history) == position_before + 1;
}

static void
test_random (void)
{
  for (guint round = 0; round < 30; round++)
    {
      g_autoptr(CmDocument) doc = random_document ((guint) g_test_rand_int_range (0, 60));
      g_autoptr(CmHistory) history = cm_history_new (doc);
      g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *original_native = native_text (doc);
      g_autofree char *final_native = NULL;

      /* states[k]: the document after k steps of the current branch. */
      g_ptr_array_add (states, snapshot (doc));

      for (guint op = 0; op < 120; op++)
        {
          guint position = cm_history_get_position (history);
          int what = g_test_rand_int_range (0, 10);

          if (what < 2 && cm_history_get_can_undo (history))
            {
              g_assert_true (cm_history_undo (history));
              g_assert_cmpuint (cm_history_get_position (history), ==, position - 1);
            }
          else if (what < 4 && cm_history_get_can_redo (history))
            {
              g_assert_true (cm_history_redo (history));
              g_assert_cmpuint (cm_history_get_position (history), ==, position + 1);
            }
          else if (random_edit (history))
            {
              /* A new edit drops what could have been redone. */
              g_assert_false (cm_history_get_can_redo (history));
              g_ptr_array_set_size (states, position + 1);
              g_ptr_array_add (states, snapshot (doc));
            }
          else
            g_assert_cmpuint (cm_history_get_position (history), ==, position);

          {
            g_autofree char *now = snapshot (doc);
            g_assert_cmpstr (now, ==, g_ptr_array_index (states, cm_history_get_position (history)));
          }
          check_queries (cm_document_get_store (doc));
          g_assert_true (cm_history_get_can_undo (history) == (cm_history_get_position (history) > 0));
          g_assert_true (cm_history_get_can_undo (history) == (cm_history_get_undo_name (history) != NULL));
        }

      /* Undo everything: the original, exactly; redo everything: the last. */
      while (cm_history_redo (history))
        ;
      final_native = native_text (doc);
      while (cm_history_undo (history))
        ;
      {
        g_autofree char *now = snapshot (doc);
        g_autofree char *now_native = native_text (doc);

        g_assert_cmpstr (now, ==, g_ptr_array_index (states, 0));
        g_assert_cmpstr (now_native, ==, original_native);
        g_assert_false (cm_document_get_dirty (doc));
      }
      while (cm_history_redo (history))
        ;
      {
        g_autofree char *now = snapshot (doc);
        g_autofree char *now_native = native_text (doc);

        g_assert_cmpstr (now, ==, g_ptr_array_index (states, states->len - 1));
        g_assert_cmpstr (now_native, ==, final_native);
      }
    }
}

static guint
add_event (CmHistory  *history,
           const char *title,
           CmTime      start)
{
  CmEventData data;

  cm_event_data_init (&data);
  data.title = title;
  data.start = start;
  return cm_history_insert_event (history, &data);
}

static void
move_by (CmHistory *history,
         guint      serial,
         CmTime     delta)
{
  CmEventStore *store = cm_document_get_store (cm_history_get_document (history));
  guint position = cm_event_store_find_serial (store, serial);
  CmTime start = cm_event_store_get_start (store, position);
  CmTime length = cm_event_store_get_end (store, position) - start;

  g_assert_true (cm_history_move_event (history, serial, start + delta));
  position = cm_event_store_find_serial (store, serial);
  g_assert_cmpint (cm_event_store_get_start (store, position), ==, start + delta);
  g_assert_cmpint (cm_event_store_get_end (store, position) - (start + delta), ==, length);
}

static void
test_names (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  g_autoptr(CmHistory) history = cm_history_new (doc);
  CmEventStore *store = cm_document_get_store (doc);
  CmEventData data;
  guint a, b, serials[2];

  g_assert_null (cm_history_get_undo_name (history));
  a = add_event (history, "Obama meets Sarkozy", 10 * DAY);
  g_assert_cmpstr (cm_history_get_undo_name (history), ==, "Add “Obama meets Sarkozy”");
  b = add_event (history, "Summit", 11 * DAY);

  move_by (history, a, DAY);
  g_assert_cmpstr (cm_history_get_undo_name (history), ==, "Move “Obama meets Sarkozy”");

  /* What the store would keep the same is no change: an end at the start,
   * half a coordinate. */
  cm_event_store_get_data (store, cm_event_store_find_serial (store, a), &data);
  data.end = data.start;
  data.lat = 12;
  g_assert_false (cm_history_change_event (history, a, &data));

  cm_event_store_get_data (store, cm_event_store_find_serial (store, a), &data);
  data.end = data.start + DAY;
  g_assert_true (cm_history_change_event (history, a, &data));
  g_assert_cmpstr (cm_history_get_undo_name (history), ==, "Change Dates of “Obama meets Sarkozy”");
  g_assert_false (cm_history_change_event (history, a, &data));

  data.title = "Obama and Sarkozy";
  g_assert_true (cm_history_change_event (history, a, &data));
  g_assert_cmpstr (cm_history_get_undo_name (history), ==, "Change Title of “Obama meets Sarkozy”");

  data.place = "Deauville";
  data.lat = 49.36;
  data.lon = 0.07;
  g_assert_true (cm_history_change_event (history, a, &data));
  g_assert_cmpstr (cm_history_get_undo_name (history), ==, "Edit “Obama and Sarkozy”");

  g_assert_true (cm_history_undo (history));
  g_assert_cmpstr (cm_history_get_redo_name (history), ==, "Edit “Obama and Sarkozy”");
  g_assert_cmpstr (cm_history_get_undo_name (history), ==, "Change Title of “Obama meets Sarkozy”");
  g_assert_true (cm_history_redo (history));

  serials[0] = a;
  cm_history_delete_events (history, serials, 1);
  g_assert_cmpstr (cm_history_get_undo_name (history), ==, "Delete “Obama and Sarkozy”");
  g_assert_true (cm_history_undo (history));
  /* It came back as itself. */
  g_assert_cmpuint (cm_event_store_find_serial (store, a), !=, CM_NONE);
  serials[1] = b;
  cm_history_delete_events (history, serials, 2);
  g_assert_cmpstr (cm_history_get_undo_name (history), ==, "Delete 2 Events");
  g_assert_false (cm_history_get_can_redo (history));

  cm_history_add_category (history, "summit", "Summit", NULL);
  g_assert_cmpstr (cm_history_get_undo_name (history), ==, "Add Category “Summit”");
  cm_history_rename_category (history, 0, "Summits");
  g_assert_cmpstr (cm_history_get_undo_name (history), ==, "Rename Category “Summit”");
  cm_history_recolor_category (history, 0, 1, 0, 0);
  g_assert_cmpstr (cm_history_get_undo_name (history), ==, "Change Color of Category “Summits”");
  cm_history_remove_category (history, 0);
  g_assert_cmpstr (cm_history_get_undo_name (history), ==, "Delete Category “Summits”");
  cm_history_add_group (history, "tour", "Tour", CM_GROUP_LANE);
  g_assert_cmpstr (cm_history_get_undo_name (history), ==, "Add Group “Tour”");
  cm_history_set_group_kind (history, 0, CM_GROUP_ITINERARY);
  g_assert_cmpstr (cm_history_get_undo_name (history), ==, "Make “Tour” an Itinerary");
  cm_history_rename_group (history, 0, "Europe");
  g_assert_cmpstr (cm_history_get_undo_name (history), ==, "Rename Group “Tour”");
  cm_history_remove_group (history, 0);
  g_assert_cmpstr (cm_history_get_undo_name (history), ==, "Delete Group “Europe”");
}

/* Undo and redo say which one event their step was about, for the views
 * to select it: none for several events or a category. */
static void
test_last_event (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  g_autoptr(CmHistory) history = cm_history_new (doc);
  guint a, b, serials[2];

  g_assert_cmpuint (cm_history_get_last_event (history), ==, CM_NONE);
  a = add_event (history, "Obama meets Sarkozy", 10 * DAY);
  b = add_event (history, "Summit", 11 * DAY);
  move_by (history, a, DAY);
  move_by (history, b, DAY);

  g_assert_true (cm_history_undo (history));
  g_assert_cmpuint (cm_history_get_last_event (history), ==, b);
  g_assert_true (cm_history_undo (history));
  g_assert_cmpuint (cm_history_get_last_event (history), ==, a);
  g_assert_true (cm_history_redo (history));
  g_assert_cmpuint (cm_history_get_last_event (history), ==, a);

  /* A drag is one step about one event, whatever its number of changes. */
  cm_history_begin_group (history, NULL);
  move_by (history, b, DAY);
  move_by (history, b, DAY);
  cm_history_end_group (history);
  g_assert_true (cm_history_undo (history));
  g_assert_cmpuint (cm_history_get_last_event (history), ==, b);
  g_assert_true (cm_history_redo (history));

  serials[0] = a;
  serials[1] = b;
  cm_history_delete_events (history, serials, 2);
  g_assert_true (cm_history_undo (history));
  g_assert_cmpuint (cm_history_get_last_event (history), ==, CM_NONE);

  cm_history_add_category (history, "summit", "Summit", NULL);
  g_assert_true (cm_history_undo (history));
  g_assert_cmpuint (cm_history_get_last_event (history), ==, CM_NONE);

  cm_history_clear (history);
  g_assert_cmpuint (cm_history_get_last_event (history), ==, CM_NONE);
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *counter)
{
  (*counter)++;
}

static void
test_group (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  g_autoptr(CmHistory) history = cm_history_new (doc);
  CmEventStore *store = cm_document_get_store (doc);
  guint a, b, position, notified = 0;

  a = add_event (history, "Summit", 10 * DAY);
  b = add_event (history, "Talks", 20 * DAY);
  position = cm_history_get_position (history);
  g_signal_connect (history, "notify::undo-name", G_CALLBACK (notify_cb), &notified);

  /* A drag past the other event and back and on: one step. */
  cm_history_begin_group (history, NULL);
  for (int i = 0; i < 30; i++)
    move_by (history, a, DAY);
  cm_history_begin_group (history, "Inner");
  move_by (history, a, DAY);
  cm_history_end_group (history);
  cm_history_end_group (history);

  g_assert_cmpuint (cm_history_get_position (history), ==, position + 1);
  g_assert_cmpstr (cm_history_get_undo_name (history), ==, "Move “Summit”");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (cm_event_store_find_serial (store, a), ==, 1);
  g_assert_cmpint (cm_event_store_get_start (store, 1), ==, 41 * DAY);

  g_assert_true (cm_history_undo (history));
  g_assert_cmpuint (cm_history_get_position (history), ==, position);
  g_assert_cmpuint (cm_event_store_find_serial (store, a), ==, 0);
  g_assert_cmpint (cm_event_store_get_start (store, 0), ==, 10 * DAY);
  g_assert_cmpuint (cm_event_store_find_serial (store, b), ==, 1);

  /* A named group of edits of two events. */
  g_assert_true (cm_history_redo (history));
  cm_history_begin_group (history, "Move Two Events");
  move_by (history, a, DAY);
  move_by (history, b, DAY);
  move_by (history, a, DAY);
  cm_history_end_group (history);
  g_assert_cmpstr (cm_history_get_undo_name (history), ==, "Move Two Events");
  g_assert_true (cm_history_undo (history));
  g_assert_cmpint (cm_event_store_get_start (store, cm_event_store_find_serial (store, a)), ==, 41 * DAY);
  g_assert_cmpint (cm_event_store_get_start (store, cm_event_store_find_serial (store, b)), ==, 20 * DAY);

  /* An empty group is no step. */
  position = cm_history_get_position (history);
  cm_history_begin_group (history, "Nothing");
  cm_history_end_group (history);
  g_assert_cmpuint (cm_history_get_position (history), ==, position);
  g_assert_cmpstr (cm_history_get_redo_name (history), ==, "Move Two Events");
}

static void
test_dirty (void)
{
  g_autoptr(CmDocument) doc = random_document (10);
  g_autoptr(CmHistory) history = cm_history_new (doc);
  guint a;

  g_assert_false (cm_document_get_dirty (doc));
  a = add_event (history, "One", DAY);
  g_assert_true (cm_document_get_dirty (doc));
  g_assert_true (cm_history_undo (history));
  g_assert_false (cm_document_get_dirty (doc));
  g_assert_true (cm_history_redo (history));
  g_assert_true (cm_document_get_dirty (doc));

  /* Saved after two steps (the window clears the flag). */
  move_by (history, a, DAY);
  cm_document_set_dirty (doc, FALSE);
  g_assert_true (cm_history_undo (history));
  g_assert_true (cm_document_get_dirty (doc));
  g_assert_true (cm_history_redo (history));
  g_assert_false (cm_document_get_dirty (doc));
  move_by (history, a, DAY);
  g_assert_true (cm_document_get_dirty (doc));
  g_assert_true (cm_history_undo (history));
  g_assert_false (cm_document_get_dirty (doc));

  /* Back before the save and on another way: the saved state is gone. */
  g_assert_true (cm_history_undo (history));
  move_by (history, a, 2 * DAY);
  g_assert_true (cm_document_get_dirty (doc));
  g_assert_true (cm_history_undo (history));
  g_assert_true (cm_document_get_dirty (doc));
  cm_history_set_clean (history);
  g_assert_false (cm_document_get_dirty (doc));
  g_assert_true (cm_history_redo (history));
  g_assert_true (cm_document_get_dirty (doc));

  cm_history_clear (history);
  g_assert_false (cm_history_get_can_undo (history));
  g_assert_false (cm_history_get_can_redo (history));
  g_assert_null (cm_history_get_redo_name (history));
}

/* A million events: one move and its undo, by serial, the index kept. */
static void
test_million (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  g_autoptr(CmHistory) history = NULL;
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (guint));
  CmEventStore *store = cm_document_get_store (doc);
  const guint n = 1000000;
  guint position, serial, moved_to;
  CmTime start;
  char title[32];

  cm_event_store_begin_bulk (store, n);
  for (guint i = 0; i < n; i++)
    {
      CmEventData data;

      cm_event_data_init (&data);
      g_snprintf (title, sizeof title, "Event %u", i);
      data.title = title;
      /* One an hour, a tenth of them spans of a day. */
      data.start = (CmTime) i * 3600;
      if (i % 10 == 0)
        data.end = data.start + DAY;
      cm_event_store_add (store, &data);
    }
  cm_event_store_end_bulk (store);
  history = cm_history_new (doc);

  position = n / 2;
  serial = cm_event_store_get_serial (store, position);
  start = cm_event_store_get_start (store, position);
  move_by (history, serial, DAY);
  g_assert_cmpstr (cm_history_get_undo_name (history), ==, "Move “Event 500000”");
  moved_to = cm_event_store_find_serial (store, serial);
  g_assert_cmpuint (moved_to, ==, position + 24);
  g_assert_cmpint (cm_event_store_get_start (store, moved_to), ==, start + DAY);
  g_assert_cmpint (cm_event_store_get_start (store, moved_to - 1), <=, start + DAY);
  g_assert_cmpuint (cm_event_store_find_serial (store, serial + 1), ==, position);

  /* The index answers for where the event is now, not where it was. */
  cm_event_store_query (store, start + DAY / 2, start + DAY / 2, hits);
  for (guint i = 0; i < hits->len; i++)
    g_assert_cmpuint (g_array_index (hits, guint, i), !=, moved_to);
  g_array_set_size (hits, 0);
  cm_event_store_query (store, start + DAY + DAY / 2, start + DAY + DAY / 2, hits);
  g_assert_cmpuint (hits->len, >, 0);
  {
    gboolean found = FALSE;

    for (guint i = 0; i < hits->len; i++)
      found |= g_array_index (hits, guint, i) == moved_to;
    g_assert_true (found);
  }

  g_assert_true (cm_history_undo (history));
  g_assert_cmpuint (cm_event_store_find_serial (store, serial), ==, position);
  g_assert_cmpint (cm_event_store_get_start (store, position), ==, start);
  g_assert_cmpuint (cm_event_store_get_n_events (store), ==, n);
  for (guint i = position - 30; i < position + 30; i++)
    g_assert_cmpuint (cm_event_store_get_serial (store, i), ==, i);
  g_assert_false (cm_document_get_dirty (doc));

  /* Two deleted and back, with their serials. */
  {
    guint serials[2] = { 10, n - 10 };

    cm_history_delete_events (history, serials, 2);
    g_assert_cmpuint (cm_event_store_get_n_events (store), ==, n - 2);
    g_assert_cmpuint (cm_event_store_find_serial (store, 11), ==, 10);
    g_assert_cmpuint (cm_event_store_find_serial (store, n - 1), ==, n - 3);
    g_assert_true (cm_history_undo (history));
    g_assert_cmpuint (cm_event_store_get_n_events (store), ==, n);
    g_assert_cmpuint (cm_event_store_find_serial (store, 10), ==, 10);
    g_assert_cmpuint (cm_event_store_find_serial (store, n - 10), ==, n - 10);
    g_assert_cmpuint (cm_event_store_find_serial (store, n - 1), ==, n - 1);
  }
}

/* The stops' first serials, in stop order. */
static GArray *
stop_serials (CmDocument *doc,
              guint       group)
{
  g_autoptr(CmItinerary) itinerary = cm_itinerary_new (doc, group);
  GArray *serials = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < cm_itinerary_get_n_stops (itinerary); i++)
    g_array_append_val (serials, cm_itinerary_get_stop (itinerary, i)->serial);

  return serials;
}

static void
assert_same_serials (GArray      *serials,
                     const guint *expected,
                     guint        n)
{
  g_assert_cmpuint (serials->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (g_array_index (serials, guint, i), ==, expected[i]);
}

static void
test_reorder_stops (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  g_autoptr(CmHistory) history = cm_history_new (doc);
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  CmEventStore *store = cm_document_get_store (doc);
  guint trip = cm_history_add_group (history, "trip", "Trip", CM_GROUP_ITINERARY);
  guint serials[4], reordered[4], bad[4];
  CmEventData data;

  /* Four stops of one day, dated by the day: time order ties. The second
   * stop has two events at the same place. */
  for (guint i = 0; i < 4; i++)
    {
      cm_event_data_init (&data);
      data.title = titles[i];
      data.start = 20 * DAY;
      data.lat = 10.0 * (i + 1);
      data.lon = 5;
      data.group = trip;
      serials[i] = cm_history_insert_event (history, &data);
      if (i == 1)
        {
          data.title = "Second event of the second stop";
          data.lat = 20.001;
          cm_history_insert_event (history, &data);
        }
    }

  before = stop_serials (doc, trip);
  g_assert_cmpuint (before->len, ==, 4);
  g_assert_cmpuint (cm_history_get_position (history), ==, 6);

  /* Not a permutation of the stops: refused, no step. */
  memcpy (bad, serials, sizeof bad);
  bad[3] = bad[0];
  g_assert_false (cm_history_reorder_stops (history, trip, bad, 4));
  g_assert_false (cm_history_reorder_stops (history, trip, serials, 3));
  bad[3] = 9999;
  g_assert_false (cm_history_reorder_stops (history, trip, bad, 4));
  g_assert_cmpuint (cm_history_get_position (history), ==, 6);

  /* D, B, A, C. */
  reordered[0] = serials[3];
  reordered[1] = serials[1];
  reordered[2] = serials[0];
  reordered[3] = serials[2];
  g_assert_true (cm_history_reorder_stops (history, trip, reordered, 4));
  g_assert_cmpuint (cm_history_get_position (history), ==, 7);
  g_assert_cmpstr (cm_history_get_undo_name (history), ==, "Reorder Stops");
  after = stop_serials (doc, trip);
  assert_same_serials (after, reordered, 4);
  g_assert_cmpuint (cm_event_store_get_order (store, cm_event_store_find_serial (store, serials[3])), ==, 1);
  /* The second stop's two events are 2 and 3: they stay one stop. */
  g_assert_cmpuint (cm_event_store_get_order (store, cm_event_store_find_serial (store, serials[1])), ==, 2);
  g_assert_cmpuint (cm_event_store_get_order (store, cm_event_store_find_serial (store, serials[0])), ==, 4);

  /* The same order again changes nothing: no step. */
  g_assert_false (cm_history_reorder_stops (history, trip, reordered, 4));
  g_assert_cmpuint (cm_history_get_position (history), ==, 7);

  /* Undo gives back no order at all, redo the new one. */
  g_assert_true (cm_history_undo (history));
  g_clear_pointer (&after, g_array_unref);
  after = stop_serials (doc, trip);
  assert_same_serials (after, (guint *) (void *) before->data, 4);
  for (guint i = 0; i < cm_event_store_get_n_events (store); i++)
    g_assert_cmpuint (cm_event_store_get_order (store, i), ==, 0);
  g_assert_true (cm_history_redo (history));
  g_clear_pointer (&after, g_array_unref);
  after = stop_serials (doc, trip);
  assert_same_serials (after, reordered, 4);

  /* A second reorder undoes back to the first, not to none. */
  reordered[0] = serials[0];
  reordered[2] = serials[3];
  g_assert_true (cm_history_reorder_stops (history, trip, reordered, 4));
  g_assert_true (cm_history_undo (history));
  g_clear_pointer (&after, g_array_unref);
  after = stop_serials (doc, trip);
  g_assert_cmpuint (g_array_index (after, guint, 0), ==, serials[3]);
  g_assert_cmpuint (g_array_index (after, guint, 2), ==, serials[0]);

  /* A change of another field keeps the order (it is part of the event's
   * data); the order alone is a change of its details. */
  cm_event_store_get_data (store, cm_event_store_find_serial (store, serials[3]), &data);
  g_assert_cmpuint (data.order, ==, 1);
  data.title = "Renamed";
  g_assert_true (cm_history_change_event (history, serials[3], &data));
  g_assert_cmpuint (cm_event_store_get_order (store, cm_event_store_find_serial (store, serials[3])), ==, 1);
  data.order = 7;
  g_assert_true (cm_history_change_event (history, serials[3], &data));
  g_assert_cmpuint (cm_event_store_get_order (store, cm_event_store_find_serial (store, serials[3])), ==, 7);
  g_assert_true (cm_history_undo (history));
  g_assert_cmpuint (cm_event_store_get_order (store, cm_event_store_find_serial (store, serials[3])), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  cm_test_init (&argc, &argv);

  g_test_add_func ("/core/history/random", test_random);
  g_test_add_func ("/core/history/names", test_names);
  g_test_add_func ("/core/history/last-event", test_last_event);
  g_test_add_func ("/core/history/group", test_group);
  g_test_add_func ("/core/history/dirty", test_dirty);
  g_test_add_func ("/core/history/million", test_million);
  g_test_add_func ("/core/history/reorder-stops", test_reorder_stops);

  return g_test_run ();
}
