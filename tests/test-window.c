/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GUI tests of the main window: search and selection, the legend, the
 * first view, the time zone. Loads and saves are in test-window-load.c,
 * the layout in test-window-layout.c. Run under xvfb-run. */
#include "config.h"

#include "cm-application.h"
#include "cm-core.h"
#include "cm-test-gui.h"
#include "cm-event-row.h"
#include "cm-native.h"
#include "cm-map-view-private.h"
#include "cm-timeline-view-private.h"
#include "cm-window.h"
#include "cm-window-private.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#define WAIT_SECONDS 20

static CmApplication *app;

#define WAIT_UNTIL(cond) CM_TEST_WAIT_UNTIL (cond, WAIT_SECONDS)

/* The oracle for the search: ASCII transliteration, not the folding the
 * sidebar does, so the two are checked against each other. */
static gboolean
oracle_contains (const char *text,
                 const char *needle)
{
  g_autofree char *ascii = NULL;
  g_autofree char *lower = NULL;

  if (text == NULL)
    return FALSE;

  ascii = g_str_to_ascii (text, "C");
  lower = g_ascii_strdown (ascii, -1);

  return strstr (lower, needle) != NULL;
}

static gboolean
oracle_matches (CmEvent    *event,
                const char *needle)
{
  return oracle_contains (cm_event_get_title (event), needle) ||
         oracle_contains (cm_event_get_place (event), needle) ||
         oracle_contains (cm_event_get_description (event), needle);
}

static guint
count_rows_shown (GtkWidget *widget)
{
  guint count = 0;

  if (CM_IS_EVENT_ROW (widget) && gtk_widget_get_mapped (widget))
    return 1;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    count += count_rows_shown (child);

  return count;
}

/* Every row shown says the date, title and place of an event in @shown,
 * and is tall enough for its lines. */
static void
check_rows_shown (GtkWidget  *widget,
                  GListModel *shown)
{
  if (CM_IS_EVENT_ROW (widget) && gtk_widget_get_mapped (widget))
    {
      CmEventRow *row = CM_EVENT_ROW (widget);
      const char *title = cm_event_row_get_text (row, 1);
      gboolean found = FALSE;

      g_assert_cmpstr (cm_event_row_get_text (row, 0), !=, "");
      g_assert_cmpstr (title, !=, "");
      for (guint i = 0; i < g_list_model_get_n_items (shown) && !found; i++)
        {
          g_autoptr(CmEvent) event = g_list_model_get_item (shown, i);
          g_autofree char *date = cm_event_format_date (event);
          const char *place = cm_event_get_place (event);

          found = g_strcmp0 (cm_event_get_title (event), title) == 0
                  && g_strcmp0 (date, cm_event_row_get_text (row, 0)) == 0
                  && g_strcmp0 (place != NULL ? place : "", cm_event_row_get_text (row, 2)) == 0;
        }
      g_assert_true (found);
      /* A date line, a title line and, with a place, a place line. */
      g_assert_cmpint (gtk_widget_get_height (widget), >=,
                       *cm_event_row_get_text (row, 2) != '\0' ? 30 : 20);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_rows_shown (child, shown);
}

static CmWindow *
open_default_window (void)
{
  return cm_test_open_default_window (app, WAIT_SECONDS);
}

static void
set_search (CmSidebar  *sidebar,
            const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (cm_sidebar_get_search_entry (sidebar)), text);
}

static GtkFlowBoxChild *
find_chip (GtkFlowBox *box,
           guint       category)
{
  for (int i = 0; gtk_flow_box_get_child_at_index (box, i) != NULL; i++)
    {
      GtkFlowBoxChild *child = gtk_flow_box_get_child_at_index (box, i);

      if (cm_sidebar_get_chip_category (child) == category)
        return child;
    }

  g_assert_not_reached ();
  return NULL;
}

/* The sidebar's categories are the legend: "All Categories", then each category
 * with events, its colour and its count, named "Summit, 3 events"; the
 * timeline draws none of its own. */
