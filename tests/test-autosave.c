/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <string.h>

#include "cm-autosave.h"
#include "cm-native.h"
#include "cm-test-util.h"
#include "format-compare.h"

/* Crash recovery without a display: CmAutosave writing a document's
 * unsaved changes a little after the last one, and the entries a dead
 * process left behind (cm-autosave.h). */

typedef struct
{
  char       *dir;
  CmDocument *doc;
  CmAutosave *autosave;
  guint       n_written;
  guint       n_failed;
  gint64      written_at;   /* monotonic, the last write */
} Fixture;

static void
written_cb (CmAutosave *autosave,
            Fixture    *fixture)
{
  fixture->n_written++;
  fixture->written_at = g_get_monotonic_time ();
}

static void
failed_cb (CmAutosave   *autosave,
           const GError *error,
           Fixture      *fixture)
{
  g_assert_nonnull (error);
  fixture->n_failed++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/deauville.chronomap");

  fixture->dir = cm_test_make_temp_dir ("cm-autosave-XXXXXX");
  fixture->doc = cm_test_make_events (5);
  cm_document_set_title (fixture->doc, "Deauville");
  cm_document_set_description (fixture->doc, "The G8 summit week");
  /* Two of each, so that a copy in another order would show. */
  cm_document_add_category (fixture->doc, "summit", "Summit", "#ff8000");
  cm_document_add_category (fixture->doc, "tour", "Tour stage", "#3060c0");
  cm_document_add_group (fixture->doc, "g8", "G8", CM_GROUP_LANE);
  cm_document_add_group (fixture->doc, "tour", "The tour", CM_GROUP_ITINERARY);
  cm_document_set_file (fixture->doc, file);
  fixture->autosave = cm_autosave_new (fixture->doc, fixture->dir);
  g_signal_connect (fixture->autosave, "written", G_CALLBACK (written_cb), fixture);
  g_signal_connect (fixture->autosave, "failed", G_CALLBACK (failed_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->autosave != NULL)
    {
      cm_autosave_close (fixture->autosave);
      CM_TEST_WAIT_UNTIL (!cm_autosave_get_busy (fixture->autosave), 10);
    }
  g_clear_object (&fixture->autosave);
  g_clear_object (&fixture->doc);
  cm_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* An edit as the history makes one: an event more, and unsaved. */
static void
add_event (CmDocument *doc,
           const char *title)
{
  CmEventData data;

  cm_event_data_init (&data);
  data.title = title;
  data.place = "Le Havre";
  data.start = cm_time_from_civil (2011, 5, 27, 9, 0, 0);
  data.lat = 49.49;
  data.lon = 0.11;
  data.extras = "source\x1F" "test";
  /* The last category and group, when the document has some. */
  data.category = cm_document_get_n_categories (doc) > 0 ? cm_document_get_n_categories (doc) - 1 : CM_NONE;
  data.group = cm_document_get_n_groups (doc) > 0 ? cm_document_get_n_groups (doc) - 1 : CM_NONE;
  cm_event_store_insert (cm_document_get_store (doc), &data);
  cm_document_set_dirty (doc, TRUE);
}

static gboolean
file_exists (GFile *file)
{
  return g_file_query_exists (file, NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names in @dir, sorted, joined with spaces. */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (" ", (char **) names->pdata);
}

/* An edit is on disk after the pause, not before, and reads back the same. */
static void
test_write_after_delay (Fixture       *fixture,
                        gconstpointer  data)
{
  GFile *file = cm_autosave_get_file (fixture->autosave);
  g_autoptr(GKeyFile) info = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) recovered = NULL;
  g_autofree char *info_path = g_file_get_path (cm_autosave_get_info_file (fixture->autosave));
  g_autofree char *uri = NULL;
  gint64 changed_at;

  /* Nothing unsaved: nothing written. */
  cm_test_wait_ms (300);
  g_assert_false (file_exists (file));

  add_event (fixture->doc, "Ferry to Portsmouth");
  changed_at = g_get_monotonic_time ();
  cm_test_wait_ms (500);
  g_assert_false (file_exists (file));
  g_assert_cmpuint (fixture->n_written, ==, 0);

  CM_TEST_WAIT_UNTIL (fixture->n_written == 1, 10);
  /* The timer waited the whole pause (a timeout never fires early). */
  g_assert_cmpint (fixture->written_at - changed_at, >=, (CM_AUTOSAVE_DELAY_MS - 10) * 1000);
  g_assert_true (file_exists (file));
  g_assert_true (file_exists (cm_autosave_get_info_file (fixture->autosave)));

  recovered = cm_native_load_file (file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (recovered);
  g_assert_cmpuint (cm_event_store_get_n_events (cm_document_get_store (recovered)), ==, 6);
  assert_same_documents (fixture->doc, recovered, COMPARE_ALL);

  /* Whose it is: the document's file, its name, this process. */
  g_assert_true (g_key_file_load_from_file (info, info_path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  uri = g_key_file_get_string (info, "Recovery", "File", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uri, ==, "file:///nonexistent/deauville.chronomap");
  g_assert_cmpint (g_key_file_get_int64 (info, "Recovery", "Pid", NULL), ==, getpid ());
  {
    g_autofree char *name = g_key_file_get_string (info, "Recovery", "Name", NULL);

    g_assert_cmpstr (name, ==, "Deauville");
  }

  /* Nothing else in the folder: no temporary file left. */
  {
    g_autofree char *names = list_dir (fixture->dir);
    g_autofree char *base = g_file_get_basename (file);
    g_autofree char *info_base = g_path_get_basename (info_path);
    g_autofree char *expected = g_strconcat (base, " ", info_base, NULL);

    g_assert_cmpstr (names, ==, expected);
  }

  /* This process's own entry is not offered: its window is open. */
  {
    g_autoptr(GPtrArray) entries = cm_recovery_list (fixture->dir, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (entries->len, ==, 0);
  }
}

/* Each change restarts the wait; a run that never pauses is written after
 * the longest wait anyway. */
static void
test_debounce (Fixture       *fixture,
               gconstpointer  data)
{
  /* A pause far longer than the changes' gaps, even on a busy machine. */
  cm_autosave_set_delays (fixture->autosave, 3000, 60000);
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *title = g_strdup_printf ("Edit %u", i);

      cm_document_set_title (fixture->doc, title);
      cm_document_set_dirty (fixture->doc, TRUE);
      cm_test_wait_ms (100);
    }
  g_assert_cmpuint (fixture->n_written, ==, 0);
  CM_TEST_WAIT_UNTIL (fixture->n_written == 1, 10);

  cm_autosave_set_delays (fixture->autosave, 1000, 1500);
  for (guint i = 0; i < 30 && fixture->n_written < 2; i++)
    {
      g_autofree char *title = g_strdup_printf ("Edit %u", i);

      add_event (fixture->doc, title);
      cm_test_wait_ms (100);
    }
  g_assert_cmpuint (fixture->n_written, ==, 2);
}

/* Saved, or given up: the recovery files go, even when a write runs. */
static void
test_clean_removes (Fixture       *fixture,
                    gconstpointer  data)
{
  GFile *file = cm_autosave_get_file (fixture->autosave);
  GFile *info = cm_autosave_get_info_file (fixture->autosave);

  cm_autosave_set_delays (fixture->autosave, 50, 50);
  add_event (fixture->doc, "Ferry");
  CM_TEST_WAIT_UNTIL (fixture->n_written == 1, 10);
  g_assert_true (file_exists (file));

  /* Saved. */
  cm_document_set_dirty (fixture->doc, FALSE);
  g_assert_false (file_exists (file));
  g_assert_false (file_exists (info));

  /* A write running when the document is saved leaves nothing either. */
  add_event (fixture->doc, "Train");
  cm_autosave_flush (fixture->autosave);
  g_assert_true (cm_autosave_get_busy (fixture->autosave));
  cm_document_set_dirty (fixture->doc, FALSE);
  CM_TEST_WAIT_UNTIL (!cm_autosave_get_busy (fixture->autosave), 10);
  cm_test_wait_ms (200);
  g_assert_false (file_exists (file));
  g_assert_false (file_exists (info));

  /* Closed with changes given up. */
  add_event (fixture->doc, "Plane");
  CM_TEST_WAIT_UNTIL (file_exists (info), 10);
  cm_autosave_close (fixture->autosave);
  g_assert_false (file_exists (file));
  g_assert_false (file_exists (info));
  /* Closed: changes are no longer followed. */
  add_event (fixture->doc, "Boat");
  cm_test_wait_ms (300);
  g_assert_false (file_exists (info));
  {
    g_autofree char *names = list_dir (fixture->dir);

    g_assert_cmpstr (names, ==, "");
  }
}

/* Changes during a write are written after it: the file ends up with
 * the latest. */
static void
test_changes_during_write (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(CmDocument) recovered = NULL;
  g_autoptr(GError) error = NULL;

  cm_autosave_set_delays (fixture->autosave, 5000, 5000);
  add_event (fixture->doc, "First");
  cm_autosave_flush (fixture->autosave);
  g_assert_true (cm_autosave_get_busy (fixture->autosave));
  /* The window goes on editing while the worker writes its copy. */
  add_event (fixture->doc, "Second");
  cm_autosave_flush (fixture->autosave);
  CM_TEST_WAIT_UNTIL (fixture->n_written == 2, 10);

  recovered = cm_native_load_file (cm_autosave_get_file (fixture->autosave), NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_same_documents (fixture->doc, recovered, COMPARE_ALL);
  g_assert_cmpuint (cm_event_store_get_n_events (cm_document_get_store (recovered)), ==, 7);
}

/* A folder that cannot be made: the write fails, says why, and the
 * document is as it was. */
static void
test_unwritable (void)
{
  g_autofree char *dir = cm_test_make_temp_dir ("cm-autosave-XXXXXX");
  g_autofree char *blocker = g_build_filename (dir, "a-file", NULL);
  g_autofree char *recovery_dir = g_build_filename (blocker, "recovery", NULL);
  g_autoptr(CmDocument) doc = cm_test_make_events (3);
  g_autoptr(CmAutosave) autosave = NULL;
  g_autoptr(GFile) original = g_file_new_for_path ("/nonexistent/x.chronomap");
  Fixture counts = { 0 };

  /* Even root cannot make a folder inside a regular file. */
  g_assert_true (g_file_set_contents (blocker, "x", -1, NULL));
  cm_document_set_file (doc, original);
  autosave = cm_autosave_new (doc, recovery_dir);
  cm_autosave_set_delays (autosave, 50, 50);
  g_signal_connect (autosave, "written", G_CALLBACK (written_cb), &counts);
  g_signal_connect (autosave, "failed", G_CALLBACK (failed_cb), &counts);

  add_event (doc, "Ferry");
  CM_TEST_WAIT_UNTIL (counts.n_failed == 1, 10);
  g_assert_cmpuint (counts.n_written, ==, 0);
  g_assert_nonnull (cm_autosave_get_error (autosave));
  g_assert_true (cm_document_get_dirty (doc));
  g_assert_cmpuint (cm_event_store_get_n_events (cm_document_get_store (doc)), ==, 4);
  g_assert_true (g_file_equal (cm_document_get_file (doc), original));

  /* The next change tries again (and fails again, quietly). */
  add_event (doc, "Train");
  CM_TEST_WAIT_UNTIL (counts.n_failed == 2, 10);
  g_assert_true (cm_document_get_dirty (doc));

  cm_autosave_close (autosave);
  CM_TEST_WAIT_UNTIL (!cm_autosave_get_busy (autosave), 10);
  g_clear_object (&autosave);
  cm_test_remove_tree (dir);
}

/* Writes an entry with a real CmAutosave in @dir, then makes it look
 * written by @pid (and @boot_id, unless NULL: this boot's). */
static CmRecoveryEntry *
write_entry_of (const char *dir,
                const char *title,
                GPid        pid,
                const char *boot_id)
{
  g_autoptr(CmDocument) doc = cm_test_make_events (2);
  g_autoptr(CmAutosave) autosave = cm_autosave_new (doc, dir);
  g_autoptr(GKeyFile) info = g_key_file_new ();
  g_autofree char *info_path = g_file_get_path (cm_autosave_get_info_file (autosave));
  g_autoptr(GError) error = NULL;
  Fixture counts = { 0 };
  CmRecoveryEntry *entry;

  g_signal_connect (autosave, "written", G_CALLBACK (written_cb), &counts);
  cm_document_set_title (doc, title);
  cm_document_set_dirty (doc, TRUE);
  cm_autosave_flush (autosave);
  CM_TEST_WAIT_UNTIL (counts.n_written == 1, 10);

  g_assert_true (g_key_file_load_from_file (info, info_path, G_KEY_FILE_KEEP_COMMENTS, &error));
  g_key_file_set_int64 (info, "Recovery", "Pid", pid);
  if (boot_id != NULL)
    g_key_file_set_string (info, "Recovery", "BootId", boot_id);
  g_assert_true (g_key_file_save_to_file (info, info_path, &error));
  g_assert_no_error (error);

  entry = g_new0 (CmRecoveryEntry, 1);
  entry->document = g_object_ref (cm_autosave_get_file (autosave));
  entry->info = g_object_ref (cm_autosave_get_info_file (autosave));
  entry->display_name = g_strdup (title);
  entry->pid = pid;

  /* What a killed process leaves: its autosave never closes. Without
   * closing, disposing deletes the files, so keep them aside. */
  {
    g_autofree char *path = g_file_get_path (entry->document);
    g_autofree char *kept = g_strconcat (path, ".kept", NULL);
    g_autofree char *kept_info = g_strconcat (info_path, ".kept", NULL);

    g_assert_cmpint (g_rename (path, kept), ==, 0);
    g_assert_cmpint (g_rename (info_path, kept_info), ==, 0);
    g_clear_object (&autosave);
    g_assert_cmpint (g_rename (kept, path), ==, 0);
    g_assert_cmpint (g_rename (kept_info, info_path), ==, 0);
  }

  return entry;
}

/* A process started and reaped: its number is free. */
static GPid
dead_pid (void)
{
  const char *argv[] = { "true", NULL };
  GPid pid;
  int status;

  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                                NULL, NULL, &pid, NULL));
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);

  return pid;
}

/* Whether the command line of @pid starts with @argv0. */
static gboolean
cmdline_is (GPid        pid,
            const char *argv0)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/cmdline", (int) pid);
  g_autofree char *cmdline = NULL;

  return g_file_get_contents (path, &cmdline, NULL, NULL) && g_strcmp0 (cmdline, argv0) == 0;
}

/* A process that runs until killed, named @argv0 on its command line. */
static GPid
live_pid (const char *argv0)
{
  const char *argv[] = { "/bin/sleep", argv0, "600", NULL };
  GPid pid;

  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                G_SPAWN_FILE_AND_ARGV_ZERO | G_SPAWN_DO_NOT_REAP_CHILD,
                                NULL, NULL, &pid, NULL));
  /* Until it runs sleep, /proc shows this program's command line. */
  CM_TEST_WAIT_UNTIL (cmdline_is (pid, argv0), 10);

  return pid;
}

