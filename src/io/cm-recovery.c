/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-recovery"

#include "config.h"

#include "cm-autosave.h"
#include "cm-recovery-private.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

/* The recovery entries left behind: listing those no running Chronomap
 * owns, and deleting one (see cm-autosave.h). */

#define BOOT_ID_PATH "/proc/sys/kernel/random/boot_id"

CmRecoveryEntry *
cm_recovery_entry_copy (const CmRecoveryEntry *entry)
{
  CmRecoveryEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = g_new0 (CmRecoveryEntry, 1);
  copy->id = g_strdup (entry->id);
  copy->document = g_object_ref (entry->document);
  copy->info = g_object_ref (entry->info);
  copy->original_uri = g_strdup (entry->original_uri);
  copy->display_name = g_strdup (entry->display_name);
  copy->modified = g_date_time_ref (entry->modified);
  copy->pid = entry->pid;

  return copy;
}

void
cm_recovery_entry_free (CmRecoveryEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->id);
  g_clear_object (&entry->document);
  g_clear_object (&entry->info);
  g_free (entry->original_uri);
  g_free (entry->display_name);
  g_clear_pointer (&entry->modified, g_date_time_unref);
  g_free (entry);
}

G_DEFINE_BOXED_TYPE (CmRecoveryEntry, cm_recovery_entry, cm_recovery_entry_copy, cm_recovery_entry_free)

char *
cm_recovery_dup_default_directory (void)
{
  const char *directory = g_getenv (CM_RECOVERY_DIR_ENV);

  if (directory != NULL && *directory != '\0')
    return g_strdup (directory);

  return g_build_filename (g_get_user_state_dir (), "chronomap", "recovery", NULL);
}

char *
_cm_recovery_dup_boot_id (void)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (BOOT_ID_PATH, &contents, NULL, NULL))
    return NULL;

  return g_strdup (g_strstrip (contents));
}

/* Whether the command line in @cmdline (NUL-separated arguments) runs
 * Chronomap: its program, or the program a wrapper (a debugger, a
 * checker) runs. */
static gboolean
cmdline_runs_chronomap (const char *cmdline,
                        gsize       length)
{
  for (const char *arg = cmdline; arg < cmdline + length; arg += strlen (arg) + 1)
    {
      g_autofree char *basename = g_path_get_basename (arg);

      if (g_strcmp0 (basename, "chronomap") == 0)
        return TRUE;
    }

  return FALSE;
}

gboolean
cm_recovery_process_is_running (GPid pid)
{
  g_autofree char *path = NULL;
  g_autofree char *cmdline = NULL;
  gsize length = 0;

  if (pid <= 0)
    return FALSE;
  if (pid == getpid ())
    return TRUE;
  if (kill (pid, 0) != 0 && errno == ESRCH)
    return FALSE;

  /* Without /proc there is no telling whose the process is: better not to
   * offer the changes of a window still open. */
  if (!g_file_test ("/proc/self/cmdline", G_FILE_TEST_EXISTS))
    return TRUE;

  /* Gone meanwhile, another program with its number now, or a zombie
   * (killed, not yet reaped: no command line). */
  path = g_strdup_printf ("/proc/%d/cmdline", (int) pid);
  if (!g_file_get_contents (path, &cmdline, &length, NULL))
    return FALSE;

  return cmdline_runs_chronomap (cmdline, length);
}

/* The entry of the key file @name in @directory, or NULL when it is not a
 * whole entry, or is a running process's. */
