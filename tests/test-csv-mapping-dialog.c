/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The CSV import dialog, under Xvfb: preset from the header, answers with
 * the mapping chosen, cancels when closed or cancelled. */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "cm-core.h"
#include "cm-csv-mapping-dialog.h"
#include "cm-ui-resources.h"

typedef struct
{
  gboolean      done;
  gboolean      ok;
  CmCsvMapping  mapping;
  GError       *error;
} Result;

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Result *outcome = user_data;

  outcome->ok = cm_csv_mapping_dialog_run_finish (result, &outcome->mapping, &outcome->error);
  outcome->done = TRUE;
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static CmCsvMappingDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (CM_IS_CSV_MAPPING_DIALOG (window))
        return CM_CSV_MAPPING_DIALOG (window);
    }

  return NULL;
}

static CmCsvMappingDialog *
wait_for_dialog (Result *outcome)
{
  for (guint i = 0; i < 2000 && !outcome->done; i++)
    {
      CmCsvMappingDialog *dialog = find_dialog ();

      if (dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog)))
        return dialog;
      iterate ();
      g_usleep (5000);
    }

  return NULL;
}

static void
wait_for_result (Result *outcome)
{
  for (guint i = 0; i < 2000 && !outcome->done; i++)
    {
      iterate ();
      g_usleep (2000);
    }
  g_assert_true (outcome->done);
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (found, child);
      collect (child, type, found);
    }
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), label) == 0)
      return buttons->pdata[i];

  return NULL;
}

static GFile *
fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);

  return g_file_new_for_path (path);
}

static void
test_import (void)
{
  g_autoptr(GFile) file = fixture ("csv-generic-fr.csv");
  g_autoptr(GPtrArray) drop_downs = g_ptr_array_new ();
  Result outcome = { 0 };
  CmCsvMappingDialog *dialog;
  GtkWidget *import;

  cm_csv_mapping_dialog_run_async (NULL, file, NULL, done_cb, &outcome);
  dialog = wait_for_dialog (&outcome);
  g_assert_nonnull (dialog);

  /* One drop-down per role, preset from the header: Date … Description. */
  collect (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN, drop_downs);
  g_assert_cmpuint (drop_downs->len, ==, 10);
  g_assert_cmpuint (gtk_drop_down_get_selected (drop_downs->pdata[0]), ==, 1);  /* Date */
  g_assert_cmpuint (gtk_drop_down_get_selected (drop_downs->pdata[1]), ==, 0);  /* End: none */
  g_assert_cmpuint (gtk_drop_down_get_selected (drop_downs->pdata[2]), ==, 0);  /* Time: none */
  g_assert_cmpuint (gtk_drop_down_get_selected (drop_downs->pdata[3]), ==, 2);  /* Titre */

  /* No date, no import. */
  import = find_button (GTK_WIDGET (dialog), "_Import");
  g_assert_nonnull (import);
  gtk_drop_down_set_selected (drop_downs->pdata[0], 0);
  g_assert_false (gtk_widget_get_sensitive (import));
  gtk_drop_down_set_selected (drop_downs->pdata[0], 1);
  g_assert_true (gtk_widget_get_sensitive (import));

  /* The user moves the description to "Lieu". */
  gtk_drop_down_set_selected (drop_downs->pdata[9], 3);
  g_signal_emit_by_name (import, "clicked");
  wait_for_result (&outcome);

  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);
  g_assert_cmpint (outcome.mapping.start, ==, 0);
  g_assert_cmpint (outcome.mapping.end, ==, -1);
  g_assert_cmpint (outcome.mapping.time, ==, -1);
  g_assert_cmpint (outcome.mapping.title, ==, 1);
  g_assert_cmpint (outcome.mapping.place, ==, 2);
  g_assert_cmpint (outcome.mapping.latitude, ==, 3);
  g_assert_cmpint (outcome.mapping.longitude, ==, 4);
  g_assert_cmpint (outcome.mapping.category, ==, 5);
  g_assert_cmpint (outcome.mapping.group, ==, -1);
  g_assert_cmpint (outcome.mapping.description, ==, 2);
  g_assert_cmpint (outcome.mapping.separator, ==, ';');
  g_assert_cmpint (outcome.mapping.date_order, ==, CM_CSV_DATE_ORDER_AUTO);
  iterate ();
  g_assert_null (find_dialog ());
}

static AdwComboRow *
find_order_row (CmCsvMappingDialog *dialog)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 1);

  return rows->len > 0 ? rows->pdata[0] : NULL;
}

