/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GUI tests of what surrounds the files: the recent files under the Open
 * button, files dropped on the window, the last document reopened on
 * start, printing. Run under xvfb-run. */
#include "config.h"

#include "cm-native.h"
#include "cm-test-gui.h"
#include "cm-window-private.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#define WAIT_SECONDS 20
#define WAIT_UNTIL(cond) CM_TEST_WAIT_UNTIL (cond, WAIT_SECONDS)

#define SCHEMA_ID "io.github.chronomap.Chronomap"

static CmApplication *app;

/* Files ----------------------------------------------------------------- */

typedef struct
{
  char  *dir;
  GFile *files[3];  /* of 3, 5 and 7 events */
  guint  n_events[3];
} Files;

static void
files_init (Files *f)
{
  static const char *names[] = { "alpha.chronomap", "beta.chronomap", "gamma.chronomap" };

  f->dir = cm_test_make_temp_dir ("test-files-XXXXXX");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (f->dir, names[i], NULL);
      g_autoptr(CmDocument) document = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *title = g_strdup_printf ("Timeline %c", 'A' + i);

      f->n_events[i] = 3 + 2 * i;
      document = cm_test_make_events (f->n_events[i]);
      cm_document_set_title (document, title);
      f->files[i] = g_file_new_for_path (path);
      g_assert_true (cm_native_save_file (document, f->files[i], NULL, &error));
      g_assert_no_error (error);
    }
}

static void
files_clear (Files *f)
{
  for (guint i = 0; i < G_N_ELEMENTS (f->files); i++)
    g_clear_object (&f->files[i]);
  cm_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

static guint
n_events (CmWindow *window)
{
  return cm_event_store_get_n_events (cm_document_get_store (cm_window_get_document (window)));
}

static gboolean
shows_file (CmWindow *window,
            GFile    *file)
{
  GFile *shown = cm_document_get_file (cm_window_get_document (window));

  return shown != NULL && g_file_equal (shown, file);
}

static void
close_window (CmWindow *window)
{
  cm_document_set_dirty (cm_window_get_document (window), FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  cm_test_wait_ms (100);
}

/* Whether @model, its sections or its submenus have an item for @action. */
static gboolean
menu_has (GMenuModel *model,
          const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuLinkIter) links = g_menu_model_iterate_item_links (model, i);

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_str_equal (name, action))
        return TRUE;

      while (g_menu_link_iter_next (links))
        {
          g_autoptr(GMenuModel) link = g_menu_link_iter_get_value (links);

          if (menu_has (link, action))
            return TRUE;
        }
    }

  return FALSE;
}

/* Whether the window's main menu has an item for @action. */
static gboolean
main_menu_has (CmWindow   *window,
               const char *action)
{
  GtkWidget *button = cm_test_find_menu_button (GTK_WIDGET (window), "open-menu-symbolic");

  g_assert_nonnull (button);

  return menu_has (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button)), action);
}

/* Recent files ------------------------------------------------------------ */

/* The URIs the recent menu lists, in order, and their labels. */
static GPtrArray *
recent_uris (CmWindow  *window,
             GPtrArray *labels)
{
  GMenuModel *menu = cm_window_get_recent_menu (window);
  GPtrArray *uris = g_ptr_array_new_with_free_func (g_free);

  for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);

      g_assert_nonnull (section);
      for (int i = 0; i < g_menu_model_get_n_items (section); i++)
        {
          g_autofree char *action = NULL;
          g_autofree char *uri = NULL;
          g_autofree char *label = NULL;

          g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION,
                                                          "s", &action));
          g_assert_cmpstr (action, ==, "win.open-recent");
          g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_TARGET,
                                                          "s", &uri));
          g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_LABEL,
                                                          "s", &label));
          g_ptr_array_add (uris, g_steal_pointer (&uri));
          if (labels != NULL)
            g_ptr_array_add (labels, g_steal_pointer (&label));
        }
    }

  return uris;
}

