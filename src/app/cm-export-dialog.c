/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-export-dialog"

#include "config.h"

#include "cm-export-dialog.h"

#include "cm-export-dialog-private.h"
#include "cm-format.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

/* Rows of the combo rows, in the order of the .ui file. */
enum { VIEW_BOTH, VIEW_TIMELINE, VIEW_MAP };
enum { RANGE_SHOWN, RANGE_ALL, RANGE_CUSTOM };
enum { MAP_FIT, MAP_SHOWN };

typedef struct
{
  const char *name;
  double      width;
  double      height;
} SizePreset;

/* Pixels for PNG and SVG, points for PDF; the last row of the list is
 * "Custom". */
static const SizePreset screen_sizes[] = {
  { N_("Full HD"), 1920, 1080 },
  { N_("4K UHD"), 3840, 2160 },
};

static const SizePreset paper_sizes[] = {
  { N_("A4 Landscape"), 297 * 72 / 25.4, 210 * 72 / 25.4 },
  { N_("US Letter Landscape"), 11 * 72, 8.5 * 72 },
};

#define N_PRESETS 2
G_STATIC_ASSERT (G_N_ELEMENTS (screen_sizes) == N_PRESETS);
G_STATIC_ASSERT (G_N_ELEMENTS (paper_sizes) == N_PRESETS);

/* What the export thread works on: its own copies. */
typedef struct
{
  CmExportDialog  *self;      /* owned */
  CmDocument      *document;  /* owned */
  CmEventFilter   *filter;    /* owned, nullable */
  GFile           *file;      /* owned */
  CmExportOptions  options;
} ExportJob;

struct _CmExportDialog
{
  AdwWindow              parent_instance;

  CmDocument            *document;
  CmViewport            *viewport;
  CmEventFilter         *filter;           /* nullable */
  AdwToastOverlay       *toasts;           /* nullable */
  CmMapFrame             map_frame;
  double                 map_width;
  double                 map_height;
  gboolean               has_map_frame;
  gboolean               map_row_chosen;   /* by the user: the view no longer sets it */
  gboolean               updating;         /* rows changed by the dialog itself */
  gboolean               paper;            /* the size list holds paper sizes */
  guint                  selection;        /* serial, or CM_NONE */

  GtkFileChooserNative  *chooser;
  GCancellable          *cancellable;      /* of the export running, or NULL */
  GFile                 *file;             /* being written */

  GMutex                 mutex;            /* guards what follows */
  double                 fraction;
  guint                  progress_source;

  /* Template widgets */
  GtkButton             *export_button;
  GtkWidget             *settings_box;
  GtkAspectFrame        *preview_frame;
  GtkDrawingArea        *preview;
  GtkLabel              *filter_note;
  AdwComboRow           *view_row;
  AdwComboRow           *range_row;
  AdwEntryRow           *from_row;
  AdwEntryRow           *to_row;
  GtkLabel              *range_error;
  AdwComboRow           *map_row;
  AdwActionRow          *selection_row;
  GtkSwitch             *selection_switch;
  AdwComboRow           *format_row;
  AdwComboRow           *size_row;
  GtkStringList         *size_list;
  AdwActionRow          *custom_row;
  AdwActionRow          *custom_height_row;
  GtkSpinButton         *width_spin;
  GtkSpinButton         *height_spin;
  GtkLabel              *unit_label;
  GtkLabel              *height_unit_label;
  AdwComboRow           *scale_row;
  AdwComboRow           *style_row;
  GtkRevealer           *progress_revealer;
  GtkLabel              *progress_label;
  GtkProgressBar        *progress_bar;
};

G_DEFINE_FINAL_TYPE (CmExportDialog, cm_export_dialog, ADW_TYPE_WINDOW)

/* Helpers --------------------------------------------------------------- */

