/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-app-util"

#include "config.h"

#include "cm-app-util.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/* Small pieces the window and its dialogs share. */

/* The name of @file, for display (its parse name when it has no base name). */
char *
cm_app_dup_file_display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  if (basename == NULL)
    return g_file_get_parse_name (file);

  return g_filename_display_name (basename);
}

/* Presents an error dialog over @parent: @heading, @message and Close. */
GtkWindow *
cm_app_present_error (GtkWindow  *parent,
                      const char *heading,
                      const char *message)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  gtk_window_present (GTK_WINDOW (dialog));

  return GTK_WINDOW (dialog);
}

/* Opens @chooser in the folder of @file, when @file is a local file. */
void
cm_app_chooser_set_folder_of (GtkFileChooser *chooser,
                              GFile          *file)
{
  g_autoptr(GFile) folder = NULL;

  if (file == NULL || !g_file_is_native (file))
    return;

  folder = g_file_get_parent (file);
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (chooser, folder, NULL);
}

/* Names the buttons with a label (NULL-terminated) by their accessible
 * label alone: GTK 4.8 adds the text of the label inside ("Open Open"). */
void
cm_app_name_buttons (GtkWidget *first,
                     ...)
{
  va_list args;

  va_start (args, first);
  for (GtkWidget *button = first; button != NULL; button = va_arg (args, GtkWidget *))
    gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  va_end (args);
}
