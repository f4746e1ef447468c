/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "cm-file.h"

#define STALE_SECONDS (60 * 60)

/* The parse name, or a resource's base name (see cm-file.h). */
char *
cm_file_dup_display_name (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (g_file_has_uri_scheme (file, "resource"))
    return g_file_get_basename (file);

  return g_file_get_parse_name (file);
}

static const char *
describe_type (GFileType type)
{
  switch (type)
    {
    case G_FILE_TYPE_DIRECTORY:
      return _("a folder");
    case G_FILE_TYPE_SPECIAL:
      return _("a pipe, socket or device");
    case G_FILE_TYPE_MOUNTABLE:
    case G_FILE_TYPE_SHORTCUT:
      return _("a location, not a file");
    case G_FILE_TYPE_UNKNOWN:
    case G_FILE_TYPE_REGULAR:
    case G_FILE_TYPE_SYMBOLIC_LINK:
    default:
      return _("not a regular file");
    }
}

gboolean
cm_file_check_regular (GFile         *file,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *name = NULL;
  GFileType type;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                            cancellable, NULL);
  if (info == NULL)
    return TRUE;

  type = g_file_info_get_file_type (info);
  if (type == G_FILE_TYPE_REGULAR)
    return TRUE;

  name = cm_file_dup_display_name (file);
  g_set_error (error, G_IO_ERROR,
               type == G_FILE_TYPE_DIRECTORY ? G_IO_ERROR_IS_DIRECTORY : G_IO_ERROR_NOT_REGULAR_FILE,
               _("%s: Not a file Chronomap can read (%s)"), name, describe_type (type));

  return FALSE;
}

GFileInputStream *
cm_file_read (GFile         *file,
              goffset       *size,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (size != NULL)
    *size = -1;

  if (!cm_file_check_regular (file, cancellable, error))
    return NULL;

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;

  /* The check again on what was opened: the name may have changed. */
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                         G_FILE_ATTRIBUTE_STANDARD_TYPE, cancellable, NULL);
  if (info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_TYPE)
      && g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_autofree char *name = cm_file_dup_display_name (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("%s: Not a file Chronomap can read (%s)"), name,
                   describe_type (g_file_info_get_file_type (info)));
      return NULL;
    }
  if (size != NULL && info != NULL && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE))
    *size = g_file_info_get_size (info);

  return g_steal_pointer (&stream);
}

/* ---- atomic writes ----------------------------------------------------- */

/* A temporary file of a save that will not finish: its process is gone,
 * or it has not been touched for an hour. */
static gboolean
is_stale (const char *folder,
          const char *entry)
{
  const char *marker = strstr (entry, CM_FILE_SAVE_MARKER);
  g_autofree char *path = NULL;
  GStatBuf st;
  guint64 pid;
  char *end;

  if (entry[0] != '.' || marker == NULL)
    return FALSE;

  pid = g_ascii_strtoull (marker + strlen (CM_FILE_SAVE_MARKER), &end, 10);
  if (end == marker + strlen (CM_FILE_SAVE_MARKER) || *end != '-' || strlen (end) != 7)
    return FALSE;

  path = g_build_filename (folder, entry, NULL);
  if (g_lstat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return FALSE;

  if (pid == 0 || pid > G_MAXINT || (kill ((pid_t) pid, 0) != 0 && errno == ESRCH))
    return TRUE;

  return st.st_mtime < time (NULL) - STALE_SECONDS;
}

static void
remove_stale (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *entry;

  if (dir == NULL)
    return;

  while ((entry = g_dir_read_name (dir)) != NULL)
    if (is_stale (folder, entry))
      {
        g_autofree char *path = g_build_filename (folder, entry, NULL);

        if (g_unlink (path) != 0)
          g_debug ("Cannot remove %s: %s", path, g_strerror (errno));
      }
}

G_GNUC_PRINTF (3, 4)
static gboolean
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s (%s)",
               message, g_strerror (saved_errno));

  return FALSE;
}