static void
check_legend (CmSidebar  *sidebar,
              CmDocument *document)
{
  CmEventStore *store = cm_document_get_store (document);
  GtkFlowBox *box = cm_sidebar_get_category_box (sidebar);
  guint n_categories = cm_document_get_n_categories (document);
  guint n = cm_event_store_get_n_events (store);
  g_autofree guint *counts = g_new0 (guint, n_categories + 1);
  CmTimelineRenderer *renderer;
  CmWindow *window;
  const CmTimelineLabel *labels;
  guint n_chips = 1, n_labels = 0, n_legend = 0;

  for (guint i = 0; i < n; i++)
    counts[MIN (cm_event_store_get_category (store, i), n_categories)]++;

  g_assert_cmpuint (cm_sidebar_get_chip_category (gtk_flow_box_get_child_at_index (box, 0)), ==,
                    CM_NONE);
  for (guint c = 0; c < n_categories; c++)
    {
      const char *name = cm_document_get_category (document, c)->name;
      g_autofree char *expected = g_strdup_printf ("%s, %u event%s", name, counts[c],
                                                   counts[c] == 1 ? "" : "s");
      GtkFlowBoxChild *child;

      g_assert_cmpuint (cm_sidebar_get_category_count (sidebar, c), ==, counts[c]);
      if (counts[c] == 0)
        continue;
      child = find_chip (box, c);
      g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (child)), ==, expected);
      g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (child)));
      n_chips++;
    }
  g_assert_cmpuint (n_chips, >, 3);
  g_assert_null (gtk_flow_box_get_child_at_index (box, (int) n_chips));

  window = CM_WINDOW (gtk_widget_get_root (GTK_WIDGET (sidebar)));
  renderer = cm_timeline_view_get_renderer (CM_TIMELINE_VIEW (cm_window_get_timeline (window)));
  g_assert_false (cm_timeline_renderer_get_show_legend (renderer));
  WAIT_UNTIL ((labels = cm_timeline_renderer_get_labels (renderer, &n_labels), n_labels > 0));
  for (guint i = 0; i < n_labels; i++)
    if (labels[i].kind == CM_TIMELINE_LABEL_LEGEND)
      n_legend++;
  g_assert_cmpuint (n_legend, ==, 0);
}

