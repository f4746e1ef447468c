/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GUI tests of the details pane's edit mode and of the Categories and
 * Groups dialog, on the bundled Deauville dataset: run under xvfb-run. */
#include "config.h"

#include "cm-core.h"
#include "cm-details-private.h"
#include "cm-organize-dialog.h"
#include "cm-test-gui.h"
#include "cm-window.h"
#include "cm-window-private.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#define WAIT_SECONDS 20

static CmApplication *app;

#define WAIT_UNTIL(cond) CM_TEST_WAIT_UNTIL (cond, WAIT_SECONDS)

/* The serial of the first instant (not a span) whose title has @needle. */
static guint
find_instant (CmEventStore *store,
              const char   *needle)
{
  guint n = cm_event_store_get_n_events (store);

  for (guint i = 0; i < n; i++)
    if (!cm_event_store_is_span (store, i) &&
        strstr (cm_event_store_get_title (store, i), needle) != NULL)
      return cm_event_store_get_serial (store, i);

  return CM_NONE;
}

static void
get_data (CmEventStore *store,
          guint         serial,
          CmEventData  *data)
{
  guint position = cm_event_store_find_serial (store, serial);

  g_assert_cmpuint (position, !=, CM_NONE);
  cm_event_store_get_data (store, position, data);
}

/* As pressing Enter in the row does: its text emits its keybinding
 * signal "activate". */
static void
type_and_enter (AdwEntryRow *row,
                const char  *text)
{
  GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (row));

  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_assert_true (GTK_IS_TEXT (delegate));
  g_signal_emit_by_name (delegate, "activate");
}