static gboolean
lists_first (CmWindow *window,
             GFile    *file)
{
  g_autoptr(GPtrArray) uris = recent_uris (window, NULL);
  g_autofree char *uri = g_file_get_uri (file);

  return uris->len > 0 && g_str_equal (g_ptr_array_index (uris, 0), uri);
}

static gboolean
lists (CmWindow *window,
       GFile    *file)
{
  g_autoptr(GPtrArray) uris = recent_uris (window, NULL);
  g_autofree char *uri = g_file_get_uri (file);

  return g_ptr_array_find_with_equal_func (uris, uri, g_str_equal, NULL);
}

/* Opening, importing and saving make files recent; the Open button's menu
 * lists them, the latest first, and opens them; a file gone is left out,
 * and one that goes after it was listed gives the usual error. */
static void
test_recent (void)
{
  CmWindow *window = cm_test_open_default_window (app, WAIT_SECONDS);
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) uris = NULL;
  g_autofree char *saved_path = NULL;
  g_autofree char *saved_uri = NULL;
  g_autofree char *last = NULL;
  g_autoptr(GFile) saved = NULL;
  g_autofree char *beta_uri = NULL;
  GAction *action;
  Files f;

  files_init (&f);
  beta_uri = g_file_get_uri (f.files[1]);

  /* Nothing recent yet: the button beside Open has nothing to show. */
  uris = recent_uris (window, NULL);
  g_assert_cmpuint (uris->len, ==, 0);
  g_clear_pointer (&uris, g_ptr_array_unref);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (window->recent_button)));

  cm_window_open_file (window, f.files[0]);
  WAIT_UNTIL (!cm_window_get_busy (window) && shows_file (window, f.files[0]));
  g_assert_true (lists_first (window, f.files[0]));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (window->recent_button)));

  /* An import is recent too, but the document stays the one opened. */
  cm_window_import_file (window, f.files[1]);
  WAIT_UNTIL (!cm_window_get_busy (window) && n_events (window) == f.n_events[0] + f.n_events[1]);
  g_assert_true (lists_first (window, f.files[1]));
  g_assert_true (lists (window, f.files[0]));
  last = g_settings_get_string (settings, "last-document");
  g_assert_true (g_str_has_suffix (last, "alpha.chronomap"));
  g_clear_pointer (&last, g_free);

  /* Saved: recent, and the last document. */
  saved_path = g_build_filename (f.dir, "saved.chronomap", NULL);
  saved = g_file_new_for_path (saved_path);
  saved_uri = g_file_get_uri (saved);
  cm_document_set_file (cm_window_get_document (window), saved);
  g_action_group_activate_action (G_ACTION_GROUP (window), "save", NULL);
  WAIT_UNTIL (!cm_window_get_busy (window) &&
              !cm_document_get_dirty (cm_window_get_document (window)));
  g_assert_true (g_file_query_exists (saved, NULL));
  g_assert_true (lists_first (window, saved));
  last = g_settings_get_string (settings, "last-document");
  g_assert_cmpstr (last, ==, saved_uri);
  g_clear_pointer (&last, g_free);
  g_assert_true (gtk_recent_manager_has_item (manager, saved_uri));

  /* The labels are the names. */
  uris = recent_uris (window, labels);
  g_assert_cmpuint (uris->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (labels, 0), ==, "saved.chronomap");
  g_assert_cmpstr (g_ptr_array_index (labels, 1), ==, "beta.chronomap");
  g_assert_cmpstr (g_ptr_array_index (labels, 2), ==, "alpha.chronomap");
  g_clear_pointer (&uris, g_ptr_array_unref);

  /* Opening one from the menu, as Open does. */
  action = g_action_map_lookup_action (G_ACTION_MAP (window), "open-recent");
  g_assert_nonnull (action);
  g_assert_true (g_variant_type_equal (g_action_get_parameter_type (action),
                                       G_VARIANT_TYPE_STRING));
  g_action_group_activate_action (G_ACTION_GROUP (window), "open-recent",
                                  g_variant_new_string (beta_uri));
  WAIT_UNTIL (!cm_window_get_busy (window) && shows_file (window, f.files[1]));
  g_assert_cmpuint (n_events (window), ==, f.n_events[1]);
  g_assert_cmpstr (cm_document_get_title (cm_window_get_document (window)), ==, "Timeline B");
  g_assert_true (lists_first (window, f.files[1]));

  /* A file deleted is left out when the menu shows. */
  g_assert_no_errno (g_unlink (saved_path));
  gtk_menu_button_popup (window->recent_button);
  cm_test_wait_ms (100);
  g_assert_false (lists (window, saved));
  g_assert_true (lists (window, f.files[0]));
  gtk_menu_button_popdown (window->recent_button);

  /* One deleted after the menu showed it: the error, and it leaves the
   * recent files. */
  g_assert_no_errno (g_unlink (g_file_peek_path (f.files[0])));
  g_assert_cmpuint (cm_window_get_error_count (window), ==, 0);
  {
    g_autofree char *alpha_uri = g_file_get_uri (f.files[0]);

    g_action_group_activate_action (G_ACTION_GROUP (window), "open-recent",
                                    g_variant_new_string (alpha_uri));
    WAIT_UNTIL (!cm_window_get_busy (window) && cm_window_get_error_count (window) == 1);
    g_assert_nonnull (cm_window_get_error_dialog (window));
    g_assert_true (shows_file (window, f.files[1]));
    g_assert_false (gtk_recent_manager_has_item (manager, alpha_uri));
    g_assert_false (lists (window, f.files[0]));
    gtk_window_destroy (cm_window_get_error_dialog (window));
  }

  close_window (window);
  gtk_recent_manager_purge_items (manager, NULL);
  files_clear (&f);
}