static void
test_search_and_select (void)
{
  CmWindow *window = open_default_window ();
  CmDocument *document = cm_window_get_document (window);
  CmViewport *viewport = cm_window_get_viewport (window);
  CmEventStore *store = cm_document_get_store (document);
  CmSidebar *sidebar = cm_window_get_sidebar (window);
  CmDetails *details = cm_window_get_details (window);
  GListModel *shown = G_LIST_MODEL (cm_sidebar_get_filter_model (sidebar));
  GtkSingleSelection *selection = cm_sidebar_get_selection_model (sidebar);
  GtkFlowBox *categories = cm_sidebar_get_category_box (sidebar);
  guint n_events = g_list_model_get_n_items (G_LIST_MODEL (store));
  guint expected = 0, category = CM_NONE, in_category = 0;
  g_autoptr(CmEvent) chosen = NULL;
  g_autoptr(CmEvent) other = NULL;

  /* The bundled dataset is loaded and listed. */
  g_assert_cmpuint (n_events, >=, 30);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, n_events);
  g_assert_cmpstr (cm_document_get_title (document), !=, NULL);
  g_assert_null (cm_document_get_file (document));
  g_assert_false (cm_document_get_dirty (document));
  g_assert_cmpuint (count_rows_shown (GTK_WIDGET (sidebar)), >, 3);
  g_assert_cmpuint (cm_viewport_get_selection (viewport), ==, CM_NONE);
  g_assert_null (cm_details_get_event (details));

  for (guint i = 0; i < n_events; i++)
    {
      g_autoptr(CmEvent) event = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (oracle_matches (event, "mladi"))
        expected++;
    }
  g_assert_cmpuint (expected, >, 0);
  g_assert_cmpuint (expected, <, n_events);

  /* Search: fewer rows, each matching; accents and case do not matter. */
  set_search (sidebar, "Mladi");
  WAIT_UNTIL (g_list_model_get_n_items (shown) == expected && !cm_sidebar_get_filter_pending (sidebar));
  for (guint i = 0; i < expected; i++)
    {
      g_autoptr(CmEvent) event = g_list_model_get_item (shown, i);

      g_assert_true (oracle_matches (event, "mladi"));
    }
  cm_test_wait_ms (100);
  g_assert_cmpuint (count_rows_shown (GTK_WIDGET (sidebar)), ==, expected);
  check_rows_shown (GTK_WIDGET (sidebar), shown);

  set_search (sidebar, "");
  WAIT_UNTIL (g_list_model_get_n_items (shown) == n_events);
  set_search (sidebar, "MLADIĆ");
  WAIT_UNTIL (g_list_model_get_n_items (shown) == expected && !cm_sidebar_get_filter_pending (sidebar));
  set_search (sidebar, "mladic");
  cm_test_wait_ms (100);
  WAIT_UNTIL (g_list_model_get_n_items (shown) == expected && !cm_sidebar_get_filter_pending (sidebar));

  /* Selecting a row selects the event everywhere and shows its details. */
  g_assert_true (gtk_selection_model_select_item (GTK_SELECTION_MODEL (selection), 0, TRUE));
  chosen = g_list_model_get_item (shown, 0);
  g_assert_cmpuint (cm_viewport_get_selection (viewport), ==, cm_event_get_serial (chosen));
  g_assert_nonnull (cm_details_get_event (details));
  g_assert_cmpuint (cm_event_get_serial (cm_details_get_event (details)), ==, cm_event_get_serial (chosen));
  g_assert_cmpstr (gtk_label_get_text (cm_details_get_title_label (details)), ==, cm_event_get_title (chosen));
  cm_test_wait_ms (100);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (cm_details_get_title_label (details))));

  /* Clearing the search keeps the selection, at its new position. */
  set_search (sidebar, "");
  WAIT_UNTIL (g_list_model_get_n_items (shown) == n_events);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, cm_event_get_position (chosen));
  g_assert_cmpuint (cm_viewport_get_selection (viewport), ==, cm_event_get_serial (chosen));

  /* A selection made elsewhere (the map, the timeline) selects the row. */
  other = g_list_model_get_item (G_LIST_MODEL (store), n_events - 1);
  cm_viewport_set_selection (viewport, cm_event_get_serial (other));
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, n_events - 1);
  g_assert_cmpstr (gtk_label_get_text (cm_details_get_title_label (details)), ==, cm_event_get_title (other));

  /* An event filtered out is not selected in the list, but stays selected. */
  set_search (sidebar, "mladic");
  WAIT_UNTIL (g_list_model_get_n_items (shown) == expected && !cm_sidebar_get_filter_pending (sidebar));
  if (!oracle_matches (other, "mladi"))
    {
      g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, GTK_INVALID_LIST_POSITION);
      g_assert_cmpuint (cm_viewport_get_selection (viewport), ==, cm_event_get_serial (other));
    }
  set_search (sidebar, "");
  WAIT_UNTIL (g_list_model_get_n_items (shown) == n_events);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, n_events - 1);

  /* Nothing matches. */
  set_search (sidebar, "qqqzzzxxx");
  WAIT_UNTIL (g_list_model_get_n_items (shown) == 0 && !cm_sidebar_get_filter_pending (sidebar));
  set_search (sidebar, "");
  WAIT_UNTIL (g_list_model_get_n_items (shown) == n_events);

  /* Category filter. */
  category = cm_event_get_category (chosen);
  g_assert_cmpuint (category, !=, CM_NONE);
  for (guint i = 0; i < n_events; i++)
    {
      if (cm_event_store_get_category (store, i) == category)
        in_category++;
    }
  g_assert_cmpuint (in_category, <, n_events);
  check_legend (sidebar, document);

  /* Chosen as from the keyboard (Enter or Space on the chip) */
  gtk_widget_activate (GTK_WIDGET (find_chip (categories, category)));
  WAIT_UNTIL (g_list_model_get_n_items (shown) == in_category && !cm_sidebar_get_filter_pending (sidebar));
  for (guint i = 0; i < in_category; i++)
    {
      g_autoptr(CmEvent) event = g_list_model_get_item (shown, i);

      g_assert_cmpuint (cm_event_get_category (event), ==, category);
    }

  /* Category and search together. */
  set_search (sidebar, "mladic");
  WAIT_UNTIL (!cm_sidebar_get_filter_pending (sidebar) && g_list_model_get_n_items (shown) <= MIN (in_category, expected));
  cm_test_wait_ms (100);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(CmEvent) event = g_list_model_get_item (shown, i);

      g_assert_cmpuint (cm_event_get_category (event), ==, category);
      g_assert_true (oracle_matches (event, "mladi"));
    }
  set_search (sidebar, "");

  gtk_flow_box_select_child (categories, find_chip (categories, CM_NONE));
  WAIT_UNTIL (g_list_model_get_n_items (shown) == n_events);

  /* Unselecting clears the shared selection and the details. */
  gtk_selection_model_unselect_item (GTK_SELECTION_MODEL (selection),
                                     gtk_single_selection_get_selected (selection));
  g_assert_cmpuint (cm_viewport_get_selection (viewport), ==, CM_NONE);
  g_assert_null (cm_details_get_event (details));

  g_assert_cmpuint (cm_window_get_error_count (window), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  cm_test_wait_ms (100);
}

