/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's layout: the panes at the default size and their saved
 * widths, the empty state, and the names screen readers give its
 * controls. */
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

static CmWindow *
open_default_window (void)
{
  return cm_test_open_default_window (app, WAIT_SECONDS);
}

/* Layout, empty state, opening ------------------------------------------- */

/* @widget's bounds in @window's coordinates. */
static graphene_rect_t
bounds_in_window (GtkWidget *widget,
                  CmWindow  *window)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (window), &bounds));

  return bounds;
}

/* The top-right corner controls of the map (zoom, fit, search, menu). */
static GtkWidget *
find_map_controls (CmWindow *window)
{
  for (GtkWidget *child = gtk_widget_get_first_child (cm_window_get_map (window));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (gtk_widget_has_css_class (child, "map-controls"))
        return child;
    }

  return NULL;
}

/* A timeline whose itinerary and places have long names: the texts of the
 * playback bar must not widen the views past the window. */
static GFile *
write_long_names_file (char **dir)
{
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char *long_name = "The very long name of an itinerary that goes on and on across the whole of Europe";

  *dir = cm_test_make_temp_dir ("test-window-layout-XXXXXX");
  path = g_build_filename (*dir, "long.chronomap", NULL);
  g_string_append_printf (json, "{ \"chronomap\": 1, \"title\": \"Long\", \"groups\": ["
                                "{ \"id\": \"tour\", \"name\": \"%s\", \"kind\": \"itinerary\" },"
                                "{ \"id\": \"other\", \"name\": \"%s (again)\", \"kind\": \"itinerary\" }],"
                                " \"events\": [", long_name, long_name);
  for (int i = 0; i < 300; i++)
    g_string_append_printf (json, "%s{ \"title\": \"Stop %d\", \"start\": \"2011-05-%02dT%02d:00:00Z\","
                                  " \"place\": \"A square with a long name in a town with a longer one, "
                                  "County of Somewhere, Republic of Elsewhere %d\","
                                  " \"lat\": %g, \"lon\": %g, \"group\": \"%s\" }",
                            i > 0 ? "," : "", i, 1 + i / 24, i % 24, i, 40 + i * 0.05, i * 0.1,
                            i % 2 ? "tour" : "other");
  g_string_append (json, "] }");
  g_file_set_contents (path, json->str, -1, &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

static void
assert_details_beside_views (CmWindow *window)
{
  GtkWidget *details = GTK_WIDGET (cm_window_get_details (window));
  GtkWidget *controls = find_map_controls (window);
  graphene_rect_t details_bounds, controls_bounds, map_bounds;

  g_assert_nonnull (controls);
  /* Once it has slid in. */
  WAIT_UNTIL (adw_flap_get_reveal_progress (window->details_flap) == 1.0);
  cm_test_wait_ms (50);
  g_assert_false (adw_flap_get_folded (window->details_flap));
  g_assert_true (adw_flap_get_reveal_flap (window->details_flap));
  g_assert_true (gtk_widget_get_mapped (details));
  g_assert_true (gtk_widget_get_mapped (controls));

  details_bounds = bounds_in_window (details, window);
  controls_bounds = bounds_in_window (controls, window);
  map_bounds = bounds_in_window (cm_window_get_map (window), window);
  g_test_message ("details x %g w %g; map x %g w %g; controls x %g w %g",
                  details_bounds.origin.x, details_bounds.size.width,
                  map_bounds.origin.x, map_bounds.size.width,
                  controls_bounds.origin.x, controls_bounds.size.width);
  g_assert_cmpfloat (controls_bounds.size.width, >, 0);
  g_assert_false (graphene_rect_intersection (&details_bounds, &controls_bounds, NULL));
  g_assert_false (graphene_rect_intersection (&details_bounds, &map_bounds, NULL));
  g_assert_cmpfloat (map_bounds.origin.x + map_bounds.size.width, <=, details_bounds.origin.x);
}

/* At 1200 px the details pane sits beside the views, never over the map's
 * controls, whatever the document's names; narrower than the views and
 * the pane need, it folds, hidden until asked for. Narrowing the window
 * never changes the saved sidebar width. */
static void
test_layout (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.chronomap.Chronomap");
  CmWindow *window;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = NULL;
  int sidebar_width, views_height;

  g_settings_set_int (settings, "window-width", 1200);
  g_settings_set_int (settings, "window-height", 780);
  g_settings_set_boolean (settings, "show-details", TRUE);
  sidebar_width = g_settings_get_int (settings, "sidebar-position");
  views_height = g_settings_get_int (settings, "views-position");

  window = open_default_window ();
  /* Laid out at least once (a loaded machine can be slow to map it). */
  WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (window)) > 0);
  /* 1200 px less the frame's shadows, if any */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), >=, 1180);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 1200);
  assert_details_beside_views (window);
  g_assert_cmpint (gtk_paned_get_position (window->sidebar_paned), ==, sidebar_width);

  file = write_long_names_file (&dir);
  cm_window_open_file (window, file);
  WAIT_UNTIL (!cm_window_get_busy (window));
  cm_test_wait_ms (200);
  g_assert_cmpuint (cm_event_store_get_n_events (cm_document_get_store (cm_window_get_document (window))), ==, 300);
  assert_details_beside_views (window);
  g_assert_cmpint (gtk_paned_get_position (window->sidebar_paned), ==, sidebar_width);

  /* Narrow: the pane folds and hides; the sidebar may shrink, the
   * settings keep what the user chose. */
  gtk_window_set_default_size (GTK_WINDOW (window), 700, 500);
  WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (window)) < 1000);
  cm_test_wait_ms (200);
  g_assert_true (adw_flap_get_folded (window->details_flap));
  g_assert_false (adw_flap_get_reveal_flap (window->details_flap));
  g_assert_true (g_settings_get_boolean (settings, "show-details"));
  g_assert_cmpint (g_settings_get_int (settings, "sidebar-position"), ==, sidebar_width);
  g_assert_cmpint (g_settings_get_int (settings, "views-position"), ==, views_height);

  /* Asked for, it comes over the views, for the moment only. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-details", NULL);
  g_assert_true (adw_flap_get_reveal_flap (window->details_flap));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-details", NULL);
  g_assert_false (adw_flap_get_reveal_flap (window->details_flap));
  g_assert_true (g_settings_get_boolean (settings, "show-details"));

  /* Wide again: beside the views. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 780);
  WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (window)) >= 1180);
  cm_test_wait_ms (200);
  assert_details_beside_views (window);

  /* Hidden by the user while wide: kept. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-details", NULL);
  g_assert_false (adw_flap_get_reveal_flap (window->details_flap));
  g_assert_false (g_settings_get_boolean (settings, "show-details"));
  g_settings_set_boolean (settings, "show-details", TRUE);
  g_assert_true (adw_flap_get_reveal_flap (window->details_flap));

  gtk_window_destroy (GTK_WINDOW (window));
  cm_test_wait_ms (100);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_assert_no_errno (g_unlink (g_file_peek_path (file)));
  g_assert_no_errno (g_rmdir (dir));
}

/* A document without events shows "No Events" with a way on, not an axis
 * at 1970 nor an empty world; the example is a click away. */