static CmExportFormat
selected_format (CmExportDialog *self)
{
  switch (adw_combo_row_get_selected (self->format_row))
    {
    case 1:
      return CM_EXPORT_SVG;
    case 2:
      return CM_EXPORT_PDF;
    case 0:
    default:
      return CM_EXPORT_PNG;
    }
}

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

static gboolean
is_custom_size (CmExportDialog *self)
{
  return adw_combo_row_get_selected (self->size_row) >= N_PRESETS;
}

/* The size list of the format: pixels or paper. */
static void
fill_size_list (CmExportDialog *self,
                gboolean        paper)
{
  const SizePreset *presets = paper ? paper_sizes : screen_sizes;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < N_PRESETS; i++)
    {
      if (paper)
        /* Translators: a paper size, its name then its size in points */
        g_ptr_array_add (items, g_strdup_printf (_("%s (%.0f × %.0f pt)"), _(presets[i].name),
                                                 presets[i].width, presets[i].height));
      else
        /* Translators: an image size in pixels, then its name */
        g_ptr_array_add (items, g_strdup_printf (_("%.0f × %.0f px (%s)"), presets[i].width,
                                                 presets[i].height, _(presets[i].name)));
    }
  g_ptr_array_add (items, g_strdup (_("Custom")));
  g_ptr_array_add (items, NULL);

  gtk_string_list_splice (self->size_list, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->size_list)),
                          (const char * const *) items->pdata);
  self->paper = paper;
}

/* A span's ends as the From and To rows show them. */
static void
fill_custom_range (CmExportDialog *self,
                   CmTime          start,
                   CmTime          end)
{
  CmPrecision precision = end - start > 3 * 86400 ? CM_PRECISION_DAY : CM_PRECISION_MINUTE;
  g_autofree char *from = cm_time_format (start, precision, 0);
  g_autofree char *to = cm_time_format (precision == CM_PRECISION_DAY ? end - 1 : end,
                                        precision, 0);

  gtk_editable_set_text (GTK_EDITABLE (self->from_row), from);
  gtk_editable_set_text (GTK_EDITABLE (self->to_row), to);
}

static gboolean
parse_row (AdwEntryRow  *row,
           gboolean      is_end,
           CmTime       *time,
           char        **message)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GError) error = NULL;
  CmPrecision precision;
  int offset;

  if (!cm_time_parse (text, time, &precision, &offset, &error))
    {
      if (is_end)
        /* Translators: why what was typed in the To row is not a date */
        *message = g_strdup_printf (_("To: %s"), error->message);
      else
        /* Translators: why what was typed in the From row is not a date */
        *message = g_strdup_printf (_("From: %s"), error->message);
      return FALSE;
    }

  /* "To 2011" means to the end of 2011. */
  if (is_end)
    *time = cm_time_unit_end (*time, precision, offset);

  return TRUE;
}

/* The custom range; FALSE with @message when it is not one. */
static gboolean
parse_custom_range (CmExportDialog  *self,
                    CmTime          *start,
                    CmTime          *end,
                    char           **message,
                    gboolean        *bad_from,
                    gboolean        *bad_to)
{
  g_autofree char *from_message = NULL;
  g_autofree char *to_message = NULL;

  *bad_from = !parse_row (self->from_row, FALSE, start, &from_message);
  *bad_to = !parse_row (self->to_row, TRUE, end, &to_message);

  if (*bad_from || *bad_to)
    {
      if (*bad_from && *bad_to)
        *message = g_strdup_printf ("%s\n%s", from_message, to_message);
      else
        *message = g_strdup (*bad_from ? from_message : to_message);
      return FALSE;
    }

  if (*end <= *start)
    {
      *bad_to = TRUE;
      *message = g_strdup (_("The end of the range must come after its start."));
      return FALSE;
    }

  return TRUE;
}

