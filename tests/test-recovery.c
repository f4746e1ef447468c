/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

/* Crash recovery, end to end: the real program (CHRONOMAP_BINARY) opens a
 * copy of the Deauville example, imports a file (its Import action over
 * the session bus, the file chooser typed into with xdotool), writes its
 * recovery file and is killed with SIGKILL. The application started
 * again in this process offers the unsaved document back; restored, it is
 * the document with the import, unsaved, still the example's copy's. A
 * private session bus (GTestDBus) carries the actions. */

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cm-autosave.h"
#include "cm-native.h"
#include "cm-test-gui.h"

static CmApplication *app;
static char *work_dir;       /* the copies of the files */
static char *recovery_dir;   /* CHRONOMAP_RECOVERY_DIR of both starts */
/* Kept to the end: libadwaita keeps the bus connection for the life of the
 * process, so the bus is stopped, never taken down (which waits for it). */
static GTestDBus *test_bus;

/* The key files in the recovery folder. */
static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    if (name[0] != '.' && g_str_has_suffix (name, CM_RECOVERY_INFO_SUFFIX))
      n++;

  return n;
}

/* Whether a top-level window titled @title (a regular expression) is
 * shown; its id into @id. */
static gboolean
find_x_window (const char *title,
               char      **id)
{
  const char *argv[] = { "xdotool", "search", "--onlyvisible", "--name", title, NULL };
  g_autofree char *out = NULL;
  int status;

  cm_test_spawn (argv, &out, &status);
  if (!g_spawn_check_wait_status (status, NULL) || out == NULL || *out == '\0')
    return FALSE;

  /* CM_TEST_WAIT_UNTIL may ask again once it holds. */
  if (id != NULL)
    {
      g_free (*id);
      *id = g_strndup (out, strcspn (out, "\n"));
    }
  return TRUE;
}

static void
xdotool (const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg = first;
  va_list args;
  int status;

  g_ptr_array_add (argv, (gpointer) "xdotool");
  va_start (args, first);
  for (; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  cm_test_spawn ((const char * const *) argv->pdata, NULL, &status);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* Activates the window action @name of the running program, over the bus;
 * FALSE while the window is not there yet. */
static gboolean
activate_window_action (const char *name)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *app_path = g_strdelimit (g_strdup (APP_ID), ".", '/');
  g_autofree char *path = g_strdup_printf ("/%s/window/1", app_path);

  g_assert_nonnull (bus);
  reply = g_dbus_connection_call_sync (bus, APP_ID, path, "org.gtk.Actions",
                                       "Activate",
                                       g_variant_new ("(sava{sv})", name, NULL, NULL),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
  return reply != NULL;
}

static CmWindow *
find_app_window (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (CM_IS_WINDOW (l->data))
      return l->data;

  return NULL;
}

/* Copies @from (in the source tree) into the work folder as @name. */
static char *
copy_fixture (const char *from,
              const char *name)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, from, NULL);
  g_autofree char *contents = NULL;
  char *path = g_build_filename (work_dir, name, NULL);
  gsize length;

  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, length, NULL));

  return path;
}

/* The program started, given an import, killed; started again: Restore
 * brings the import back, unsaved, to be saved where it was opened. */
