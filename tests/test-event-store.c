/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "cm-document.h"
#include "cm-event-store.h"
#include "cm-interval-index.h"
#include "cm-string-pool.h"
#include "cm-test-util.h"
#include "cm-viewport.h"

static CmEventStore *
random_store (guint    n,
              gint64   range,
              gint64   max_length,
              GArray **starts_out,
              GArray **ends_out)
{
  CmEventStore *store = cm_event_store_new ();
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  GArray *ends = g_array_new (FALSE, FALSE, sizeof (gint64));

  cm_event_store_begin_bulk (store, n);
  for (guint i = 0; i < n; i++)
    {
      CmEventData data;
      g_autofree char *title = g_strdup_printf ("Event %u", i);
      gint64 start = (gint64) (g_test_rand_double () * (double) range) - range / 2;
      gint64 end;

      cm_event_data_init (&data);
      data.title = title;
      data.start = start;
      /* A third are spans, a few of them very long. */
      if (g_test_rand_int_range (0, 3) == 0)
        {
          gint64 length = g_test_rand_int_range (0, 100) == 0
            ? range / 3
            : (gint64) (g_test_rand_double () * (double) max_length) + 1;
          data.end = start + length;
        }
      end = data.end == CM_TIME_INVALID ? start : data.end;
      g_array_append_val (starts, start);
      g_array_append_val (ends, end);
      cm_event_store_add (store, &data);
    }
  cm_event_store_end_bulk (store);

  *starts_out = starts;
  *ends_out = ends;
  return store;
}

static void
test_query_brute_force (void)
{
  const guint sizes[] = { 0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 100, 1000, 5000 };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(GArray) starts = NULL;
      g_autoptr(GArray) ends = NULL;
      g_autoptr(CmEventStore) store = random_store (sizes[s], 1000000, 20000, &starts, &ends);
      guint n = cm_event_store_get_n_events (store);

      g_assert_cmpuint (n, ==, sizes[s]);

      /* Sorted by start. */
      for (guint i = 1; i < n; i++)
        g_assert_cmpint (cm_event_store_get_start (store, i - 1), <=, cm_event_store_get_start (store, i));

      for (guint q = 0; q < 200; q++)
        {
          g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (guint));
          g_autoptr(GArray) want = g_array_new (FALSE, FALSE, sizeof (guint));
          gint64 t0 = g_test_rand_int_range (-600000, 600000);
          gint64 t1 = t0 + g_test_rand_int_range (0, q % 10 == 0 ? 1000000 : 5000);

          cm_event_store_query (store, t0, t1, got);
          for (guint i = 0; i < n; i++)
            if (cm_event_store_get_start (store, i) <= t1 && cm_event_store_get_end (store, i) >= t0)
              g_array_append_val (want, i);

          g_assert_cmpuint (got->len, ==, want->len);
          for (guint i = 0; i < MIN (got->len, want->len); i++)
            g_assert_cmpuint (g_array_index (got, guint, i), ==, g_array_index (want, guint, i));
        }
    }
}

static void
test_query_edges (void)
{
  g_autoptr(CmEventStore) store = cm_event_store_new ();
  g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (guint));
  CmEventData data;
  CmTime first, last;

  g_assert_false (cm_event_store_get_range (store, &first, &last));
  cm_event_store_query (store, G_MININT64, G_MAXINT64, got);
  g_assert_cmpuint (got->len, ==, 0);

  cm_event_data_init (&data);
  data.title = "Big bang";
  data.start = G_GINT64_CONSTANT (-435485000000000000);
  data.end = 0;
  cm_event_store_begin_bulk (store, 0);
  cm_event_store_add (store, &data);
  data.title = "Instant";
  data.start = 100;
  data.end = CM_TIME_INVALID;
  cm_event_store_add (store, &data);
  cm_event_store_end_bulk (store);

  /* Closed interval: touching counts. */
  cm_event_store_query (store, 0, 0, got);
  g_assert_cmpuint (got->len, ==, 1);
  g_array_set_size (got, 0);
  cm_event_store_query (store, 100, 100, got);
  g_assert_cmpuint (got->len, ==, 1);
  g_assert_cmpuint (g_array_index (got, guint, 0), ==, 1);
  g_array_set_size (got, 0);
  cm_event_store_query (store, 1, 99, got);
  g_assert_cmpuint (got->len, ==, 0);
  g_array_set_size (got, 0);
  cm_event_store_query (store, G_MININT64, G_MAXINT64, got);
  g_assert_cmpuint (got->len, ==, 2);

  g_assert_true (cm_event_store_get_range (store, &first, &last));
  g_assert_cmpint (first, ==, G_GINT64_CONSTANT (-435485000000000000));
  g_assert_cmpint (last, ==, 100);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *counter)
{
  (*counter)++;
}