static void
set_row_error (GtkWidget *row,
               gboolean   error)
{
  if (error)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

static gboolean build_options (CmExportDialog   *self,
                               CmExportOptions  *options,
                               char            **message,
                               gboolean         *bad_from,
                               gboolean         *bad_to);

/* Every row's visibility and text from the settings; redraws the preview. */
static void
update (CmExportDialog *self)
{
  CmExportOptions options;
  CmExportFormat format = selected_format (self);
  guint view = adw_combo_row_get_selected (self->view_row);
  gboolean custom_range = adw_combo_row_get_selected (self->range_row) == RANGE_CUSTOM;
  g_autofree char *message = NULL;
  gboolean valid, bad_from, bad_to;

  if (self->updating)
    return;
  self->updating = TRUE;

  /* The size list follows the format: screen or paper sizes. */
  if ((format == CM_EXPORT_PDF) != self->paper)
    {
      guint selected = adw_combo_row_get_selected (self->size_row);
      double factor = format == CM_EXPORT_PDF ? 72.0 / 96.0 : 96.0 / 72.0;

      fill_size_list (self, format == CM_EXPORT_PDF);
      adw_combo_row_set_selected (self->size_row, MIN (selected, N_PRESETS));
      /* A custom size keeps its physical size: 96 px to 72 pt. */
      gtk_spin_button_set_value (self->width_spin,
                                 round (gtk_spin_button_get_value (self->width_spin) * factor));
      gtk_spin_button_set_value (self->height_spin,
                                 round (gtk_spin_button_get_value (self->height_spin) * factor));
    }
  /* Translators: units of a custom size: points, pixels */
  gtk_label_set_text (self->unit_label, format == CM_EXPORT_PDF ? _("pt") : _("px"));
  gtk_label_set_text (self->height_unit_label, format == CM_EXPORT_PDF ? _("pt") : _("px"));
  gtk_widget_set_visible (GTK_WIDGET (self->custom_row), is_custom_size (self));
  gtk_widget_set_visible (GTK_WIDGET (self->custom_height_row), is_custom_size (self));
  gtk_widget_set_visible (GTK_WIDGET (self->scale_row), format == CM_EXPORT_PNG);

  /* The map as shown, for a map of its own; fitted on a page of both. */
  if (!self->map_row_chosen)
    adw_combo_row_set_selected (self->map_row,
                                view == VIEW_MAP && self->has_map_frame ? MAP_SHOWN : MAP_FIT);
  gtk_widget_set_visible (GTK_WIDGET (self->map_row), view != VIEW_TIMELINE && self->has_map_frame);
  gtk_widget_set_visible (GTK_WIDGET (self->selection_row), self->selection != CM_NONE);

  gtk_widget_set_visible (GTK_WIDGET (self->from_row), custom_range);
  gtk_widget_set_visible (GTK_WIDGET (self->to_row), custom_range);

  valid = build_options (self, &options, &message, &bad_from, &bad_to);

  /* The errors, inline, while the range is custom. */
  set_row_error (GTK_WIDGET (self->from_row), bad_from);
  set_row_error (GTK_WIDGET (self->to_row), bad_to);
  gtk_label_set_text (self->range_error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->range_error), message != NULL);

  if (!valid)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->range_row), "");

  if (valid)
    {
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;
      CmPrecision precision = options.end - options.start > 3 * 86400 ? CM_PRECISION_DAY
                                                                        : CM_PRECISION_MINUTE;

      from = cm_time_format (options.start, precision, 0);
      to = cm_time_format (precision == CM_PRECISION_DAY ? options.end - 1 : options.end,
                           precision, 0);
      {
        /* Translators: the time range exported, from and to */
        g_autofree char *range = g_strdup_printf (_("%s – %s"), from, to);

        adw_action_row_set_subtitle (ADW_ACTION_ROW (self->range_row), range);
      }

      if (format == CM_EXPORT_PNG)
        {
          g_autofree char *pixels = g_strdup_printf (_("%.0f × %.0f pixels"),
                                                     ceil (options.width * options.scale),
                                                     ceil (options.height * options.scale));

          adw_action_row_set_subtitle (ADW_ACTION_ROW (self->scale_row), pixels);
        }

      gtk_aspect_frame_set_ratio (self->preview_frame, (float) (options.width / options.height));
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), valid && self->cancellable == NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self->preview));

  self->updating = FALSE;
}

