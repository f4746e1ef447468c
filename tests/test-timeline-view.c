/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GUI tests of CmTimelineView: the time-window maths, following the
 * selection, Go to Date, the lanes' scroll bar, tooltips, the dark style,
 * deep time and a search in a large document. Run under xvfb-run; the input cases are in
 * test-timeline-view-input.c. */
#include "config.h"

#include "timeline-view-fixture.h"

/* Pure functions ---------------------------------------------------------- */

/* In the window ------------------------------------------------------------ */

static void
test_follow_selection (Fixture       *f,
                       gconstpointer  data)
{
  CmTime start = get_start (f), end = get_end (f);
  guint position = CM_NONE;

  /* An event far outside the window, selected elsewhere (the list). */
  for (guint i = 0; i < cm_event_store_get_n_events (f->store); i++)
    if (cm_event_store_get_end (f->store, i) < start - (end - start))
      {
        position = i;
        break;
      }
  g_assert_cmpuint (position, !=, CM_NONE);

  cm_viewport_set_selection (f->viewport, cm_event_store_get_serial (f->store, position));
  g_assert_true (_cm_timeline_view_is_animating (f->view));
  settle (f);

  g_assert_cmpint (cm_event_store_get_start (f->store, position), >=, get_start (f));
  g_assert_cmpint (cm_event_store_get_end (f->store, position), <=, get_end (f));
  g_assert_cmpint (get_end (f) - get_start (f), ==, end - start);
}

static void
test_go_to_date (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *popover = GTK_WIDGET (f->view->go_to_popover);
  GtkWidget *error = GTK_WIDGET (f->view->go_to_error);
  CmTime may = cm_time_from_civil (2011, 5, 1, 0, 0, 0);
  CmTime june = cm_time_from_civil (2011, 6, 1, 0, 0, 0);
  CmTime start, end;
  GtkWidget *focus;

  /* Somewhere else first. */
  cm_viewport_set_window (f->viewport, cm_time_from_civil (2011, 1, 1, 0, 0, 0),
                          cm_time_from_civil (2011, 2, 1, 0, 0, 0));
  settle (f);

  key (f, "ctrl+l");
  WAIT_UNTIL (gtk_widget_get_mapped (popover));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (f->view->go_to_entry)));

  /* Garbage: an error, the window stays, the popover stays. */
  start = get_start (f);
  end = get_end (f);
  xdotool ("type --delay 20 garbage");
  key (f, "Return");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->view->go_to_entry)), ==, "garbage");
  g_assert_true (gtk_widget_get_visible (error));
  g_assert_cmpuint (strlen (gtk_label_get_text (f->view->go_to_error)), >, 0);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->view->go_to_entry), "error"));
  g_assert_cmpint (get_start (f), ==, start);
  g_assert_cmpint (get_end (f), ==, end);
  g_assert_true (gtk_widget_get_mapped (popover));

  /* "May 2011": the window shows May (with margins), the popover closes. */
  key (f, "ctrl+a");
  xdotool ("type --delay 20 'May 2011'");
  settle (f);
  g_assert_false (gtk_widget_get_visible (error));
  key (f, "Return");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f->view->go_to_entry)), ==, "May 2011");
  WAIT_UNTIL (!gtk_widget_get_mapped (popover));
  settle (f);
  g_assert_cmpint (get_start (f), <=, may);
  g_assert_cmpint (get_start (f), >, may - 7 * 86400);
  g_assert_cmpint (get_end (f), >=, june);
  g_assert_cmpint (get_end (f), <, june + 7 * 86400);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (f->view)));
}

/* Go to Date and the cluster tooltips speak the axis' zone: the
 * document's (UTC+2 for Deauville), or UTC when chosen */