static void
test_kill_and_restore (void)
{
  g_autofree char *document = copy_fixture ("../data/deauville-2011.chronomap", "deauville.chronomap");
  g_autofree char *import = copy_fixture ("data/geojson-plain.geojson", "more.geojson");
  const char *binary = g_getenv ("CHRONOMAP_BINARY");
  g_auto(GStrv) envp = g_get_environ ();
  const char *argv[] = { binary, document, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) original = NULL;
  g_autoptr(CmDocument) kept = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GFile) document_file = g_file_new_for_path (document);
  g_autofree char *chooser = NULL;
  const CmRecoveryEntry *entry;
  AdwMessageDialog *dialog;
  CmWindow *window;
  CmDocument *restored;
  guint n_kept;
  GPid pid;
  int status;

  g_assert_nonnull (binary);
  original = cm_native_load_file (document_file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  /* The first start, in a process of its own (CHRONOMAP_RECOVERY_DIR set). */
  g_assert_true (g_spawn_async (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD |
                                G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);

  /* Loaded (its title in the title bar), then the import's chooser. */
  CM_TEST_WAIT_UNTIL (find_x_window ("^Deauville, May 2011$", NULL), 30);
  g_assert_true (activate_window_action ("import"));
  CM_TEST_WAIT_UNTIL (find_x_window ("^Import Events$", &chooser), 20);
  xdotool ("windowfocus", "--sync", chooser, NULL);
  xdotool ("type", "--delay", "20", import, NULL);
  cm_test_wait_ms (300);
  xdotool ("key", "Return", NULL);

  /* Unsaved, and kept a little after (the delay itself is timed in
   * test-autosave, away from a busy window). */
  CM_TEST_WAIT_UNTIL (find_x_window ("^• Deauville, May 2011$", NULL), 20);
  CM_TEST_WAIT_UNTIL (count_entries (recovery_dir) == 1, 20);

  /* A crash. */
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_cmpuint (count_entries (recovery_dir), ==, 1);

  entries = cm_recovery_list (recovery_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpint (entry->pid, ==, pid);
  g_assert_cmpstr (entry->display_name, ==, "Deauville, May 2011");
  {
    g_autofree char *uri = g_file_get_uri (document_file);

    g_assert_cmpstr (entry->original_uri, ==, uri);
  }
  kept = cm_native_load_file (entry->document, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  n_kept = cm_event_store_get_n_events (cm_document_get_store (kept));
  g_assert_cmpuint (n_kept, >, cm_event_store_get_n_events (cm_document_get_store (original)));

  /* The second start: the application's own start, in this process. */
  g_application_activate (G_APPLICATION (app));
  window = find_app_window ();
  g_assert_nonnull (window);
  CM_TEST_WAIT_UNTIL ((dialog = cm_test_find_message_dialog (window)) != NULL, 20);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Restore Unsaved Changes?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Deauville, May 2011"));
  g_assert_true (adw_message_dialog_has_response (dialog, "discard"));
  cm_test_respond (dialog, "restore");

  restored = cm_window_get_document (window);
  CM_TEST_WAIT_UNTIL (cm_event_store_get_n_events (cm_document_get_store (restored)) == n_kept, 20);
  g_assert_true (cm_document_get_dirty (restored));
  g_assert_true (g_file_equal (cm_document_get_file (restored), document_file));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "• Deauville, May 2011");

  /* The window keeps the changes itself now: the killed one's entry is
   * gone, this one's is there (and not offered: it is alive). */
  CM_TEST_WAIT_UNTIL (!g_file_query_exists (entry->info, NULL), 20);
  g_assert_cmpuint (count_entries (recovery_dir), ==, 1);
  {
    g_autoptr(GPtrArray) none = cm_recovery_list (recovery_dir, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
  }

  /* Saved where it was opened from: nothing is left to recover. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "save", NULL);
  CM_TEST_WAIT_UNTIL (!cm_document_get_dirty (restored) && !cm_window_get_busy (window), 20);
  g_assert_cmpuint (count_entries (recovery_dir), ==, 0);
  {
    g_autoptr(CmDocument) saved = cm_native_load_file (document_file, NULL, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (cm_event_store_get_n_events (cm_document_get_store (saved)), ==, n_kept);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  cm_test_wait_ms (100);
}

/* An entry as a process that died left it: the example's events, named
 * @name. */
static void
write_dead_entry (const char *name)
{
  const char *argv[] = { "true", NULL };
  g_autofree char *example = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                    "deauville-2011.chronomap", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *document = g_build_filename (recovery_dir, "dead" CM_RECOVERY_DOCUMENT_SUFFIX, NULL);
  g_autofree char *info = g_build_filename (recovery_dir, "dead" CM_RECOVERY_INFO_SUFFIX, NULL);
  g_autofree char *key_file = NULL;
  gsize length;
  GPid pid;

  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                                NULL, NULL, &pid, NULL));
  g_assert_cmpint (waitpid (pid, NULL, 0), ==, pid);

  g_assert_cmpint (g_mkdir_with_parents (recovery_dir, 0700), ==, 0);
  g_assert_true (g_file_get_contents (example, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (document, contents, length, NULL));
  key_file = g_strdup_printf ("[Recovery]\nVersion=1\nName=%s\nPid=%d\nModified=%" G_GINT64_FORMAT "\n",
                              name, (int) pid, g_get_real_time ());
  g_assert_true (g_file_set_contents (info, key_file, -1, NULL));
}

/* Escape in the offer keeps the entry for the next start; Discard
 * deletes it, and the window's document is as it was. */
static void
test_offer_discard (void)
{
  CmWindow *window = cm_test_open_default_window (app, 30);
  CmDocument *document = cm_window_get_document (window);
  guint n_events = cm_event_store_get_n_events (cm_document_get_store (document));
  AdwMessageDialog *dialog;

  write_dead_entry ("Lost work");
  g_assert_cmpuint (count_entries (recovery_dir), ==, 1);

  g_assert_true (cm_window_offer_recovery (window, FALSE));
  CM_TEST_WAIT_UNTIL ((dialog = cm_test_find_message_dialog (window)) != NULL, 20);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Lost work"));
  gtk_window_close (GTK_WINDOW (dialog));
  CM_TEST_WAIT_UNTIL (cm_test_find_message_dialog (window) == NULL, 20);
  g_assert_cmpuint (count_entries (recovery_dir), ==, 1);

  g_assert_true (cm_window_offer_recovery (window, FALSE));
  CM_TEST_WAIT_UNTIL ((dialog = cm_test_find_message_dialog (window)) != NULL, 20);
  cm_test_respond (dialog, "discard");
  g_assert_cmpuint (count_entries (recovery_dir), ==, 0);
  g_assert_false (cm_document_get_dirty (document));
  g_assert_cmpuint (cm_event_store_get_n_events (cm_document_get_store (document)), ==, n_events);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  cm_test_wait_ms (100);
}

/* Changes given up at Close leave nothing. */
static void
test_discard (void)
{
  g_autofree char *import = copy_fixture ("data/geojson-plain.geojson", "discard.geojson");
  g_autoptr(GFile) import_file = g_file_new_for_path (import);
  CmWindow *window = cm_test_open_default_window (app, 30);
  CmDocument *document = cm_window_get_document (window);
  AdwMessageDialog *dialog;

  g_assert_cmpuint (count_entries (recovery_dir), ==, 0);

  /* Nothing to offer: the offer says so. */
  g_assert_false (cm_window_offer_recovery (window, FALSE));

  cm_window_import_file (window, import_file);
  CM_TEST_WAIT_UNTIL (cm_document_get_dirty (document), 20);
  CM_TEST_WAIT_UNTIL (count_entries (recovery_dir) == 1, 20);

  g_object_ref (window);
  gtk_window_close (GTK_WINDOW (window));
  CM_TEST_WAIT_UNTIL ((dialog = cm_test_find_message_dialog (window)) != NULL, 20);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Save Changes?");
  cm_test_respond (dialog, "discard");
  CM_TEST_WAIT_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (window)), 20);
  g_object_unref (window);
  g_assert_cmpuint (count_entries (recovery_dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  int ret;

  /* A session bus of the test's own, for the program's actions (it
   * forgets the display, so that nothing autolaunches another bus). */
  test_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (test_bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  /* Both starts keep their copies there (set before any thread runs). */
  work_dir = g_dir_make_tmp ("cm-test-recovery-XXXXXX", &error);
  if (work_dir == NULL)
    g_error ("Could not make a folder: %s", error->message);
  recovery_dir = g_build_filename (work_dir, "recovery", NULL);
  g_setenv (CM_RECOVERY_DIR_ENV, recovery_dir, TRUE);

  app = cm_test_init_app (&argc, &argv);

  g_test_add_func ("/recovery/kill-and-restore", test_kill_and_restore);
  g_test_add_func ("/recovery/discard", test_discard);
  g_test_add_func ("/recovery/offer-discard", test_offer_discard);

  ret = cm_test_run_app (app);

  cm_test_remove_tree (work_dir);
  g_free (work_dir);
  g_free (recovery_dir);
  g_test_dbus_stop (test_bus);

  return ret;
}
