/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the asynchronous scene of CmTimelineRenderer: lanes built in a
 * thread draw exactly what lanes built at once draw; a newer request or a
 * change of the store drops the build of an older one. */
#include "config.h"

#include <string.h>

#include "timeline-renderer-tests.h"

#define WIDTH  900
#define HEIGHT 600

static void
count_cb (guint *count)
{
  (*count)++;
}

/* Runs the main context until every thread building lanes has reported
 * back; the number of times "changed" was emitted meanwhile. */
static guint
wait_for_builds (CmTimelineRenderer *renderer)
{
  guint count = 0;
  gulong id = g_signal_connect_swapped (renderer, "changed", G_CALLBACK (count_cb), &count);

  while (cm_timeline_renderer_is_building (renderer))
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (renderer, id);

  return count;
}

/* Events at random times, with random spans, precisions, categories and
 * groups (none too), a few hundred to a few thousand. */
static CmDocument *
random_document (void)
{
  guint n_groups = g_test_rand_int_range (0, 4);
  CmDocument *doc = new_document (n_groups);
  CmEventStore *store = cm_document_get_store (doc);
  guint n = g_test_rand_int_range (200, 4000);
  CmTime origin = parse ("2011-05-01");

  cm_event_store_begin_bulk (store, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = g_strdup_printf ("Event %u", i);
      CmEventData data;

      cm_event_data_init (&data);
      data.title = title;
      data.start = origin + g_test_rand_int_range (0, 60 * 86400);
      if (g_test_rand_bit ())
        data.end = data.start + g_test_rand_int_range (60, 5 * 86400);
      data.precision = g_test_rand_int_range (CM_PRECISION_MONTH, CM_PRECISION_SECOND + 1);
      data.end_precision = data.precision;
      data.category = g_test_rand_int_range (0, 5);   /* 3 and 4: none */
      data.category = data.category < 3 ? data.category : CM_NONE;
      data.group = n_groups > 0 ? (guint) g_test_rand_int_range (0, n_groups + 1) : CM_NONE;
      data.group = data.group < n_groups ? data.group : CM_NONE;
      data.utc_offset = g_test_rand_bit () ? 120 : CM_UTC_OFFSET_NONE;
      cm_event_store_add (store, &data);
    }
  cm_event_store_end_bulk (store);

  return doc;
}

/* Each event with probability @percent / 100 */
static CmMatchSet *
random_matches (CmEventStore *store,
                int           percent)
{
  guint n = cm_event_store_get_n_events (store);
  guint32 *positions = g_new (guint32, MAX (n, 1));
  guint k = 0;

  for (guint p = 0; p < n; p++)
    if (g_test_rand_int_range (0, 100) < percent)
      positions[k++] = p;

  return cm_match_set_new_take (n, positions, k);
}

/* The two renderers draw the same pixels and the same labels. */
static void
assert_same_frame (CmTimelineRenderer *a,
                   CmTimelineRenderer *b,
                   CmTime              start,
                   CmTime              end)
{
  cairo_surface_t *sa = render (a, WIDTH, HEIGHT, start, end);
  cairo_surface_t *sb = render (b, WIDTH, HEIGHT, start, end);
  const CmTimelineLabel *la, *lb;
  guint na, nb;

  g_assert_cmpint (cairo_image_surface_get_stride (sa), ==, cairo_image_surface_get_stride (sb));
  g_assert_true (memcmp (cairo_image_surface_get_data (sa), cairo_image_surface_get_data (sb),
                         (gsize) cairo_image_surface_get_stride (sa) * HEIGHT) == 0);

  la = cm_timeline_renderer_get_labels (a, &na);
  lb = cm_timeline_renderer_get_labels (b, &nb);
  g_assert_cmpuint (na, ==, nb);
  for (guint i = 0; i < na; i++)
    {
      g_assert_cmpint (la[i].kind, ==, lb[i].kind);
      g_assert_cmpfloat (la[i].x, ==, lb[i].x);
      g_assert_cmpfloat (la[i].y, ==, lb[i].y);
      g_assert_cmpfloat (la[i].width, ==, lb[i].width);
      g_assert_cmpstr (la[i].text, ==, lb[i].text);
    }
  g_assert_cmpfloat (cm_timeline_renderer_get_content_height (a), ==,
                     cm_timeline_renderer_get_content_height (b));

  cairo_surface_destroy (sa);
  cairo_surface_destroy (sb);
}