/* gpsbabel's unicsv: the Time column is preset as the time of day. */
static void
test_time_column (void)
{
  g_autoptr(GFile) file = fixture ("csv-unicsv-date-time.csv");
  g_autoptr(GPtrArray) drop_downs = g_ptr_array_new ();
  Result outcome = { 0 };
  CmCsvMappingDialog *dialog;

  cm_csv_mapping_dialog_run_async (NULL, file, NULL, done_cb, &outcome);
  dialog = wait_for_dialog (&outcome);
  g_assert_nonnull (dialog);

  collect (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN, drop_downs);
  g_assert_cmpuint (gtk_drop_down_get_selected (drop_downs->pdata[0]), ==, 6);  /* Date */
  g_assert_cmpuint (gtk_drop_down_get_selected (drop_downs->pdata[2]), ==, 7);  /* Time */
  /* Year first: nothing to ask about the dates. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (find_order_row (dialog))));

  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog), "_Import"), "clicked");
  wait_for_result (&outcome);
  g_assert_true (outcome.ok);
  g_assert_cmpint (outcome.mapping.start, ==, 5);
  g_assert_cmpint (outcome.mapping.time, ==, 6);
  g_assert_cmpint (outcome.mapping.date_order, ==, CM_CSV_DATE_ORDER_AUTO);
  iterate ();
}

/* Dates that fit both orders of day and month: the dialog asks. */
static void
test_date_order (void)
{
  g_autoptr(GFile) ambiguous = fixture ("csv-dates-ambiguous.csv");
  g_autoptr(GFile) decided = fixture ("csv-dates-day-first.csv");
  g_autoptr(GPtrArray) drop_downs = g_ptr_array_new ();
  Result outcome = { 0 };
  CmCsvMappingDialog *dialog;
  AdwComboRow *order;

  cm_csv_mapping_dialog_run_async (NULL, ambiguous, NULL, done_cb, &outcome);
  dialog = wait_for_dialog (&outcome);
  g_assert_nonnull (dialog);
  order = find_order_row (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (order)));

  /* Not a question for a column of titles. */
  collect (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN, drop_downs);
  gtk_drop_down_set_selected (drop_downs->pdata[0], 2);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (order)));
  gtk_drop_down_set_selected (drop_downs->pdata[0], 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (order)));

  adw_combo_row_set_selected (order, 1);
  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog), "_Import"), "clicked");
  wait_for_result (&outcome);
  g_assert_true (outcome.ok);
  g_assert_cmpint (outcome.mapping.date_order, ==, CM_CSV_DATE_ORDER_MONTH_FIRST);
  iterate ();

  /* Some date decides it (26.10.2012): no question, the reader decides. */
  memset (&outcome, 0, sizeof outcome);
  cm_csv_mapping_dialog_run_async (NULL, decided, NULL, done_cb, &outcome);
  dialog = wait_for_dialog (&outcome);
  g_assert_nonnull (dialog);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (find_order_row (dialog))));
  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog), "_Import"), "clicked");
  wait_for_result (&outcome);
  g_assert_cmpint (outcome.mapping.date_order, ==, CM_CSV_DATE_ORDER_AUTO);
  iterate ();
}

static void
test_close_cancels (void)
{
  g_autoptr(GFile) file = fixture ("csv-generic.tsv");
  Result outcome = { 0 };
  CmCsvMappingDialog *dialog;

  cm_csv_mapping_dialog_run_async (NULL, file, NULL, done_cb, &outcome);
  dialog = wait_for_dialog (&outcome);
  g_assert_nonnull (dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  wait_for_result (&outcome);
  g_assert_false (outcome.ok);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&outcome.error);
}

static void
test_cancellable (void)
{
  g_autoptr(GFile) file = fixture ("csv-generic.tsv");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Result outcome = { 0 };

  cm_csv_mapping_dialog_run_async (NULL, file, cancellable, done_cb, &outcome);
  g_assert_nonnull (wait_for_dialog (&outcome));
  g_cancellable_cancel (cancellable);
  wait_for_result (&outcome);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&outcome.error);
  iterate ();
  g_assert_null (find_dialog ());
}

static void
test_bad_files (void)
{
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/table.csv");
  g_autoptr(GFile) empty = NULL;
  g_autoptr(GFileIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  Result outcome = { 0 };

  cm_csv_mapping_dialog_run_async (NULL, missing, NULL, done_cb, &outcome);
  wait_for_result (&outcome);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&outcome.error);

  empty = g_file_new_tmp ("empty-XXXXXX.csv", &stream, &error);
  g_assert_no_error (error);
  outcome.done = FALSE;
  cm_csv_mapping_dialog_run_async (NULL, empty, NULL, done_cb, &outcome);
  wait_for_result (&outcome);
  g_assert_error (outcome.error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_SYNTAX);
  g_clear_error (&outcome.error);
  g_file_delete (empty, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  gtk_init ();
  adw_init ();
  cm_core_init ();
  cm_ui_register_resource ();

  g_test_add_func ("/app/csv-mapping-dialog/import", test_import);
  g_test_add_func ("/app/csv-mapping-dialog/time-column", test_time_column);
  g_test_add_func ("/app/csv-mapping-dialog/date-order", test_date_order);
  g_test_add_func ("/app/csv-mapping-dialog/close-cancels", test_close_cancels);
  g_test_add_func ("/app/csv-mapping-dialog/cancellable", test_cancellable);
  g_test_add_func ("/app/csv-mapping-dialog/bad-files", test_bad_files);

  return g_test_run ();
}
