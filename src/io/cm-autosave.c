/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-autosave"

#include "config.h"

#include "cm-autosave.h"
#include "cm-format.h"
#include "cm-native.h"
#include "cm-recovery-private.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <unistd.h>

/* One document's recovery files, kept up to date while it has unsaved
 * changes. Every change (an edit of the store, of the lists, of the
 * metadata, the dirty flag) restarts a short timer; a run of changes that
 * never pauses is written anyway after a longer one. The write copies the
 * document on the main thread (the window goes on editing it) and leaves
 * the writing to a worker. */

struct _CmAutosave
{
  GObject       parent_instance;

  CmDocument   *document;
  char         *directory;
  char         *id;             /* the files' base name */
  GFile        *file;           /* ID.chronomap */
  GFile        *info_file;      /* ID.recovery */
  GCancellable *cancellable;    /* the write running */
  GError       *error;          /* of the last write */

  guint         delay_ms;
  guint         max_wait_ms;
  guint         timeout_id;
  gint64        first_change;   /* monotonic: the first change not yet written */

  /* Bumped (atomically) each time the files are deleted: a write that
   * started before then deletes what it wrote once done. */
  int           generation;

  guint         busy : 1;       /* a write is running */
  guint         again : 1;      /* changes came during it */
  guint         closed : 1;
};

enum {
  WRITTEN,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CmAutosave, cm_autosave, G_TYPE_OBJECT)

/* A base name no other window or process uses: the time, the process and
 * a counter. */
static char *
make_id (void)
{
  static int counter;

  return g_strdup_printf ("%" G_GINT64_FORMAT "-%d-%d", g_get_real_time (), (int) getpid (),
                          g_atomic_int_add (&counter, 1));
}

/* Deletes the recovery files (the document is clean, or given up); a
 * write running deletes its own when it ends. */
static void
remove_files (CmAutosave *self)
{
  g_autofree char *path = g_file_get_path (self->file);
  g_autofree char *info_path = g_file_get_path (self->info_file);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->again = FALSE;

  g_atomic_int_inc (&self->generation);
  /* The key file first: an entry without it is never offered. */
  if (g_unlink (info_path) != 0 && errno != ENOENT)
    g_debug ("Could not delete %s: %s", info_path, g_strerror (errno));
  if (g_unlink (path) != 0 && errno != ENOENT)
    g_debug ("Could not delete %s: %s", path, g_strerror (errno));
}

/* Writing ---------------------------------------------------------------- */

typedef struct
{
  CmDocument *snapshot;
  GFile      *file;
  char       *info_path;
  char       *info;        /* the key file's text */
  char       *directory;
  int         generation;
} WriteJob;

static void
write_job_free (gpointer data)
{
  WriteJob *job = data;

  g_clear_object (&job->snapshot);
  g_clear_object (&job->file);
  g_free (job->info_path);
  g_free (job->info);
  g_free (job->directory);
  g_free (job);
}

/* A copy of everything the native format writes, for the worker: the
 * document goes on changing on the main thread meanwhile. The events are
 * copied wholesale (a few memory copies, no sorting: 200,000 events take
 * milliseconds); the categories and groups keep their order, so the
 * events' indices into them stay right. */
static CmDocument *
snapshot_document (CmDocument *document)
{
  g_autoptr(CmDocument) copy = cm_document_new ();
  g_autoptr(CmEventStore) events = cm_event_store_copy (cm_document_get_store (document));

  cm_document_set_title (copy, cm_document_get_title (document));
  cm_document_set_description (copy, cm_document_get_description (document));
  cm_document_set_extras (copy, cm_document_get_extras (document));
  cm_document_set_file (copy, cm_document_get_file (document));

  for (guint i = 0; i < cm_document_get_n_categories (document); i++)
    {
      const CmCategory *category = cm_document_get_category (document, i);
      g_autofree char *color = cm_color_to_string (category->red, category->green, category->blue);

      cm_document_add_category (copy, category->id, category->name, color);
    }
  for (guint i = 0; i < cm_document_get_n_groups (document); i++)
    {
      const CmGroup *group = cm_document_get_group (document, i);

      cm_document_add_group (copy, group->id, group->name, group->kind);
    }
  cm_event_store_take_events (cm_document_get_store (copy), events);

  return g_steal_pointer (&copy);
}

