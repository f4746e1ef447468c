/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GUI tests of the Export Image dialog: run under xvfb-run. */
#include "config.h"

#include "cm-application.h"
#include "cm-core.h"
#include "cm-test-gui.h"
#include "cm-export-dialog-private.h"
#include "cm-window.h"
#include "cm-window-private.h"

#include <adwaita.h>
#include <cairo.h>
#include <glib/gstdio.h>
#include <string.h>

#define WAIT_SECONDS 30

static CmApplication *app;

#define WAIT_UNTIL(cond) CM_TEST_WAIT_UNTIL (cond, WAIT_SECONDS)

static CmWindow *
open_default_window (void)
{
  return cm_test_open_default_window (app, WAIT_SECONDS);
}

/* The toplevel of @type transient for @parent, or NULL. */
static GtkWindow *
find_toplevel (GType      type,
               GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type)
          && gtk_window_get_transient_for (window) == parent)
        return window;
    }

  return NULL;
}

/* Win.export opens the dialog; exporting through it writes the PNG (with
 * its extension added), closes it and leaves the file. */
static void
test_export_png (void)
{
  CmWindow *window = open_default_window ();
  g_autofree char *dir = g_dir_make_tmp ("test-export-dialog-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "deauville", NULL);
  g_autofree char *png = g_build_filename (dir, "deauville.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  CmExportDialog *dialog;
  CmExportOptions options;
  cairo_surface_t *surface;

  g_action_group_activate_action (G_ACTION_GROUP (window), "export", NULL);
  cm_test_wait_ms (100);

  dialog = (CmExportDialog *) find_toplevel (CM_TYPE_EXPORT_DIALOG, GTK_WINDOW (window));
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  /* As shown: the window's time window, a PNG of 1920 × 1080 at 1×. */
  adw_combo_row_set_selected (cm_export_dialog_get_format_row (dialog), 0);
  adw_combo_row_set_selected (cm_export_dialog_get_size_row (dialog), 0);
  adw_combo_row_set_selected (cm_export_dialog_get_scale_row (dialog), 1);
  g_assert_true (cm_export_dialog_get_options (dialog, &options));
  g_assert_cmpint (options.format, ==, CM_EXPORT_PNG);
  g_assert_cmpint (options.view, ==, CM_EXPORT_VIEW_BOTH);
  g_assert_cmpfloat (options.width, ==, 1920);
  g_assert_cmpfloat (options.height, ==, 1080);
  g_assert_cmpfloat (options.scale, ==, 2);
  g_assert_cmpint (options.start, ==, cm_viewport_get_start (cm_window_get_viewport (window)));
  g_assert_cmpint (options.end, ==, cm_viewport_get_end (cm_window_get_viewport (window)));
  g_assert_true (gtk_widget_get_sensitive (cm_export_dialog_get_export_button (dialog)));
  /* In the window's time zone */
  g_assert_cmpint (options.time_zone, ==, CM_ZONE_KIND_DOCUMENT);
  cm_session_set_time_zone (cm_window_get_session (window), CM_ZONE_KIND_UTC);
  g_assert_true (cm_export_dialog_get_options (dialog, &options));
  g_assert_cmpint (options.time_zone, ==, CM_ZONE_KIND_UTC);
  cm_session_set_time_zone (cm_window_get_session (window), CM_ZONE_KIND_DOCUMENT);

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  cm_export_dialog_export_to_file (dialog, file);
  g_assert_true (cm_export_dialog_get_busy (dialog));
  WAIT_UNTIL (dialog == NULL);

  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 3840);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 2160);
  cairo_surface_destroy (surface);
  g_assert_cmpuint (cm_window_get_error_count (window), ==, 0);

  g_unlink (png);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A custom range is parsed as typed, with the errors inline. */
static void
test_custom_range (void)
{
  CmWindow *window = open_default_window ();
  CmExportDialog *dialog = cm_export_dialog_new (GTK_WINDOW (window),
                                                 cm_window_get_session (window),
                                                 NULL);
  AdwEntryRow *from = cm_export_dialog_get_from_row (dialog);
  AdwEntryRow *to = cm_export_dialog_get_to_row (dialog);
  GtkWidget *button = cm_export_dialog_get_export_button (dialog);
  CmExportOptions options;
  CmTime start, end;

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (from)));

  adw_combo_row_set_selected (cm_export_dialog_get_range_row (dialog), 2);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (from)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (to)));
  /* It starts from the window shown. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (from)), !=, "");
  g_assert_true (gtk_widget_get_sensitive (button));

  gtk_editable_set_text (GTK_EDITABLE (from), "the day after tomorrow");
  g_assert_false (cm_export_dialog_get_options (dialog, &options));
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (from), "error"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (to), "error"));

  gtk_editable_set_text (GTK_EDITABLE (from), "23 May 2011");
  gtk_editable_set_text (GTK_EDITABLE (to), "28 May 2011");
  g_assert_true (cm_export_dialog_get_options (dialog, &options));
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (from), "error"));
  g_assert_true (cm_time_parse_iso ("2011-05-23", &start, NULL, NULL, NULL));
  g_assert_true (cm_time_parse_iso ("2011-05-29", &end, NULL, NULL, NULL));
  g_assert_cmpint (options.start, ==, start);
  g_assert_cmpint (options.end, ==, end);

  /* The end before the start. */
  gtk_editable_set_text (GTK_EDITABLE (to), "1 May 2011");
  g_assert_false (cm_export_dialog_get_options (dialog, &options));
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (to), "error"));

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* PDF sizes are paper sizes in points; PNG has a pixel density, the
 * others not; a custom size keeps its physical size across units. */