/* The legend counts again when events are added. */
static void
test_legend_counts (void)
{
  CmWindow *window = open_default_window ();
  CmDocument *document = cm_window_get_document (window);
  CmSidebar *sidebar = cm_window_get_sidebar (window);
  CmEventStore *store = cm_document_get_store (document);
  guint before = cm_sidebar_get_category_count (sidebar, 0);
  CmEventData data;

  check_legend (sidebar, document);
  cm_event_data_init (&data);
  data.title = "One more";
  data.start = 1306368000;
  data.precision = CM_PRECISION_DAY;
  data.category = 0;
  cm_event_store_insert (store, &data);
  WAIT_UNTIL (cm_sidebar_get_category_count (sidebar, 0) == before + 1);
  check_legend (sidebar, document);
  gtk_window_destroy (GTK_WINDOW (window));
  cm_test_wait_ms (100);
}

/* Whether the event's mark is drawn in the timeline's lanes, between the
 * axis and the bottom (the lanes scrolled to it). */
static gboolean
timeline_shows_event (CmTimelineView *timeline,
                      guint           serial)
{
  CmTimelineRenderer *renderer = cm_timeline_view_get_renderer (timeline);
  double x, y, width, height;

  _cm_timeline_view_ensure_frame (timeline);
  if (!cm_timeline_renderer_get_event_rect (renderer, serial, &x, &y, &width, &height))
    return FALSE;

  return x + width >= 0 && x <= gtk_widget_get_width (GTK_WIDGET (timeline)) &&
         y >= timeline->axis_height && y + height <= _cm_timeline_view_get_lanes_height (timeline);
}

/* Whether the event's marker is in the visible part of the map: inside
 * the widget and left of the on-map controls. */
static gboolean
map_shows_event (CmMapView    *map,
                 CmEventStore *store,
                 guint         serial)
{
  guint position = cm_event_store_find_serial (store, serial);
  double lat, lon;

  return cm_event_store_get_coordinates (store, position, &lat, &lon) &&
         _cm_map_view_point_on_screen (map, lat, lon, 4);
}

static guint
find_title (CmEventStore *store,
            const char   *prefix)
{
  for (guint i = 0; i < cm_event_store_get_n_events (store); i++)
    if (g_str_has_prefix (cm_event_store_get_title (store, i), prefix))
      return i;

  g_assert_not_reached ();
}

/* The part of the map left of its controls, in degrees. */
static void
get_map_region (CmMapView *map,
                double    *min_lat,
                double    *min_lon,
                double    *max_lat,
                double    *max_lon)
{
  CmMapFrame frame;
  double width = gtk_widget_get_width (GTK_WIDGET (map));
  double height = gtk_widget_get_height (GTK_WIDGET (map));
  double visible = width - _cm_map_view_get_right_inset (map);

  cm_map_view_get_frame (map, &frame);
  g_assert_true (cm_map_frame_from_screen (&frame, width, height, 0, 0, max_lat, min_lon));
  g_assert_true (cm_map_frame_from_screen (&frame, width, height, visible, height, min_lat, max_lon));
}

/* The bundled dataset opens on the tour week and on Europe, not on all of
 * 2010–2020 and the world; Home frames what the search lets through; a
 * row selected in the list is shown in the timeline (time and lanes) and
 * on the map, clear of its controls. */