static void
test_edits (void)
{
  g_autoptr(CmEventStore) store = cm_event_store_new ();
  g_autoptr(CmEvent) event = NULL;
  CmEventData data;
  guint changes = 0;
  guint pos_b, pos_a, pos_c, serial_a;

  g_signal_connect (store, "items-changed", G_CALLBACK (items_changed_cb), &changes);

  cm_event_data_init (&data);
  data.title = "B";
  data.start = 200;
  pos_b = cm_event_store_insert (store, &data);
  data.title = "A";
  data.start = 100;
  data.place = "Deauville";
  data.lat = 49.36;
  data.lon = 0.07;
  pos_a = cm_event_store_insert (store, &data);
  data.title = "C";
  data.start = 300;
  data.place = "Deauville";
  pos_c = cm_event_store_insert (store, &data);

  g_assert_cmpuint (changes, ==, 3);
  g_assert_cmpuint (pos_b, ==, 0);
  g_assert_cmpuint (pos_a, ==, 0);
  g_assert_cmpuint (pos_c, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 3);
  g_assert_cmpstr (cm_event_store_get_title (store, 0), ==, "A");
  g_assert_cmpstr (cm_event_store_get_title (store, 1), ==, "B");
  g_assert_cmpstr (cm_event_store_get_title (store, 2), ==, "C");

  event = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_true (CM_IS_EVENT (event));
  g_assert_cmpstr (cm_event_get_title (event), ==, "A");
  g_assert_cmpstr (cm_event_get_place (event), ==, "Deauville");
  g_assert_true (cm_event_get_coordinates (event, NULL, NULL));
  serial_a = cm_event_get_serial (event);
  g_assert_cmpuint (cm_event_store_find_serial (store, serial_a), ==, 0);

  /* Moving A after C keeps its serial. */
  cm_event_store_get_data (store, 0, &data);
  data.title = "A";
  data.start = 400;
  g_assert_cmpuint (cm_event_store_replace (store, 0, &data), ==, 2);
  g_assert_cmpuint (cm_event_store_find_serial (store, serial_a), ==, 2);
  g_assert_cmpstr (cm_event_store_get_title (store, 0), ==, "B");

  cm_event_store_remove (store, 2);
  g_assert_cmpuint (cm_event_store_find_serial (store, serial_a), ==, CM_NONE);
  g_assert_cmpuint (cm_event_store_get_n_events (store), ==, 2);
  g_assert_cmpuint (changes, ==, 5);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (store), 2));
}

/* Random insertions, removals, reinsertions and moves in a store big enough
 * for a deep index: after each, queries agree with a scan and every serial
 * is found where it is; text read from the store can be written back. */