/* Two files of the same name in two folders are told apart by the folder;
 * an underscore in a name is no mnemonic. */
static void
test_recent_labels (void)
{
  CmWindow *window = cm_test_open_default_window (app, WAIT_SECONDS);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) uris = NULL;
  g_autofree char *dir = cm_test_make_temp_dir ("test-files-labels-XXXXXX");
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);
  g_autofree char *a_path = g_build_filename (dir, "my_tour.chronomap", NULL);
  g_autofree char *b_path = g_build_filename (sub, "my_tour.chronomap", NULL);
  g_autoptr(GFile) a = g_file_new_for_path (a_path);
  g_autoptr(GFile) b = g_file_new_for_path (b_path);
  g_autoptr(CmDocument) document = cm_test_make_events (2);
  g_autoptr(GError) error = NULL;

  g_assert_no_errno (g_mkdir (sub, 0700));
  g_assert_true (cm_native_save_file (document, a, NULL, &error));
  g_assert_true (cm_native_save_file (document, b, NULL, &error));
  g_assert_no_error (error);

  cm_window_open_file (window, a);
  WAIT_UNTIL (!cm_window_get_busy (window) && shows_file (window, a));
  cm_window_open_file (window, b);
  WAIT_UNTIL (!cm_window_get_busy (window) && shows_file (window, b));

  uris = recent_uris (window, labels);
  g_assert_cmpuint (uris->len, ==, 2);
  g_test_message ("Labels: %s, %s", (char *) g_ptr_array_index (labels, 0),
                  (char *) g_ptr_array_index (labels, 1));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (labels, 0), "my__tour.chronomap ("));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (labels, 0), "sub)"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (labels, 1), "my__tour.chronomap ("));
  g_assert_cmpstr (g_ptr_array_index (labels, 0), !=, g_ptr_array_index (labels, 1));

  close_window (window);
  gtk_recent_manager_purge_items (gtk_recent_manager_get_default (), NULL);
  cm_test_remove_tree (dir);
}

/* Drag and drop ------------------------------------------------------------ */

