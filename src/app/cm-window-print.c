/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-window"

#include "config.h"

#include "cm-window-private.h"

#include "cm-export.h"

#include <glib/gi18n.h>

/* Printing (win.print): one page, drawn by the export's page renderer
 * (cm_export_draw ()) in the printable area, in points as a PDF export is:
 * the title, the time range, the map and the timeline as the window shows
 * them, in the light style. The settings and page setup chosen are kept for
 * the next print while the application runs. */

#define PRINT_SETTINGS_KEY "cm-print-settings"
#define PAGE_SETUP_KEY     "cm-page-setup"

typedef struct
{
  CmWindow        *self;
  CmDocument      *document;
  CmMatchSet      *matches;  /* NULL: every event */
  CmExportOptions  options;
  gboolean         in_progress;  /* run () returned: "done" tells of errors */
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_clear_object (&job->self);
  g_clear_object (&job->document);
  g_clear_pointer (&job->matches, cm_match_set_unref);
  g_free (job);
}

/* The page as Export would draw it of the window as it is: the time window
 * shown, the map as framed, the selection, the timeline's time zone. */
static void
init_options (CmWindow        *self,
              CmExportOptions *options)
{
  GtkWidget *map = GTK_WIDGET (self->map);

  cm_export_options_init (options, self->document);
  options->view = CM_EXPORT_VIEW_BOTH;
  options->format = CM_EXPORT_PDF;
  options->dark = FALSE;
  options->start = cm_viewport_get_start (self->viewport);
  options->end = cm_viewport_get_end (self->viewport);
  options->selection = cm_viewport_get_selection (self->viewport);
  options->time_zone = cm_session_get_time_zone (self->session);

  cm_map_view_get_frame (self->map, &options->map_view);
  options->projection = options->map_view.projection;
  options->has_map_view = TRUE;
  options->map_view_width = MAX (gtk_widget_get_width (map), 0);
  options->map_view_height = MAX (gtk_widget_get_height (map), 0);
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  gtk_print_operation_set_n_pages (operation, 1);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  GtkPageSetup *setup = gtk_print_context_get_page_setup (context);
  cairo_t *cr = gtk_print_context_get_cairo_context (context);

  /* The printable area, in points: the origin is at its corner. */
  job->options.width = gtk_page_setup_get_page_width (setup, GTK_UNIT_POINTS);
  job->options.height = gtk_page_setup_get_page_height (setup, GTK_UNIT_POINTS);
  cm_export_draw (job->document, job->matches, &job->options, cr,
                  job->options.width, job->options.height);
}

/* The print ended: keeps the settings for the next one, or tells why it
 * failed. */
static void
done_cb (GtkPrintOperation       *operation,
         GtkPrintOperationResult  result,
         PrintJob                *job)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (job->self));

  if (result == GTK_PRINT_OPERATION_RESULT_APPLY && application != NULL)
    {
      g_object_set_data_full (G_OBJECT (application), PRINT_SETTINGS_KEY,
                              g_object_ref (gtk_print_operation_get_print_settings (operation)),
                              g_object_unref);
      g_object_set_data_full (G_OBJECT (application), PAGE_SETUP_KEY,
                              g_object_ref (gtk_print_operation_get_default_page_setup (operation)),
                              g_object_unref);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_ERROR && job->in_progress
           && job->self->document != NULL)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      _cm_window_show_error (job->self, _("Could Not Print"), error);
    }
}

/* The page setup of the last print, or A4 landscape, as the page is laid
 * out: wider than tall. */
static GtkPageSetup *
dup_page_setup (GtkApplication *application)
{
  GtkPageSetup *kept = application != NULL
    ? g_object_get_data (G_OBJECT (application), PAGE_SETUP_KEY) : NULL;
  GtkPageSetup *setup;

  if (kept != NULL)
    return gtk_page_setup_copy (kept);

  setup = gtk_page_setup_new ();
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_LANDSCAPE);

  return setup;
}

/* Prints the window's page (to @export_filename, a PDF, without a dialog,
 * when given); FALSE and @error when it fails. */
gboolean
cm_window_print (CmWindow    *self,
                 const char  *export_filename,
                 GError     **error)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = dup_page_setup (application);
  g_autofree char *title = NULL;
  GtkPrintSettings *settings = NULL;
  GtkPrintOperationResult result;
  PrintJob *job;

  g_return_val_if_fail (CM_IS_WINDOW (self), FALSE);

  if (application != NULL)
    settings = g_object_get_data (G_OBJECT (application), PRINT_SETTINGS_KEY);

  job = g_new0 (PrintJob, 1);
  job->self = g_object_ref (self);
  job->document = g_object_ref (self->document);
  /* The result of the filter as it is now, complete. */
  cm_session_flush (self->session);
  if (!cm_match_set_is_all (cm_session_get_matches (self->session)))
    job->matches = cm_match_set_ref (cm_session_get_matches (self->session));
  init_options (self, &job->options);

  title = cm_document_dup_display_name (self->document);
  gtk_print_operation_set_job_name (operation, title);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_default_page_setup (operation, setup);
  if (settings != NULL)
    gtk_print_operation_set_print_settings (operation, settings);
  gtk_print_operation_set_n_pages (operation, 1);

  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);
  g_signal_connect_data (operation, "done", G_CALLBACK (done_cb), job,
                         (GClosureNotify) G_CALLBACK (print_job_free), 0);

  if (export_filename != NULL)
    {
      gtk_print_operation_set_export_filename (operation, export_filename);
      result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT,
                                        GTK_WINDOW (self), error);
    }
  else
    {
      /* The dialog runs without blocking the window; "done" ends it. */
      gtk_print_operation_set_allow_async (operation, TRUE);
      result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                        GTK_WINDOW (self), error);
      if (result == GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
        job->in_progress = TRUE;
    }

  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}