static CmRecoveryEntry *
read_entry (const char *directory,
            const char *name,
            const char *boot_id)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *info_path = g_build_filename (directory, name, NULL);
  g_autofree char *id = g_strndup (name, strlen (name) - strlen (CM_RECOVERY_INFO_SUFFIX));
  g_autofree char *document_name = g_strconcat (id, CM_RECOVERY_DOCUMENT_SUFFIX, NULL);
  g_autofree char *document_path = g_build_filename (directory, document_name, NULL);
  g_autofree char *written_boot_id = NULL;
  CmRecoveryEntry *entry;
  gint64 pid, modified;

  if (!g_key_file_load_from_file (key_file, info_path, G_KEY_FILE_NONE, &error))
    {
      g_debug ("Skipping %s: %s", info_path, error->message);
      return NULL;
    }

  pid = g_key_file_get_int64 (key_file, CM_RECOVERY_GROUP, CM_RECOVERY_KEY_PID, &error);
  if (error != NULL || pid <= 0 || pid > G_MAXINT)
    {
      g_debug ("Skipping %s: no process", info_path);
      return NULL;
    }
  modified = g_key_file_get_int64 (key_file, CM_RECOVERY_GROUP, CM_RECOVERY_KEY_MODIFIED, NULL);

  /* Only the copy beside the key file, whatever the key file says: no
   * path from a file may lead elsewhere. */
  if (!g_file_test (document_path, G_FILE_TEST_IS_REGULAR))
    {
      g_debug ("Skipping %s: no %s", info_path, document_name);
      return NULL;
    }

  written_boot_id = g_key_file_get_string (key_file, CM_RECOVERY_GROUP, CM_RECOVERY_KEY_BOOT_ID, NULL);
  /* A process of an earlier boot is gone, whoever has its number now. */
  if ((written_boot_id == NULL || boot_id == NULL || g_strcmp0 (written_boot_id, boot_id) == 0) &&
      cm_recovery_process_is_running ((GPid) pid))
    return NULL;

  entry = g_new0 (CmRecoveryEntry, 1);
  entry->id = g_steal_pointer (&id);
  entry->document = g_file_new_for_path (document_path);
  entry->info = g_file_new_for_path (info_path);
  entry->original_uri = g_key_file_get_string (key_file, CM_RECOVERY_GROUP, CM_RECOVERY_KEY_FILE, NULL);
  entry->display_name = g_key_file_get_string (key_file, CM_RECOVERY_GROUP, CM_RECOVERY_KEY_NAME, NULL);
  if (entry->original_uri != NULL && *entry->original_uri == '\0')
    g_clear_pointer (&entry->original_uri, g_free);
  if (entry->display_name == NULL)
    entry->display_name = g_strdup (entry->id);
  entry->modified = g_date_time_new_from_unix_local (modified / G_USEC_PER_SEC);
  if (entry->modified == NULL)
    entry->modified = g_date_time_new_from_unix_local (0);
  entry->pid = (GPid) pid;

  return entry;
}

static int
compare_latest_first (gconstpointer a,
                      gconstpointer b)
{
  const CmRecoveryEntry *entry_a = *(CmRecoveryEntry * const *) a;
  const CmRecoveryEntry *entry_b = *(CmRecoveryEntry * const *) b;
  int order = g_date_time_compare (entry_b->modified, entry_a->modified);

  return order != 0 ? order : g_strcmp0 (entry_b->id, entry_a->id);
}

GPtrArray *
cm_recovery_list (const char  *directory,
                  GError     **error)
{
  g_autofree char *default_directory = NULL;
  g_autofree char *boot_id = _cm_recovery_dup_boot_id ();
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) cm_recovery_entry_free);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  if (directory == NULL)
    directory = default_directory = cm_recovery_dup_default_directory ();

  dir = g_dir_open (directory, 0, &local_error);
  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&entries);

      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* Temporary files of writes in progress (".ID.chronomap-save-…",
   * "ID.recovery.XXXXXX") never end in the suffix. */
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      CmRecoveryEntry *entry;

      if (name[0] == '.' || !g_str_has_suffix (name, CM_RECOVERY_INFO_SUFFIX) ||
          strlen (name) == strlen (CM_RECOVERY_INFO_SUFFIX))
        continue;

      entry = read_entry (directory, name, boot_id);
      if (entry != NULL)
        g_ptr_array_add (entries, entry);
    }

  g_ptr_array_sort (entries, compare_latest_first);

  return g_steal_pointer (&entries);
}

/* Deletes @file; one already gone is no error. */
static gboolean
delete_file (GFile   *file,
             GError **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_file_delete (file, NULL, &local_error) ||
      g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return TRUE;

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
cm_recovery_remove (const CmRecoveryEntry *entry,
                    GError               **error)
{
  g_return_val_if_fail (entry != NULL, FALSE);

  /* The key file first: without it, the copy is never offered again. */
  return delete_file (entry->info, error) && delete_file (entry->document, error);
}