static void
test_time_zone (Fixture       *f,
                gconstpointer  data)
{
  CmTime utc_midnight = cm_time_from_civil (2011, 5, 26, 0, 0, 0);
  g_autoptr(CmDocument) crowd = cm_document_new ();
  CmEventStore *store = cm_document_get_store (crowd);
  CmTimelineRenderer *renderer = cm_timeline_view_get_renderer (f->view);
  g_autofree char *markup = NULL;
  int width = gtk_widget_get_width (GTK_WIDGET (f->view));
  double x;

  /* A date without an offset is a day of the axis: centred on its noon */
  g_assert_true (_cm_timeline_view_go_to_text (f->view, "26 May 2011", NULL));
  settle (f);
  g_assert_cmpint (get_start (f) / 2 + get_end (f) / 2, ==, utc_midnight + 10 * 3600);
  g_assert_cmpint (get_end (f) - get_start (f), >=, 86400);

  cm_session_set_time_zone (f->session, CM_ZONE_KIND_UTC);
  g_assert_cmpint (cm_timeline_renderer_get_zone_kind (renderer), ==, CM_ZONE_KIND_UTC);
  g_assert_true (_cm_timeline_view_go_to_text (f->view, "27 May 2011", NULL));
  settle (f);
  g_assert_cmpint (get_start (f) / 2 + get_end (f) / 2, ==, utc_midnight + 86400 + 12 * 3600);
  /* An offset written is kept: the minute of 12:00-05:00, whatever the axis */
  g_assert_true (_cm_timeline_view_go_to_text (f->view, "2011-05-26T12:00-05:00", NULL));
  settle (f);
  g_assert_cmpint (get_start (f) / 2 + get_end (f) / 2, ==, utc_midnight + 17 * 3600 + 30);

  /* A crowd at 12:00+02:00 clusters; its tooltip tells the time as the
   * axis does */
  for (guint i = 0; i < 40; i++)
    {
      CmEventData event;

      cm_event_data_init (&event);
      event.title = "Crowd";
      event.start = utc_midnight + 10 * 3600 + i;
      event.precision = CM_PRECISION_MINUTE;
      event.utc_offset = 120;
      cm_event_store_insert (store, &event);
    }
  show_document (f, crowd);
  cm_viewport_set_window (f->viewport, utc_midnight - 2 * 3600, utc_midnight + 22 * 3600);
  settle (f);
  x = cm_timeline_time_to_x (utc_midnight + 10 * 3600, utc_midnight - 2 * 3600,
                             utc_midnight + 22 * 3600, width);
  for (double y = _cm_timeline_view_get_lanes_top (f->view);
       y < lanes_height (f) && markup == NULL;
       y++)
    {
      CmTimelineHit hit;

      if (_cm_timeline_view_hit_test (f->view, x, y, &hit) && hit.kind == CM_TIMELINE_HIT_CLUSTER)
        markup = _cm_timeline_view_dup_tooltip_markup (f->view, x, y, NULL);
    }
  g_assert_nonnull (markup);
  g_assert_nonnull (strstr (markup, "26 May 2011, 12:00 (UTC+2)"));

  show_document (f, NULL);
  cm_session_set_time_zone (f->session, CM_ZONE_KIND_DOCUMENT);
}

static double
get_scroll (Fixture *f)
{
  return gtk_adjustment_get_value (f->view->vadjustment);
}

static void
test_lanes_scroll (Fixture       *f,
                   gconstpointer  data)
{
  CmTimelineRenderer *renderer = cm_timeline_view_get_renderer (f->view);
  CmTime start = get_start (f), end = get_end (f);
  double frame_height = lanes_height (f);
  double max, x, y, w, h;
  guint deep = CM_NONE;

  /* The lanes do not fit 400 px: a scroll bar shows. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->view->scrollbar)));
  g_assert_cmpfloat (get_scroll (f), ==, 0);

  /* Shift+wheel scrolls the lanes, not the time. */
  pointer_to (f, 600, 200);
  settle (f);
  xdotool ("keydown shift click 5 keyup shift");
  settle (f);
  g_assert_cmpfloat_with_epsilon (get_scroll (f), 48, 0.5);
  g_assert_cmpint (get_start (f), ==, start);
  g_assert_cmpint (get_end (f), ==, end);

  /* Down and Up scroll them too. */
  key (f, "Down");
  g_assert_cmpfloat_with_epsilon (get_scroll (f), 88, 0.5);
  key (f, "Up");
  g_assert_cmpfloat_with_epsilon (get_scroll (f), 48, 0.5);

  /* An event at the bottom, out of sight at the top of the scroll… */
  max = gtk_adjustment_get_upper (f->view->vadjustment) -
        gtk_adjustment_get_page_size (f->view->vadjustment);
  g_assert_cmpfloat (max, >, 48);
  gtk_adjustment_set_value (f->view->vadjustment, 0);
  _cm_timeline_view_ensure_frame (f->view);
  for (guint i = 0; i < cm_event_store_get_n_events (f->store) && deep == CM_NONE; i++)
    {
      guint serial = cm_event_store_get_serial (f->store, i);

      if (cm_timeline_renderer_get_event_rect (renderer, serial, &x, &y, &w, &h) &&
          y > frame_height + 10 && x > 0 && x + w < lanes_width (f))
        deep = serial;
    }
  g_assert_cmpuint (deep, !=, CM_NONE);

  /* … selected elsewhere, is scrolled into view. */
  cm_viewport_set_selection (f->viewport, deep);
  settle (f);
  g_assert_cmpfloat (get_scroll (f), >, 0);
  _cm_timeline_view_ensure_frame (f->view);
  g_assert_true (cm_timeline_renderer_get_event_rect (renderer, deep, &x, &y, &w, &h));
  g_assert_cmpfloat (y, >=, f->view->axis_height);
  g_assert_cmpfloat (y + h, <=, frame_height);
  g_assert_cmpint (get_start (f), ==, start);
}

