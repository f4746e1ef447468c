/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-window"

#include "config.h"

#include "cm-window-private.h"

#include "cm-app-util.h"
#include "cm-format.h"
#include "cm-native.h"

#include <glib/gi18n.h>
#include <string.h>

/* The file choosers of the window: Open, Import, Save As, Save a Copy. */

/* The file chosen in @dialog, if it was accepted; the window forgets the
 * dialog. */
static GFile *
take_chooser_file (CmWindow        *self,
                   GtkNativeDialog *dialog,
                   int              response)
{
  GFile *file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  if (self->file_chooser == dialog)
    g_clear_object (&self->file_chooser);

  return file;
}

typedef struct
{
  CmWindow             *self;
  CmWindowContinuation  then;
} SaveAsRequest;

/* Save As chose a file (or not): saves, adding the extension. */
static void
save_as_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  SaveAsRequest *request = user_data;
  CmWindow *self = request->self;
  g_autoptr(GFile) file = NULL;

  file = take_chooser_file (self, dialog, response);

  if (file == NULL || self->saving)
    return;

  /* Without an extension the file would not show up in Open. */
  {
    g_autofree char *basename = g_file_get_basename (file);

    if (basename != NULL && strchr (basename, '.') == NULL)
      {
        g_autofree char *with_extension = g_strconcat (basename, ".chronomap", NULL);
        g_autoptr(GFile) parent = g_file_get_parent (file);

        if (parent != NULL)
          {
            g_object_unref (file);
            file = g_file_get_child (parent, with_extension);
          }
      }
  }

  _cm_window_start_save (self, file, FALSE, request->then);
}

/* Chronomap's own files. */
static GtkFileFilter *
new_chronomap_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Chronomap Timelines"));
  gtk_file_filter_add_pattern (filter, "*.chronomap");
  gtk_file_filter_add_mime_type (filter, CM_NATIVE_MIME_TYPE);

  return filter;
}

/* Every file Chronomap reads, by extension. */
static GtkFileFilter *
new_supported_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();
  const CmFormat * const *formats = cm_format_list ();

  gtk_file_filter_set_name (filter, _("All Supported Files"));
  for (guint i = 0; formats[i] != NULL; i++)
    {
      for (guint e = 0; formats[i]->extensions[e] != NULL; e++)
        {
          g_autofree char *pattern = g_strconcat ("*.", formats[i]->extensions[e], NULL);
          g_autofree char *upper = g_ascii_strup (pattern, -1);

          gtk_file_filter_add_pattern (filter, pattern);
          gtk_file_filter_add_pattern (filter, upper);
        }
      for (guint m = 0; formats[i]->mime_types != NULL && formats[i]->mime_types[m] != NULL; m++)
        gtk_file_filter_add_mime_type (filter, formats[i]->mime_types[m]);
    }

  return filter;
}

/* Shows @dialog, in place of the file chooser open. */
static void
show_file_chooser (CmWindow        *self,
                   GtkNativeDialog *dialog)
{
  if (self->file_chooser != NULL)
    gtk_native_dialog_destroy (self->file_chooser);
  g_set_object (&self->file_chooser, dialog);

  gtk_native_dialog_set_modal (dialog, TRUE);
  gtk_native_dialog_show (dialog);
}

/* Asks for a file, saves to it, then runs @then. */
void
_cm_window_save_as (CmWindow             *self,
                    CmWindowContinuation  then)
{
  g_autoptr(GtkFileChooserNative) chooser = NULL;
  g_autoptr(GtkFileFilter) filter = new_chronomap_filter ();
  g_autofree char *name = cm_document_dup_display_name (self->document);
  g_autofree char *suggested = NULL;
  GFile *file = cm_document_get_file (self->document);
  SaveAsRequest *request;

  chooser = gtk_file_chooser_native_new (_("Save Timeline"),
                                         GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"),
                                         _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  if (file != NULL && g_file_is_native (file))
    {
      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, NULL);
    }
  else
    {
      g_strdelimit (name, "/\\", '-');
      suggested = g_strconcat (name, ".chronomap", NULL);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);
    }

  request = g_new0 (SaveAsRequest, 1);
  request->self = self;
  request->then = then;
  g_signal_connect_data (chooser, "response",
                         G_CALLBACK (save_as_response_cb),
                         request, (GClosureNotify) G_CALLBACK (g_free), 0);

  show_file_chooser (self, GTK_NATIVE_DIALOG (chooser));
}