static void
kill_and_reap (GPid pid)
{
  int status;

  kill (pid, SIGKILL);
  waitpid (pid, &status, 0);
}

static gboolean
entries_have (GPtrArray  *entries,
              const char *name)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const CmRecoveryEntry *entry = g_ptr_array_index (entries, i);

      if (g_strcmp0 (entry->display_name, name) == 0)
        return TRUE;
    }

  return FALSE;
}

/* The entries of dead processes are offered, the latest first; those of
 * a running Chronomap are not. */
static void
test_list_recoverable (void)
{
  g_autofree char *dir = cm_test_make_temp_dir ("cm-recovery-XXXXXX");
  GPid live_chronomap = live_pid ("chronomap");
  GPid live_other = live_pid ("sleep");
  g_autoptr(CmRecoveryEntry) dead = write_entry_of (dir, "Dead", dead_pid (), NULL);
  g_autoptr(CmRecoveryEntry) running = write_entry_of (dir, "Running", live_chronomap, NULL);
  g_autoptr(CmRecoveryEntry) reused = write_entry_of (dir, "Reused", live_other, NULL);
  g_autoptr(CmRecoveryEntry) rebooted = write_entry_of (dir, "Rebooted", live_chronomap,
                                                        "00000000-0000-0000-0000-000000000000");
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) recovered = NULL;

  /* Each entry names the process that wrote it. */
  g_assert_cmpint (running->pid, ==, live_chronomap);
  g_assert_cmpint (reused->pid, ==, live_other);
  g_assert_cmpint (rebooted->pid, ==, live_chronomap);

  g_assert_true (cm_recovery_process_is_running (getpid ()));
  g_assert_true (cm_recovery_process_is_running (live_chronomap));
  g_assert_false (cm_recovery_process_is_running (live_other));
  g_assert_false (cm_recovery_process_is_running (dead->pid));

  entries = cm_recovery_list (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 3);
  g_assert_true (entries_have (entries, "Dead"));
  g_assert_true (entries_have (entries, "Reused"));
  /* A process of an earlier boot is gone, whatever has its number now. */
  g_assert_true (entries_have (entries, "Rebooted"));
  g_assert_false (entries_have (entries, "Running"));

  /* The latest first. */
  for (guint i = 1; i < entries->len; i++)
    {
      const CmRecoveryEntry *before = g_ptr_array_index (entries, i - 1);
      const CmRecoveryEntry *after = g_ptr_array_index (entries, i);

      g_assert_cmpint (g_date_time_compare (before->modified, after->modified), >=, 0);
    }

  /* What an entry holds reads back with the native reader. */
  {
    const CmRecoveryEntry *entry = g_ptr_array_index (entries, 0);

    g_assert_null (entry->original_uri);
    recovered = cm_native_load_file (entry->document, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (cm_event_store_get_n_events (cm_document_get_store (recovered)), ==, 2);
    g_assert_cmpstr (cm_document_get_title (recovered), ==, entry->display_name);
  }

  /* The Chronomap running exits: its entry is offered too. */
  kill_and_reap (live_chronomap);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = cm_recovery_list (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 4);

  /* Removing one deletes both its files; twice is no error. */
  {
    CmRecoveryEntry *entry = g_ptr_array_index (entries, 0);

    g_assert_true (cm_recovery_remove (entry, &error));
    g_assert_no_error (error);
    g_assert_false (file_exists (entry->document));
    g_assert_false (file_exists (entry->info));
    g_assert_true (cm_recovery_remove (entry, &error));
    g_assert_no_error (error);
  }
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = cm_recovery_list (dir, &error);
  g_assert_cmpuint (entries->len, ==, 3);

  kill_and_reap (live_other);
  cm_test_remove_tree (dir);
}