static void
test_tooltip (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *markup = NULL;
  g_autofree char *title = NULL;
  g_autofree char *date = NULL;
  g_autofree char *place = NULL;
  g_autoptr(CmEvent) event = NULL;
  GdkRectangle area = { 0, 0, -1, -1 };
  double x, y;
  guint serial;

  serial = find_clickable_event (f, &x, &y);
  g_assert_cmpuint (serial, !=, CM_NONE);
  event = cm_event_store_get_event (f->store, cm_event_store_find_serial (f->store, serial));

  /* Title, the date as recorded (in the event's own offset), the place. */
  markup = _cm_timeline_view_dup_tooltip_markup (f->view, x, y, &area);
  g_assert_nonnull (markup);
  title = g_markup_escape_text (cm_event_get_title (event), -1);
  date = cm_event_format_date (event);
  g_assert_nonnull (strstr (markup, title));
  g_assert_nonnull (strstr (markup, date));
  if (cm_event_get_place (event) != NULL)
    {
      place = g_markup_escape_text (cm_event_get_place (event), -1);
      g_assert_nonnull (strstr (markup, place));
    }
  g_assert_cmpint (area.x, <=, x);
  g_assert_cmpint (area.x + area.width, >=, x);
  g_assert_cmpint (area.y, <=, y);
  g_assert_cmpint (area.y + area.height, >=, y);

  /* Nothing over the overview or empty space. */
  g_assert_null (_cm_timeline_view_dup_tooltip_markup (f->view, x, 10, NULL));
}

/* Mean luminance of the lanes as drawn, 0..1. */
static double
frame_luminance (Fixture *f)
{
  int width = gtk_widget_get_width (GTK_WIDGET (f->view));
  int height = (int) lanes_height (f);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);
  double sum = 0;
  guchar *data;
  int stride;

  _cm_timeline_view_ensure_frame (f->view);
  g_assert_nonnull (f->view->static_node);
  gsk_render_node_draw (f->view->static_node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 pixel = *(guint32 *) (void *) (data + y * stride + x * 4);

        sum += (0.2126 * ((pixel >> 16) & 0xff) +
                0.7152 * ((pixel >> 8) & 0xff) +
                0.0722 * (pixel & 0xff)) / 255.0;
      }
  cairo_surface_destroy (surface);

  return sum / ((double) width * height);
}

static void
test_dark_style (Fixture       *f,
                 gconstpointer  data)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  settle (f);
  g_assert_cmpfloat (frame_luminance (f), >, 0.6);

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  WAIT_UNTIL (adw_style_manager_get_dark (style_manager));
  settle (f);
  g_assert_cmpfloat (frame_luminance (f), <, 0.4);

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_DEFAULT);
  settle (f);
}

static const char deep_time[] =
  "{\"chronomap\": 1, \"title\": \"Deep time\", \"events\": ["
  "{\"title\": \"Big Bang\", \"start\": \"-13800000000\", \"precision\": \"billion-years\"},"
  "{\"title\": \"Earth forms\", \"start\": \"-4540000000\", \"precision\": \"million-years\"},"
  "{\"title\": \"Dinosaurs die out\", \"start\": \"-66000000\", \"precision\": \"million-years\"},"
  "{\"title\": \"G8 summit\", \"start\": \"2011-05-26\", \"precision\": \"day\"}]}";