static void
settings_changed_cb (CmExportDialog *self)
{
  g_assert (CM_IS_EXPORT_DIALOG (self));

  update (self);
}

static void
range_selected_cb (CmExportDialog *self)
{
  g_assert (CM_IS_EXPORT_DIALOG (self));

  /* A custom range starts from the one shown. */
  if (adw_combo_row_get_selected (self->range_row) == RANGE_CUSTOM
      && gtk_editable_get_text (GTK_EDITABLE (self->from_row))[0] == '\0'
      && gtk_editable_get_text (GTK_EDITABLE (self->to_row))[0] == '\0')
    fill_custom_range (self, cm_viewport_get_start (self->viewport),
                       cm_viewport_get_end (self->viewport));

  update (self);
}

static void
range_changed_cb (CmExportDialog *self)
{
  g_assert (CM_IS_EXPORT_DIALOG (self));

  update (self);
}

static void
map_selected_cb (CmExportDialog *self)
{
  g_assert (CM_IS_EXPORT_DIALOG (self));

  if (!self->updating)
    self->map_row_chosen = TRUE;
  update (self);
}

/* Enter in a spin button exports, as in the entries: GtkSpinButton has no
 * :activates-default before GTK 4.14, its text does. */
static void
spin_activates_default (GtkSpinButton *spin)
{
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (spin));

  if (GTK_IS_TEXT (text))
    gtk_text_set_activates_default (GTK_TEXT (text), TRUE);
}

static void
preview_draw_cb (GtkDrawingArea *area,
                 cairo_t        *cr,
                 int             width,
                 int             height,
                 gpointer        user_data)
{
  CmExportDialog *self = user_data;
  CmExportOptions options;
  double scale;

  if (self->document == NULL || !cm_export_dialog_get_options (self, &options))
    return;

  /* The page, scaled to fit (the frame keeps its shape). */
  scale = MIN (width / options.width, height / options.height);
  cairo_scale (cr, scale, scale);
  cm_export_draw (self->document, self->filter, &options, cr, options.width, options.height);
}

/* Exporting ------------------------------------------------------------- */

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->self);
  g_clear_object (&job->document);
  g_clear_object (&job->filter);
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

