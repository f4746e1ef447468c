/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-window"

#include "config.h"

#include "cm-window-private.h"

#include "cm-app-util.h"
#include "cm-format.h"

#include <glib/gi18n.h>

/* The recent files (GtkRecentManager, listed under the Open button) and
 * the last document, which the next start reopens (the "reopen-last" and
 * "last-document" settings). */

/* How many recent files the Open button lists. */
#define MAX_RECENT 8

/* Chronomap's files in the recent list are registered under this name, the
 * same in every language. */
#define RECENT_APP_NAME "Chronomap"
#define RECENT_APP_EXEC "chronomap %u"

/* The folder of @file, for display, with the home folder written "~". */
char *
_cm_window_dup_folder_display_name (GFile *file)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autoptr(GFile) home = g_file_new_for_path (g_get_home_dir ());
  g_autofree char *relative = NULL;

  if (parent == NULL)
    return NULL;

  if (g_file_equal (parent, home))
    return g_strdup ("~");

  relative = g_file_get_relative_path (home, parent);
  if (relative != NULL)
    {
      g_autofree char *display = g_filename_display_name (relative);

      return g_build_filename ("~", display, NULL);
    }

  return g_file_get_parse_name (parent);
}

/* When Chronomap last used @info, or NULL. */
static GDateTime *
dup_used_at (GtkRecentInfo *info)
{
  GDateTime *stamp = NULL;
  const char *exec = NULL;
  guint count = 0;

  if (!gtk_recent_info_get_application_info (info, RECENT_APP_NAME, &exec, &count, &stamp))
    return NULL;

  return stamp != NULL ? g_date_time_ref (stamp) : NULL;
}

static int
compare_used_at (gconstpointer a,
                 gconstpointer b)
{
  GtkRecentInfo *info_a = *(GtkRecentInfo * const *) a;
  GtkRecentInfo *info_b = *(GtkRecentInfo * const *) b;
  g_autoptr(GDateTime) used_a = dup_used_at (info_a);
  g_autoptr(GDateTime) used_b = dup_used_at (info_b);

  if (used_a == NULL || used_b == NULL)
    return (used_a == NULL) - (used_b == NULL);

  return g_date_time_compare (used_b, used_a);  /* the latest first */
}

/* Whether Chronomap registered @info and can read it (by its name), and it
 * is still there. */
static gboolean
is_listed (GtkRecentInfo *info)
{
  g_autofree char *basename = NULL;
  g_autoptr(GFile) file = NULL;

  if (!gtk_recent_info_has_application (info, RECENT_APP_NAME))
    return FALSE;

  file = g_file_new_for_uri (gtk_recent_info_get_uri (info));
  basename = g_file_get_basename (file);

  return basename != NULL && cm_format_by_extension (basename) != NULL &&
         gtk_recent_info_exists (info);
}

/* Rebuilds the recent files under the Open button: the latest first, by
 * name, with the folder when two share a name. */
static void
update_recent_menu (CmWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GMenu) section = g_menu_new ();
  GList *items;

  if (self->recent_menu == NULL) /* disposed */
    return;

  listed = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_recent_info_unref);
  items = gtk_recent_manager_get_items (manager);
  for (GList *l = items; l != NULL; l = l->next)
    {
      if (is_listed (l->data))
        g_ptr_array_add (listed, gtk_recent_info_ref (l->data));
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);

  g_ptr_array_sort (listed, compare_used_at);
  if (listed->len > MAX_RECENT)
    g_ptr_array_set_size (listed, MAX_RECENT);

  for (guint i = 0; i < listed->len; i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (listed, i);
      const char *uri = gtk_recent_info_get_uri (info);
      g_autoptr(GFile) file = g_file_new_for_uri (uri);
      g_autofree char *name = cm_app_dup_file_display_name (file);
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) item = NULL;
      gboolean shared = FALSE;

      for (guint j = 0; j < listed->len && !shared; j++)
        {
          GtkRecentInfo *other_info = g_ptr_array_index (listed, j);
          g_autoptr(GFile) other = g_file_new_for_uri (gtk_recent_info_get_uri (other_info));
          g_autofree char *other_name = cm_app_dup_file_display_name (other);

          shared = j != i && g_strcmp0 (name, other_name) == 0;
        }

      if (shared)
        {
          g_autofree char *folder = _cm_window_dup_folder_display_name (file);

          /* Translators: a recent file, then its folder: "tour.chronomap (~/Articles)" */
          label = g_strdup_printf (_("%s (%s)"), name, folder != NULL ? folder : "");
        }
      else
        {
          label = g_steal_pointer (&name);
        }

      /* A name is no mnemonic: underscores stay as they are. */
      {
        g_auto(GStrv) parts = g_strsplit (label, "_", -1);

        g_free (label);
        label = g_strjoinv ("__", parts);
      }

      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-recent", g_variant_new_string (uri));
      g_menu_append_item (section, item);
    }

  g_menu_remove_all (self->recent_menu);
  if (listed->len > 0)
    g_menu_append_section (self->recent_menu, _("Recent Files"), G_MENU_MODEL (section));

  gtk_widget_set_sensitive (GTK_WIDGET (self->recent_button), listed->len > 0);
}