static void
test_deep_time (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CmDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  CmEventStore *store;
  CmTime first, last, anchor;
  double span, fit_span, width = lanes_width (f);
  const double x = 300;

  document = cm_native_load_data (deep_time, strlen (deep_time), "deep-time.chronomap", &error);
  g_assert_no_error (error);
  show_document (f, document);
  store = cm_document_get_store (document);
  g_assert_true (cm_event_store_get_range (store, &first, &last));
  g_assert_cmpint (first, <, -13000000000 * G_GINT64_CONSTANT (31556952));

  /* Home: 13.8 billion years, with margins. */
  key (f, "Home");
  fit_span = ((double) last - (double) first) * 1.1;
  g_assert_cmpfloat_with_epsilon (get_span (f), fit_span, fit_span * 1e-9);
  g_assert_cmpint (get_start (f), <, first);
  g_assert_cmpint (get_end (f), >, last);

  /* Ctrl+scroll keeps the time under the pointer at this scale too. */
  pointer_to (f, x, 200);
  settle (f);
  anchor = cm_timeline_x_to_time (x, get_start (f), get_end (f), width);
  xdotool ("keydown ctrl click --repeat 3 --delay 30 4 keyup ctrl");
  settle (f);
  g_assert_cmpfloat_with_epsilon (get_span (f), fit_span / (1.2 * 1.2 * 1.2), fit_span * 1e-6);
  g_assert_cmpfloat_with_epsilon (x_of (f, anchor), x, 1.0);

  /* Zooming far out stops at four times the document, inside 64 bits. */
  xdotool ("keydown ctrl click --repeat 30 --delay 10 5 keyup ctrl");
  settle (f);
  g_assert_cmpfloat_with_epsilon (get_span (f), fit_span * 4, fit_span * 1e-6);
  g_assert_cmpint (get_end (f), >, get_start (f));
  g_assert_cmpint (get_start (f), >=, CM_TIME_WINDOW_MIN);
  g_assert_cmpint (get_end (f), <=, CM_TIME_WINDOW_MAX);

  /* A wheel step pans a tenth of the width. */
  {
    CmTime start = get_start (f);

    span = get_span (f);
    xdotool ("click 5");
    settle (f);
    g_assert_cmpfloat_with_epsilon ((double) get_start (f) - (double) start,
                                    span * 0.1, span * 1e-9);
  }

  /* Go to "66 million years ago": about a million years around it. */
  g_assert_true (_cm_timeline_view_go_to_text (f->view, "66 million years ago", NULL));
  settle (f);
  g_assert_cmpfloat_with_epsilon ((double) get_start (f) / 2 + (double) get_end (f) / 2,
                                  -66e6 * 365.2425 * 86400, 1e6 * 365.2425 * 86400);
  g_assert_cmpfloat (get_span (f), <, 2e6 * 365.2425 * 86400);

  show_document (f, NULL);
}

/* Not a test, and only registered when CM_TEST_SCREENSHOT=FILE.png asks
 * for it: saves the screen there. CM_TEST_SCENE picks what it shows:
 * "tooltip" (default), "dark", "go-to" (with an error) or "deep-time". */
static void
screenshot (void)
{
  const char *path = g_getenv ("CM_TEST_SCREENSHOT");
  const char *scene = g_getenv ("CM_TEST_SCENE");
  g_autoptr(CmDocument) deep = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;
  g_autofree char *quoted = NULL;
  Fixture f = { 0 };
  int status = 0;
  double x, y;

  g_assert_nonnull (path);
  if (scene == NULL)
    scene = "tooltip";

  fixture_set_up (&f, NULL);

  if (g_str_equal (scene, "dark"))
    {
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          ADW_COLOR_SCHEME_FORCE_DARK);
      key (&f, "bracketright");
      key (&f, "bracketright");
    }
  else if (g_str_equal (scene, "go-to"))
    {
      key (&f, "ctrl+l");
      xdotool ("type --delay 20 'Mai 2011'");
      key (&f, "Return");
    }
  else if (g_str_equal (scene, "deep-time"))
    {
      deep = cm_native_load_data (deep_time, strlen (deep_time), "deep-time.chronomap", &error);
      g_assert_no_error (error);
      show_document (&f, deep);
      key (&f, "Home");
    }
  else
    {
      /* Keyboard focus (the ring: GTK shows it after keyboard
       * navigation), a selection, and a tooltip. */
      gtk_widget_grab_focus (f.after);
      key (&f, "shift+Tab");
      g_assert_true (gtk_widget_has_visible_focus (GTK_WIDGET (f.view)));
      key (&f, "Tab");
      g_assert_cmpuint (find_clickable_event (&f, &x, &y), !=, CM_NONE);
      pointer_to (&f, x, y);
      cm_test_wait_ms (1500);
    }
  settle (&f);
  cm_test_wait_ms (300);

  quoted = g_shell_quote (path);
  command = g_strdup_printf ("import -window root %s", quoted);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  fixture_tear_down (&f, NULL);
}