static void
test_formats_and_sizes (void)
{
  CmWindow *window = open_default_window ();
  CmExportDialog *dialog = cm_export_dialog_new (GTK_WINDOW (window),
                                                 cm_window_get_session (window),
                                                 NULL);
  AdwComboRow *format = cm_export_dialog_get_format_row (dialog);
  AdwComboRow *size = cm_export_dialog_get_size_row (dialog);
  CmExportOptions options;

  gtk_window_present (GTK_WINDOW (dialog));

  adw_combo_row_set_selected (format, 2);
  adw_combo_row_set_selected (size, 0);
  g_assert_true (cm_export_dialog_get_options (dialog, &options));
  g_assert_cmpint (options.format, ==, CM_EXPORT_PDF);
  g_assert_cmpfloat_with_epsilon (options.width, 841.89, 0.01);
  g_assert_cmpfloat_with_epsilon (options.height, 595.28, 0.01);
  g_assert_cmpfloat (options.scale, ==, 1);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cm_export_dialog_get_scale_row (dialog))));

  adw_combo_row_set_selected (size, 1);
  g_assert_true (cm_export_dialog_get_options (dialog, &options));
  g_assert_cmpfloat (options.width, ==, 792);
  g_assert_cmpfloat (options.height, ==, 612);

  /* Custom: 1440 × 810 pt is 1920 × 1080 px. */
  adw_combo_row_set_selected (size, 2);
  g_assert_true (cm_export_dialog_get_options (dialog, &options));
  g_assert_cmpfloat (options.width, ==, 1440);
  g_assert_cmpfloat (options.height, ==, 810);
  adw_combo_row_set_selected (format, 1);
  g_assert_true (cm_export_dialog_get_options (dialog, &options));
  g_assert_cmpint (options.format, ==, CM_EXPORT_SVG);
  g_assert_cmpfloat (options.width, ==, 1920);
  g_assert_cmpfloat (options.height, ==, 1080);
  g_assert_cmpuint (adw_combo_row_get_selected (size), ==, 2);

  adw_combo_row_set_selected (format, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cm_export_dialog_get_scale_row (dialog))));

  adw_combo_row_set_selected (cm_export_dialog_get_view_row (dialog), 1);
  g_assert_true (cm_export_dialog_get_options (dialog, &options));
  g_assert_cmpint (options.view, ==, CM_EXPORT_VIEW_TIMELINE);

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A file that cannot be written: an error naming it, and the dialog stays. */
static void
test_export_error (void)
{
  CmWindow *window = open_default_window ();
  CmExportDialog *dialog = cm_export_dialog_new (GTK_WINDOW (window),
                                                 cm_window_get_session (window),
                                                 NULL);
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent-folder/timeline.png");
  GtkWindow *error_dialog;

  gtk_window_present (GTK_WINDOW (dialog));
  adw_combo_row_set_selected (cm_export_dialog_get_size_row (dialog), 2);
  cm_export_dialog_export_to_file (dialog, file);
  WAIT_UNTIL (!cm_export_dialog_get_busy (dialog));
  cm_test_wait_ms (100);

  error_dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG, GTK_WINDOW (dialog));
  g_assert_nonnull (error_dialog);
  if (error_dialog != NULL)
    {
      g_assert_nonnull (strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (error_dialog)),
                                "timeline.png"));
      gtk_window_destroy (error_dialog);
    }
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (gtk_widget_get_sensitive (cm_export_dialog_get_export_button (dialog)));

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  app = cm_test_init_app (&argc, &argv);

  g_test_add_func ("/gui/export-dialog/export-png", test_export_png);
  g_test_add_func ("/gui/export-dialog/custom-range", test_custom_range);
  g_test_add_func ("/gui/export-dialog/formats-and-sizes", test_formats_and_sizes);
  g_test_add_func ("/gui/export-dialog/export-error", test_export_error);

  return cm_test_run_app (app);
}
