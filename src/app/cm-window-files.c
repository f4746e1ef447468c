/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-window"

#include "config.h"

#include "cm-window-private.h"

#include "cm-app-util.h"
#include "cm-csv.h"
#include "cm-csv-mapping-dialog.h"
#include "cm-format.h"
#include "cm-native.h"

#include <glib/gi18n.h>
#include <string.h>

/* The file flows: open, import, save; the loader's progress, the import
 * report and the error dialogs. The file choosers are in
 * cm-window-choosers.c. */

/* A load that takes longer than this shows the progress bar. */
#define LOADING_BAR_DELAY_MS 200

/* Shows @error in a dialog headed @heading, and counts it. */
void
_cm_window_show_error (CmWindow     *self,
                       const char   *heading,
                       const GError *error)
{
  GtkWindow *dialog;

  self->n_errors++;
  g_debug ("%s: %s", heading, error->message);

  dialog = cm_app_present_error (GTK_WINDOW (self), heading, error->message);
  g_set_weak_pointer (&self->error_dialog, dialog);
}

/* Shows the error @text in a dialog headed @heading. */
void
_cm_window_show_error_text (CmWindow   *self,
                            const char *heading,
                            const char *text)
{
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, text);

  _cm_window_show_error (self, heading, error);
}

/* Shows the skipped events and warnings behind an import report. */
static void
report_details_cb (AdwToast *toast,
                   gpointer  user_data)
{
  CmWindow *self = g_object_get_data (G_OBJECT (toast), "window");
  const char *text = g_object_get_data (G_OBJECT (toast), "details");
  GtkWidget *dialog;

  if (self == NULL || text == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Skipped Events"), text);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* "312 events imported, 3 skipped", with the reasons a click away. */
static void
show_report (CmWindow       *self,
             GFile          *file,
             CmImportReport *report)
{
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *title = NULL;
  AdwToast *toast;

  title = cm_import_report_dup_summary (report);

  for (guint i = 0; i < report->skipped->len && i < 50; i++)
    g_string_append_printf (details, "%s\n", (const char *) g_ptr_array_index (report->skipped, i));
  if (report->n_skipped > 50)
    g_string_append_printf (details, _("… and %u more\n"), report->n_skipped - 50);
  for (guint i = 0; i < report->warnings->len && i < 50; i++)
    g_string_append_printf (details, "%s\n", (const char *) g_ptr_array_index (report->warnings, i));

  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_button_label (toast, _("_Details"));
  g_object_set_data_full (G_OBJECT (toast), "details", g_string_free (g_steal_pointer (&details), FALSE), g_free);
  g_object_set_data_full (G_OBJECT (toast), "window", g_object_ref (self), g_object_unref);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (report_details_cb), NULL);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  self->n_reports++;
}

/* Confirming ------------------------------------------------------------ */

typedef struct
{
  CmWindow             *self;
  CmWindowContinuation  then;
} Confirmation;

static void
confirmation_free (gpointer data,
                   GClosure *closure)
{
  Confirmation *confirmation = data;

  g_clear_object (&confirmation->self);
  g_free (confirmation);
}

/* The user answered about unsaved changes. */
static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     Confirmation     *confirmation)
{
  CmWindow *self = confirmation->self;

  if (self->document == NULL) /* disposed */
    return;

  if (g_strcmp0 (response, "discard") == 0)
    confirmation->then (self);
  else if (g_strcmp0 (response, "save") == 0)
    _cm_window_save_document (self, confirmation->then);
}

/* Asks what to do with unsaved changes, then runs @then unless the user
 * cancels (or the save fails). */
void
_cm_window_confirm_discard (CmWindow             *self,
                            CmWindowContinuation  then)
{
  g_autofree char *name = cm_document_dup_display_name (self->document);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  Confirmation *confirmation;

  body = g_strdup_printf (_("“%s” has unsaved changes. Changes which are not saved will be permanently lost."),
                          name);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"), body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");

  confirmation = g_new0 (Confirmation, 1);
  confirmation->self = g_object_ref (self);
  confirmation->then = then;
  g_signal_connect_data (dialog, "response",
                         G_CALLBACK (confirm_response_cb),
                         confirmation, confirmation_free, 0);

  gtk_window_present (GTK_WINDOW (dialog));
}

/* Loading --------------------------------------------------------------- */

