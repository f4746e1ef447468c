/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-export"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "cm-export.h"
#include "cm-style.h"
#include "cm-timeline-renderer.h"

/* The largest surface accepted, per side, in device pixels. */
#define MAX_SIDE 20000.0

G_DEFINE_QUARK (cm-export-error-quark, cm_export_error)

void
cm_export_options_init (CmExportOptions *options,
                        CmDocument      *document)
{
  CmTime first = 0, last = 86400;

  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->view = CM_EXPORT_VIEW_BOTH;
  options->format = CM_EXPORT_PNG;
  options->width = 1920;
  options->height = 1080;
  options->scale = 1;
  options->projection = CM_PROJECTION_NATURAL_EARTH;
  options->selection = CM_NONE;

  if (document != NULL && cm_event_store_get_range (cm_document_get_store (document), &first, &last))
    {
      CmTime margin = MAX ((last - first) / 20, 3600);

      first = first > G_MININT64 / 2 + margin ? first - margin : first;
      last = last < G_MAXINT64 / 2 - margin ? last + margin : last;
    }
  options->start = first;
  options->end = last > first ? last : first + 86400;
}

gboolean
cm_export_format_from_name (const char     *filename,
                            CmExportFormat *format)
{
  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);

  if (g_str_has_suffix (filename, ".png") || g_str_has_suffix (filename, ".PNG"))
    *format = CM_EXPORT_PNG;
  else if (g_str_has_suffix (filename, ".svg") || g_str_has_suffix (filename, ".SVG"))
    *format = CM_EXPORT_SVG;
  else if (g_str_has_suffix (filename, ".pdf") || g_str_has_suffix (filename, ".PDF"))
    *format = CM_EXPORT_PDF;
  else
    return FALSE;

  return TRUE;
}

static PangoLayout *
make_layout (cairo_t       *cr,
             const CmStyle *style,
             double         size_px,
             gboolean       bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (style->font_family);

  pango_font_description_set_absolute_size (font, size_px * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);

  return layout;
}

/* Text at (x, y), no wider than @max_width (ellipsized). Returns its height. */
static double
draw_text (cairo_t       *cr,
           const CmStyle *style,
           const CmColor *color,
           const char    *text,
           double         size_px,
           gboolean       bold,
           double         x,
           double         y,
           double         max_width,
           gboolean       align_right)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, style, size_px, bold);
  int width, height;

  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  if (align_right)
    pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
  pango_layout_get_pixel_size (layout, &width, &height);

  cm_style_set_source (cr, color);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);

  return height;
}

static char *
format_range (const CmExportOptions *options)
{
  CmTime span = options->end - options->start;
  CmPrecision precision;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (span > (CmTime) 86400 * 365 * 2000000)
    precision = CM_PRECISION_MILLION_YEARS;
  else if (span > (CmTime) 86400 * 365 * 30)
    precision = CM_PRECISION_YEAR;
  else if (span > (CmTime) 86400 * 90)
    precision = CM_PRECISION_MONTH;
  else if (span > (CmTime) 86400 * 3)
    precision = CM_PRECISION_DAY;
  else
    precision = CM_PRECISION_MINUTE;

  from = cm_time_format (options->start, precision, 0);
  to = cm_time_format (options->end, precision, 0);

  /* Translators: the time range of an exported image */
  return g_strdup_printf (_("%s – %s"), from, to);
}

/* The categories as swatches and names in rows; returns the height used. */
static double
draw_legend (cairo_t       *cr,
             const CmStyle *style,
             CmDocument    *document,
             double         x,
             double         y,
             double         width,
             double         size_px,
             gboolean       measure_only)
{
  double cx = x, cy = y, row = size_px * 1.6;
  guint n = cm_document_get_n_categories (document);

  for (guint i = 0; i < n; i++)
    {
      const CmCategory *category = cm_document_get_category (document, i);
      g_autoptr(PangoLayout) layout = make_layout (cr, style, size_px, FALSE);
      int text_width, text_height;
      double item;

      pango_layout_set_text (layout, category->name, -1);
      pango_layout_get_pixel_size (layout, &text_width, &text_height);
      item = size_px * 1.4 + text_width + size_px * 1.5;

      if (cx > x && cx + item > x + width)
        {
          cx = x;
          cy += row;
        }

      if (!measure_only)
        {
          cairo_set_source_rgb (cr, category->red, category->green, category->blue);
          cairo_arc (cr, cx + size_px * 0.5, cy + text_height / 2.0, size_px * 0.45, 0, 2 * G_PI);
          cairo_fill (cr);
          cm_style_set_source (cr, &style->foreground);
          cairo_move_to (cr, cx + size_px * 1.4, cy);
          pango_cairo_show_layout (cr, layout);
        }
      cx += item;
    }

  return n > 0 ? cy - y + row : 0;
}