static void
test_empty_state (void)
{
  CmWindow *window = cm_window_new (app);
  CmEventStore *store = cm_document_get_store (cm_window_get_document (window));

  gtk_window_present (GTK_WINDOW (window));
  cm_test_wait_ms (100);
  g_assert_cmpuint (cm_event_store_get_n_events (store), ==, 0);
  g_assert_true (cm_window_get_showing_empty_state (window));
  g_assert_false (gtk_widget_get_mapped (cm_window_get_timeline (window)));
  g_assert_false (gtk_widget_get_mapped (cm_window_get_map (window)));

  /* Open the Example, as the menu and the page offer. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-example", NULL);
  g_assert_false (cm_window_get_showing_empty_state (window));
  WAIT_UNTIL (!cm_window_get_busy (window));
  cm_test_wait_ms (100);
  g_assert_cmpuint (cm_event_store_get_n_events (store), >=, 30);
  g_assert_cmpstr (cm_document_get_title (cm_window_get_document (window)), ==, "Deauville, May 2011");
  g_assert_null (cm_document_get_file (cm_window_get_document (window)));
  g_assert_false (cm_window_get_showing_empty_state (window));
  g_assert_true (gtk_widget_get_mapped (cm_window_get_timeline (window)));
  g_assert_true (gtk_widget_get_mapped (cm_window_get_map (window)));
  g_assert_cmpuint (cm_window_get_error_count (window), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  cm_test_wait_ms (100);
}


/* The first widget under @root of @type whose action is @action_name (any
 * when NULL). */
static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *action_name)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      (action_name == NULL ||
       (GTK_IS_ACTIONABLE (root) &&
        g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action_name) == 0)))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, action_name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
assert_accessible_label (GtkWidget  *widget,
                         const char *label)
{
  g_autofree char *mismatch = NULL;

  g_assert_nonnull (widget);
  mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label);
  if (mismatch != NULL)
    g_error ("%s: the accessible label is “%s”, not “%s”", G_OBJECT_TYPE_NAME (widget), mismatch, label);
}

/* A button with a text: named by its accessible label alone (GTK 4.8 would
 * add the label inside: "Open Open"). */
static void
assert_text_button_label (GtkWidget  *widget,
                          const char *label)
{
  assert_accessible_label (widget, label);
  g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY));
}