static void
test_first_view (void)
{
  CmWindow *window = open_default_window ();
  CmViewport *viewport = cm_window_get_viewport (window);
  CmEventStore *store = cm_document_get_store (cm_window_get_document (window));
  CmSidebar *sidebar = cm_window_get_sidebar (window);
  GListModel *shown = G_LIST_MODEL (cm_sidebar_get_filter_model (sidebar));
  GtkSingleSelection *selection = cm_sidebar_get_selection_model (sidebar);
  CmTimelineView *timeline = CM_TIMELINE_VIEW (cm_window_get_timeline (window));
  CmMapView *map = CM_MAP_VIEW (cm_window_get_map (window));
  double min_lat, min_lon, max_lat, max_lon;
  const char *far_ones[] = { "Missile defence Phase 3", "Mladić transferred", "Magnitude 9.0" };

  WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (map)) > 0 && gtk_widget_get_width (GTK_WIDGET (timeline)) > 0);
  _cm_timeline_view_set_animations (timeline, FALSE);

  /* The tour week, 23–28 May 2011, at a readable scale. */
  g_assert_cmpint (cm_viewport_get_start (viewport), <=, cm_time_from_civil (2011, 5, 23, 0, 0, 0));
  g_assert_cmpint (cm_viewport_get_start (viewport), >=, cm_time_from_civil (2011, 5, 20, 0, 0, 0));
  g_assert_cmpint (cm_viewport_get_end (viewport), >=, cm_time_from_civil (2011, 5, 28, 12, 0, 0));
  g_assert_cmpint (cm_viewport_get_end (viewport), <=, cm_time_from_civil (2011, 6, 1, 0, 0, 0));

  /* Europe: Ireland to Poland, not the world. */
  get_map_region (map, &min_lat, &min_lon, &max_lat, &max_lon);
  g_assert_cmpfloat (min_lon, <, -6.3);    /* Dublin */
  g_assert_cmpfloat (max_lon, >, 21.0);    /* Warsaw */
  g_assert_cmpfloat (max_lon - min_lon, <, 60);
  g_assert_cmpfloat (min_lat, >, 25);
  g_assert_cmpfloat (max_lat, <, 75);

  /* Home after a search: the matches only (26–31 May), in time and on the
   * map (Serbia, Washington, The Hague). */
  gtk_editable_set_text (GTK_EDITABLE (cm_sidebar_get_search_entry (sidebar)), "mladi");
  WAIT_UNTIL (!cm_sidebar_get_filter_pending (sidebar) && g_list_model_get_n_items (shown) < 10);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (timeline), "timeline.fit", NULL));
  g_assert_cmpint (cm_viewport_get_start (viewport), >=, cm_time_from_civil (2011, 5, 24, 0, 0, 0));
  g_assert_cmpint (cm_viewport_get_end (viewport), <=, cm_time_from_civil (2011, 6, 2, 0, 0, 0));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (map), "map.fit", NULL));
  WAIT_UNTIL (!_cm_map_view_is_animating (map));
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(CmEvent) event = g_list_model_get_item (shown, i);

      if (cm_event_store_get_coordinates (store, cm_event_get_position (event), NULL, NULL))
        g_assert_true (map_shows_event (map, store, cm_event_get_serial (event)));
    }
  get_map_region (map, &min_lat, &min_lon, &max_lat, &max_lon);
  g_assert_cmpfloat (max_lon - min_lon, <, 180);

  /* And after a category filter: the two disasters of 11 March, in Japan. */
  gtk_editable_set_text (GTK_EDITABLE (cm_sidebar_get_search_entry (sidebar)), "");
  gtk_flow_box_select_child (cm_sidebar_get_category_box (sidebar),
                             find_chip (cm_sidebar_get_category_box (sidebar),
                                        cm_document_find_category (cm_window_get_document (window),
                                                                   "disaster")));
  WAIT_UNTIL (!cm_sidebar_get_filter_pending (sidebar) && g_list_model_get_n_items (shown) == 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (timeline), "timeline.fit", NULL));
  g_assert_cmpint (cm_viewport_get_start (viewport), >=, cm_time_from_civil (2011, 3, 10, 0, 0, 0));
  g_assert_cmpint (cm_viewport_get_end (viewport), <=, cm_time_from_civil (2011, 3, 12, 0, 0, 0));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (map), "map.fit", NULL));
  WAIT_UNTIL (!_cm_map_view_is_animating (map));
  get_map_region (map, &min_lat, &min_lon, &max_lat, &max_lon);
  g_assert_cmpfloat (min_lon, >, 120);
  g_assert_cmpfloat (max_lon, <, 160);
  gtk_flow_box_select_child (cm_sidebar_get_category_box (sidebar),
                             find_chip (cm_sidebar_get_category_box (sidebar), CM_NONE));

  /* Fit all without a search: 2011 to 2020. */
  WAIT_UNTIL (g_list_model_get_n_items (shown) == cm_event_store_get_n_events (store));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (timeline), "timeline.fit", NULL));
  g_assert_cmpint (cm_viewport_get_end (viewport), >=, cm_time_from_civil (2020, 1, 1, 0, 0, 0));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (timeline), "timeline.fit", NULL));

  /* Back to the first view; then rows of events far away in time, in
   * lanes below the first screen, and on the other side of the world. */
  cm_timeline_view_show_story (timeline);
  cm_map_view_show_story (map, FALSE);
  for (guint f = 0; f < G_N_ELEMENTS (far_ones); f++)
    {
      guint position = find_title (store, far_ones[f]);
      guint serial = cm_event_store_get_serial (store, position);

      g_assert_true (gtk_selection_model_select_item (GTK_SELECTION_MODEL (selection), position, TRUE));
      g_assert_cmpuint (cm_viewport_get_selection (viewport), ==, serial);
      WAIT_UNTIL (!_cm_map_view_is_animating (map) && !_cm_timeline_view_is_animating (timeline));
      cm_test_wait_ms (50);
      g_assert_true (timeline_shows_event (timeline, serial));
      if (cm_event_store_get_coordinates (store, position, NULL, NULL))
        g_assert_true (map_shows_event (map, store, serial));
    }

  /* From all of 2011–2020, where the tour week is one cluster: the
   * selected event is drawn on its own. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (timeline), "timeline.fit", NULL));
  {
    guint position = find_title (store, "Wreath at Westminster Abbey");
    guint serial = cm_event_store_get_serial (store, position);

    g_assert_false (timeline_shows_event (timeline, serial));
    g_assert_true (gtk_selection_model_select_item (GTK_SELECTION_MODEL (selection), position, TRUE));
    WAIT_UNTIL (!_cm_map_view_is_animating (map) && !_cm_timeline_view_is_animating (timeline));
    g_assert_true (timeline_shows_event (timeline, serial));
    g_assert_true (map_shows_event (map, store, serial));
  }

  /* Playing (the playback bar's action) shows a playhead at its time on
   * the timeline; paused at the start, none. */
  {
    CmPlayback *playback = window->playback;

    g_assert_cmpint (timeline->playhead, ==, CM_TIME_INVALID);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->playback_bar), "playback.toggle", NULL));
    WAIT_UNTIL (cm_playback_get_playing (playback));
    g_assert_cmpint (timeline->playhead, ==, cm_playback_get_time (playback));
    cm_playback_pause (playback);
    cm_playback_seek (playback, G_MININT64 + 1);
    g_assert_cmpint (timeline->playhead, ==, CM_TIME_INVALID);
  }

  g_assert_cmpuint (cm_window_get_error_count (window), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
  cm_test_wait_ms (100);
}