/* A search in a large document: its lanes are built in a thread while
 * the previous ones are drawn, then the view draws them. */
static void
test_large_search (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CmDocument) large = cm_document_new ();
  CmEventStore *store = cm_document_get_store (large);
  CmTimelineRenderer *renderer = cm_timeline_view_get_renderer (f->view);
  guint matching, other;
  CmTime start, end;

  /* A minute apart, to the minute: markers, each its own */
  cm_event_store_begin_bulk (store, 30000);
  for (guint i = 0; i < 30000; i++)
    {
      g_autofree char *title = g_strdup_printf ("Event %u", i);
      CmEventData event;

      cm_event_data_init (&event);
      event.title = title;
      event.start = cm_time_from_civil (2011, 5, 26, 0, 0, 0) + (CmTime) i * 60;
      event.precision = CM_PRECISION_MINUTE;
      cm_event_store_add (store, &event);
    }
  cm_event_store_end_bulk (store);
  matching = cm_event_store_get_serial (store, 150);
  other = cm_event_store_get_serial (store, 120);
  start = cm_event_store_get_start (store, 100);
  end = cm_event_store_get_start (store, 200);

  show_document (f, large);
  cm_viewport_set_window (f->viewport, start, end);
  WAIT_UNTIL (cm_timeline_renderer_get_prepared (renderer));
  settle (f);
  g_assert_true (cm_timeline_renderer_get_event_rect (renderer, other, NULL, NULL, NULL, NULL));

  /* "Event 15", "Event 150" to "Event 159", … */
  cm_event_filter_set_search (f->filter, "Event 15");
  WAIT_UNTIL (!cm_session_get_pending (f->other));
  WAIT_UNTIL (cm_timeline_renderer_get_prepared (renderer));
  settle (f);
  g_assert_true (cm_timeline_renderer_get_event_rect (renderer, matching, NULL, NULL, NULL, NULL));
  g_assert_false (cm_timeline_renderer_get_event_rect (renderer, other, NULL, NULL, NULL, NULL));

  cm_event_filter_set_search (f->filter, NULL);
  WAIT_UNTIL (!cm_session_get_pending (f->other));
  WAIT_UNTIL (cm_timeline_renderer_get_prepared (renderer));
  settle (f);
  g_assert_true (cm_timeline_renderer_get_event_rect (renderer, other, NULL, NULL, NULL, NULL));

  show_document (f, NULL);
  WAIT_UNTIL (!cm_timeline_renderer_is_building (renderer));
}

int
main (int   argc,
      char *argv[])
{
  if (!timeline_view_tests_init (&argc, &argv))
    return 77;

  TIMELINE_VIEW_ADD ("follow-selection", test_follow_selection);
  TIMELINE_VIEW_ADD ("go-to-date", test_go_to_date);
  TIMELINE_VIEW_ADD ("time-zone", test_time_zone);
  TIMELINE_VIEW_ADD ("lanes-scroll", test_lanes_scroll);
  TIMELINE_VIEW_ADD ("tooltip", test_tooltip);
  TIMELINE_VIEW_ADD ("dark-style", test_dark_style);
  TIMELINE_VIEW_ADD ("deep-time", test_deep_time);
  TIMELINE_VIEW_ADD ("large-search", test_large_search);
  if (g_getenv ("CM_TEST_SCREENSHOT") != NULL)
    g_test_add_func ("/timeline-view/screenshot", screenshot);

  return g_test_run ();
}