/* What a write in progress or a broken entry leaves is never offered: the
 * temporary names, a copy without its key file, a key file without its
 * copy or unreadable. */
static void
test_list_partial (void)
{
  g_autofree char *dir = cm_test_make_temp_dir ("cm-recovery-XXXXXX");
  g_autoptr(CmRecoveryEntry) whole = write_entry_of (dir, "Whole", dead_pid (), NULL);
  g_autoptr(CmRecoveryEntry) lone = write_entry_of (dir, "Lone", dead_pid (), NULL);
  g_autoptr(CmRecoveryEntry) orphan = write_entry_of (dir, "Orphan", dead_pid (), NULL);
  g_autofree char *whole_info = g_file_get_path (whole->info);
  g_autofree char *whole_base = g_file_get_basename (whole->document);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  const char *temporaries[] = { "", ".recovery", ".x.recovery" };

  g_assert_true (g_file_get_contents (whole_info, &contents, NULL, NULL));
  /* The temporary files of writes in progress, whole key files as they
   * would be. */
  for (guint i = 0; i < G_N_ELEMENTS (temporaries); i++)
    {
      g_autofree char *name = g_strdup_printf (".%s" CM_FILE_SAVE_MARKER "%d-ABCDEF%s", whole_base,
                                               (int) getpid (), temporaries[i]);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_true (g_file_set_contents (path, contents, -1, NULL));
    }
  {
    g_autofree char *path = g_strconcat (whole_info, ".A1B2C3", NULL);

    g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  }
  /* A copy alone, and a key file alone. */
  g_assert_true (g_file_delete (lone->info, NULL, NULL));
  g_assert_true (g_file_delete (orphan->document, NULL, NULL));
  /* A key file that is not one, and one naming no process. */
  {
    g_autofree char *garbage = g_build_filename (dir, "garbage" CM_RECOVERY_INFO_SUFFIX, NULL);
    g_autofree char *garbage_doc = g_build_filename (dir, "garbage" CM_RECOVERY_DOCUMENT_SUFFIX, NULL);
    g_autofree char *nopid = g_build_filename (dir, "nopid" CM_RECOVERY_INFO_SUFFIX, NULL);
    g_autofree char *nopid_doc = g_build_filename (dir, "nopid" CM_RECOVERY_DOCUMENT_SUFFIX, NULL);

    g_assert_true (g_file_set_contents (garbage, "\x01\x02 not a key file", -1, NULL));
    g_assert_true (g_file_set_contents (garbage_doc, "{}", -1, NULL));
    g_assert_true (g_file_set_contents (nopid, "[Recovery]\nName=No pid\n", -1, NULL));
    g_assert_true (g_file_set_contents (nopid_doc, "{}", -1, NULL));
  }

  entries = cm_recovery_list (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((CmRecoveryEntry *) g_ptr_array_index (entries, 0))->display_name, ==, "Whole");

  /* A folder that is not there has none. */
  {
    g_autofree char *missing = g_build_filename (dir, "missing", NULL);
    g_autoptr(GPtrArray) none = cm_recovery_list (missing, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
  }

  cm_test_remove_tree (dir);
}

/* The copy a write reads: the same events, serials and strings, its own
 * from then on. */
static void
test_store_copy (void)
{
  g_autoptr(CmDocument) doc = cm_test_make_events (50);
  CmEventStore *store = cm_document_get_store (doc);
  g_autoptr(CmEventStore) copy = cm_event_store_copy (store);
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  guint serial = cm_event_store_get_serial (store, 10);
  CmTime start = cm_event_store_get_start (store, 10);

  g_assert_cmpuint (cm_event_store_get_n_events (copy), ==, 50);
  for (guint i = 0; i < 50; i++)
    {
      g_assert_cmpstr (cm_event_store_get_title (copy, i), ==, cm_event_store_get_title (store, i));
      g_assert_cmpint (cm_event_store_get_start (copy, i), ==, cm_event_store_get_start (store, i));
      g_assert_cmpuint (cm_event_store_get_serial (copy, i), ==, cm_event_store_get_serial (store, i));
    }

  /* The original changes; the copy does not. */
  cm_event_store_remove (store, 10);
  add_event (doc, "Ferry");
  g_assert_cmpuint (cm_event_store_get_n_events (copy), ==, 50);
  g_assert_cmpstr (cm_event_store_get_title (copy, 10), ==, "Event 10");
  g_assert_cmpuint (cm_event_store_find_serial (copy, serial), ==, 10);

  /* Its index and serials are its own, made when first needed. */
  cm_event_store_query (copy, start, start, positions);
  g_assert_cmpuint (positions->len, ==, 1);
  g_assert_cmpuint (g_array_index (positions, guint, 0), ==, 10);
  add_event (doc, "Train");
  {
    CmEventData data;

    cm_event_data_init (&data);
    data.title = "Added to the copy";
    data.start = start;
    cm_event_store_insert (copy, &data);
  }
  g_assert_cmpuint (cm_event_store_get_n_events (copy), ==, 51);
  g_assert_cmpuint (cm_event_store_find_serial (copy, serial), !=, CM_NONE);
}

/* The folder: the environment's, else the user's state folder. */
static void
test_default_directory (void)
{
  g_autofree char *saved = g_strdup (g_getenv (CM_RECOVERY_DIR_ENV));
  g_autofree char *expected = g_build_filename (g_get_user_state_dir (), "chronomap", "recovery", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *overridden = NULL;

  g_unsetenv (CM_RECOVERY_DIR_ENV);
  dir = cm_recovery_dup_default_directory ();
  g_assert_cmpstr (dir, ==, expected);

  g_setenv (CM_RECOVERY_DIR_ENV, "/tmp/elsewhere", TRUE);
  overridden = cm_recovery_dup_default_directory ();
  g_assert_cmpstr (overridden, ==, "/tmp/elsewhere");

  if (saved != NULL)
    g_setenv (CM_RECOVERY_DIR_ENV, saved, TRUE);
  else
    g_unsetenv (CM_RECOVERY_DIR_ENV);
}

int
main (int   argc,
      char *argv[])
{
  cm_test_init (&argc, &argv);

  g_test_add ("/io/autosave/write-after-delay", Fixture, NULL,
              fixture_set_up, test_write_after_delay, fixture_tear_down);
  g_test_add ("/io/autosave/debounce", Fixture, NULL,
              fixture_set_up, test_debounce, fixture_tear_down);
  g_test_add ("/io/autosave/clean-removes", Fixture, NULL,
              fixture_set_up, test_clean_removes, fixture_tear_down);
  g_test_add ("/io/autosave/changes-during-write", Fixture, NULL,
              fixture_set_up, test_changes_during_write, fixture_tear_down);
  g_test_add_func ("/io/autosave/unwritable", test_unwritable);
  g_test_add_func ("/core/event-store/copy", test_store_copy);
  g_test_add_func ("/io/recovery/list", test_list_recoverable);
  g_test_add_func ("/io/recovery/partial", test_list_partial);
  g_test_add_func ("/io/recovery/default-directory", test_default_directory);

  return g_test_run ();
}