static gboolean
focus_is_in (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
test_edit_event (void)
{
  CmWindow *window = cm_test_open_default_window (app, WAIT_SECONDS);
  CmSession *session = cm_window_get_session (window);
  CmHistory *history = cm_session_get_history (session);
  CmEventStore *store = cm_document_get_store (cm_session_get_document (session));
  CmDetails *details = cm_window_get_details (window);
  AdwEntryRow *title_row = details->entries[CM_DETAILS_TITLE].row;
  AdwEntryRow *start_row = details->entries[CM_DETAILS_START].row;
  AdwEntryRow *place_row = details->entries[CM_DETAILS_PLACE].row;
  g_autofree char *title = NULL;
  g_autofree char *place = NULL;
  CmEventData data;
  CmTime start;
  guint serial, steps;

  serial = find_instant (store, "Mladi");
  g_assert_cmpuint (serial, !=, CM_NONE);
  get_data (store, serial, &data);
  title = g_strdup (data.title);
  place = g_strdup (data.place);
  start = data.start;

  /* View mode, as before */
  cm_viewport_set_selection (cm_session_get_viewport (session), serial);
  g_assert_nonnull (cm_details_get_event (details));
  g_assert_cmpuint (cm_event_get_serial (cm_details_get_event (details)), ==, serial);
  g_assert_cmpstr (gtk_label_get_text (cm_details_get_title_label (details)), ==, title);
  g_assert_false (cm_details_get_editing (details));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (details->mode_stack), ==, "view");
  g_assert_false (cm_history_get_can_undo (history));

  /* Edit mode: the form holds the event, the focus is in its title */
  cm_details_edit (details);
  g_assert_true (cm_details_get_editing (details));
  g_assert_true (gtk_toggle_button_get_active (details->edit_button));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (details->mode_stack), ==, "edit");
  cm_test_wait_ms (100);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (title_row)));
  g_assert_true (focus_is_in (GTK_WIDGET (title_row)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title_row)), ==, title);

  /* A new title: one step of the history, undone */
  type_and_enter (title_row, "Mladić arrested (edited)");
  get_data (store, serial, &data);
  g_assert_cmpstr (data.title, ==, "Mladić arrested (edited)");
  g_assert_cmpstr (gtk_label_get_text (cm_details_get_title_label (details)), ==,
                   "Mladić arrested (edited)");
  {
    /* The step is named after the title the event had */
    g_autofree char *step = g_strdup_printf ("Change Title of “%s”", title);

    g_assert_cmpstr (cm_history_get_undo_name (history), ==, step);
  }
  g_assert_true (cm_history_undo (history));
  get_data (store, serial, &data);
  g_assert_cmpstr (data.title, ==, title);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title_row)), ==, title);
  g_assert_true (cm_details_get_editing (details));

  /* A new start, read as Go to Date reads it: in the timeline's zone
   * (the document's, UTC+2 on this dataset) */
  g_assert_cmpint (cm_session_get_time_zone (session), ==, CM_ZONE_KIND_DOCUMENT);
  type_and_enter (start_row, "24 May 2011, 10:30");
  get_data (store, serial, &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 24, 8, 30, 0));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_MINUTE);
  g_assert_nonnull (cm_history_get_undo_name (history));
  g_assert_nonnull (strstr (cm_history_get_undo_name (history), title));
  g_assert_null (details->entries[CM_DETAILS_START].error);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (details->time_error)));
  g_assert_true (cm_history_undo (history));
  get_data (store, serial, &data);
  g_assert_cmpint (data.start, ==, start);

  /* An invalid date: said under the field, not applied */
  steps = cm_history_get_position (history);
  type_and_enter (start_row, "the day after the summit");
  get_data (store, serial, &data);
  g_assert_cmpint (data.start, ==, start);
  g_assert_cmpuint (cm_history_get_position (history), ==, steps);
  g_assert_nonnull (details->entries[CM_DETAILS_START].error);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (start_row), "error"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (details->time_error)));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (details->time_error), "Start: "));
  /* Typing again takes the error away; a valid date is applied */
  type_and_enter (start_row, "2011-05-26T09:00+02:00");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (start_row), "error"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (details->time_error)));
  get_data (store, serial, &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 26, 7, 0, 0));
  g_assert_true (cm_history_undo (history));

  /* A latitude out of range is refused too */
  steps = cm_history_get_position (history);
  type_and_enter (details->entries[CM_DETAILS_LATITUDE].row, "123");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (details->place_error)));
  g_assert_cmpuint (cm_history_get_position (history), ==, steps);

  /* Leaving a field applies it */
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (place_row)));
  g_assert_true (focus_is_in (GTK_WIDGET (place_row)));
  gtk_editable_set_text (GTK_EDITABLE (place_row), "Lazarevo, Serbia (edited)");
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (title_row)));
  g_assert_false (focus_is_in (GTK_WIDGET (place_row)));
  get_data (store, serial, &data);
  g_assert_cmpstr (data.place, ==, "Lazarevo, Serbia (edited)");
  g_assert_true (cm_history_undo (history));
  get_data (store, serial, &data);
  g_assert_cmpstr (data.place, ==, place);

  /* The category, from the drop-down: none */
  g_assert_cmpuint (data.category, !=, CM_NONE);
  adw_combo_row_set_selected (details->category_row, 0);
  get_data (store, serial, &data);
  g_assert_cmpuint (data.category, ==, CM_NONE);
  g_assert_true (cm_history_undo (history));
  get_data (store, serial, &data);
  g_assert_cmpuint (data.category, !=, CM_NONE);

  /* Escape leaves edit mode and drops what was typed and not applied */
  steps = cm_history_get_position (history);
  gtk_editable_set_text (GTK_EDITABLE (title_row), "Not kept");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (details), "details.cancel", NULL));
  g_assert_false (cm_details_get_editing (details));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (details->mode_stack), ==, "view");
  get_data (store, serial, &data);
  g_assert_cmpstr (data.title, ==, title);
  g_assert_cmpuint (cm_history_get_position (history), ==, steps);
  g_assert_cmpstr (gtk_label_get_text (cm_details_get_title_label (details)), ==, title);

  /* F2 (the action it is bound to) comes back; Done applies what is typed */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (details), "details.edit", NULL));
  g_assert_true (cm_details_get_editing (details));
  gtk_editable_set_text (GTK_EDITABLE (title_row), "Kept on Done");
  gtk_toggle_button_set_active (details->edit_button, FALSE);
  g_assert_false (cm_details_get_editing (details));
  get_data (store, serial, &data);
  g_assert_cmpstr (data.title, ==, "Kept on Done");
  g_assert_cmpstr (gtk_label_get_text (cm_details_get_title_label (details)), ==, "Kept on Done");
  g_assert_true (cm_history_undo (history));

  /* No event, no edit mode */
  cm_details_edit (details);
  cm_viewport_set_selection (cm_session_get_viewport (session), CM_NONE);
  g_assert_false (cm_details_get_editing (details));
  g_assert_null (cm_details_get_event (details));

  /* The window's New Event opens the form on the new event, its title
   * ready to be typed over */
  g_action_group_activate_action (G_ACTION_GROUP (window), "new-event", NULL);
  g_assert_nonnull (cm_details_get_event (details));
  g_assert_cmpstr (cm_event_get_title (cm_details_get_event (details)), ==, "New Event");
  g_assert_true (cm_details_get_editing (details));
  cm_test_wait_ms (100);
  g_assert_true (focus_is_in (GTK_WIDGET (title_row)));
  type_and_enter (title_row, "Named at once");
  g_assert_cmpstr (cm_event_get_title (cm_details_get_event (details)), ==, "Named at once");

  cm_document_set_dirty (cm_session_get_document (session), FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_organize (void)
{
  CmWindow *window = cm_test_open_default_window (app, WAIT_SECONDS);
  CmSession *session = cm_window_get_session (window);
  CmDocument *document = cm_session_get_document (session);
  CmHistory *history = cm_session_get_history (session);
  GtkWidget *widget = cm_organize_dialog_new (session);
  CmOrganizeDialog *dialog = CM_ORGANIZE_DIALOG (widget);
  guint n_categories = cm_document_get_n_categories (document);
  guint n_groups = cm_document_get_n_groups (document);
  g_autofree char *name = NULL;
  GtkColorChooser *color;
  GtkDropDown *kind;
  CmGroupKind old_kind;
  GdkRGBA red = { 1.0, 0.0, 0.0, 1.0 };
  double old_red;

  g_assert_cmpuint (n_categories, >, 1);
  g_assert_cmpuint (n_groups, >, 0);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (dialog));
  cm_test_wait_ms (100);

  /* One row per category and group, holding its name */
  name = g_strdup (cm_document_get_category (document, 0)->name);
  g_assert_nonnull (cm_organize_dialog_get_category_row (dialog, n_categories - 1));
  g_assert_null (cm_organize_dialog_get_category_row (dialog, n_categories));
  g_assert_nonnull (cm_organize_dialog_get_group_row (dialog, n_groups - 1));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cm_organize_dialog_get_category_row (dialog, 0))),
                   ==, name);

  /* Renaming: a step of the history */
  type_and_enter (cm_organize_dialog_get_category_row (dialog, 0), "Renamed Category");
  g_assert_cmpstr (cm_document_get_category (document, 0)->name, ==, "Renamed Category");
  g_assert_nonnull (cm_history_get_undo_name (history));
  g_assert_true (cm_history_undo (history));
  g_assert_cmpstr (cm_document_get_category (document, 0)->name, ==, name);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cm_organize_dialog_get_category_row (dialog, 0))),
                   ==, name);

  /* An empty name is refused */
  type_and_enter (cm_organize_dialog_get_category_row (dialog, 0), "  ");
  g_assert_cmpstr (cm_document_get_category (document, 0)->name, ==, name);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (cm_organize_dialog_get_category_row (dialog, 0)),
                                           "error"));
  g_assert_false (cm_history_get_can_undo (history));

  /* A colour */
  old_red = cm_document_get_category (document, 1)->red;
  color = cm_organize_dialog_get_color_button (dialog, 1);
  gtk_color_chooser_set_rgba (color, &red);
  g_assert_cmpfloat (cm_document_get_category (document, 1)->red, ==, 1.0);
  g_assert_cmpfloat (cm_document_get_category (document, 1)->green, ==, 0.0);
  g_assert_nonnull (cm_history_get_undo_name (history));
  g_assert_true (cm_history_undo (history));
  g_assert_cmpfloat (fabs (cm_document_get_category (document, 1)->red - old_red), <, 1e-9);

  /* Adding, then removing, a category */
  g_assert_true (gtk_widget_activate (GTK_WIDGET (gtk_widget_get_template_child (widget, CM_TYPE_ORGANIZE_DIALOG,
                                                                                 "add_category_button"))));
  /* A button activated by the keyboard clicks once its press is shown */
  WAIT_UNTIL (cm_document_get_n_categories (document) == n_categories + 1);
  g_assert_cmpstr (cm_document_get_category (document, n_categories)->name, ==, "New Category");
  g_assert_nonnull (cm_organize_dialog_get_category_row (dialog, n_categories));
  g_assert_true (cm_history_undo (history));
  g_assert_cmpuint (cm_document_get_n_categories (document), ==, n_categories);
  g_assert_null (cm_organize_dialog_get_category_row (dialog, n_categories));

  /* A group's kind */
  old_kind = cm_document_get_group (document, 0)->kind;
  kind = cm_organize_dialog_get_kind_drop_down (dialog, 0);
  gtk_drop_down_set_selected (kind, old_kind == CM_GROUP_LANE ? 1 : 0);
  g_assert_cmpint (cm_document_get_group (document, 0)->kind, !=, old_kind);
  g_assert_true (cm_history_undo (history));
  g_assert_cmpint (cm_document_get_group (document, 0)->kind, ==, old_kind);
  g_assert_cmpuint (gtk_drop_down_get_selected (kind), ==, old_kind == CM_GROUP_ITINERARY ? 1 : 0);

  gtk_window_destroy (GTK_WINDOW (dialog));
  cm_document_set_dirty (document, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  app = cm_test_init_app (&argc, &argv);

  g_test_add_func ("/gui/details/edit-event", test_edit_event);
  g_test_add_func ("/gui/details/organize", test_organize);

  return cm_test_run_app (app);
}