typedef struct
{
  CmWindow     *self;
  CmLoader     *loader;
  GFile        *file;
  gboolean      bundled;
  gboolean      import;      /* merge into the open document */
  gboolean      fresh;       /* the window's first load */
  gboolean      reopening;   /* the last document, on start */
  gboolean      has_mapping;
  CmCsvMapping  mapping;     /* generic CSV columns, as the user chose */
} LoadRequest;

static void
load_request_free (LoadRequest *request)
{
  g_clear_object (&request->self);
  g_clear_object (&request->loader);
  g_clear_object (&request->file);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadRequest, load_request_free)

/* Ends the load running, if any, and hides its progress. */
void
_cm_window_stop_loading (CmWindow *self)
{
  g_clear_handle_id (&self->loading_bar_source, g_source_remove);
  if (self->fraction_binding != NULL)
    {
      g_binding_unbind (self->fraction_binding);
      self->fraction_binding = NULL;
    }
  g_clear_object (&self->loader);
  g_clear_object (&self->load_cancellable);

  if (self->loading_revealer != NULL)
    gtk_revealer_set_reveal_child (self->loading_revealer, FALSE);
  if (self->sidebar != NULL)
    cm_sidebar_set_loading (self->sidebar, FALSE);

  if (self->document != NULL)
    _cm_window_update_actions (self);
}

/* The load takes long: shows its progress. */
static gboolean
show_loading_bar_cb (gpointer user_data)
{
  CmWindow *self = user_data;

  self->loading_bar_source = 0;
  gtk_revealer_set_reveal_child (self->loading_revealer, TRUE);

  return G_SOURCE_REMOVE;
}

/* Moves @loaded into the window's document and shows where its story is. */
void
_cm_window_install_document (CmWindow   *self,
                             CmDocument *loaded)
{
  /* Serials belong to the old document. */
  cm_viewport_set_selection (self->viewport, CM_NONE);
  cm_document_take (self->document, loaded);
  /* The steps were of the document before. */
  cm_history_clear (cm_session_get_history (self->session));

  cm_timeline_view_show_story (self->timeline);
  cm_map_view_show_story (self->map, FALSE);
}

/* Another main window of the application, or NULL. */
static CmWindow *
find_other_window (CmWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (application == NULL)
    return NULL;

  for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
    {
      if (CM_IS_WINDOW (l->data) && l->data != self)
        return l->data;
    }

  return NULL;
}

static void start_next_import (CmWindow *self);

/* A load ended: installs or merges @loaded, or shows why not. */
static void
finish_load (CmWindow       *self,
             LoadRequest    *request,
             CmDocument     *loaded,
             CmImportReport *report,
             const GError   *error)
{
  if (loaded == NULL)
    {
      /* An open that failed: the files dropped with it are not imported
       * into another document. */
      if (!request->import && self->import_queue != NULL)
        g_ptr_array_set_size (self->import_queue, 0);

      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *name = cm_app_dup_file_display_name (request->file);
          g_autofree char *heading = NULL;

          if (!request->bundled)
            _cm_window_note_file_failed (self, request->file, error);

          if (request->bundled)
            heading = g_strdup (_("Could Not Open the Example Timeline"));
          else
            heading = g_strdup_printf (_("Could Not Open “%s”"), name);

          /* A window opened for this file alone (from the command line)
           * would stay empty: another window tells instead. */
          if (request->fresh && !request->import && !request->bundled)
            {
              CmWindow *other = find_other_window (self);

              if (other != NULL)
                {
                  _cm_window_show_error (other, heading, error);
                  gtk_window_destroy (GTK_WINDOW (self));
                  return;
                }
            }

          _cm_window_show_error (self, heading, error);

          /* The last document did not open on start: the example does. */
          if (request->reopening)
            cm_window_open_default (self);
        }
      return;
    }

  if (request->bundled)
    {
      /* A resource cannot be written to: saving asks for a file. */
      cm_document_set_file (loaded, NULL);
      cm_document_set_dirty (loaded, FALSE);
    }

  if (cm_import_report_has_news (report))
    show_report (self, request->file, report);

  if (request->import)
    {
      /* The saving thread is reading the document: it cannot grow now. */
      if (self->saving)
        {
          _cm_window_show_error_text (self, _("Could Not Import"), _("Wait until the timeline is saved, then import again."));
          return;
        }
      cm_document_merge (self->document, loaded);
      /* An import is not a step: the steps before it cannot be undone
       * across it. */
      cm_history_clear (cm_session_get_history (self->session));
      _cm_window_note_file_used (self, request->file, FALSE);
      _cm_window_offer_places (self);
      return;
    }

  if (!request->bundled)
    _cm_window_note_file_used (self, request->file, TRUE);

  /* The saving thread is reading the document: install after it. */
  if (self->saving)
    {
      g_set_object (&self->pending_document, loaded);
    }
  else
    {
      _cm_window_install_document (self, loaded);
      if (!request->bundled)
        _cm_window_offer_places (self);
    }
}