static void
set_busy (CmExportDialog *self,
          gboolean        busy)
{
  gtk_widget_set_sensitive (self->settings_box, !busy);
  gtk_revealer_set_reveal_child (self->progress_revealer, busy);
  if (busy)
    gtk_progress_bar_set_fraction (self->progress_bar, 0);
  update (self);
}

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

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError *error = NULL;

  if (cm_export_to_file (job->document, job->filter, &job->options, job->file,
                         progress_cb, job, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static char *
dup_file_display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  if (basename == NULL)
    return g_file_get_parse_name (file);

  return g_filename_display_name (basename);
}

static void
open_exported_cb (AdwToast        *toast,
                  AdwToastOverlay *toasts)
{
  GFile *file = g_object_get_data (G_OBJECT (toast), "file");
  g_autofree char *uri = g_file_get_uri (file);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (toasts));

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  CmExportDialog *self = CM_EXPORT_DIALOG (object);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = dup_file_display_name (job->file);

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
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
      gtk_window_present (GTK_WINDOW (dialog));
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
  if (self->filter != NULL && cm_event_filter_is_active (self->filter))
    {
      job->filter = cm_event_filter_new ();
      cm_event_filter_set_search (job->filter, cm_event_filter_get_search (self->filter));
      cm_event_filter_set_category (job->filter, cm_event_filter_get_category (self->filter));
    }
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

  name = dup_file_display_name (job->file);
  label = g_strdup_printf (_("Exporting “%s”…"), name);
  gtk_label_set_text (self->progress_label, label);
  set_busy (self, TRUE);

  task = g_task_new (self, self->cancellable, export_done_cb, NULL);
  g_task_set_source_tag (task, cm_export_dialog_export_to_file);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

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

static void
export_clicked_cb (CmExportDialog *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *suggested = NULL;
  CmExportFormat format = selected_format (self);
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

  if (document_file != NULL && g_file_is_native (document_file))
    {
      g_autoptr(GFile) folder = g_file_get_parent (document_file);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
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

static void
cancel_export_clicked_cb (CmExportDialog *self)
{
  g_assert (CM_IS_EXPORT_DIALOG (self));

  /* Silent: the old file, if any, stays as it was. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static gboolean
close_request_cb (CmExportDialog *self)
{
  g_assert (CM_IS_EXPORT_DIALOG (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  return GDK_EVENT_PROPAGATE;
}

/* GObject --------------------------------------------------------------- */

static void
cm_export_dialog_dispose (GObject *object)
{
  CmExportDialog *self = CM_EXPORT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  {
    guint source;

    g_mutex_lock (&self->mutex);
    source = self->progress_source;
    self->progress_source = 0;
    g_mutex_unlock (&self->mutex);
    g_clear_handle_id (&source, g_source_remove);
  }

  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_EXPORT_DIALOG);

  g_clear_object (&self->document);
  g_clear_object (&self->viewport);
  g_clear_object (&self->filter);
  g_clear_object (&self->toasts);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (cm_export_dialog_parent_class)->dispose (object);
}

static void
cm_export_dialog_finalize (GObject *object)
{
  CmExportDialog *self = CM_EXPORT_DIALOG (object);

  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (cm_export_dialog_parent_class)->finalize (object);
}

static void
cm_export_dialog_class_init (CmExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_export_dialog_dispose;
  object_class->finalize = cm_export_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/cm-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CmExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, CmExportDialog, settings_box);
  gtk_widget_class_bind_template_child (widget_class, CmExportDialog, preview_frame);
  gtk_widget_class_bind_template_child (widget_class, CmExportDialog, preview);
  gtk_widget_class_bind_template_child (widget_class, CmExportDialog, filter_note);
  gtk_widget_class_bind_template_child (widget_class, CmExportDialog, view_row);
  gtk_widget_class_bind_template_child (widget_class, CmExportDialog, range_row);
  gtk_widget_class_bind_template_child (widget_class, CmExportDialog, from_row);
  gtk_widget_class_bind_template_child (widget_class, CmExportDialog, to_row);
  gtk_widget_class_bind_template_child (widget_class, CmExportDialog, range_error);
  gtk_widget_class_bind_template_child (widget_class, CmExportDialog, map_row);
  gtk_widget_class_bind_template_child (widget_class, CmExportDialog, selection_row);
  gtk_widget_class_bind_template_child (widget_class, CmExportDialog, selection_switch);
  gtk_widget_class_bind_template_child (widget_class, CmExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, CmExportDialog, size_row);
  gtk_widget_class_bind_template_child (widget_class, CmExportDialog, size_list);
  gtk_widget_class_bind_template_child (widget_class, CmExportDialog, custom_row);
  gtk_widget_class_bind_template_child (widget_class, CmExportDialog, custom_height_row);
  gtk_widget_class_bind_template_child (widget_class, CmExportDialog, width_spin);
  gtk_widget_class_bind_template_child (widget_class, CmExportDialog, height_spin);
  gtk_widget_class_bind_template_child (widget_class, CmExportDialog, unit_label);
  gtk_widget_class_bind_template_child (widget_class, CmExportDialog, height_unit_label);
  gtk_widget_class_bind_template_child (widget_class, CmExportDialog, scale_row);
  gtk_widget_class_bind_template_child (widget_class, CmExportDialog, style_row);
  gtk_widget_class_bind_template_child (widget_class, CmExportDialog, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, CmExportDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, CmExportDialog, progress_bar);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_export_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_request_cb);
  gtk_widget_class_bind_template_callback (widget_class, range_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cm_export_dialog_init (CmExportDialog *self)
{
  g_mutex_init (&self->mutex);
  self->selection = CM_NONE;

  gtk_widget_init_template (GTK_WIDGET (self));

  fill_size_list (self, FALSE);
  gtk_drawing_area_set_draw_func (self->preview, preview_draw_cb, self, NULL);
  /* Enter exports: the focus starts on the default button, not on Cancel. */
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->export_button));
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->export_button));
  spin_activates_default (self->width_spin);
  spin_activates_default (self->height_spin);

  g_signal_connect_object (self->view_row, "notify::selected",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->range_row, "notify::selected",
                           G_CALLBACK (range_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->map_row, "notify::selected",
                           G_CALLBACK (map_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection_switch, "notify::active",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->format_row, "notify::selected",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->size_row, "notify::selected",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->width_spin, "value-changed",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->height_spin, "value-changed",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scale_row, "notify::selected",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->style_row, "notify::selected",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
}

/**
 * cm_export_dialog_new:
 *
 * Returns: (transfer none): the dialog, owned by the window list
 */
CmExportDialog *
cm_export_dialog_new (GtkWindow       *parent,
                      CmDocument      *document,
                      CmViewport      *viewport,
                      CmEventFilter   *filter,
                      AdwToastOverlay *toasts)
{
  CmExportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CM_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (CM_IS_VIEWPORT (viewport), NULL);
  g_return_val_if_fail (filter == NULL || CM_IS_EVENT_FILTER (filter), NULL);
  g_return_val_if_fail (toasts == NULL || ADW_IS_TOAST_OVERLAY (toasts), NULL);

  self = g_object_new (CM_TYPE_EXPORT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->document = g_object_ref (document);
  self->viewport = g_object_ref (viewport);
  self->filter = filter != NULL ? g_object_ref (filter) : NULL;
  self->toasts = toasts != NULL ? g_object_ref (toasts) : NULL;
  self->selection = cm_viewport_get_selection (viewport);

  gtk_widget_set_visible (GTK_WIDGET (self->filter_note),
                          filter != NULL && cm_event_filter_is_active (filter));

  update (self);

  return self;
}

void
cm_export_dialog_set_map_frame (CmExportDialog   *self,
                                const CmMapFrame *frame,
                                double            width,
                                double            height)
{
  g_return_if_fail (CM_IS_EXPORT_DIALOG (self));
  g_return_if_fail (frame != NULL);

  self->map_frame = *frame;
  self->map_width = MAX (width, 0);
  self->map_height = MAX (height, 0);
  self->has_map_frame = TRUE;

  update (self);
}

/* The options of the rows; FALSE (and @message) when they cannot be
 * exported. Changes no widget: the preview calls it while drawing. */
static gboolean
build_options (CmExportDialog   *self,
               CmExportOptions  *options,
               char            **message,
               gboolean         *bad_from,
               gboolean         *bad_to)
{
  CmExportFormat format;
  gboolean valid = TRUE;
  guint view, size;

  *message = NULL;
  *bad_from = *bad_to = FALSE;

  cm_export_options_init (options, self->document);

  view = adw_combo_row_get_selected (self->view_row);
  options->view = view == VIEW_TIMELINE ? CM_EXPORT_VIEW_TIMELINE
                : view == VIEW_MAP ? CM_EXPORT_VIEW_MAP
                : CM_EXPORT_VIEW_BOTH;

  format = selected_format (self);
  options->format = format;

  size = adw_combo_row_get_selected (self->size_row);
  if (size < N_PRESETS)
    {
      const SizePreset *preset = format == CM_EXPORT_PDF ? &paper_sizes[size] : &screen_sizes[size];

      options->width = preset->width;
      options->height = preset->height;
    }
  else
    {
      options->width = gtk_spin_button_get_value (self->width_spin);
      options->height = gtk_spin_button_get_value (self->height_spin);
    }
  options->scale = format == CM_EXPORT_PNG && adw_combo_row_get_selected (self->scale_row) == 1
                   ? 2 : 1;
  options->dark = adw_combo_row_get_selected (self->style_row) == 1;

  switch (adw_combo_row_get_selected (self->range_row))
    {
    case RANGE_SHOWN:
      options->start = cm_viewport_get_start (self->viewport);
      options->end = cm_viewport_get_end (self->viewport);
      break;
    case RANGE_CUSTOM:
      valid = parse_custom_range (self, &options->start, &options->end, message, bad_from, bad_to);
      break;
    case RANGE_ALL:
    default:
      break;  /* every event, as cm_export_options_init() sets it */
    }

  if (self->has_map_frame)
    {
      options->projection = self->map_frame.projection;
      if (options->view != CM_EXPORT_VIEW_TIMELINE
          && adw_combo_row_get_selected (self->map_row) == MAP_SHOWN)
        {
          options->has_map_view = TRUE;
          options->map_view = self->map_frame;
          options->map_view_width = self->map_width;
          options->map_view_height = self->map_height;
        }
    }

  options->selection = gtk_switch_get_active (self->selection_switch) ? self->selection : CM_NONE;

  return valid && options->end > options->start && options->width >= 16 && options->height >= 16;
}

gboolean
cm_export_dialog_get_options (CmExportDialog  *self,
                              CmExportOptions *options)
{
  g_autofree char *message = NULL;
  gboolean bad_from, bad_to;

  g_return_val_if_fail (CM_IS_EXPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  return build_options (self, options, &message, &bad_from, &bad_to);
}

AdwComboRow *
cm_export_dialog_get_view_row (CmExportDialog *self)
{
  g_return_val_if_fail (CM_IS_EXPORT_DIALOG (self), NULL);
  return self->view_row;
}

AdwComboRow *
cm_export_dialog_get_range_row (CmExportDialog *self)
{
  g_return_val_if_fail (CM_IS_EXPORT_DIALOG (self), NULL);
  return self->range_row;
}

AdwComboRow *
cm_export_dialog_get_format_row (CmExportDialog *self)
{
  g_return_val_if_fail (CM_IS_EXPORT_DIALOG (self), NULL);
  return self->format_row;
}

AdwComboRow *
cm_export_dialog_get_size_row (CmExportDialog *self)
{
  g_return_val_if_fail (CM_IS_EXPORT_DIALOG (self), NULL);
  return self->size_row;
}

AdwComboRow *
cm_export_dialog_get_scale_row (CmExportDialog *self)
{
  g_return_val_if_fail (CM_IS_EXPORT_DIALOG (self), NULL);
  return self->scale_row;
}

AdwEntryRow *
cm_export_dialog_get_from_row (CmExportDialog *self)
{
  g_return_val_if_fail (CM_IS_EXPORT_DIALOG (self), NULL);
  return self->from_row;
}

AdwEntryRow *
cm_export_dialog_get_to_row (CmExportDialog *self)
{
  g_return_val_if_fail (CM_IS_EXPORT_DIALOG (self), NULL);
  return self->to_row;
}

GtkWidget *
cm_export_dialog_get_export_button (CmExportDialog *self)
{
  g_return_val_if_fail (CM_IS_EXPORT_DIALOG (self), NULL);
  return GTK_WIDGET (self->export_button);
}

gboolean
cm_export_dialog_get_busy (CmExportDialog *self)
{
  g_return_val_if_fail (CM_IS_EXPORT_DIALOG (self), FALSE);
  return self->cancellable != NULL;
}