/* A mapped event row under @root. */
static GtkWidget *
find_mapped_row (GtkWidget *root)
{
  if (CM_IS_EVENT_ROW (root) && gtk_widget_get_mapped (root))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_mapped_row (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The header bar's buttons, the list's rows and the views have names a
 * screen reader can say; moving through the events with the keyboard
 * names the timeline after the event reached. */
static void
test_accessible_names (void)
{
  CmWindow *window = open_default_window ();
  GtkWidget *root = GTK_WIDGET (window);
  CmEventStore *store = cm_document_get_store (cm_window_get_document (window));
  CmViewport *viewport = cm_window_get_viewport (window);
  GtkWidget *timeline = cm_window_get_timeline (window);
  GtkWidget *menu_button, *row, *item;
  g_autofree char *label = NULL;
  g_autofree char *row_label = NULL;
  CmEvent *event;
  guint position;

  assert_text_button_label (find_widget (root, GTK_TYPE_BUTTON, "win.open"), "Open");
  assert_accessible_label (find_widget (root, GTK_TYPE_BUTTON, "win.save"), "Save");
  assert_accessible_label (find_widget (root, GTK_TYPE_TOGGLE_BUTTON, "win.show-details"), "Show Details");
  assert_text_button_label (find_widget (root, GTK_TYPE_BUTTON, "win.cancel-load"), "Cancel Loading");
  /* The recent files beside Open, then the main menu. */
  menu_button = find_widget (root, GTK_TYPE_MENU_BUTTON, NULL);
  assert_accessible_label (menu_button, "Recent Files");
  menu_button = cm_test_find_menu_button (root, "open-menu-symbolic");
  assert_accessible_label (menu_button, "Main Menu");

  /* A row of the list: "Title, date, place", on the item that takes the
   * focus. */
  row = find_mapped_row (GTK_WIDGET (cm_window_get_sidebar (window)));
  g_assert_nonnull (row);
  item = gtk_widget_get_parent (row);
  for (guint i = 0; i < cm_event_store_get_n_events (store) && row_label == NULL; i++)
    {
      g_autoptr(CmEvent) candidate = cm_event_store_get_event (store, i);
      g_autofree char *date = cm_event_format_date (candidate);
      g_autofree char *expected = NULL;
      g_autofree char *mismatch = NULL;

      if (cm_event_get_place (candidate) == NULL || *cm_event_get_place (candidate) == '\0')
        continue;
      expected = g_strdup_printf ("%s, %s, %s", cm_event_get_title (candidate), date,
                                  cm_event_get_place (candidate));
      mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (item), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                     expected);
      if (mismatch == NULL)
        row_label = g_steal_pointer (&expected);
    }
  g_test_message ("A row says: %s", row_label);
  g_assert_nonnull (row_label);
  assert_accessible_label (row, row_label);

  /* The timeline, then the next event by keyboard. */
  cm_viewport_set_selection (viewport, CM_NONE);
  assert_accessible_label (timeline, "Timeline");
  gtk_widget_grab_focus (timeline);
  g_assert_true (gtk_widget_activate_action (timeline, "timeline.next", NULL));
  g_assert_cmpuint (cm_viewport_get_selection (viewport), !=, CM_NONE);
  position = cm_event_store_find_serial (store, cm_viewport_get_selection (viewport));
  event = cm_event_store_get_event (store, position);
  label = gtk_test_accessible_check_property (GTK_ACCESSIBLE (timeline), GTK_ACCESSIBLE_PROPERTY_LABEL, "");
  g_test_message ("The timeline says: %s", label);
  g_assert_nonnull (label);
  g_assert_nonnull (strstr (label, cm_event_get_title (event)));
  g_clear_pointer (&label, g_free);
  g_clear_object (&event);

  g_assert_true (gtk_widget_activate_action (timeline, "timeline.next", NULL));
  event = cm_event_store_get_event (store, cm_event_store_find_serial (store, cm_viewport_get_selection (viewport)));
  label = gtk_test_accessible_check_property (GTK_ACCESSIBLE (timeline), GTK_ACCESSIBLE_PROPERTY_LABEL, "");
  g_assert_nonnull (strstr (label, cm_event_get_title (event)));
  g_clear_object (&event);

  gtk_window_destroy (GTK_WINDOW (window));
  cm_test_wait_ms (100);
}

int
main (int   argc,
      char *argv[])
{
  app = cm_test_init_app (&argc, &argv);

  g_test_add_func ("/gui/window/layout", test_layout);
  g_test_add_func ("/gui/window/empty-state", test_empty_state);
  g_test_add_func ("/gui/window/accessible-names", test_accessible_names);

  return cm_test_run_app (app);
}