/* As a drop of @files (a GdkFileList) on the window does. */
static gboolean
drop_files (CmWindow *window,
            GFile   **files,
            guint     n_files)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GSList) list = NULL;
  gboolean accepted = FALSE;

  for (guint i = n_files; i > 0; i--)
    list = g_slist_prepend (list, files[i - 1]);

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (list));
  g_signal_emit_by_name (cm_window_get_drop_target (window), "drop", &value, 10.0, 10.0, &accepted);

  return accepted;
}

/* One file dropped opens (asking about unsaved changes); several are
 * imported one after the other; over the example as it opened, the first
 * opens and the others are imported into it; a file that cannot be read
 * gives the usual error. */
static void
test_drop (void)
{
  CmWindow *window = cm_test_open_default_window (app, WAIT_SECONDS);
  GtkDropTarget *target = cm_window_get_drop_target (window);
  const GType *types;
  gsize n_types;
  AdwMessageDialog *dialog;
  g_autofree char *bad_path = NULL;
  g_autoptr(GFile) bad = NULL;
  g_autoptr(GError) error = NULL;
  Files f;

  files_init (&f);

  /* Files, as lists (from file managers) or one at a time. */
  g_assert_nonnull (target);
  types = gtk_drop_target_get_gtypes (target, &n_types);
  g_assert_cmpuint (n_types, ==, 2);
  g_assert_true (types[0] == GDK_TYPE_FILE_LIST);
  g_assert_true (types[1] == G_TYPE_FILE);
  g_assert_true (gtk_drop_target_get_actions (target) & GDK_ACTION_COPY);

  /* Over the example: the first opens, the others are imported into it. */
  g_assert_true (cm_window_is_replaceable (window));
  g_assert_true (drop_files (window, f.files, 2));
  WAIT_UNTIL (!cm_window_get_busy (window) && n_events (window) == f.n_events[0] + f.n_events[1]);
  g_assert_true (shows_file (window, f.files[0]));
  g_assert_true (cm_document_get_dirty (cm_window_get_document (window)));

  /* Over a document of its own, several are imported. */
  cm_document_set_dirty (cm_window_get_document (window), FALSE);
  g_assert_true (drop_files (window, &f.files[1], 2));
  WAIT_UNTIL (!cm_window_get_busy (window) &&
              n_events (window) == f.n_events[0] + 2 * f.n_events[1] + f.n_events[2]);
  cm_test_wait_ms (100);
  g_assert_false (cm_window_get_busy (window));
  g_assert_cmpuint (n_events (window), ==, f.n_events[0] + 2 * f.n_events[1] + f.n_events[2]);
  g_assert_true (shows_file (window, f.files[0]));
  g_assert_cmpuint (cm_window_get_error_count (window), ==, 0);

  /* One, over unsaved changes: asked first; Cancel keeps them. */
  g_assert_true (cm_document_get_dirty (cm_window_get_document (window)));
  g_assert_true (drop_files (window, &f.files[2], 1));
  cm_test_wait_ms (100);
  dialog = cm_test_find_message_dialog (window);
  g_assert_nonnull (dialog);
  cm_test_respond (dialog, "cancel");
  cm_test_wait_ms (100);
  g_assert_false (cm_window_get_busy (window));
  g_assert_true (shows_file (window, f.files[0]));

  /* … Discard opens the file. */
  g_assert_true (drop_files (window, &f.files[2], 1));
  cm_test_wait_ms (100);
  dialog = cm_test_find_message_dialog (window);
  g_assert_nonnull (dialog);
  cm_test_respond (dialog, "discard");
  WAIT_UNTIL (!cm_window_get_busy (window) && shows_file (window, f.files[2]));
  g_assert_cmpuint (n_events (window), ==, f.n_events[2]);
  g_assert_false (cm_document_get_dirty (cm_window_get_document (window)));

  /* One file as a GFile opens too. */
  {
    g_auto(GValue) value = G_VALUE_INIT;
    gboolean accepted = FALSE;

    g_value_init (&value, G_TYPE_FILE);
    g_value_set_object (&value, f.files[1]);
    g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
    g_assert_true (accepted);
    WAIT_UNTIL (!cm_window_get_busy (window) && shows_file (window, f.files[1]));
  }

  /* A file that cannot be read: the error, and the document stays. */
  bad_path = g_build_filename (f.dir, "bad.chronomap", NULL);
  g_assert_true (g_file_set_contents (bad_path, "{ \"chronomap\": 1, \"events\": [ { ", -1,
                                     &error));
  g_assert_no_error (error);
  bad = g_file_new_for_path (bad_path);
  g_assert_true (drop_files (window, &bad, 1));
  WAIT_UNTIL (!cm_window_get_busy (window) && cm_window_get_error_count (window) == 1);
  g_assert_nonnull (cm_window_get_error_dialog (window));
  g_assert_true (shows_file (window, f.files[1]));
  g_assert_cmpuint (n_events (window), ==, f.n_events[1]);
  gtk_window_destroy (cm_window_get_error_dialog (window));

  /* Cancel stops the import running and those waiting. */
  g_assert_true (drop_files (window, f.files, 3));
  g_assert_true (cm_window_get_busy (window));
  g_action_group_activate_action (G_ACTION_GROUP (window), "cancel-load", NULL);
  WAIT_UNTIL (!cm_window_get_busy (window));
  cm_test_wait_ms (200);
  g_assert_false (cm_window_get_busy (window));
  g_assert_cmpuint (n_events (window), ==, f.n_events[1]);
  g_assert_cmpuint (cm_window_get_error_count (window), ==, 1);

  /* Nothing in the drop: refused. */
  g_assert_false (drop_files (window, NULL, 0));

  close_window (window);
  gtk_recent_manager_purge_items (gtk_recent_manager_get_default (), NULL);
  files_clear (&f);
}