/* A load ended: installs or merges the document, or shows why not; then
 * goes on with the files waiting to be imported. */
static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  CmLoader *loader = CM_LOADER (object);
  g_autoptr(LoadRequest) request = user_data;
  CmWindow *self = request->self;
  g_autoptr(CmDocument) loaded = NULL;
  g_autoptr(CmImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gboolean current = self->loader == loader;

  loaded = cm_loader_load_finish_full (loader, result, &report, &error);

  if (current)
    {
      _cm_window_stop_loading (self);
      _cm_window_update_empty_state (self);
    }

  if (self->document == NULL) /* disposed */
    return;

  finish_load (self, request, loaded, report, error);

  /* A load that was replaced leaves the queue to the one replacing it. */
  if (current && self->document != NULL)
    start_next_import (self);
}

/* Starts loading @file, replacing the load running; with @mapping, as generic CSV. */
static void
start_load_full (CmWindow           *self,
                 GFile              *file,
                 gboolean            bundled,
                 gboolean            import,
                 const CmCsvMapping *mapping)
{
  LoadRequest *request;
  g_autofree char *label = NULL;

  /* One load at a time: a new one replaces the one running. */
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  _cm_window_stop_loading (self);

  self->loader = cm_loader_new ();
  self->load_cancellable = g_cancellable_new ();
  self->fraction_binding = g_object_bind_property (self->loader, "fraction",
                                                   self->progress_bar, "fraction",
                                                   G_BINDING_SYNC_CREATE);

  if (bundled)
    {
      label = g_strdup (_("Loading the example timeline…"));
    }
  else
    {
      g_autofree char *name = cm_app_dup_file_display_name (file);

      label = g_strdup_printf (_("Loading “%s”…"), name);
    }
  gtk_label_set_text (self->loading_label, label);
  self->loading_bar_source = g_timeout_add (LOADING_BAR_DELAY_MS, show_loading_bar_cb, self);
  cm_sidebar_set_loading (self->sidebar, TRUE);

  request = g_new0 (LoadRequest, 1);
  request->self = g_object_ref (self);
  request->loader = g_object_ref (self->loader);
  request->file = g_object_ref (file);
  request->bundled = bundled;
  request->import = import;
  request->fresh = self->fresh;
  request->reopening = self->reopening;
  self->fresh = FALSE;
  self->reopening = FALSE;
  if (mapping != NULL)
    {
      request->mapping = *mapping;
      request->has_mapping = TRUE;
    }

  cm_loader_load_format_async (self->loader, file,
                               mapping != NULL ? cm_format_by_id ("csv") : NULL,
                               mapping, self->load_cancellable, load_cb, request);
  _cm_window_update_actions (self);
  _cm_window_update_empty_state (self);
}

/* Loads @file (the bundled example when @bundled) in place of the document. */
void
_cm_window_start_load (CmWindow *self,
                       GFile    *file,
                       gboolean  bundled)
{
  start_load_full (self, file, bundled, FALSE, NULL);
}

/* A generic CSV file needs its columns: ask, then load. */
typedef struct
{
  CmWindow *self;
  GFile    *file;
  gboolean  import;
} MappingRequest;

static void
mapping_request_free (MappingRequest *request)
{
  g_clear_object (&request->self);
  g_clear_object (&request->file);
  g_free (request);
}