/* The key file beside the document: whose it is, and since when. */
static char *
make_info (CmAutosave *self)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autofree char *name = cm_document_dup_display_name (self->document);
  g_autofree char *document_name = g_file_get_basename (self->file);
  g_autofree char *boot_id = _cm_recovery_dup_boot_id ();
  GFile *original = cm_document_get_file (self->document);

  g_key_file_set_integer (key_file, CM_RECOVERY_GROUP, CM_RECOVERY_KEY_VERSION, 1);
  g_key_file_set_string (key_file, CM_RECOVERY_GROUP, CM_RECOVERY_KEY_DOCUMENT, document_name);
  if (original != NULL)
    {
      g_autofree char *uri = g_file_get_uri (original);

      g_key_file_set_string (key_file, CM_RECOVERY_GROUP, CM_RECOVERY_KEY_FILE, uri);
    }
  g_key_file_set_string (key_file, CM_RECOVERY_GROUP, CM_RECOVERY_KEY_NAME, name);
  g_key_file_set_int64 (key_file, CM_RECOVERY_GROUP, CM_RECOVERY_KEY_PID, getpid ());
  if (boot_id != NULL)
    g_key_file_set_string (key_file, CM_RECOVERY_GROUP, CM_RECOVERY_KEY_BOOT_ID, boot_id);
  g_key_file_set_int64 (key_file, CM_RECOVERY_GROUP, CM_RECOVERY_KEY_MODIFIED, g_get_real_time ());

  return g_key_file_to_data (key_file, NULL, NULL);
}

/* Worker: the document, then the key file, each atomically. */
static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CmAutosave *self = source_object;
  WriteJob *job = task_data;
  GError *error = NULL;

  if (g_mkdir_with_parents (job->directory, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (job->directory);

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               "%s: %s", display, g_strerror (saved_errno));
      return;
    }

  if (!cm_native_save_file (job->snapshot, job->file, cancellable, &error) ||
      !g_file_set_contents_full (job->info_path, job->info, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Deleted while this ran: what was just written goes too. */
  if (g_atomic_int_get (&self->generation) != job->generation)
    {
      g_autofree char *path = g_file_get_path (job->file);

      g_unlink (job->info_path);
      g_unlink (path);
    }

  g_task_return_boolean (task, TRUE);
}

static void start_write (CmAutosave *self);

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  CmAutosave *self = CM_AUTOSAVE (object);
  g_autoptr(GError) error = NULL;

  self->busy = FALSE;
  g_clear_object (&self->cancellable);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_debug ("Could not write the recovery file: %s", error->message);
      g_clear_error (&self->error);
      self->error = g_error_copy (error);
      g_signal_emit (self, signals[FAILED], 0, error);
    }
  else
    {
      g_clear_error (&self->error);
      g_signal_emit (self, signals[WRITTEN], 0);
    }

  if (self->again && !self->closed)
    {
      self->again = FALSE;
      start_write (self);
    }
}

/* Copies the document and writes the copy in a worker, unless there is
 * nothing unsaved to keep. */
static void
start_write (CmAutosave *self)
{
  g_autoptr(GTask) task = NULL;
  WriteJob *job;

  g_clear_handle_id (&self->timeout_id, g_source_remove);

  if (self->closed || !cm_document_get_dirty (self->document))
    return;

  if (self->busy)
    {
      self->again = TRUE;
      return;
    }

  job = g_new0 (WriteJob, 1);
  job->snapshot = snapshot_document (self->document);
  job->file = g_object_ref (self->file);
  job->info_path = g_file_get_path (self->info_file);
  job->info = make_info (self);
  job->directory = g_strdup (self->directory);
  job->generation = g_atomic_int_get (&self->generation);

  self->busy = TRUE;
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, write_cb, NULL);
  g_task_set_source_tag (task, start_write);
  g_task_set_task_data (task, job, write_job_free);
  g_task_run_in_thread (task, write_thread);
}

static gboolean
timeout_cb (gpointer user_data)
{
  CmAutosave *self = user_data;

  self->timeout_id = 0;
  start_write (self);

  return G_SOURCE_REMOVE;
}

/* A change: the write waits for a pause, but not past the longest wait. */
static void
schedule_write (CmAutosave *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 waited_ms;
  guint wait_ms;

  if (self->closed || !cm_document_get_dirty (self->document))
    return;

  if (self->timeout_id == 0)
    self->first_change = now;
  waited_ms = (now - self->first_change) / 1000;
  wait_ms = waited_ms >= self->max_wait_ms ? 0 : MIN (self->delay_ms, self->max_wait_ms - waited_ms);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (wait_ms, timeout_cb, self);
}

/* Callbacks ------------------------------------------------------------- */

static void
document_changed_cb (CmAutosave *self)
{
  schedule_write (self);
}

static void
store_items_changed_cb (CmAutosave *self,
                        guint       position,
                        guint       removed,
                        guint       added,
                        GListModel *store)
{
  schedule_write (self);
}

static void
document_notify_cb (CmAutosave *self,
                    GParamSpec *pspec,
                    CmDocument *document)
{
  schedule_write (self);
}

/* Saved, or replaced by a clean document: nothing is left to recover. */
static void
document_dirty_cb (CmAutosave *self,
                   GParamSpec *pspec,
                   CmDocument *document)
{
  if (cm_document_get_dirty (document))
    schedule_write (self);
  else
    remove_files (self);
}

/* GObject --------------------------------------------------------------- */