/* The colour at (@x, @y) of @widget as drawn now, 0xRRGGBB; the drawing
 * saved to @shot, a PNG, when not NULL. */
static guint32
widget_pixel (GtkWidget  *widget,
              int         x,
              int         y,
              const char *shot)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autofree guint32 *pixels = g_new (guint32, (gsize) width * height);

  /* The paintable shows the widget as drawn from the next frame on; a
   * slow (sanitized) build may take several frames to draw it. */
  for (int tries = 0; node == NULL && tries < 50; tries++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      gtk_widget_queue_draw (widget);
      cm_test_wait_ms (200);
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_texture_download (texture, (guchar *) pixels, (gsize) width * 4);
  if (shot != NULL)
    gdk_texture_save_to_png (texture, shot);

  return pixels[(gsize) y * width + x] & 0xffffff;
}

/* While files are over the window, its content is outlined in the accent
 * colour; not otherwise. */
static void
test_drop_highlight (void)
{
  CmWindow *window = cm_test_open_default_window (app, WAIT_SECONDS);
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
  GtkEventController *target = GTK_EVENT_CONTROLLER (cm_window_get_drop_target (window));
  GtkWidget *target_widget = gtk_event_controller_get_widget (target);
  int x = 1, y = gtk_widget_get_height (content) / 2;
  guint32 before, during, after;

  g_assert_true (target_widget == content);
  g_assert_true (gtk_widget_has_css_class (content, "drop-target"));

  before = widget_pixel (content, x, y, NULL);
  gtk_widget_set_state_flags (content, GTK_STATE_FLAG_DROP_ACTIVE, FALSE);
  cm_test_wait_ms (100);
  /* CM_TEST_SCREENSHOT=FILE.png keeps the window as it looks then. */
  during = widget_pixel (content, x, y, g_getenv ("CM_TEST_SCREENSHOT"));
  gtk_widget_unset_state_flags (content, GTK_STATE_FLAG_DROP_ACTIVE);
  cm_test_wait_ms (100);
  after = widget_pixel (content, x, y, NULL);

  g_test_message ("Left edge: %06x, %06x while dropping, %06x after", before, during, after);
  /* Adwaita's accent, #3584e4 */
  g_assert_cmpuint (during, ==, 0x3584e4);
  g_assert_cmpuint (before, !=, during);
  g_assert_cmpuint (after, ==, before);

  close_window (window);
}

