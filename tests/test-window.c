/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GUI tests of the main window: run under xvfb-run. */
#include "config.h"

#include "cm-application.h"
#include "cm-core.h"
#include "cm-test-gui.h"
#include "cm-event-row.h"
#include "cm-native.h"
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

static void
test_failed_load (void)
{
  CmWindow *window = open_default_window ();
  CmDocument *document = cm_window_get_document (window);
  CmEventStore *store = cm_document_get_store (document);
  CmViewport *viewport = cm_window_get_viewport (window);
  g_autofree char *title = g_strdup (cm_document_get_title (document));
  g_autofree char *first_title = g_strdup (cm_event_store_get_title (store, 0));
  guint n_events = cm_event_store_get_n_events (store);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *basename = NULL;
  guint serial;
  GtkWindow *dialog;
  const char *body;
  int fd;

  serial = cm_event_store_get_serial (store, 1);
  cm_viewport_set_selection (viewport, serial);

  fd = g_file_open_tmp ("test-window-XXXXXX.chronomap", &path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  g_file_set_contents (path,
                       "{\n  \"chronomap\": 1,\n  \"title\": \"Broken\",\n"
                       "  \"events\": [\n    { \"title\": \"Half\", \"start\": ]\n",
                       -1, &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (path);
  basename = g_file_get_basename (file);

  g_assert_cmpuint (cm_window_get_error_count (window), ==, 0);
  cm_window_open_file (window, file);
  g_assert_true (cm_window_get_busy (window));
  WAIT_UNTIL (!cm_window_get_busy (window));
  cm_test_wait_ms (100);

  /* The error is shown, with where it is… */
  g_assert_cmpuint (cm_window_get_error_count (window), ==, 1);
  dialog = cm_window_get_error_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_test_message ("Error shown: %s", body);
  g_assert_nonnull (strstr (body, basename));
  g_assert_nonnull (strstr (body, ":5:"));

  /* …and the document is untouched. */
  g_assert_true (cm_window_get_document (window) == document);
  g_assert_cmpstr (cm_document_get_title (document), ==, title);
  g_assert_cmpuint (cm_event_store_get_n_events (store), ==, n_events);
  g_assert_cmpstr (cm_event_store_get_title (store, 0), ==, first_title);
  g_assert_null (cm_document_get_file (document));
  g_assert_false (cm_document_get_dirty (document));
  g_assert_cmpuint (cm_viewport_get_selection (viewport), ==, serial);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cm_sidebar_get_filter_model (cm_window_get_sidebar (window)))),
                    ==, n_events);

  gtk_window_close (dialog);
  cm_test_wait_ms (100);
  g_assert_null (cm_window_get_error_dialog (window));

  /* A missing file is an error too. */
  g_unlink (path);
  cm_window_open_file (window, file);
  WAIT_UNTIL (!cm_window_get_busy (window));
  g_assert_cmpuint (cm_window_get_error_count (window), ==, 2);
  g_assert_cmpuint (cm_event_store_get_n_events (store), ==, n_events);
  gtk_window_destroy (cm_window_get_error_dialog (window));

  gtk_window_destroy (GTK_WINDOW (window));
  cm_test_wait_ms (100);
}

static void
test_cancel_load (void)
{
  CmWindow *window = open_default_window ();
  CmDocument *document = cm_window_get_document (window);
  guint n_events = cm_event_store_get_n_events (cm_document_get_store (document));
  g_autoptr(GFile) file = g_file_new_for_uri ("resource://" CM_DEFAULT_DATASET_RESOURCE);

  /* Cancelling is silent and keeps the document. */
  cm_window_open_file (window, file);
  g_assert_true (cm_window_get_busy (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-load", NULL);
  WAIT_UNTIL (!cm_window_get_busy (window));
  cm_test_wait_ms (100);

  g_assert_cmpuint (cm_window_get_error_count (window), ==, 0);
  g_assert_null (cm_window_get_error_dialog (window));
  g_assert_cmpuint (cm_event_store_get_n_events (cm_document_get_store (document)), ==, n_events);
  /* A finished load would have attached the document to the file. */
  g_assert_null (cm_document_get_file (document));

  gtk_window_destroy (GTK_WINDOW (window));
  cm_test_wait_ms (100);
}

static AdwMessageDialog *
find_message_dialog (CmWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) &&
          gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window) &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }

  return NULL;
}