static void
test_edits_random (void)
{
  g_autoptr(GArray) starts = NULL;
  g_autoptr(GArray) ends = NULL;
  g_autoptr(CmEventStore) store = random_store (3000, 1000000, 20000, &starts, &ends);
  g_autoptr(GArray) removed = g_array_new (FALSE, FALSE, sizeof (guint));
  guint changes = 0;

  g_signal_connect (store, "items-changed", G_CALLBACK (items_changed_cb), &changes);

  for (guint step = 0; step < 400; step++)
    {
      guint n = cm_event_store_get_n_events (store);
      guint position = (guint) g_test_rand_int_range (0, (gint32) n);
      guint serial = cm_event_store_get_serial (store, position);
      g_autofree char *title = g_strdup (cm_event_store_get_title (store, position));
      guint before = changes;
      CmEventData data;

      cm_event_store_get_data (store, position, &data);
      switch (g_test_rand_int_range (0, 6))
        {
        case 4:
          {
            /* Several at once (one twice), and back at once, moved. */
            guint serials[6];
            g_autoptr(GArray) datas = g_array_new (FALSE, FALSE, sizeof (CmEventData));
            guint k = (guint) g_test_rand_int_range (1, 6);
            guint went;

            for (guint i = 0; i < k; i++)
              serials[i] = cm_event_store_get_serial (store, (guint) g_test_rand_int_range (0, (gint32) n));
            serials[k] = serials[0];
            went = cm_event_store_remove_serials (store, serials, k + 1);
            g_assert_cmpuint (went, <=, k);
            g_assert_cmpuint (cm_event_store_get_n_events (store), ==, n - went);
            g_assert_cmpuint (changes, ==, before + 1);

            for (guint i = 0; i < k; i++)
              {
                CmEventData back;

                g_assert_cmpuint (cm_event_store_find_serial (store, serials[i]), ==, CM_NONE);
                cm_event_data_init (&back);
                back.title = "Back";
                back.start = g_test_rand_int_range (-500000, 500000);
                g_array_append_val (datas, back);
              }
            /* Each serial once. */
            {
              guint unique = 0;

              for (guint i = 0; i < k; i++)
                {
                  gboolean seen = FALSE;

                  for (guint j = 0; j < unique; j++)
                    seen |= serials[j] == serials[i];
                  if (!seen)
                    serials[unique++] = serials[i];
                }
              g_assert_cmpuint (unique, ==, went);
              k = unique;
            }
            cm_event_store_reinsert_many (store, serials, &g_array_index (datas, CmEventData, 0), k);
            g_assert_cmpuint (cm_event_store_get_n_events (store), ==, n);
            for (guint i = 0; i < k; i++)
              g_assert_cmpstr (cm_event_store_get_title (store, cm_event_store_find_serial (store, serials[i])),
                               ==, "Back");
            before++;
          }
          break;

        case 5:
          {
            guint serials[2] = { serial, cm_event_store_get_serial (store, n - 1 - position) };

            cm_event_store_set_categories (store, serials, 2, 3);
            cm_event_store_set_groups (store, serials, 1, CM_NONE);
            before++;
            g_assert_cmpuint (cm_event_store_get_category (store, position), ==, 3);
            g_assert_cmpuint (cm_event_store_get_category (store, n - 1 - position), ==, 3);
            g_assert_cmpuint (cm_event_store_get_group (store, position), ==, CM_NONE);
          }
          break;

        case 0:
          data.title = "New";
          data.start = g_test_rand_int_range (-500000, 500000);
          data.end = g_test_rand_bit () ? data.start + g_test_rand_int_range (1, 300000) : CM_TIME_INVALID;
          cm_event_store_insert (store, &data);
          g_assert_cmpuint (cm_event_store_get_n_events (store), ==, n + 1);
          break;

        case 1:
          cm_event_store_remove (store, position);
          g_array_append_val (removed, serial);
          g_assert_cmpuint (cm_event_store_find_serial (store, serial), ==, CM_NONE);
          break;

        case 2:
          if (removed->len > 0)
            {
              guint back = g_array_index (removed, guint, removed->len - 1);

              g_array_set_size (removed, removed->len - 1);
              data.start = g_test_rand_int_range (-500000, 500000);
              data.end = CM_TIME_INVALID;
              position = cm_event_store_reinsert (store, back, &data);
              g_assert_cmpuint (cm_event_store_get_serial (store, position), ==, back);
              break;
            }
          G_GNUC_FALLTHROUGH;

        default:
          /* Moved by up to a tenth of the range, its own strings passed. */
          data.start += g_test_rand_int_range (-100000, 100000);
          if (data.end != CM_TIME_INVALID)
            data.end = MAX (data.end + g_test_rand_int_range (-1000, 1000), data.start + 1);
          position = cm_event_store_replace (store, position, &data);
          g_assert_cmpuint (cm_event_store_get_serial (store, position), ==, serial);
          g_assert_cmpstr (cm_event_store_get_title (store, position), ==, title);
          g_assert_cmpint (cm_event_store_get_start (store, position), ==, data.start);
          break;
        }
      g_assert_cmpuint (changes, ==, before + 1);

      n = cm_event_store_get_n_events (store);
      for (guint i = 0; i < n; i++)
        {
          g_assert_cmpuint (cm_event_store_find_serial (store, cm_event_store_get_serial (store, i)), ==, i);
          if (i > 0)
            g_assert_cmpint (cm_event_store_get_start (store, i - 1), <=, cm_event_store_get_start (store, i));
        }

      for (guint q = 0; q < 4; q++)
        {
          g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (guint));
          gint64 t0 = g_test_rand_int_range (-600000, 600000);
          gint64 t1 = t0 + g_test_rand_int_range (0, 20000);
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
}

static void
changed_cb (CmDocument *document,
            guint      *counter)
{
  (*counter)++;
}

/* Removing a category or group renumbers the events after it; inserting
 * one back renumbers them again. */
static void
test_document_renumber (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  CmEventStore *store = cm_document_get_store (doc);
  CmCategory category;
  CmEventData data;
  guint changed = 0;

  cm_document_add_category (doc, "a", "A", NULL);
  cm_document_add_category (doc, "b", "B", NULL);
  cm_document_add_category (doc, "c", "C", NULL);
  cm_document_add_group (doc, "g", "G", CM_GROUP_LANE);
  for (guint i = 0; i < 3; i++)
    {
      cm_event_data_init (&data);
      data.title = "E";
      data.start = i;
      data.category = i;
      data.group = 0;
      cm_event_store_insert (store, &data);
    }
  g_signal_connect (doc, "changed", G_CALLBACK (changed_cb), &changed);

  category = *cm_document_get_category (doc, 1);
  category.id = g_strdup (category.id);
  category.name = g_strdup (category.name);
  cm_document_remove_category (doc, 1);
  g_assert_cmpuint (cm_document_get_n_categories (doc), ==, 2);
  g_assert_cmpuint (cm_event_store_get_category (store, 0), ==, 0);
  g_assert_cmpuint (cm_event_store_get_category (store, 1), ==, CM_NONE);
  g_assert_cmpuint (cm_event_store_get_category (store, 2), ==, 1);

  cm_document_insert_category (doc, 1, &category);
  g_assert_cmpstr (cm_document_get_category (doc, 1)->id, ==, "b");
  g_assert_cmpuint (cm_event_store_get_category (store, 2), ==, 2);
  g_assert_cmpuint (cm_event_store_get_category (store, 1), ==, CM_NONE);
  g_free (category.id);
  g_free (category.name);

  cm_document_set_category_name (doc, 0, "First");
  cm_document_set_category_name (doc, 0, "First");
  cm_document_set_category_color (doc, 0, 1, 0, 0);
  g_assert_cmpstr (cm_document_get_category (doc, 0)->name, ==, "First");
  cm_document_set_group_kind (doc, 0, CM_GROUP_ITINERARY);
  cm_document_set_group_name (doc, 0, "Tour");
  g_assert_cmpuint (cm_document_get_group (doc, 0)->kind, ==, CM_GROUP_ITINERARY);
  cm_document_remove_group (doc, 0);
  g_assert_cmpuint (cm_event_store_get_group (store, 0), ==, CM_NONE);
  g_assert_cmpuint (changed, ==, 7);
}

static void
test_string_pool (void)
{
  g_autoptr(CmStringPool) pool = cm_string_pool_new ();
  guint32 a, b, c;
  guint32 offsets[2000];

  g_assert_cmpuint (cm_string_pool_add (pool, NULL, 0), ==, 0);
  g_assert_null (cm_string_pool_get (pool, 0));

  a = cm_string_pool_intern (pool, "Warsaw", 6);
  b = cm_string_pool_intern (pool, "Warsaw, Poland", 6);
  c = cm_string_pool_intern (pool, "Dublin", 6);
  g_assert_cmpuint (a, ==, b);
  g_assert_cmpuint (a, !=, c);
  g_assert_cmpstr (cm_string_pool_get (pool, a), ==, "Warsaw");

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      g_autofree char *s = g_strdup_printf ("place %u", i % 500);
      offsets[i] = cm_string_pool_intern (pool, s, strlen (s));
    }
  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      g_autofree char *s = g_strdup_printf ("place %u", i % 500);
      g_assert_cmpstr (cm_string_pool_get (pool, offsets[i]), ==, s);
      g_assert_cmpuint (offsets[i], ==, offsets[i % 500]);
    }
}

