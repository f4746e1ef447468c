/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-export-dialog"

#include "config.h"

#include "cm-export-dialog-private.h"

#include "cm-app-util.h"
#include "cm-format.h"

#include <glib/gi18n.h>
#include <string.h>

/* Exporting: the file chooser, the export thread working on copies, its
 * progress, and the outcome (a toast, or an error dialog). */

/* What the export thread works on: its own copies. */
typedef struct
{
  CmExportDialog  *self;      /* owned */
  CmDocument      *document;  /* owned */
  CmMatchSet      *matches;   /* owned, nullable: every event */
  GFile           *file;      /* owned */
  CmExportOptions  options;
} ExportJob;

/* The file name extension of @format. */
static const char *
format_extension (CmExportFormat format)
{
  switch (format)
    {
    case CM_EXPORT_SVG:
      return "svg";
    case CM_EXPORT_PDF:
      return "pdf";
    case CM_EXPORT_PNG:
    default:
      return "png";
    }
}


/* Frees @job and what it owns. */
static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->self);
  g_clear_object (&job->document);
  g_clear_pointer (&job->matches, cm_match_set_unref);
  g_clear_object (&job->file);
  g_free (job);
}

/* A copy of @document the thread can read while the window goes on. */
static CmDocument *
copy_document (CmDocument *document)
{
  CmDocument *copy = cm_document_new ();

  cm_document_set_title (copy, cm_document_get_title (document));
  cm_document_set_file (copy, cm_document_get_file (document));
  cm_document_merge (copy, document);

  return copy;
}

/* Shows the progress while a file is written, and locks the settings. */
static void
set_busy (CmExportDialog *self,
          gboolean        busy)
{
  gtk_widget_set_sensitive (self->settings_box, !busy);
  gtk_revealer_set_reveal_child (self->progress_revealer, busy);
  if (busy)
    gtk_progress_bar_set_fraction (self->progress_bar, 0);
  _cm_export_dialog_update (self);
}

/* Shows the last fraction the thread reported. */
static gboolean
progress_idle_cb (gpointer user_data)
{
  CmExportDialog *self = user_data;
  double fraction;

  g_mutex_lock (&self->mutex);
  self->progress_source = 0;
  fraction = self->fraction;
  g_mutex_unlock (&self->mutex);

  if (self->progress_bar != NULL)
    gtk_progress_bar_set_fraction (self->progress_bar, fraction);

  return G_SOURCE_REMOVE;
}

/* In the thread: one idle pending at most, which shows the last fraction. */
static void
progress_cb (double   fraction,
             gpointer user_data)
{
  ExportJob *job = user_data;
  CmExportDialog *self = job->self;

  g_mutex_lock (&self->mutex);
  self->fraction = fraction;
  if (self->progress_source == 0)
    self->progress_source = g_idle_add_full (G_PRIORITY_DEFAULT, progress_idle_cb,
                                             g_object_ref (self), g_object_unref);
  g_mutex_unlock (&self->mutex);
}

/* Writes the file, in a thread. */
static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError *error = NULL;

  if (cm_export_to_file (job->document, job->matches, &job->options, job->file,
                         progress_cb, job, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Open in the toast: shows the file written. */
static void
open_exported_cb (AdwToast        *toast,
                  AdwToastOverlay *toasts)
{
  GFile *file = g_object_get_data (G_OBJECT (toast), "file");
  g_autofree char *uri = g_file_get_uri (file);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (toasts));

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

/* The export ended: a toast and the dialog closes, or an error. */
static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  CmExportDialog *self = CM_EXPORT_DIALOG (object);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = cm_app_dup_file_display_name (job->file);

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_debug ("exported %s", name);
      if (self->toasts != NULL)
        {
          g_autofree char *title = g_strdup_printf (_("Exported “%s”"), name);
          AdwToast *toast = adw_toast_new (title);

          adw_toast_set_button_label (toast, _("_Open"));
          g_object_set_data_full (G_OBJECT (toast), "file", g_object_ref (job->file),
                                  g_object_unref);
          g_signal_connect_object (toast, "button-clicked", G_CALLBACK (open_exported_cb),
                                   self->toasts, 0);
          adw_toast_overlay_add_toast (self->toasts, toast);
        }
    }

  g_clear_object (&self->cancellable);
  g_clear_object (&self->file);

  if (self->document == NULL) /* disposed */
    return;

  if (error == NULL)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  set_busy (self, FALSE);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *heading = g_strdup_printf (_("Could Not Export “%s”"), name);

      cm_app_present_error (GTK_WINDOW (self), heading, error->message);
    }
}