/* The CSV columns were chosen (or not): loads the file. */
static void
mapping_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  MappingRequest *request = user_data;
  CmWindow *self = request->self;
  g_autoptr(GError) error = NULL;
  CmCsvMapping mapping;

  self->choosing_columns = FALSE;
  if (cm_csv_mapping_dialog_run_finish (result, &mapping, &error))
    {
      start_load_full (self, request->file, FALSE, request->import, &mapping);
    }
  else
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *name = cm_app_dup_file_display_name (request->file);
          g_autofree char *heading = g_strdup_printf (_("Could Not Open “%s”"), name);

          _cm_window_show_error (self, heading, error);
        }
      /* Not the last document on start, then: nor the next load. */
      self->reopening = FALSE;
      if (self->document != NULL)
        start_next_import (self);
    }

  mapping_request_free (request);
}

/* Opens or imports @file, asking for the columns of a generic CSV first;
 * the files waiting to be imported stay waiting. */
static void
load_file (CmWindow *self,
           GFile    *file,
           gboolean  import)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *basename = g_file_get_basename (file);
  char head[4096];
  gssize n = -1;

  /* A pipe or a device is refused by the load, without peeking at it
   * here (reading one could block the window). */
  if (cm_file_check_regular (file, NULL, NULL))
    stream = g_file_read (file, NULL, NULL);
  if (stream != NULL)
    n = g_input_stream_read (G_INPUT_STREAM (stream), head, sizeof head, NULL, NULL);

  if (n > 0 && cm_format_detect (head, (gsize) n, basename) == cm_format_by_id ("csv")
      && !cm_csv_is_timelinejs_template (head, (gsize) n))
    {
      MappingRequest *request = g_new0 (MappingRequest, 1);

      request->self = g_object_ref (self);
      request->file = g_object_ref (file);
      request->import = import;
      self->choosing_columns = TRUE;
      cm_csv_mapping_dialog_run_async (GTK_WINDOW (self), file, self->cancellable, mapping_cb, request);
      return;
    }

  /* Errors (unreadable file …) are reported by the load itself. */
  start_load_full (self, file, FALSE, import, NULL);
}

/* Opens or imports @file, asking for the columns of a generic CSV first;
 * files dropped before and waiting to be imported are not imported. */
void
_cm_window_load_file (CmWindow *self,
                      GFile    *file,
                      gboolean  import)
{
  if (self->import_queue != NULL)
    g_ptr_array_set_size (self->import_queue, 0);

  load_file (self, file, import);
}

/* Imports the next file waiting, unless a load (or the choice of its CSV
 * columns) is under way. */
static void
start_next_import (CmWindow *self)
{
  g_autoptr(GFile) file = NULL;

  if (self->import_queue == NULL || self->import_queue->len == 0 ||
      self->loader != NULL || self->choosing_columns || self->saving)
    return;

  file = g_ptr_array_steal_index (self->import_queue, 0);
  load_file (self, file, TRUE);
}

/* Imports @files (GFile) one after the other. */
void
_cm_window_import_files (CmWindow  *self,
                         GPtrArray *files)
{
  if (self->import_queue == NULL)
    self->import_queue = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (self->import_queue, g_object_ref (g_ptr_array_index (files, i)));

  start_next_import (self);
}

/* Opens the file waiting for the unsaved changes to be settled. */
static void
open_file_to_open (CmWindow *self)
{
  g_autoptr(GFile) file = g_steal_pointer (&self->file_to_open);

  if (file != NULL)
    _cm_window_load_file (self, file, FALSE);
}

/* Opens @file as Open does: after asking about unsaved changes. */
void
_cm_window_open_asking (CmWindow *self,
                        GFile    *file)
{
  g_set_object (&self->file_to_open, file);

  if (cm_document_get_dirty (self->document))
    _cm_window_confirm_discard (self, open_file_to_open);
  else
    open_file_to_open (self);
}

/* Saving ---------------------------------------------------------------- */

typedef struct
{
  CmWindow             *window;
  CmDocument           *document;
  GFile                *file;
  CmWindowContinuation  then;
  gboolean              copy;  /* a copy in another format: the document keeps its file */
} SaveRequest;

static void
save_request_free (SaveRequest *request)
{
  g_clear_object (&request->window);
  g_clear_object (&request->document);
  g_clear_object (&request->file);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SaveRequest, save_request_free)

