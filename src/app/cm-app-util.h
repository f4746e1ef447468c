/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The name of @file, for display (its parse name when it has no base name). */
char      *cm_app_dup_file_display_name (GFile          *file);
/* Presents an error dialog over @parent: @heading, @message and Close.
 * Returns: (transfer none): the dialog */
GtkWindow *cm_app_present_error         (GtkWindow      *parent,
                                         const char     *heading,
                                         const char     *message);
/* Opens @chooser in the folder of @file, when @file is a local file. */
void       cm_app_chooser_set_folder_of (GtkFileChooser *chooser,
                                         GFile          *file);
/* Names the buttons with a label (NULL-terminated) by their accessible
 * label alone: GTK 4.8 adds the text of the label inside ("Open Open"). */
void       cm_app_name_buttons          (GtkWidget      *first,
                                         ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