/* Saves to the document's file, or asks for one; then runs @then. */
void
_cm_window_save_document (CmWindow             *self,
                          CmWindowContinuation  then)
{
  GFile *file = cm_document_get_file (self->document);

  if (self->saving)
    return;

  if (file == NULL)
    _cm_window_save_as (self, then);
  else
    _cm_window_start_save (self, file, FALSE, then);
}

/* Save a Copy chose a file (or not): saves in the format its name ends with. */
static void
save_copy_response_cb (GtkNativeDialog *dialog,
                       int              response,
                       CmWindow        *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *basename = NULL;
  const CmFormat *format;

  file = take_chooser_file (self, dialog, response);

  if (file == NULL || self->saving)
    return;

  basename = g_file_get_basename (file);
  format = cm_format_by_extension (basename);
  if (format == NULL || format->save == NULL)
    {
      _cm_window_show_error_text (self, _("Could Not Save a Copy"),
                       _("Choose a name ending in .chronomap, .json (TimelineJS), .csv, .ics, "
                         ".geojson or .kml: the ending sets the format."));
      return;
    }

  _cm_window_start_save (self, file, TRUE, NULL);
}

/* The file chooser of Save a Copy. */
void
_cm_window_show_save_copy_chooser (CmWindow *self)
{
  g_autoptr(GtkFileChooserNative) chooser = NULL;
  g_autoptr(GtkFileFilter) filter = new_supported_filter ();
  g_autofree char *name = cm_document_dup_display_name (self->document);
  g_autofree char *suggested = NULL;

  chooser = gtk_file_chooser_native_new (_("Save a Copy"),
                                         GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"),
                                         _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_strdelimit (name, "/\\", '-');
  suggested = g_strconcat (name, ".ics", NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);

  g_signal_connect_object (chooser, "response", G_CALLBACK (save_copy_response_cb), self, 0);
  show_file_chooser (self, GTK_NATIVE_DIALOG (chooser));
}

/* Opening --------------------------------------------------------------- */

/* Open or Import chose a file (or not): loads it. */
static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  CmWindow        *self)
{
  g_autoptr(GFile) file = NULL;
  gboolean import = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "import"));

  file = take_chooser_file (self, dialog, response);

  if (file != NULL)
    _cm_window_load_file (self, file, import);
}

/* The file chooser of Open (or of Import, when @import). */
void
_cm_window_show_load_chooser (CmWindow *self,
                              gboolean  import)
{
  g_autoptr(GtkFileChooserNative) chooser = NULL;
  g_autoptr(GtkFileFilter) filter = new_supported_filter ();
  g_autoptr(GtkFileFilter) native = new_chronomap_filter ();
  g_autoptr(GtkFileFilter) all_files = gtk_file_filter_new ();
  GFile *file = cm_document_get_file (self->document);

  chooser = gtk_file_chooser_native_new (import ? _("Import Events") : _("Open Timeline"),
                                         GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         import ? _("_Import") : _("_Open"),
                                         _("_Cancel"));
  g_object_set_data (G_OBJECT (chooser), "import", GINT_TO_POINTER (import));

  gtk_file_filter_set_name (all_files, _("All Files"));
  gtk_file_filter_add_pattern (all_files, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), native);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all_files);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), filter);

  cm_app_chooser_set_folder_of (GTK_FILE_CHOOSER (chooser), file);

  g_signal_connect_object (chooser, "response", G_CALLBACK (open_response_cb), self, 0);

  show_file_chooser (self, GTK_NATIVE_DIALOG (chooser));
}

/* The file chooser of Open. */
void
_cm_window_show_open_chooser (CmWindow *self)
{
  _cm_window_show_load_chooser (self, FALSE);
}