static void
draw_map (CmDocument            *document,
          CmEventFilter         *filter,
          const CmExportOptions *options,
          const CmStyle         *style,
          cairo_t               *cr,
          double                 width,
          double                 height)
{
  g_autoptr(CmMapRenderer) renderer = cm_map_renderer_new ();
  CmMapView view;

  if (options->has_map_view)
    view = options->map_view;
  else
    cm_map_view_fit_events (&view, document, options->projection, width, height);

  cm_map_renderer_set_document (renderer, document);
  cm_map_renderer_set_filter (renderer, filter);
  cm_map_renderer_set_style (renderer, style);
  cm_map_renderer_set_selection (renderer, options->selection);
  cm_map_renderer_set_time_window (renderer, options->start, options->end);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  cm_map_renderer_render (renderer, cr, width, height, &view);
  cairo_restore (cr);
}

static void
draw_timeline (CmDocument            *document,
               CmEventFilter         *filter,
               const CmExportOptions *options,
               const CmStyle         *style,
               cairo_t               *cr,
               double                 width,
               double                 height)
{
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();

  cm_timeline_renderer_set_document (renderer, document);
  cm_timeline_renderer_set_filter (renderer, filter);
  cm_timeline_renderer_set_style (renderer, style);
  cm_timeline_renderer_set_selection (renderer, options->selection);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  cm_timeline_renderer_render (renderer, cr, width, height, options->start, options->end);
  cairo_restore (cr);
}

static const char *
map_credit (void)
{
  return _("Map data: Natural Earth");
}

