/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-window"

#include "config.h"

#include "cm-window-private.h"

/* Files dropped on the window: one opens, as Open does (asking about
 * unsaved changes first); several, or one with Shift or Ctrl held, are
 * imported into the document, as Import does. Over the example as it
 * opened, the first of several opens and the others are imported into it. */

/* Whether Shift or Ctrl is held on the keyboard of the seat of @drop. */
static gboolean
modifier_held (GdkDrop *drop)
{
  GdkDevice *device = drop != NULL ? gdk_drop_get_device (drop) : NULL;
  GdkSeat *seat = device != NULL ? gdk_device_get_seat (device) : NULL;
  GdkDevice *keyboard = seat != NULL ? gdk_seat_get_keyboard (seat) : NULL;

  if (keyboard == NULL)
    return FALSE;

  return (gdk_device_get_modifier_state (keyboard) & (GDK_SHIFT_MASK | GDK_CONTROL_MASK)) != 0;
}

/* The files in @value: a GdkFileList or one GFile. */
static GPtrArray *
dup_dropped_files (const GValue *value)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *list = gdk_file_list_get_files (g_value_get_boxed (value));

      for (GSList *l = list; l != NULL; l = l->next)
        g_ptr_array_add (files, g_object_ref (l->data));
      g_slist_free (list);
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE) && g_value_get_object (value) != NULL)
    {
      g_ptr_array_add (files, g_value_dup_object (value));
    }

  return files;
}

static gboolean
drop_cb (CmWindow      *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  g_autoptr(GPtrArray) files = dup_dropped_files (value);
  gboolean import;

  g_assert (GTK_IS_DROP_TARGET (target));

  /* The document is being written: it cannot change now. */
  if (files->len == 0 || self->saving)
    return FALSE;

  import = files->len > 1 || modifier_held (gtk_drop_target_get_current_drop (target));

  if (!import)
    {
      _cm_window_open_asking (self, g_ptr_array_index (files, 0));
      return TRUE;
    }

  if (cm_window_is_replaceable (self))
    {
      g_autoptr(GFile) first = g_object_ref (g_ptr_array_index (files, 0));

      g_ptr_array_remove_index (files, 0);
      cm_window_open_file (self, first);
    }
  _cm_window_import_files (self, files);

  return TRUE;
}

/* Files dropped on the window open or import; the window is outlined
 * while they are over it (the drop-target style class). */
void
_cm_window_init_drop (CmWindow *self)
{
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (self));

  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_css_class (content, "drop-target");
  gtk_widget_add_controller (content, GTK_EVENT_CONTROLLER (target));
  self->drop_target = target;
}