/* Reopening the last document ------------------------------------------- */

static CmWindow *
activate_and_wait (void)
{
  GtkWindow *window;

  g_assert_null (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = gtk_application_get_windows (GTK_APPLICATION (app))->data;
  g_assert_true (CM_IS_WINDOW (window));
  WAIT_UNTIL (!cm_window_get_busy (CM_WINDOW (window)) && n_events (CM_WINDOW (window)) > 0);
  cm_test_wait_ms (100);

  return CM_WINDOW (window);
}

static gboolean
shows_example (CmWindow *window)
{
  return cm_document_get_file (cm_window_get_document (window)) == NULL && n_events (window) >= 30;
}

/* On start, the document opened or saved last, when the setting says so
 * and it is still there; else the example, as on a new machine. The main
 * menu's check item is the setting. */
static void
test_reopen_last (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autofree char *uri = NULL;
  g_autofree char *last = NULL;
  g_autoptr(GVariant) state = NULL;
  CmWindow *window;
  Files f;

  files_init (&f);
  uri = g_file_get_uri (f.files[1]);

  /* A fresh start: the example. */
  g_settings_reset (settings, "last-document");
  g_settings_reset (settings, "reopen-last");
  g_assert_true (g_settings_get_boolean (settings, "reopen-last"));
  window = activate_and_wait ();
  g_assert_true (shows_example (window));

  /* Opening a file makes it the last document… */
  cm_window_open_file (window, f.files[1]);
  WAIT_UNTIL (!cm_window_get_busy (window) && shows_file (window, f.files[1]));
  last = g_settings_get_string (settings, "last-document");
  g_assert_cmpstr (last, ==, uri);
  g_clear_pointer (&last, g_free);
  close_window (window);

  /* … which the next start opens. */
  window = activate_and_wait ();
  g_assert_true (shows_file (window, f.files[1]));
  g_assert_cmpuint (n_events (window), ==, f.n_events[1]);
  g_assert_cmpuint (cm_window_get_error_count (window), ==, 0);

  /* The main menu's item is the setting. */
  g_assert_true (main_menu_has (window, "win.reopen-last"));
  state = g_action_group_get_action_state (G_ACTION_GROUP (window), "reopen-last");
  g_assert_true (g_variant_get_boolean (state));
  g_clear_pointer (&state, g_variant_unref);
  g_action_group_activate_action (G_ACTION_GROUP (window), "reopen-last", NULL);
  g_assert_false (g_settings_get_boolean (settings, "reopen-last"));
  close_window (window);

  /* Not wanted: the example. */
  window = activate_and_wait ();
  g_assert_true (shows_example (window));
  close_window (window);
  g_settings_set_boolean (settings, "reopen-last", TRUE);

  /* Gone: the example, without an error. */
  g_assert_no_errno (g_unlink (g_file_peek_path (f.files[1])));
  window = activate_and_wait ();
  g_assert_true (shows_example (window));
  g_assert_cmpuint (cm_window_get_error_count (window), ==, 0);
  close_window (window);

  /* There but unreadable: the error, then the example. */
  g_assert_true (g_file_set_contents (g_file_peek_path (f.files[1]),
                                     "{ \"chronomap\": 1, \"events\": [", -1, NULL));
  window = activate_and_wait ();
  WAIT_UNTIL (!cm_window_get_busy (window) && shows_example (window));
  g_assert_cmpuint (cm_window_get_error_count (window), ==, 1);
  g_assert_nonnull (cm_window_get_error_dialog (window));
  gtk_window_destroy (cm_window_get_error_dialog (window));

  /* Opening the example by hand: the next start opens the example. */
  cm_window_open_file (window, f.files[0]);
  WAIT_UNTIL (!cm_window_get_busy (window) && shows_file (window, f.files[0]));
  g_action_group_activate_action (G_ACTION_GROUP (window), "open-example", NULL);
  WAIT_UNTIL (!cm_window_get_busy (window) && shows_example (window));
  last = g_settings_get_string (settings, "last-document");
  g_assert_cmpstr (last, ==, "");
  close_window (window);

  /* A new window (Ctrl+N) opens the example, not the last document. */
  g_settings_set_string (settings, "last-document", uri);
  window = cm_test_open_default_window (app, WAIT_SECONDS);
  g_assert_true (shows_example (window));
  close_window (window);

  g_settings_reset (settings, "last-document");
  gtk_recent_manager_purge_items (gtk_recent_manager_get_default (), NULL);
  files_clear (&f);
}

/* Printing ----------------------------------------------------------------- */

/* The output of @argv, which must succeed. */
static char *
run_tool (const char * const *argv)
{
  g_autofree char *out = NULL;
  int status = -1;

  if (!cm_test_run_tool (argv, &out, &status))
    return NULL;
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return g_steal_pointer (&out);
}

/* Print (Ctrl+P, in the main menu) draws the export's page: printed to a
 * PDF, one landscape page with the title and the events' text. */
static void
test_print (void)
{
  CmWindow *window = cm_test_open_default_window (app, WAIT_SECONDS);
  CmDocument *document = cm_window_get_document (window);
  CmSidebar *sidebar = cm_window_get_sidebar (window);
  GListModel *shown = G_LIST_MODEL (cm_sidebar_get_filter_model (sidebar));
  g_autofree char *dir = cm_test_make_temp_dir ("test-files-print-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "printed.pdf", NULL);
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.print");
  const char *info_argv[] = { "pdfinfo", path, NULL };
  const char *text_argv[] = { "pdftotext", "-layout", path, "-", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  const char *size, *pages;
  double width = 0, height = 0;
  int n_pages = 0;

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "print"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "print"));
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>p"));
  g_assert_true (main_menu_has (window, "win.print"));

  g_assert_true (cm_window_print (window, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  info = run_tool (info_argv);
  if (info == NULL)
    goto out;
  g_test_message ("%s", info);
  pages = strstr (info, "Pages:");
  g_assert_nonnull (pages);
  g_assert_cmpint (sscanf (pages, "Pages: %d", &n_pages), ==, 1);
  g_assert_cmpint (n_pages, ==, 1);
  size = strstr (info, "Page size:");
  g_assert_nonnull (size);
  g_assert_cmpint (sscanf (size, "Page size: %lf x %lf", &width, &height), ==, 2);
  g_assert_cmpfloat (width, >, height);

  text = run_tool (text_argv);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, cm_document_get_title (document)));
  /* The timeline's and the legend's words: drawn as text, not pictures. */
  g_assert_nonnull (strstr (text, "2011"));
  g_assert_nonnull (strstr (text, "Westminster"));
  g_clear_pointer (&text, g_free);

  /* What the search lets through, as in the window. */
  gtk_editable_set_text (GTK_EDITABLE (cm_sidebar_get_search_entry (sidebar)), "mladi");
  WAIT_UNTIL (g_list_model_get_n_items (shown) < n_events (window) &&
              !cm_sidebar_get_filter_pending (sidebar));
  g_assert_true (cm_window_print (window, path, &error));
  g_assert_no_error (error);
  text = run_tool (text_argv);
  g_assert_nonnull (strstr (text, cm_document_get_title (document)));
  g_assert_nonnull (strstr (text, "Mladić"));
  g_assert_null (strstr (text, "Westminster"));

out:
  close_window (window);
  cm_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  /* The recent files' list is this run's alone (XDG_DATA_HOME). */
  app = cm_test_init_app (&argc, &argv);

  g_test_add_func ("/gui/files/recent", test_recent);
  g_test_add_func ("/gui/files/recent-labels", test_recent_labels);
  g_test_add_func ("/gui/files/drop", test_drop);
  g_test_add_func ("/gui/files/drop-highlight", test_drop_highlight);
  g_test_add_func ("/gui/files/reopen-last", test_reopen_last);
  g_test_add_func ("/gui/files/print", test_print);

  return cm_test_run_app (app);
}
