/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cm-core.h"
#include "cm-history.h"
#include "cm-native.h"
#include "cm-session.h"
#include "cm-stops-dialog.h"
#include "cm-test-gui.h"

#define TOUR_ID "obama-tour-2011"

static CmDocument *
load_dataset (void)
{
  g_autoptr(GFile) file = g_file_new_for_uri ("resource://" CM_DEFAULT_DATASET_RESOURCE);
  g_autoptr(GError) error = NULL;
  CmDocument *document = cm_native_load_file (file, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return document;
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GtkWidget *
find_list (GtkWidget *widget)
{
  if (GTK_IS_LIST_BOX (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_list (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static guint
stop_serial (CmSession *session,
             guint      index)
{
  CmItinerary *itinerary = cm_playback_get_itinerary (cm_session_get_playback (session));

  return cm_itinerary_get_stop (itinerary, index)->serial;
}

static guint
n_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, (int) n) != NULL)
    n++;
  return n;
}

/* What a drop of row @from on row @to does, through the row's own
 * drop target. */
static gboolean
drop_on_row (GtkListBox *list,
             guint       from,
             guint       to)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, (int) to);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (row));
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  g_value_init (&value, G_TYPE_UINT);
  g_value_set_uint (&value, from);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        g_signal_emit_by_name (controller, "drop", &value, 1.0, 1.0, &accepted);
    }
  g_value_unset (&value);

  return accepted;
}

static void
test_reorder (void)
{
  g_autoptr(CmDocument) document = load_dataset ();
  g_autoptr(CmSession) session = cm_session_new (document);
  CmHistory *history = cm_session_get_history (session);
  CmPlayback *playback = cm_session_get_playback (session);
  GtkWidget *dialog;
  GtkListBox *list;
  guint n, first, second, last;

  cm_playback_set_group (playback, cm_document_find_group (document, TOUR_ID));
  n = cm_itinerary_get_n_stops (cm_playback_get_itinerary (playback));
  g_assert_cmpuint (n, >=, 4);
  first = stop_serial (session, 0);
  second = stop_serial (session, 1);
  last = stop_serial (session, n - 1);

  dialog = cm_stops_dialog_new (session);
  gtk_window_present (GTK_WINDOW (dialog));
  iterate ();

  /* One row per stop, the list and its rows named for screen readers. */
  list = GTK_LIST_BOX (find_list (dialog));
  g_assert_nonnull (list);
  g_assert_cmpuint (n_rows (list), ==, n);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, "Stops");
  {
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, 0);
    g_autofree char *error = gtk_test_accessible_check_property (GTK_ACCESSIBLE (row),
                                                                 GTK_ACCESSIBLE_PROPERTY_LABEL, "");

    /* Not empty: "Stop 1: …". */
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error, "Stop 1: "));
  }

  /* Nothing selected: nothing to move. */
  g_assert_false (gtk_widget_activate_action (dialog, "stops.move-up", NULL)
                  && cm_history_get_can_undo (history));
  g_assert_false (cm_history_get_can_undo (history));

  /* Move Down on the first stop: one "Reorder Stops" step, the row
   * follows and stays selected. */
  gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, 0));
  g_assert_true (gtk_widget_activate_action (dialog, "stops.move-down", NULL));
  iterate ();
  g_assert_cmpuint (cm_history_get_position (history), ==, 1);
  g_assert_cmpstr (cm_history_get_undo_name (history), ==, "Reorder Stops");
  g_assert_cmpuint (stop_serial (session, 0), ==, second);
  g_assert_cmpuint (stop_serial (session, 1), ==, first);
  g_assert_cmpint (gtk_list_box_row_get_index (gtk_list_box_get_selected_row (list)), ==, 1);

  /* Move Up puts it back. */
  g_assert_true (gtk_widget_activate_action (dialog, "stops.move-up", NULL));
  iterate ();
  g_assert_cmpuint (cm_history_get_position (history), ==, 2);
  g_assert_cmpuint (stop_serial (session, 0), ==, first);

  /* A drop of the last row on the first: the last stop comes first. */
  g_assert_true (drop_on_row (list, n - 1, 0));
  iterate ();
  g_assert_cmpuint (cm_history_get_position (history), ==, 3);
  g_assert_cmpuint (stop_serial (session, 0), ==, last);
  g_assert_cmpuint (stop_serial (session, 1), ==, first);
  g_assert_cmpuint (n_rows (list), ==, n);

  /* Undo: the list follows the itinerary. */
  g_assert_true (cm_history_undo (history));
  iterate ();
  g_assert_cmpuint (stop_serial (session, 0), ==, first);
  g_assert_cmpuint (stop_serial (session, n - 1), ==, last);

  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
}

int
main (int   argc,
      char *argv[])
{
  cm_test_init_gui (&argc, &argv);

  g_test_add_func ("/widgets/stops-dialog/reorder", test_reorder);

  return g_test_run ();
}