static void
cm_autosave_dispose (GObject *object)
{
  CmAutosave *self = CM_AUTOSAVE (object);

  if (self->document != NULL)
    cm_autosave_close (self);
  g_clear_object (&self->document);

  G_OBJECT_CLASS (cm_autosave_parent_class)->dispose (object);
}

static void
cm_autosave_finalize (GObject *object)
{
  CmAutosave *self = CM_AUTOSAVE (object);

  g_clear_object (&self->file);
  g_clear_object (&self->info_file);
  g_clear_error (&self->error);
  g_free (self->directory);
  g_free (self->id);

  G_OBJECT_CLASS (cm_autosave_parent_class)->finalize (object);
}

static void
cm_autosave_class_init (CmAutosaveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cm_autosave_dispose;
  object_class->finalize = cm_autosave_finalize;

  /**
   * CmAutosave::written:
   *
   * The recovery files were written.
   */
  signals[WRITTEN] =
    g_signal_new ("written",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * CmAutosave::failed:
   * @error: why
   *
   * A write failed; the document is as it was, and the next change tries
   * again.
   */
  signals[FAILED] =
    g_signal_new ("failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
cm_autosave_init (CmAutosave *self)
{
  self->delay_ms = CM_AUTOSAVE_DELAY_MS;
  self->max_wait_ms = CM_AUTOSAVE_MAX_WAIT_MS;
}

CmAutosave *
cm_autosave_new (CmDocument *document,
                 const char *directory)
{
  CmAutosave *self;
  g_autofree char *name = NULL;
  g_autofree char *info_name = NULL;

  g_return_val_if_fail (CM_IS_DOCUMENT (document), NULL);

  self = g_object_new (CM_TYPE_AUTOSAVE, NULL);
  self->document = g_object_ref (document);
  self->directory = directory != NULL ? g_strdup (directory) : cm_recovery_dup_default_directory ();
  self->id = make_id ();
  name = g_strconcat (self->id, CM_RECOVERY_DOCUMENT_SUFFIX, NULL);
  info_name = g_strconcat (self->id, CM_RECOVERY_INFO_SUFFIX, NULL);
  self->file = g_file_new_build_filename (self->directory, name, NULL);
  self->info_file = g_file_new_build_filename (self->directory, info_name, NULL);

  g_signal_connect_object (document, "changed",
                           G_CALLBACK (document_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (document, "notify::title",
                           G_CALLBACK (document_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (document, "notify::description",
                           G_CALLBACK (document_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (document, "notify::extras",
                           G_CALLBACK (document_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (document, "notify::dirty",
                           G_CALLBACK (document_dirty_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (cm_document_get_store (document), "items-changed",
                           G_CALLBACK (store_items_changed_cb), self, G_CONNECT_SWAPPED);

  /* Unsaved changes from before: kept from now on too. */
  schedule_write (self);

  return self;
}

CmDocument *
cm_autosave_get_document (CmAutosave *self)
{
  g_return_val_if_fail (CM_IS_AUTOSAVE (self), NULL);
  return self->document;
}

const char *
cm_autosave_get_directory (CmAutosave *self)
{
  g_return_val_if_fail (CM_IS_AUTOSAVE (self), NULL);
  return self->directory;
}

/**
 * cm_autosave_get_file:
 *
 * Returns: (transfer none): the recovery copy of the document
 */
GFile *
cm_autosave_get_file (CmAutosave *self)
{
  g_return_val_if_fail (CM_IS_AUTOSAVE (self), NULL);
  return self->file;
}

/**
 * cm_autosave_get_info_file:
 *
 * Returns: (transfer none): the key file beside the copy
 */
GFile *
cm_autosave_get_info_file (CmAutosave *self)
{
  g_return_val_if_fail (CM_IS_AUTOSAVE (self), NULL);
  return self->info_file;
}

void
cm_autosave_set_delays (CmAutosave *self,
                        guint       delay_ms,
                        guint       max_wait_ms)
{
  g_return_if_fail (CM_IS_AUTOSAVE (self));

  self->delay_ms = delay_ms;
  self->max_wait_ms = MAX (delay_ms, max_wait_ms);
}

gboolean
cm_autosave_get_busy (CmAutosave *self)
{
  g_return_val_if_fail (CM_IS_AUTOSAVE (self), FALSE);
  return self->busy;
}

const GError *
cm_autosave_get_error (CmAutosave *self)
{
  g_return_val_if_fail (CM_IS_AUTOSAVE (self), NULL);
  return self->error;
}

void
cm_autosave_flush (CmAutosave *self)
{
  g_return_if_fail (CM_IS_AUTOSAVE (self));

  start_write (self);
}

void
cm_autosave_close (CmAutosave *self)
{
  g_return_if_fail (CM_IS_AUTOSAVE (self));

  if (self->closed)
    return;

  self->closed = TRUE;
  g_signal_handlers_disconnect_by_data (self->document, self);
  g_signal_handlers_disconnect_by_data (cm_document_get_store (self->document), self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  remove_files (self);
}