/* The list of recent files changed (here or in another program). */
static void
recent_changed_cb (CmWindow         *self,
                   GtkRecentManager *manager)
{
  update_recent_menu (self);
}

/* The menu is about to show: files deleted since are left out. */
static void
recent_popover_show_cb (CmWindow  *self,
                        GtkWidget *popover)
{
  update_recent_menu (self);
}

/* win.open-recent: opens the recent file of the URI, as Open does. */
static void
open_recent_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  CmWindow *self = user_data;
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  _cm_window_open_asking (self, file);
}

static const GActionEntry recent_actions[] = {
  { "open-recent", open_recent_action, "s" },
};

/* The Open button's recent files and the last document, kept up to date. */
void
_cm_window_init_recent (CmWindow *self)
{
  g_autoptr(GAction) reopen = g_settings_create_action (self->settings, "reopen-last");
  GtkPopover *popover;

  g_action_map_add_action_entries (G_ACTION_MAP (self), recent_actions,
                                   G_N_ELEMENTS (recent_actions), self);
  g_action_map_add_action (G_ACTION_MAP (self), reopen);

  self->recent_menu = g_menu_new ();
  gtk_menu_button_set_menu_model (self->recent_button, G_MENU_MODEL (self->recent_menu));
  popover = gtk_menu_button_get_popover (self->recent_button);
  if (popover != NULL)
    g_signal_connect_object (popover, "show", G_CALLBACK (recent_popover_show_cb),
                             self, G_CONNECT_SWAPPED);

  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (recent_changed_cb), self, G_CONNECT_SWAPPED);
  update_recent_menu (self);
}

/* @file was opened, imported or saved: it is recent, and the last document
 * when it is the document's file (@as_document), not an import or a copy. */
void
_cm_window_note_file_used (CmWindow *self,
                           GFile    *file,
                           gboolean  as_document)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *basename = g_file_get_basename (file);
  const CmFormat *format = basename != NULL ? cm_format_by_extension (basename) : NULL;
  g_autofree char *guessed = NULL;
  GtkRecentData data = { 0 };

  if (format != NULL && format->mime_types != NULL && format->mime_types[0] != NULL)
    data.mime_type = (char *) format->mime_types[0];
  else
    data.mime_type = guessed = g_content_type_guess (basename, NULL, 0, NULL);
  data.app_name = (char *) RECENT_APP_NAME;
  data.app_exec = (char *) RECENT_APP_EXEC;

  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
  /* Listed at once, not when the list is written. */
  update_recent_menu (self);

  if (as_document)
    g_settings_set_string (self->settings, "last-document", uri);
}

/* @file could not be read: it leaves the recent files when it is gone. */
void
_cm_window_note_file_failed (CmWindow     *self,
                             GFile        *file,
                             const GError *error)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *last = NULL;

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return;

  gtk_recent_manager_remove_item (gtk_recent_manager_get_default (), uri, NULL);
  update_recent_menu (self);

  last = g_settings_get_string (self->settings, "last-document");
  if (g_strcmp0 (last, uri) == 0)
    g_settings_set_string (self->settings, "last-document", "");
}

/* The example was opened: there is no last document to reopen. */
void
_cm_window_forget_last_document (CmWindow *self)
{
  g_settings_set_string (self->settings, "last-document", "");
}

/* Opens the last document when the settings say so and it still exists,
 * else the bundled example. */
void
cm_window_open_last (CmWindow *self)
{
  g_autofree char *uri = NULL;
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (CM_IS_WINDOW (self));

  if (g_settings_get_boolean (self->settings, "reopen-last"))
    uri = g_settings_get_string (self->settings, "last-document");
  if (uri != NULL && *uri != '\0')
    file = g_file_new_for_uri (uri);

  if (file == NULL || !g_file_query_exists (file, NULL))
    {
      cm_window_open_default (self);
      return;
    }

  self->reopening = TRUE;
  _cm_window_load_file (self, file, FALSE);
}