/* The file name with the format's extension. */
static GFile *
with_extension (GFile          *file,
                CmExportFormat  format)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *suffix = g_strconcat (".", format_extension (format), NULL);
  g_autofree char *lower = NULL;
  g_autofree char *named = NULL;
  g_autoptr(GFile) parent = NULL;

  if (basename == NULL)
    return g_object_ref (file);

  lower = g_ascii_strdown (basename, -1);
  parent = g_file_get_parent (file);
  if (g_str_has_suffix (lower, suffix) || parent == NULL)
    return g_object_ref (file);

  named = g_strconcat (basename, suffix, NULL);

  return g_file_get_child (parent, named);
}

/* Exports to @file (with the format's extension) in a thread. */
void
cm_export_dialog_export_to_file (CmExportDialog *self,
                                 GFile          *file)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  g_autofree char *label = NULL;
  ExportJob *job;

  g_return_if_fail (CM_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->cancellable != NULL)
    return;

  job = g_new0 (ExportJob, 1);
  if (!cm_export_dialog_get_options (self, &job->options))
    {
      export_job_free (job);
      return;
    }

  job->self = g_object_ref (self);
  job->file = with_extension (file, job->options.format);
  job->document = copy_document (self->document);
  /* The result of the filter as it is now, complete; positions are the
   * same in the copy. */
  cm_session_flush (self->session);
  if (!cm_match_set_is_all (cm_session_get_matches (self->session)))
    job->matches = cm_match_set_ref (cm_session_get_matches (self->session));
  /* The copy has its own serials, its events the same positions. */
  if (job->options.selection != CM_NONE)
    {
      guint position = cm_event_store_find_serial (cm_document_get_store (self->document),
                                                   job->options.selection);

      job->options.selection = position != CM_NONE
        ? cm_event_store_get_serial (cm_document_get_store (job->document), position)
        : CM_NONE;
    }

  self->cancellable = g_cancellable_new ();
  g_set_object (&self->file, job->file);

  name = cm_app_dup_file_display_name (job->file);
  label = g_strdup_printf (_("Exporting “%s”…"), name);
  gtk_label_set_text (self->progress_label, label);
  set_busy (self, TRUE);

  task = g_task_new (self, self->cancellable, export_done_cb, NULL);
  g_task_set_source_tag (task, cm_export_dialog_export_to_file);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

/* The file chooser chose a file (or not): exports to it. */
static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     CmExportDialog  *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (self->chooser == GTK_FILE_CHOOSER_NATIVE (chooser))
    g_clear_object (&self->chooser);

  if (file != NULL)
    cm_export_dialog_export_to_file (self, file);
}

/* "<title>.png" */
static char *
suggest_name (CmDocument     *document,
              CmExportFormat  format)
{
  const char *title = cm_document_get_title (document);
  GFile *file = cm_document_get_file (document);
  g_autofree char *name = NULL;

  if (title != NULL && title[0] != '\0')
    name = g_strdup (title);
  else if (file != NULL && !g_file_has_uri_scheme (file, "resource"))
    {
      g_autofree char *basename = g_file_get_basename (file);
      char *dot = basename != NULL ? strrchr (basename, '.') : NULL;

      if (dot != NULL && dot != basename)
        *dot = '\0';
      name = basename != NULL ? g_filename_display_name (basename) : NULL;
    }

  if (name == NULL || name[0] == '\0')
    {
      g_free (name);
      name = g_strdup (_("Timeline"));
    }

  g_strdelimit (name, "/\\", '-');

  return g_strconcat (name, ".", format_extension (format), NULL);
}

/* Export: asks for the file to write. */
void
_cm_export_dialog_export_clicked_cb (CmExportDialog *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *suggested = NULL;
  CmExportFormat format = _cm_export_dialog_selected_format (self);
  CmExportOptions options;
  GFile *document_file = cm_document_get_file (self->document);
  GtkFileChooserNative *chooser;

  g_assert (CM_IS_EXPORT_DIALOG (self));

  if (self->cancellable != NULL || !cm_export_dialog_get_options (self, &options))
    return;

  chooser = gtk_file_chooser_native_new (_("Export Image"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));

  switch (format)
    {
    case CM_EXPORT_SVG:
      gtk_file_filter_set_name (filter, _("SVG Images"));
      gtk_file_filter_add_mime_type (filter, "image/svg+xml");
      break;
    case CM_EXPORT_PDF:
      gtk_file_filter_set_name (filter, _("PDF Documents"));
      gtk_file_filter_add_mime_type (filter, "application/pdf");
      break;
    case CM_EXPORT_PNG:
    default:
      gtk_file_filter_set_name (filter, _("PNG Images"));
      gtk_file_filter_add_mime_type (filter, "image/png");
      break;
    }
  {
    g_autofree char *pattern = g_strconcat ("*.", format_extension (format), NULL);

    gtk_file_filter_add_pattern (filter, pattern);
  }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  cm_app_chooser_set_folder_of (GTK_FILE_CHOOSER (chooser), document_file);
  suggested = suggest_name (self->document, format);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_set_object (&self->chooser, chooser);
  g_object_unref (chooser);

  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