/* The save takes long: shows its progress, unless a load shows its own. */
static gboolean
show_saving_bar_cb (gpointer user_data)
{
  CmWindow *self = user_data;

  self->saving_bar_source = 0;
  if (self->loader == NULL && self->saver != NULL)
    {
      self->save_binding = g_object_bind_property (self->saver, "fraction",
                                                   self->progress_bar, "fraction",
                                                   G_BINDING_SYNC_CREATE);
      gtk_revealer_set_reveal_child (self->loading_revealer, TRUE);
    }

  return G_SOURCE_REMOVE;
}

/* The save ended: hides its progress. */
static void
stop_saving (CmWindow *self)
{
  g_clear_handle_id (&self->saving_bar_source, g_source_remove);
  if (self->save_binding != NULL)
    {
      g_binding_unbind (self->save_binding);
      self->save_binding = NULL;
      if (self->loader == NULL && self->loading_revealer != NULL)
        gtk_revealer_set_reveal_child (self->loading_revealer, FALSE);
    }
  g_clear_object (&self->saver);
  g_clear_object (&self->save_cancellable);
  self->saving = FALSE;
}

/* A save ended: marks the document saved, or shows why not; then goes on. */
static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SaveRequest) request = user_data;
  CmWindow *self = request->window;
  g_autoptr(CmDocument) pending = g_steal_pointer (&self->pending_document);
  g_autoptr(GError) error = NULL;
  gboolean saved;

  saved = cm_loader_save_finish (CM_LOADER (object), result, &error);

  stop_saving (self);
  if (self->document == NULL) /* disposed */
    return;
  _cm_window_update_actions (self);
  start_next_import (self);

  if (saved && request->copy)
    {
      g_autofree char *name = cm_app_dup_file_display_name (request->file);
      g_autofree char *basename = g_file_get_basename (request->file);
      const CmFormat *format = cm_format_by_extension (basename);
      g_autofree char *first = NULL;
      guint n_left_out = format ? cm_format_count_unwritable (format, request->document, &first) : 0;
      g_autofree char *title = NULL;

      if (n_left_out > 0)
        title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Saved a copy as “%s”; %u event could not be "
                                              "written in that format (“%s”)",
                                              "Saved a copy as “%s”; %u events could not be "
                                              "written in that format (first: “%s”)",
                                              n_left_out),
                                 name, n_left_out, first);
      else
        title = g_strdup_printf (_("Saved a copy as “%s”"), name);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
    }
  else if (saved)
    {
      cm_document_set_file (request->document, request->file);
      cm_document_set_dirty (request->document, FALSE);
    }

  if (saved)
    _cm_window_note_file_used (self, request->file, !request->copy);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *name = cm_app_dup_file_display_name (request->file);
      g_autofree char *heading = g_strdup_printf (_("Could Not Save “%s”"), name);

      self->close_after_save = FALSE;
      _cm_window_show_error (self, heading, error);
    }

  if (pending != NULL)
    _cm_window_install_document (self, pending);

  if (self->close_after_save)
    {
      self->close_after_save = FALSE;
      gtk_window_close (GTK_WINDOW (self));
    }
  else if (saved && request->then != NULL)
    {
      request->then (self);
    }
}

/* Saves the document to @file in a thread (a copy in another format when
 * @copy), with its progress shown when it takes long. */
void
_cm_window_start_save (CmWindow             *self,
                       GFile                *file,
                       gboolean              copy,
                       CmWindowContinuation  then)
{
  g_autofree char *name = cm_app_dup_file_display_name (file);
  g_autofree char *label = g_strdup_printf (_("Saving “%s”…"), name);
  SaveRequest *request;

  g_assert (!self->saving);

  request = g_new0 (SaveRequest, 1);
  request->window = g_object_ref (self);
  request->document = g_object_ref (self->document);
  request->file = g_object_ref (file);
  request->then = then;
  request->copy = copy;

  /* The document is read by the thread: nothing may change it meanwhile. */
  self->saving = TRUE;

  if (self->loader == NULL)
    gtk_label_set_text (self->loading_label, label);
  self->saver = cm_loader_new ();
  self->save_cancellable = g_cancellable_new ();
  self->saving_bar_source = g_timeout_add (LOADING_BAR_DELAY_MS, show_saving_bar_cb, self);
  cm_loader_save_async (self->saver, self->document, file,
                        copy ? NULL : cm_format_by_id ("native"),
                        self->save_cancellable, save_cb, request);
  _cm_window_update_actions (self);
}