/* How many events the last frame shows */
static guint
count_shown (CmTimelineRenderer *renderer,
             CmEventStore       *store)
{
  guint shown = 0;

  for (guint p = 0; p < cm_event_store_get_n_events (store); p++)
    shown += cm_timeline_renderer_get_event_rect (renderer, cm_event_store_get_serial (store, p),
                                                  NULL, NULL, NULL, NULL);

  return shown;
}

static void
test_same_as_sync (void)
{
  for (guint round = 0; round < 12; round++)
    {
      g_autoptr(CmDocument) doc = random_document ();
      g_autoptr(CmTimelineRenderer) sync = cm_timeline_renderer_new ();
      g_autoptr(CmTimelineRenderer) async = cm_timeline_renderer_new ();
      CmEventStore *store = cm_document_get_store (doc);
      CmTime start = parse ("2011-05-01") + g_test_rand_int_range (0, 50 * 86400);
      CmTime end = start + g_test_rand_int_range (3600, 20 * 86400);
      cairo_surface_t *surface;

      cm_timeline_renderer_set_async_scene (async, TRUE);

      /* A new document: no lanes drawn until the thread is done */
      cm_timeline_renderer_set_document (sync, doc);
      cm_timeline_renderer_set_document (async, doc);
      g_assert_false (cm_timeline_renderer_get_prepared (async));
      surface = render (async, WIDTH, HEIGHT, start, end);
      cairo_surface_destroy (surface);
      g_assert_cmpuint (count_shown (async, store), ==, 0);
      g_assert_cmpuint (wait_for_builds (async), ==, 1);
      g_assert_true (cm_timeline_renderer_get_prepared (async));
      assert_same_frame (sync, async, start, end);

      /* Filter results, one after the other */
      for (guint k = 0; k < 3; k++)
        {
          g_autoptr(CmMatchSet) matches = random_matches (store, g_test_rand_int_range (0, 101));
          guint before;

          surface = render (async, WIDTH, HEIGHT, start, end);
          cairo_surface_destroy (surface);
          before = count_shown (async, store);

          cm_timeline_renderer_set_matches (sync, matches);
          cm_timeline_renderer_set_matches (async, matches);
          g_assert_false (cm_timeline_renderer_get_prepared (async));

          /* The previous lanes are still drawn meanwhile */
          surface = render (async, WIDTH, HEIGHT, start, end);
          cairo_surface_destroy (surface);
          g_assert_cmpuint (count_shown (async, store), ==, before);

          g_assert_cmpuint (wait_for_builds (async), ==, 1);
          assert_same_frame (sync, async, start, end);
        }
    }
}

/* Only the lanes of the last request are ever swapped in. */
static void
test_superseded (void)
{
  g_autoptr(CmDocument) doc = random_document ();
  g_autoptr(CmTimelineRenderer) sync = cm_timeline_renderer_new ();
  g_autoptr(CmTimelineRenderer) async = cm_timeline_renderer_new ();
  CmEventStore *store = cm_document_get_store (doc);
  CmTime start = parse ("2011-05-01"), end = parse ("2011-07-01");
  g_autoptr(CmMatchSet) none = cm_match_set_new_take (cm_event_store_get_n_events (store), NULL, 0);
  g_autoptr(CmMatchSet) some = random_matches (store, 50);
  g_autoptr(CmMatchSet) last = random_matches (store, 20);

  cm_timeline_renderer_set_async_scene (async, TRUE);
  cm_timeline_renderer_set_document (sync, doc);
  cm_timeline_renderer_set_document (async, doc);
  /* Requests one after the other, none waited for */
  cm_timeline_renderer_set_matches (async, none);
  cm_timeline_renderer_set_matches (async, some);
  cm_timeline_renderer_set_matches (async, last);
  g_assert_cmpuint (wait_for_builds (async), ==, 1);
  cm_timeline_renderer_set_matches (sync, last);
  assert_same_frame (sync, async, start, end);

  /* A build here wins over the thread started before it */
  cm_timeline_renderer_set_matches (async, some);
  g_assert_true (cm_timeline_renderer_prepare (async, 0));
  g_assert_true (cm_timeline_renderer_get_prepared (async));
  g_assert_cmpuint (wait_for_builds (async), ==, 0);
  cm_timeline_renderer_set_matches (sync, some);
  assert_same_frame (sync, async, start, end);
}

/* An edit of the store while a thread builds drops what it built: the
 * next frame lays the changed store out at once. */
