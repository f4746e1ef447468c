/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-window"

#include "config.h"

#include "cm-window-private.h"

#include "cm-export-dialog.h"

#include <glib/gi18n.h>

/* The window's actions (win.*) and whether they are enabled. */

/* Enables or disables the window action @name. */
void
_cm_window_set_action_enabled (CmWindow   *self,
                               const char *name,
                               gboolean    enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* Enables the actions that the running load or save allows. */
void
_cm_window_update_actions (CmWindow *self)
{
  _cm_window_set_action_enabled (self, "open", !self->saving);
  _cm_window_set_action_enabled (self, "open-example", !self->saving);
  _cm_window_set_action_enabled (self, "save", !self->saving);
  _cm_window_set_action_enabled (self, "save-as", !self->saving);
  _cm_window_set_action_enabled (self, "save-copy", !self->saving);
  _cm_window_set_action_enabled (self, "import", !self->saving);
  _cm_window_set_action_enabled (self, "cancel-load", self->loader != NULL || self->saver != NULL);
  _cm_window_update_edit_actions (self);
  /* No drag edits the document a load or a save reads. */
  if (self->session != NULL)
    cm_viewport_set_editable (cm_session_get_viewport (self->session), !cm_window_get_busy (self));
}

/* win.open: asks about unsaved changes, then shows the file chooser. */
static void
open_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  CmWindow *self = user_data;

  if (cm_document_get_dirty (self->document))
    _cm_window_confirm_discard (self, _cm_window_show_open_chooser);
  else
    _cm_window_show_open_chooser (self);
}

/* Loads the bundled example, the unsaved changes given up: the next start
 * opens it too. */
static void
open_example (CmWindow *self)
{
  _cm_window_forget_last_document (self);
  cm_window_open_default (self);
}

/* win.open-example: asks about unsaved changes, then loads the example. */
static void
open_example_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  CmWindow *self = user_data;

  if (cm_document_get_dirty (self->document))
    _cm_window_confirm_discard (self, open_example);
  else
    open_example (self);
}

/* win.show-details: shows or hides the details pane. */
static void
show_details_change_state (GSimpleAction *action,
                           GVariant      *state,
                           gpointer       user_data)
{
  _cm_window_show_details (CM_WINDOW (user_data), g_variant_get_boolean (state));
}

/* win.save: saves to the document's file, or asks for one. */
static void
save_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  _cm_window_save_document (CM_WINDOW (user_data), NULL);
}

/* win.save-as: saves to a file the user chooses. */
static void
save_as_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  CmWindow *self = user_data;

  if (!self->saving)
    _cm_window_save_as (self, NULL);
}

/* win.cancel-load: stops the load running, else the save (the file stays
 * as it was). */
static void
cancel_load_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  CmWindow *self = user_data;

  /* Silent: the current document stays, and the files dropped with the
   * one loading are not imported. */
  if (self->import_queue != NULL)
    g_ptr_array_set_size (self->import_queue, 0);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  else if (self->save_cancellable != NULL)
    g_cancellable_cancel (self->save_cancellable);
}

/* win.find: focuses the sidebar's search. */
static void
find_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  CmWindow *self = user_data;

  cm_sidebar_focus_search (self->sidebar);
}

/* win.import: adds the events of a file the user chooses. */
static void
import_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  _cm_window_show_load_chooser (CM_WINDOW (user_data), TRUE);
}

/* win.save-copy: saves a copy, in the format of its name. */
static void
save_copy_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  CmWindow *self = user_data;

  if (!self->saving)
    _cm_window_show_save_copy_chooser (self);
}

/* win.export: the export dialog, with the map as shown. */
static void
export_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  CmWindow *self = user_data;
  CmExportDialog *dialog;
  CmMapFrame frame;

  dialog = cm_export_dialog_new (GTK_WINDOW (self), self->session, self->toast_overlay);
  cm_map_view_get_frame (self->map, &frame);
  cm_export_dialog_set_map_frame (dialog, &frame,
                                  gtk_widget_get_width (GTK_WIDGET (self->map)),
                                  gtk_widget_get_height (GTK_WIDGET (self->map)));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* win.print: prints the page Export draws, as the window shows it. */
static void
print_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  CmWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cm_window_print (self, NULL, &error))
    _cm_window_show_error (self, _("Could Not Print"), error);
}

/* win.go-to-date: the timeline's Go to Date. */
static void
go_to_date_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  CmWindow *self = user_data;

  gtk_widget_activate_action (GTK_WIDGET (self->timeline), "timeline.go-to", NULL);
}

/* win.toggle-playback: plays or pauses. */
static void
toggle_playback_action (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  CmWindow *self = user_data;

  cm_playback_toggle (self->playback);
}

static const GActionEntry win_actions[] = {
  { "open", open_action },
  { "open-example", open_example_action },
  { "show-details", NULL, NULL, "true", show_details_change_state },
  { "import", import_action },
  { "save", save_action },
  { "save-as", save_as_action },
  { "save-copy", save_copy_action },
  { "export", export_action },
  { "print", print_action },
  { "go-to-date", go_to_date_action },
  { "toggle-playback", toggle_playback_action },
  { "cancel-load", cancel_load_action },
  { "find", find_action },
};

/* Adds the window's actions (win.*), and time-zone, kept in the settings:
 * the session follows the time zone chosen. */
void
_cm_window_init_actions (CmWindow *self)
{
  g_autoptr(GAction) time_zone = NULL;

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions), self);
  time_zone = g_settings_create_action (self->settings, "time-zone");
  g_action_map_add_action (G_ACTION_MAP (self), time_zone);
  g_settings_bind (self->settings, "time-zone", self->session, "time-zone", G_SETTINGS_BIND_GET);
}