void
cm_export_draw (CmDocument            *document,
                CmEventFilter         *filter,
                const CmExportOptions *options,
                cairo_t               *cr,
                double                 width,
                double                 height)
{
  const CmStyle *style;
  double margin, title_px, text_px, y, legend_height, map_height, timeline_height;
  g_autofree char *display_name = NULL;
  g_autofree char *range = NULL;

  g_return_if_fail (CM_IS_DOCUMENT (document));
  g_return_if_fail (options != NULL);
  g_return_if_fail (cr != NULL);

  style = cm_style_get (options->dark);

  cairo_save (cr);
  cm_style_set_source (cr, &style->background);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  text_px = CLAMP (MIN (width, height) / 60.0, 9.0, 28.0);

  switch (options->view)
    {
    case CM_EXPORT_VIEW_TIMELINE:
      draw_timeline (document, filter, options, style, cr, width, height);
      break;

    case CM_EXPORT_VIEW_MAP:
      draw_map (document, filter, options, style, cr, width, height);
      /* The credit is always readable: on a halo, inside the page. */
      {
        g_autoptr(PangoLayout) layout = make_layout (cr, style, text_px * 0.8, FALSE);
        int w, h;

        pango_layout_set_text (layout, map_credit (), -1);
        pango_layout_get_pixel_size (layout, &w, &h);
        cm_style_set_source (cr, &style->label_halo);
        cairo_rectangle (cr, width - w - 12, height - h - 8, w + 8, h + 4);
        cairo_fill (cr);
        cm_style_set_source (cr, &style->dim_foreground);
        cairo_move_to (cr, width - w - 8, height - h - 6);
        pango_cairo_show_layout (cr, layout);
      }
      break;

    case CM_EXPORT_VIEW_BOTH:
    default:
      margin = CLAMP (MIN (width, height) * 0.03, 12.0, 64.0);
      title_px = text_px * 1.9;
      display_name = cm_document_dup_display_name (document);
      range = format_range (options);

      y = margin;
      y += draw_text (cr, style, &style->foreground, display_name, title_px, TRUE,
                      margin, y, width - 2 * margin, FALSE);
      y += draw_text (cr, style, &style->dim_foreground, range, text_px * 1.1, FALSE,
                      margin, y, width - 2 * margin, FALSE);
      y += margin * 0.5;

      legend_height = draw_legend (cr, style, document, margin, 0, width * 0.7 - margin,
                                   text_px, TRUE);
      legend_height = MAX (legend_height, text_px * 1.6);

      map_height = (height - y - legend_height - 2.5 * margin) * 0.6;
      timeline_height = height - y - legend_height - 2.5 * margin - map_height;

      cairo_save (cr);
      cairo_translate (cr, margin, y);
      draw_map (document, filter, options, style, cr, width - 2 * margin, map_height);
      cairo_restore (cr);
      y += map_height + margin * 0.5;

      cairo_save (cr);
      cairo_translate (cr, margin, y);
      draw_timeline (document, filter, options, style, cr, width - 2 * margin, timeline_height);
      cairo_restore (cr);
      y += timeline_height + margin * 0.5;

      draw_legend (cr, style, document, margin, y, width * 0.7 - margin, text_px, FALSE);
      draw_text (cr, style, &style->dim_foreground, map_credit (), text_px * 0.9, FALSE,
                 width * 0.7, y, width * 0.3 - margin, TRUE);
      break;
    }

  cairo_restore (cr);
}

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  GOutputStream *stream = closure;

  if (!g_output_stream_write_all (stream, data, length, NULL, NULL, NULL))
    return CAIRO_STATUS_WRITE_ERROR;

  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check_size (const CmExportOptions *options,
            GError               **error)
{
  double scale = options->format == CM_EXPORT_PNG ? options->scale : 1;

  if (!(options->width >= 16 && options->height >= 16)
      || options->width * scale > MAX_SIDE || options->height * scale > MAX_SIDE
      || !(scale >= 1 && scale <= 4))
    {
      g_set_error (error, CM_EXPORT_ERROR, CM_EXPORT_ERROR_BAD_SIZE,
                   _("The size %g × %g at scale %g is not possible: each side must be "
                     "between 16 and %.0f pixels"),
                   options->width, options->height, scale, MAX_SIDE);
      return FALSE;
    }

  if (!(options->end > options->start))
    {
      g_set_error_literal (error, CM_EXPORT_ERROR, CM_EXPORT_ERROR_BAD_SIZE,
                           _("The end of the time range must come after its start"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
surface_failed (cairo_surface_t  *surface,
                GError          **error)
{
  cairo_status_t status = cairo_surface_status (surface);

  if (status == CAIRO_STATUS_SUCCESS)
    return FALSE;

  g_set_error (error, CM_EXPORT_ERROR, CM_EXPORT_ERROR_DRAW,
               _("Drawing the image failed: %s"), cairo_status_to_string (status));
  return TRUE;
}

static gboolean
write_surface (CmDocument            *document,
               CmEventFilter         *filter,
               const CmExportOptions *options,
               GOutputStream         *stream,
               CmProgressFunc         progress,
               gpointer               progress_data,
               GError               **error)
{
  cairo_surface_t *surface = NULL;
  cairo_t *cr;
  gboolean ok = TRUE;

  switch (options->format)
    {
    case CM_EXPORT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                            (int) ceil (options->width * options->scale),
                                            (int) ceil (options->height * options->scale));
      cairo_surface_set_device_scale (surface, options->scale, options->scale);
      break;

    case CM_EXPORT_SVG:
      surface = cairo_svg_surface_create_for_stream (write_cb, stream, options->width, options->height);
      /* Width and height in pixels, as promised. */
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      break;

    case CM_EXPORT_PDF:
    default:
      surface = cairo_pdf_surface_create_for_stream (write_cb, stream, options->width, options->height);
      {
        g_autofree char *title = cm_document_dup_display_name (document);
        const char *epoch = g_getenv ("SOURCE_DATE_EPOCH");
        g_autoptr(GDateTime) date = epoch
          ? g_date_time_new_from_unix_utc (g_ascii_strtoll (epoch, NULL, 10))
          : g_date_time_new_now_utc ();
        g_autofree char *iso = date ? g_date_time_format_iso8601 (date) : NULL;

        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Chronomap " PACKAGE_VERSION);
        if (iso != NULL)
          cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, iso);
      }
      break;
    }

  if (surface_failed (surface, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }

  if (progress != NULL)
    progress (0.1, progress_data);

  cr = cairo_create (surface);
  cm_export_draw (document, filter, options, cr, options->width, options->height);
  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CM_EXPORT_ERROR, CM_EXPORT_ERROR_DRAW,
                   _("Drawing the image failed: %s"), cairo_status_to_string (cairo_status (cr)));
      ok = FALSE;
    }
  cairo_destroy (cr);

  if (progress != NULL)
    progress (0.8, progress_data);

  if (ok && options->format == CM_EXPORT_PNG)
    {
      cairo_status_t status = cairo_surface_write_to_png_stream (surface, write_cb, stream);

      if (status != CAIRO_STATUS_SUCCESS)
        {
          g_set_error (error, CM_EXPORT_ERROR, CM_EXPORT_ERROR_DRAW,
                       _("Writing the image failed: %s"), cairo_status_to_string (status));
          ok = FALSE;
        }
    }

  cairo_surface_finish (surface);
  if (ok && surface_failed (surface, error))
    ok = FALSE;
  cairo_surface_destroy (surface);

  if (ok && progress != NULL)
    progress (1.0, progress_data);

  return ok;
}

gboolean
cm_export_to_file (CmDocument            *document,
                   CmEventFilter         *filter,
                   const CmExportOptions *options,
                   GFile                 *file,
                   CmProgressFunc         progress,
                   gpointer               progress_data,
                   GCancellable          *cancellable,
                   GError               **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CM_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!check_size (options, error))
    return FALSE;

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, error);
  if (stream == NULL)
    return FALSE;

  if (!write_surface (document, filter, options, G_OUTPUT_STREAM (stream),
                      progress, progress_data, &local_error)
      || g_cancellable_set_error_if_cancelled (cancellable, &local_error))
    {
      g_autoptr(GCancellable) abort = g_cancellable_new ();

      /* Closing after a cancel discards the temporary file. */
      g_cancellable_cancel (abort);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abort, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error);
}