static void
test_store_edit (void)
{
  g_autoptr(CmDocument) doc = random_document ();
  g_autoptr(CmTimelineRenderer) sync = cm_timeline_renderer_new ();
  g_autoptr(CmTimelineRenderer) async = cm_timeline_renderer_new ();
  CmEventStore *store = cm_document_get_store (doc);
  CmTime start = parse ("2011-05-01"), end = parse ("2011-07-01");
  g_autoptr(CmMatchSet) some = NULL;

  cm_timeline_renderer_set_async_scene (async, TRUE);
  cm_timeline_renderer_set_document (sync, doc);
  cm_timeline_renderer_set_document (async, doc);
  g_assert_cmpuint (wait_for_builds (async), ==, 1);

  some = random_matches (store, 50);
  cm_timeline_renderer_set_matches (async, some);
  add_event (doc, "Added", parse ("2011-05-20T12:00Z"), CM_TIME_INVALID,
             CM_PRECISION_MINUTE, 0, CM_NONE);
  g_assert_cmpuint (wait_for_builds (async), ==, 0);
  g_assert_false (cm_timeline_renderer_get_prepared (async));

  /* The set was of the store before the edit: the event added is not in it */
  cm_timeline_renderer_set_matches (async, NULL);
  cm_timeline_renderer_set_matches (sync, NULL);
  assert_same_frame (sync, async, start, end);
  g_assert_true (cm_timeline_renderer_get_prepared (async));
  g_assert_cmpuint (wait_for_builds (async), ==, 0);

  /* Built from what that frame copied of the changed store */
  g_clear_pointer (&some, cm_match_set_unref);
  some = random_matches (store, 50);
  cm_timeline_renderer_set_matches (async, some);
  cm_timeline_renderer_set_matches (sync, some);
  g_assert_cmpuint (wait_for_builds (async), ==, 1);
  assert_same_frame (sync, async, start, end);
}

static void
edited_cb (CmTimelineRenderer *renderer,
           guint               position,
           guint               removed,
           guint               added,
           CmEventStore       *store)
{
  g_autoptr(CmMatchSet) matches = random_matches (store, 70);

  cm_timeline_renderer_set_matches (renderer, matches);
}

/* A new result of the changed store, asked for before the renderer hears
 * of the change (as a session does, first to know): built from what the
 * renderer had, so dropped. */
static void
test_result_before_edit (void)
{
  g_autoptr(CmDocument) doc = random_document ();
  g_autoptr(CmTimelineRenderer) sync = cm_timeline_renderer_new ();
  g_autoptr(CmTimelineRenderer) async = cm_timeline_renderer_new ();
  CmEventStore *store = cm_document_get_store (doc);
  CmTime start = parse ("2011-05-01"), end = parse ("2011-07-01");
  g_autoptr(CmMatchSet) some = random_matches (store, 50);

  cm_timeline_renderer_set_async_scene (async, TRUE);
  g_signal_connect_swapped (store, "items-changed", G_CALLBACK (edited_cb), async);
  cm_timeline_renderer_set_document (sync, doc);
  cm_timeline_renderer_set_document (async, doc);
  cm_timeline_renderer_set_matches (async, some);
  g_assert_cmpuint (wait_for_builds (async), ==, 1);

  for (guint i = 0; i < 3; i++)
    add_event (doc, "Added", parse ("2011-05-20T12:00Z") + i * 3 * DAY, CM_TIME_INVALID,
               CM_PRECISION_MINUTE, i, CM_NONE);
  g_assert_cmpuint (wait_for_builds (async), ==, 0);
  g_assert_false (cm_timeline_renderer_get_prepared (async));

  cm_timeline_renderer_set_matches (async, NULL);
  cm_timeline_renderer_set_matches (sync, NULL);
  assert_same_frame (sync, async, start, end);
  g_signal_handlers_disconnect_by_func (store, edited_cb, async);
}

int
main (int   argc,
      char *argv[])
{
  int result;

  cm_test_init (&argc, &argv);

  g_test_add_func ("/timeline-renderer/async/same-as-sync", test_same_as_sync);
  g_test_add_func ("/timeline-renderer/async/superseded", test_superseded);
  g_test_add_func ("/timeline-renderer/async/store-edit", test_store_edit);
  g_test_add_func ("/timeline-renderer/async/result-before-edit", test_result_before_edit);

  result = g_test_run ();

  cm_test_release_fonts ();

  return result;
}