static void
test_document_take (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  g_autoptr(CmDocument) other = cm_document_new ();
  CmEventStore *store = cm_document_get_store (doc);
  CmEventData data;
  guint changes = 0;
  double r, g, b;

  g_signal_connect (store, "items-changed", G_CALLBACK (items_changed_cb), &changes);

  cm_document_set_title (other, "Other");
  g_assert_cmpuint (cm_document_add_category (other, "summit", "Summit", "#e66100"), ==, 0);
  g_assert_cmpuint (cm_document_add_category (other, "policy", NULL, "bad"), ==, 1);
  g_assert_cmpuint (cm_document_add_group (other, "tour", "Tour", CM_GROUP_ITINERARY), ==, 0);
  cm_event_data_init (&data);
  data.title = "E";
  cm_event_store_insert (cm_document_get_store (other), &data);

  cm_document_take (doc, other);
  g_assert_cmpstr (cm_document_get_title (doc), ==, "Other");
  g_assert_true (cm_document_get_store (doc) == store);
  g_assert_cmpuint (cm_event_store_get_n_events (store), ==, 1);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (cm_document_get_n_categories (doc), ==, 2);
  g_assert_cmpuint (cm_document_find_category (doc, "policy"), ==, 1);
  g_assert_cmpstr (cm_document_get_category (doc, 1)->name, ==, "policy");
  g_assert_cmpuint (cm_document_get_group (doc, 0)->kind, ==, CM_GROUP_ITINERARY);
  g_assert_cmpuint (cm_event_store_get_n_events (cm_document_get_store (other)), ==, 0);
  g_assert_cmpuint (cm_document_get_n_categories (other), ==, 0);

  g_assert_true (cm_color_parse ("#ff8000", &r, &g, &b));
  g_assert_cmpfloat_with_epsilon (g, 128 / 255.0, 1e-9);
  g_assert_false (cm_color_parse ("#ff80", &r, &g, &b));
  g_assert_false (cm_color_parse ("#gg8000", &r, &g, &b));
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *counter)
{
  (*counter)++;
}