static gboolean
write_local (CmDocument    *document,
             const char    *target_path,
             const char    *name,
             CmWriteFunc    write,
             CmSaveRequest *request,
             GError       **error)
{
  GCancellable *cancellable = request->cancellable;
  g_autofree char *resolved = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *temp_path = NULL;
  g_autoptr(GFile) temp_file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;
  gboolean existed;
  int fd, saved_errno;

  /* Through a symbolic link, replace what it points to. */
  resolved = realpath (target_path, NULL);
  if (resolved == NULL)
    resolved = g_strdup (target_path);

  existed = g_stat (resolved, &st) == 0;
  if (existed && !S_ISREG (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR,
                   S_ISDIR (st.st_mode) ? G_IO_ERROR_IS_DIRECTORY : G_IO_ERROR_NOT_REGULAR_FILE,
                   _("Cannot save “%s”: it is not a regular file"), name);
      return FALSE;
    }

  folder = g_path_get_dirname (resolved);
  basename = g_path_get_basename (resolved);
  remove_stale (folder);

  temp_path = g_strdup_printf ("%s%s.%s%s%d-XXXXXX", folder, G_DIR_SEPARATOR_S, basename,
                               CM_FILE_SAVE_MARKER, (int) getpid ());
  fd = g_mkstemp_full (temp_path, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      saved_errno = errno;
      if (saved_errno == EACCES || saved_errno == EPERM || saved_errno == EROFS)
        return set_errno_error (error, saved_errno,
                                _("Cannot save “%s”: the folder “%s” cannot be written"),
                                name, folder);
      if (saved_errno == ENOENT || saved_errno == ENOTDIR)
        return set_errno_error (error, saved_errno,
                                _("Cannot save “%s”: the folder “%s” does not exist"),
                                name, folder);
      return set_errno_error (error, saved_errno, _("Cannot save “%s” in “%s”"), name, folder);
    }
  if (existed)
    (void) fchmod (fd, st.st_mode & 07777);

  temp_file = g_file_new_for_path (temp_path);
  stream = g_file_append_to (temp_file, G_FILE_CREATE_NONE, cancellable, &local_error);
  if (stream == NULL)
    goto failed;
  request->stream = G_OUTPUT_STREAM (stream);
  if (!write (document, request, &local_error)
      || !g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &local_error))
    goto failed;

  if (fsync (fd) != 0)
    {
      saved_errno = errno;
      set_errno_error (&local_error, saved_errno, _("Cannot save “%s” in “%s”"), name, folder);
      goto failed;
    }
  close (fd);
  fd = -1;

  if (g_rename (temp_path, resolved) != 0)
    {
      saved_errno = errno;
      set_errno_error (&local_error, saved_errno, _("Cannot save “%s” in “%s”"), name, folder);
      goto failed;
    }

  return TRUE;

failed:
  if (stream != NULL && !g_output_stream_is_closed (G_OUTPUT_STREAM (stream)))
    g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);
  if (fd >= 0)
    close (fd);
  g_unlink (temp_path);
  g_propagate_error (error, g_steal_pointer (&local_error));

  return FALSE;
}

gboolean
cm_document_write_file (CmDocument    *document,
                        GFile         *file,
                        CmWriteFunc    write,
                        CmProgressFunc progress,
                        gpointer       progress_data,
                        GCancellable  *cancellable,
                        GError       **error)
{
  CmSaveRequest request = {
    .progress = progress,
    .progress_data = progress_data,
    .cancellable = cancellable,
  };
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (CM_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (write != NULL, FALSE);

  path = g_file_get_path (file);
  name = cm_file_dup_display_name (file);
  if (path != NULL)
    {
      if (!write_local (document, path, name, write, &request, error))
        return FALSE;
      if (progress != NULL)
        progress (1.0, progress_data);
      return TRUE;
    }

  /* Elsewhere (a GVfs location), GIO's own temporary file and rename. */
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, error);
  if (stream == NULL)
    return FALSE;

  request.stream = G_OUTPUT_STREAM (stream);
  if (!write (document, &request, &local_error)
      || !g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &local_error))
    {
      /* Closing after a cancel discards the temporary file. */
      g_autoptr(GCancellable) abort = g_cancellable_new ();

      g_cancellable_cancel (abort);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abort, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (progress != NULL)
    progress (1.0, progress_data);
  return TRUE;
}