/* Accessible names ------------------------------------------------------- */
/* Appends to @targets the targets of @model's items (and its sections' and
 * submenus') that activate @action */
static void
collect_targets (GMenuModel *model,
                 const char *action,
                 GPtrArray  *targets)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *target = NULL;
      g_autoptr(GMenuLinkIter) links = g_menu_model_iterate_item_links (model, i);

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_str_equal (name, action) &&
          g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_TARGET, "s", &target))
        g_ptr_array_add (targets, g_steal_pointer (&target));

      while (g_menu_link_iter_next (links))
        {
          g_autoptr(GMenuModel) link = g_menu_link_iter_get_value (links);

          collect_targets (link, action, targets);
        }
    }
}

static gboolean
has_zone_label (CmTimelineRenderer *renderer,
                const char         *text)
{
  guint n;
  const CmTimelineLabel *labels = cm_timeline_renderer_get_labels (renderer, &n);

  for (guint i = 0; i < n; i++)
    if (labels[i].kind == CM_TIMELINE_LABEL_AXIS_ZONE && g_str_equal (labels[i].text, text))
      return TRUE;

  return FALSE;
}

/* The main menu's time zone: the session and the timeline's axis follow
 * the action, which the settings keep */
static void
test_time_zone (void)
{
  CmWindow *window = open_default_window ();
  CmSession *session = cm_window_get_session (window);
  CmTimelineRenderer *renderer = cm_timeline_view_get_renderer (window->timeline);
  GActionGroup *actions = G_ACTION_GROUP (window);
  GtkWidget *button = cm_test_find_menu_button (GTK_WIDGET (window), "open-menu-symbolic");
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GVariant) state = NULL;
  g_autofree char *saved = NULL;

  /* Three choices in the menu, the document's zone first and chosen */
  g_assert_nonnull (button);
  collect_targets (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button)), "win.time-zone",
                   targets);
  g_assert_cmpuint (targets->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (targets, 0), ==, "document");
  g_assert_cmpstr (g_ptr_array_index (targets, 1), ==, "utc");
  g_assert_cmpstr (g_ptr_array_index (targets, 2), ==, "local");
  state = g_action_group_get_action_state (actions, "time-zone");
  g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "document");
  g_assert_cmpint (cm_session_get_time_zone (session), ==, CM_ZONE_KIND_DOCUMENT);
  g_assert_cmpint (cm_timeline_renderer_get_zone_kind (renderer), ==, CM_ZONE_KIND_DOCUMENT);
  /* Deauville: most events are at +02:00; a day of the summit shows it */
  g_assert_cmpint (cm_zone_get_offset (cm_timeline_renderer_get_zone (renderer), 0), ==, 120);
  {
    CmTime midnight = cm_time_from_civil (2011, 5, 26, 0, 0, 0) - 2 * 3600;

    cm_viewport_set_window (cm_session_get_viewport (session), midnight, midnight + 86400);
  }
  WAIT_UNTIL (has_zone_label (renderer, "UTC+2"));

  /* UTC: the renderer's zone changes, and the axis says so */
  g_action_group_activate_action (actions, "time-zone", g_variant_new_string ("utc"));
  g_assert_cmpint (cm_session_get_time_zone (session), ==, CM_ZONE_KIND_UTC);
  g_assert_cmpint (cm_timeline_renderer_get_zone_kind (renderer), ==, CM_ZONE_KIND_UTC);
  g_assert_cmpint (cm_zone_get_offset (cm_timeline_renderer_get_zone (renderer), 0), ==, 0);
  saved = g_settings_get_string (window->settings, "time-zone");
  g_assert_cmpstr (saved, ==, "utc");
  WAIT_UNTIL (has_zone_label (renderer, "UTC"));

  /* This computer's zone, whose offset may change */
  g_action_group_activate_action (actions, "time-zone", g_variant_new_string ("local"));
  g_assert_cmpint (cm_timeline_renderer_get_zone_kind (renderer), ==, CM_ZONE_KIND_LOCAL);
  g_assert_false (cm_zone_is_fixed (cm_timeline_renderer_get_zone (renderer)));
  WAIT_UNTIL (has_zone_label (renderer, "Local time (UTC)"));

  g_action_group_activate_action (actions, "time-zone", g_variant_new_string ("document"));
  g_assert_cmpint (cm_timeline_renderer_get_zone_kind (renderer), ==, CM_ZONE_KIND_DOCUMENT);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  app = cm_test_init_app (&argc, &argv);

  g_test_add_func ("/gui/window/search-and-select", test_search_and_select);
  g_test_add_func ("/gui/window/first-view", test_first_view);
  g_test_add_func ("/gui/window/legend-counts", test_legend_counts);
  g_test_add_func ("/gui/window/time-zone", test_time_zone);

  return cm_test_run_app (app);
}
