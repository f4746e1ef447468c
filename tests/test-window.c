/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GUI tests of the main window: run under xvfb-run. */
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
  dialog = cm_test_find_message_dialog (window);
  g_assert_nonnull (dialog);
  cm_test_respond (dialog, "cancel");
  cm_test_wait_ms (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (cm_document_get_dirty (document));

  /* Save, then close: the file is written and the window goes. */
  cm_document_set_file (document, file);
  gtk_window_close (GTK_WINDOW (window));
  cm_test_wait_ms (100);
  dialog = cm_test_find_message_dialog (window);
  g_assert_nonnull (dialog);
  cm_test_respond (dialog, "save");
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

/* A save runs in a worker: the window stays live, the save can be
 * cancelled (the file and the dirty mark stay as they were, silently), and
 * a save to the end hides its progress and marks the document saved. */
static void
test_save_cancel (void)
{
  CmWindow *window = open_default_window ();
  CmDocument *document = cm_window_get_document (window);
  CmEventStore *store = cm_document_get_store (document);
  g_autoptr(CmDocument) big = NULL;
  g_autoptr(CmDocument) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const guint n = 300000;

  dir = g_dir_make_tmp ("test-window-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "big.chronomap", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (g_file_set_contents (path, "{\"chronomap\": 1, \"events\": []}", -1, NULL));
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));

  /* Enough events that the save is still running when it is cancelled. */
  big = cm_test_make_events (n);
  cm_document_take (document, big);
  cm_document_set_file (document, file);
  cm_document_set_dirty (document, TRUE);
  g_assert_cmpuint (cm_event_store_get_n_events (store), ==, n);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  g_assert_true (cm_window_get_busy (window));
  g_assert_true (window->saving);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-load", NULL);
  WAIT_UNTIL (!cm_window_get_busy (window));
  cm_test_wait_ms (100);
  g_assert_cmpuint (cm_window_get_error_count (window), ==, 0);
  g_assert_true (cm_document_get_dirty (document));
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);

  /* Saved to the end: the progress is hidden, the document clean. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  g_assert_true (window->saving);
  WAIT_UNTIL (!cm_window_get_busy (window));
  cm_test_wait_ms (100);
  g_assert_false (cm_document_get_dirty (document));
  g_assert_false (gtk_revealer_get_reveal_child (window->loading_revealer));
  g_assert_null (window->saver);
  saved = cm_native_load_file (file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cm_event_store_get_n_events (cm_document_get_store (saved)), ==, n);

  gtk_window_destroy (GTK_WINDOW (window));
  cm_test_wait_ms (100);
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

static guint
count_main_windows (void)
{
  guint n = 0;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    n += CM_IS_WINDOW (l->data);

  return n;
}

static CmWindow *
first_main_window (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    {
      if (CM_IS_WINDOW (l->data))
        return l->data;
    }

  return NULL;
}

/* `chronomap missing.chronomap`: one window, telling why, never a second,
 * empty one. */
static void
test_failed_open_at_startup (void)
{
  g_autofree char *dir = cm_test_make_temp_dir ("test-window-open-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "missing.chronomap", NULL);
  GFile *files[1] = { g_file_new_for_path (path) };
  CmWindow *window, *example;
  CmDocument *document;
  guint n_events;

  g_assert_cmpuint (count_main_windows (), ==, 0);

  /* The first window: it shows the error over the empty state. */
  g_application_open (G_APPLICATION (app), files, 1, "");
  g_assert_cmpuint (count_main_windows (), ==, 1);
  window = first_main_window ();
  WAIT_UNTIL (!cm_window_get_busy (window));
  cm_test_wait_ms (100);
  g_assert_cmpuint (count_main_windows (), ==, 1);
  g_assert_cmpuint (cm_window_get_error_count (window), ==, 1);
  g_assert_nonnull (cm_window_get_error_dialog (window));
  g_assert_true (cm_window_get_showing_empty_state (window));
  gtk_window_destroy (cm_window_get_error_dialog (window));

  /* Opened again while that window is there: it is reused. */
  g_application_open (G_APPLICATION (app), files, 1, "");
  WAIT_UNTIL (!cm_window_get_busy (window));
  cm_test_wait_ms (100);
  g_assert_cmpuint (count_main_windows (), ==, 1);
  g_assert_cmpuint (cm_window_get_error_count (window), ==, 2);
  gtk_window_destroy (cm_window_get_error_dialog (window));
  gtk_window_destroy (GTK_WINDOW (window));
  cm_test_wait_ms (100);

  /* Beside a window that cannot be replaced (modified), the window
   * opened for the file goes and the other one tells. */
  example = open_default_window ();
  document = cm_window_get_document (example);
  n_events = cm_event_store_get_n_events (cm_document_get_store (document));
  cm_document_set_dirty (document, TRUE);
  g_application_open (G_APPLICATION (app), files, 1, "");
  g_assert_cmpuint (count_main_windows (), ==, 2);
  WAIT_UNTIL (count_main_windows () == 1);
  cm_test_wait_ms (100);
  g_assert_true (first_main_window () == example);
  g_assert_cmpuint (cm_window_get_error_count (example), ==, 1);
  g_assert_nonnull (cm_window_get_error_dialog (example));
  g_assert_cmpuint (cm_event_store_get_n_events (cm_document_get_store (document)), ==, n_events);
  gtk_window_destroy (cm_window_get_error_dialog (example));

  cm_document_set_dirty (document, FALSE);
  gtk_window_destroy (GTK_WINDOW (example));
  cm_test_wait_ms (100);
  g_object_unref (files[0]);
  g_assert_no_errno (g_rmdir (dir));
}

/* Accessible names ------------------------------------------------------- */

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
  g_test_add_func ("/gui/window/failed-load", test_failed_load);
  g_test_add_func ("/gui/window/place-events", test_place_events);
  g_test_add_func ("/gui/window/cancel-load", test_cancel_load);
  g_test_add_func ("/gui/window/save-and-close", test_save_and_close);
  g_test_add_func ("/gui/window/save-cancel", test_save_cancel);
  g_test_add_func ("/gui/window/layout", test_layout);
  g_test_add_func ("/gui/window/empty-state", test_empty_state);
  g_test_add_func ("/gui/window/failed-open-at-startup", test_failed_open_at_startup);
  g_test_add_func ("/gui/window/accessible-names", test_accessible_names);
  g_test_add_func ("/gui/window/time-zone", test_time_zone);

  return cm_test_run_app (app);
}
