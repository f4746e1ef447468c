/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-export-dialog"

#include "config.h"

#include "cm-export-dialog.h"

#include "cm-app-util.h"
#include "cm-export-dialog-private.h"
#include "cm-session-signals.h"

#include <glib/gi18n.h>
#include <math.h>

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

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define N_PRESETS 2
G_STATIC_ASSERT (G_N_ELEMENTS (screen_sizes) == N_PRESETS);
G_STATIC_ASSERT (G_N_ELEMENTS (paper_sizes) == N_PRESETS);

G_DEFINE_FINAL_TYPE (CmExportDialog, cm_export_dialog, ADW_TYPE_WINDOW)

/* Helpers --------------------------------------------------------------- */

CmExportFormat
_cm_export_dialog_selected_format (CmExportDialog *self)
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
void
_cm_export_dialog_update (CmExportDialog *self)
{
  CmExportOptions options;
  CmExportFormat format = _cm_export_dialog_selected_format (self);
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

  _cm_export_dialog_update (self);
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

  _cm_export_dialog_update (self);
}

static void
range_changed_cb (CmExportDialog *self)
{
  g_assert (CM_IS_EXPORT_DIALOG (self));

  _cm_export_dialog_update (self);
}

static void
map_selected_cb (CmExportDialog *self)
{
  g_assert (CM_IS_EXPORT_DIALOG (self));

  if (!self->updating)
    self->map_row_chosen = TRUE;
  _cm_export_dialog_update (self);
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
  cm_export_draw (self->document, cm_session_get_matches (self->session), &options, cr,
                  options.width, options.height);
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
  g_clear_object (&self->session);
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
cm_export_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CmExportDialog *self = CM_EXPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, cm_export_dialog_get_session (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_export_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CmExportDialog *self = CM_EXPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      cm_export_dialog_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_export_dialog_class_init (CmExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_export_dialog_dispose;
  object_class->finalize = cm_export_dialog_finalize;
  object_class->get_property = cm_export_dialog_get_property;
  object_class->set_property = cm_export_dialog_set_property;

  properties[PROP_SESSION] = cm_session_param_spec_new ();

  g_object_class_install_properties (object_class, N_PROPS, properties);

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
  gtk_widget_class_bind_template_callback_full (widget_class, "export_clicked_cb",
                                                G_CALLBACK (_cm_export_dialog_export_clicked_cb));
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

  cm_app_name_buttons (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), CM_TYPE_EXPORT_DIALOG,
                                                                  "cancel_button")),
                       GTK_WIDGET (self->export_button),
                       GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), CM_TYPE_EXPORT_DIALOG,
                                                                  "cancel_export_button")),
                       NULL);

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
                      CmSession       *session,
                      AdwToastOverlay *toasts)
{
  CmExportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CM_IS_SESSION (session), NULL);
  g_return_val_if_fail (toasts == NULL || ADW_IS_TOAST_OVERLAY (toasts), NULL);

  self = g_object_new (CM_TYPE_EXPORT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->toasts = toasts != NULL ? g_object_ref (toasts) : NULL;
  cm_export_dialog_set_session (self, session);

  return self;
}

/**
 * cm_export_dialog_get_session:
 *
 * Returns: (transfer none) (nullable): the session exported
 */
CmSession *
cm_export_dialog_get_session (CmExportDialog *self)
{
  g_return_val_if_fail (CM_IS_EXPORT_DIALOG (self), NULL);

  return self->session;
}

/* Takes the session's document and viewport, and the selection and filter
 * as they are now. */
void
cm_export_dialog_set_session (CmExportDialog *self,
                              CmSession      *session)
{
  CmEventFilter *filter;

  g_return_if_fail (CM_IS_EXPORT_DIALOG (self));
  g_return_if_fail (session == NULL || CM_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_set_object (&self->document, (session != NULL ? cm_session_get_document (session) : NULL));
  g_set_object (&self->viewport, (session != NULL ? cm_session_get_viewport (session) : NULL));
  filter = session != NULL ? cm_session_get_filter (session) : NULL;
  self->selection = self->viewport != NULL ? cm_viewport_get_selection (self->viewport) : CM_NONE;

  gtk_widget_set_visible (GTK_WIDGET (self->filter_note),
                          filter != NULL && cm_event_filter_is_active (filter));

  if (session != NULL)
    _cm_export_dialog_update (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
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

  _cm_export_dialog_update (self);
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

  format = _cm_export_dialog_selected_format (self);
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
      if (self->viewport != NULL)
        {
          options->start = cm_viewport_get_start (self->viewport);
          options->end = cm_viewport_get_end (self->viewport);
        }
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
  /* The timeline as the window shows it */
  if (self->session != NULL)
    options->time_zone = cm_session_get_time_zone (self->session);

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