/* As clicking a button of the dialog does. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  g_object_ref (dialog);
  adw_message_dialog_response (dialog, response);
  if (gtk_widget_get_visible (GTK_WIDGET (dialog)))
    gtk_window_close (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

static void
test_save_and_close (void)
{
  CmWindow *window = open_default_window ();
  g_autoptr(CmWindow) window_ref = g_object_ref (window);
  CmDocument *document = cm_window_get_document (window);
  guint n_events = cm_event_store_get_n_events (cm_document_get_store (document));
  g_autoptr(CmDocument) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  AdwMessageDialog *dialog;

  dir = g_dir_make_tmp ("test-window-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "saved.chronomap", NULL);
  file = g_file_new_for_path (path);

  /* A modified document is marked in the title. */
  g_assert_false (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "•"));
  cm_document_set_dirty (document, TRUE);
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "•"));

  /* Closing asks; Cancel keeps the window. */
  gtk_window_close (GTK_WINDOW (window));
  cm_test_wait_ms (100);
  dialog = find_message_dialog (window);
  g_assert_nonnull (dialog);
  respond (dialog, "cancel");
  cm_test_wait_ms (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (cm_document_get_dirty (document));

  /* Save, then close: the file is written and the window goes. */
  cm_document_set_file (document, file);
  gtk_window_close (GTK_WINDOW (window));
  cm_test_wait_ms (100);
  dialog = find_message_dialog (window);
  g_assert_nonnull (dialog);
  respond (dialog, "save");
  WAIT_UNTIL (!cm_window_get_busy (window));
  cm_test_wait_ms (100);
  g_assert_false (cm_document_get_dirty (document));
  g_assert_cmpuint (cm_window_get_error_count (window), ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));

  saved = cm_native_load_file (file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cm_event_store_get_n_events (cm_document_get_store (saved)), ==, n_events);
  g_assert_cmpstr (cm_document_get_title (saved), ==, cm_document_get_title (document));

  g_unlink (path);
  g_rmdir (dir);
}

/* A file whose events name places but have no coordinates: the window
 * offers to place them and places nothing until the user accepts; the
 * accepted ones are on the map, marked approximate. */
static void
test_place_events (void)
{
  CmWindow *window = open_default_window ();
  CmDocument *document = cm_window_get_document (window);
  CmEventStore *store = cm_document_get_store (document);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data",
                                                 "timelinejs-places-no-coordinates.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  guint offered = cm_window_get_places_offered (window);
  GtkWidget *dialog;
  guint placed = 0;

  cm_window_open_file (window, file);
  WAIT_UNTIL (!cm_window_get_busy (window) && cm_window_get_places_offered (window) > offered);
  g_assert_cmpuint (cm_event_store_get_n_events (store), ==, 3);

  /* Offered, not done. */
  g_assert_nonnull (cm_window_get_places_toast (window));
  for (guint p = 0; p < cm_event_store_get_n_events (store); p++)
    g_assert_false (cm_event_store_get_coordinates (store, p, NULL, NULL));
  g_assert_false (cm_document_get_dirty (document));

  g_signal_emit_by_name (cm_window_get_places_toast (window), "button-clicked");
  dialog = cm_window_get_places_dialog (window);
  g_assert_nonnull (dialog);
  g_signal_emit_by_name (dialog, "response", "place");
  gtk_window_destroy (GTK_WINDOW (dialog));

  for (guint p = 0; p < cm_event_store_get_n_events (store); p++)
    {
      CmEventData data;

      cm_event_store_get_data (store, p, &data);
      if (!isnan (data.lat))
        {
          g_assert_true (data.flags & CM_EVENT_COORDINATES_APPROXIMATE);
          placed++;
        }
      if (g_str_has_prefix (data.place, "Warsaw"))
        {
          g_assert_cmpfloat (fabs (data.lat - 52.23), <, 0.2);
          g_assert_cmpfloat (fabs (data.lon - 21.01), <, 0.3);
        }
    }
  g_assert_cmpuint (placed, ==, 3);
  g_assert_true (cm_document_get_dirty (document));

  cm_document_set_dirty (document, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  app = cm_test_init_app (&argc, &argv);

  g_test_add_func ("/gui/window/search-and-select", test_search_and_select);
  g_test_add_func ("/gui/window/legend-counts", test_legend_counts);
  g_test_add_func ("/gui/window/failed-load", test_failed_load);
  g_test_add_func ("/gui/window/place-events", test_place_events);
  g_test_add_func ("/gui/window/cancel-load", test_cancel_load);
  g_test_add_func ("/gui/window/save-and-close", test_save_and_close);

  return cm_test_run_app (app);
}
