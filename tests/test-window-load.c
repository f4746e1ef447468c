/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's loads and saves: a failed load leaves the document as it
 * was, loads and saves can be cancelled, closing asks about unsaved
 * changes, places are offered after a load, and a failed open at start
 * leaves one window. */
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

int
main (int   argc,
      char *argv[])
{
  app = cm_test_init_app (&argc, &argv);

  g_test_add_func ("/gui/window/failed-load", test_failed_load);
  g_test_add_func ("/gui/window/place-events", test_place_events);
  g_test_add_func ("/gui/window/cancel-load", test_cancel_load);
  g_test_add_func ("/gui/window/save-and-close", test_save_and_close);
  g_test_add_func ("/gui/window/save-cancel", test_save_cancel);
  g_test_add_func ("/gui/window/failed-open-at-startup", test_failed_open_at_startup);

  return cm_test_run_app (app);
}