static void
test_viewport (void)
{
  g_autoptr(CmViewport) viewport = cm_viewport_new ();
  guint notifications = 0;

  g_signal_connect (viewport, "notify", G_CALLBACK (notify_cb), &notifications);
  cm_viewport_set_window (viewport, -100, 100);
  g_assert_cmpint (cm_viewport_get_start (viewport), ==, -100);
  g_assert_cmpint (cm_viewport_get_end (viewport), ==, 100);
  g_assert_cmpuint (notifications, ==, 2);
  cm_viewport_set_window (viewport, -100, 100);
  g_assert_cmpuint (notifications, ==, 2);

  g_assert_cmpuint (cm_viewport_get_selection (viewport), ==, CM_NONE);
  cm_viewport_set_selection (viewport, 7);
  cm_viewport_set_selection (viewport, 7);
  g_assert_cmpuint (cm_viewport_get_selection (viewport), ==, 7);
  g_assert_cmpuint (notifications, ==, 3);
}

static void
count_cb (CmViewport *viewport,
          guint      *counter)
{
  (*counter)++;
}

/* A drag's preview: said once a change, none for the same values; the
 * editable flag, TRUE by default. */
static void
test_viewport_preview (void)
{
  g_autoptr(CmViewport) viewport = cm_viewport_new ();
  guint changes = 0, notifications = 0;
  CmTime start = 0, end = 0;
  double lat = 0, lon = 0;

  g_signal_connect (viewport, "preview-changed", G_CALLBACK (count_cb), &changes);
  g_signal_connect (viewport, "notify::editable", G_CALLBACK (notify_cb), &notifications);
  g_assert_cmpuint (cm_viewport_get_preview (viewport, &start, NULL, NULL, NULL), ==, CM_NONE);
  cm_viewport_clear_preview (viewport);
  g_assert_cmpuint (changes, ==, 0);

  cm_viewport_set_preview (viewport, 4, 100, CM_TIME_INVALID, NAN, NAN);
  cm_viewport_set_preview (viewport, 4, 100, CM_TIME_INVALID, NAN, NAN);
  g_assert_cmpuint (changes, ==, 1);
  cm_viewport_set_preview (viewport, 4, 160, 200, 49.5, 0.1);
  g_assert_cmpuint (changes, ==, 2);
  g_assert_cmpuint (cm_viewport_get_preview (viewport, &start, &end, &lat, &lon), ==, 4);
  g_assert_cmpint (start, ==, 160);
  g_assert_cmpint (end, ==, 200);
  g_assert_cmpfloat (lat, ==, 49.5);
  g_assert_cmpfloat (lon, ==, 0.1);
  cm_viewport_clear_preview (viewport);
  cm_viewport_clear_preview (viewport);
  g_assert_cmpuint (changes, ==, 3);
  g_assert_cmpuint (cm_viewport_get_preview (viewport, NULL, NULL, NULL, NULL), ==, CM_NONE);

  g_assert_true (cm_viewport_get_editable (viewport));
  cm_viewport_set_editable (viewport, FALSE);
  cm_viewport_set_editable (viewport, FALSE);
  g_assert_false (cm_viewport_get_editable (viewport));
  g_assert_cmpuint (notifications, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  cm_test_init (&argc, &argv);

  g_test_add_func ("/core/event-store/query-brute-force", test_query_brute_force);
  g_test_add_func ("/core/event-store/query-edges", test_query_edges);
  g_test_add_func ("/core/event-store/edits", test_edits);
  g_test_add_func ("/core/event-store/edits-random", test_edits_random);
  g_test_add_func ("/core/document/renumber", test_document_renumber);
  g_test_add_func ("/core/string-pool/intern", test_string_pool);
  g_test_add_func ("/core/document/take", test_document_take);
  g_test_add_func ("/core/viewport/notify", test_viewport);
  g_test_add_func ("/core/viewport/preview", test_viewport_preview);

  return g_test_run ();
}
