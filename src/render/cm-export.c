/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-export"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <png.h>
#include <string.h>

#include "cm-export.h"
#include "cm-map-frame.h"
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

/* Layout: user units are CSS pixels, scaled as cm_export_draw() says. */
#define REFERENCE_SIDE       1080.0  /* larger pages are this, enlarged */
#define MEASURE_HEIGHT       1.0e6   /* a frame tall enough for every lane */
#define MIN_TIMELINE_SCALE   0.8     /* the timeline is made smaller down to this … */
#define LAST_TIMELINE_SCALE  0.6     /* … then collapsed, then smaller down to this */
#define TIMELINE_SHARE       0.62    /* of a page of both, at most */

/* What the filter keeps of the time window: the categories to list in the
 * legend and where the events are. */
typedef struct
{
  guint     n_events;
  gboolean *used_categories;   /* n_categories */
  GArray   *lons;              /* double, of the events with coordinates */
  double    min_lat;
  double    max_lat;
} WindowSummary;

static void
window_summary_init (WindowSummary         *summary,
                     CmDocument            *document,
                     CmEventFilter         *filter,
                     const CmExportOptions *options)
{
  CmEventStore *store = cm_document_get_store (document);
  guint n_categories = cm_document_get_n_categories (document);
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (guint));

  memset (summary, 0, sizeof *summary);
  summary->used_categories = g_new0 (gboolean, n_categories + 1);
  summary->lons = g_array_new (FALSE, FALSE, sizeof (double));
  summary->min_lat = G_MAXDOUBLE;
  summary->max_lat = -G_MAXDOUBLE;

  /* [start, end): the query is closed, an event starting at @end is out. */
  cm_event_store_query (store, options->start, options->end - 1, hits);
  for (guint i = 0; i < hits->len; i++)
    {
      guint position = g_array_index (hits, guint, i);
      guint category;
      double lat, lon;

      if (filter != NULL && !cm_event_filter_matches (filter, store, position))
        continue;

      summary->n_events++;
      category = cm_event_store_get_category (store, position);
      if (category < n_categories)
        summary->used_categories[category] = TRUE;

      if (cm_event_store_get_coordinates (store, position, &lat, &lon)
          && isfinite (lat) && isfinite (lon))
        {
          summary->min_lat = MIN (summary->min_lat, lat);
          summary->max_lat = MAX (summary->max_lat, lat);
          lon = CLAMP (lon, -180, 180);
          g_array_append_val (summary->lons, lon);
        }
    }
}

static void
window_summary_clear (WindowSummary *summary)
{
  g_clear_pointer (&summary->used_categories, g_free);
  g_clear_pointer (&summary->lons, g_array_unref);
}

/* A view of the events of the window (as cm_map_frame_fit_events() does for
 * all of them), or of every event when the window has none with a place. */
static void
fit_map (CmMapFrame             *view,
         CmDocument            *document,
         const CmExportOptions *options,
         WindowSummary         *summary,
         double                 width,
         double                 height)
{
  if (summary->lons->len == 0)
    {
      cm_map_frame_fit_events (view, document, options->projection, width, height);
      return;
    }

  _cm_map_frame_fit_places (view, options->projection, summary->lons, summary->min_lat,
                            summary->max_lat, width, height);
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
  cairo_new_path (cr);

  return height;
}

static char *
format_range (const CmExportOptions *options)
{
  CmTime span = options->end - options->start;
  CmTime last = options->end;
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

  /* The end is exclusive: a window up to 29 May, 00:00 ends on 28 May. */
  if (precision <= CM_PRECISION_DAY)
    last--;

  from = cm_time_format (options->start, precision, 0);
  to = cm_time_format (last, precision, 0);

  if (g_str_equal (from, to))
    return g_steal_pointer (&from);

  /* Translators: the time range of an exported image */
  return g_strdup_printf (_("%s – %s"), from, to);
}

/* The categories of the window's events as swatches and names in rows,
 * from (x, y) within @width; returns the height used. */
static double
draw_legend (cairo_t             *cr,
             const CmStyle       *style,
             CmDocument          *document,
             const WindowSummary *summary,
             double               x,
             double               y,
             double               width,
             double               size_px,
             gboolean             measure_only)
{
  double cx = x, cy = y, row = size_px * 1.6;
  guint n = cm_document_get_n_categories (document);
  gboolean any = FALSE;

  for (guint i = 0; i < n; i++)
    {
      const CmCategory *category = cm_document_get_category (document, i);
      g_autoptr(PangoLayout) layout = NULL;
      int text_width, text_height;
      double item;

      if (!summary->used_categories[i])
        continue;

      layout = make_layout (cr, style, size_px, FALSE);
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
          /* A new path: the text left a current point. */
          cairo_new_path (cr);
          cairo_set_source_rgb (cr, category->red, category->green, category->blue);
          cairo_arc (cr, cx + size_px * 0.5, cy + text_height / 2.0, size_px * 0.45, 0, 2 * G_PI);
          cairo_fill (cr);
          cm_style_set_source (cr, &style->foreground);
          cairo_move_to (cr, cx + size_px * 1.4, cy);
          pango_cairo_show_layout (cr, layout);
          cairo_new_path (cr);
        }
      cx += item;
      any = TRUE;
    }

  return any ? cy - y + row : 0;
}

static void
draw_map (CmDocument            *document,
          CmEventFilter         *filter,
          const CmExportOptions *options,
          WindowSummary         *summary,
          const CmStyle         *style,
          cairo_t               *cr,
          double                 width,
          double                 height)
{
  g_autoptr(CmMapRenderer) renderer = cm_map_renderer_new ();
  CmMapFrame view;

  if (options->has_map_view)
    {
      view = options->map_view;
      /* At least the area of the frame the view was taken from. */
      if (options->map_view_width > 0 && options->map_view_height > 0)
        view.scale *= MAX (options->map_view_width / width, options->map_view_height / height);
    }
  else
    {
      fit_map (&view, document, options, summary, width, height);
    }

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

/* The height the axis and the lanes take at @width. */
static double
measure_timeline (CmTimelineRenderer    *renderer,
                  const CmExportOptions *options,
                  double                 width)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cairo_t *cr = cairo_create (surface);
  double height;

  cm_timeline_renderer_render (renderer, cr, width, MEASURE_HEIGHT, options->start, options->end);
  height = cm_timeline_renderer_get_content_height (renderer);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  return height;
}

/* Which lanes draw something in the window: per group, then the default
 * lane. An event takes the whole of its precision's units ("2011" is the
 * year), as the timeline draws it. Every event is looked at: only for
 * timelines that do not fit. */
static gboolean *
find_busy_lanes (CmDocument            *document,
                 CmEventFilter         *filter,
                 const CmExportOptions *options)
{
  CmEventStore *store = cm_document_get_store (document);
  guint n_groups = cm_document_get_n_groups (document);
  guint n = cm_event_store_get_n_events (store);
  gboolean *busy = g_new0 (gboolean, n_groups + 1);

  for (guint i = 0; i < n; i++)
    {
      CmEventData data;
      CmTime first, last;

      cm_event_store_get_data (store, i, &data);
      if (busy[MIN (data.group, n_groups)])
        continue;
      if (data.start > options->end)
        break;  /* sorted by start */

      first = cm_time_truncate (data.start, data.precision, data.utc_offset);
      last = data.end != CM_TIME_INVALID
        ? cm_time_unit_end (data.end, data.end_precision, data.utc_offset)
        : cm_time_unit_end (data.start, data.precision, data.utc_offset);
      if (first < options->end && last > options->start
          && (filter == NULL || cm_event_filter_matches (filter, store, i)))
        busy[MIN (data.group, n_groups)] = TRUE;
    }

  return busy;
}

/* Collapses the last @n lanes (from the bottom up) and the idle ones. */
static void
collapse_lanes (CmTimelineRenderer *renderer,
                const gboolean     *busy,
                guint               n_groups,
                guint               n)
{
  for (guint k = 0; k <= n_groups; k++)
    {
      guint slot = n_groups - k;   /* the default lane is the last one */
      guint group = slot < n_groups ? slot : CM_NONE;

      cm_timeline_renderer_set_collapsed (renderer, group, k < n || !busy[slot]);
    }
}

/* Makes the lanes fit in @max_height at @width: first as they are; else
 * with the lanes without events in the window collapsed; else smaller,
 * down to MIN_TIMELINE_SCALE; else with lanes collapsed from the bottom up;
 * else smaller still, down to LAST_TIMELINE_SCALE.
 * Returns the height they take (at most @max_height, unless nothing fits)
 * and the scale to draw them at. */
static double
fit_timeline (CmTimelineRenderer    *renderer,
              CmDocument            *document,
              CmEventFilter         *filter,
              const CmExportOptions *options,
              double                 width,
              double                 max_height,
              double                *scale)
{
  guint n_groups = cm_document_get_n_groups (document);
  g_autofree gboolean *busy = NULL;
  double need, s;
  guint lo, hi;

  *scale = 1;
  need = measure_timeline (renderer, options, width);
  if (need <= max_height)
    return need;

  busy = find_busy_lanes (document, filter, options);
  collapse_lanes (renderer, busy, n_groups, 0);
  need = measure_timeline (renderer, options, width);
  if (need <= max_height)
    return need;

  s = MAX (max_height / need, MIN_TIMELINE_SCALE);
  *scale = s;
  need = measure_timeline (renderer, options, width / s) * s;
  if (need <= max_height)
    return need;

  /* The fewest lanes collapsed from the bottom that let the rest fit. */
  lo = 0;
  hi = n_groups + 1;
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      collapse_lanes (renderer, busy, n_groups, mid);
      if (measure_timeline (renderer, options, width / s) * s <= max_height)
        hi = mid;
      else
        lo = mid;
    }
  collapse_lanes (renderer, busy, n_groups, hi);
  need = measure_timeline (renderer, options, width / s) * s;
  if (need <= max_height)
    return need;

  /* So many lanes that even their headers do not fit: smaller still,
   * down to a floor; below it they are cut. */
  s *= MAX (max_height / need, LAST_TIMELINE_SCALE / s);
  *scale = s;
  need = measure_timeline (renderer, options, width / s) * s;

  return MIN (need, max_height);
}

static CmTimelineRenderer *
new_timeline_renderer (CmDocument            *document,
                       CmEventFilter         *filter,
                       const CmExportOptions *options,
                       const CmStyle         *style,
                       gboolean               show_legend)
{
  CmTimelineRenderer *renderer = cm_timeline_renderer_new ();

  cm_timeline_renderer_set_document (renderer, document);
  cm_timeline_renderer_set_filter (renderer, filter);
  cm_timeline_renderer_set_style (renderer, style);
  cm_timeline_renderer_set_selection (renderer, options->selection);
  cm_timeline_renderer_set_show_legend (renderer, show_legend);

  return renderer;
}

static void
draw_timeline (CmTimelineRenderer    *renderer,
               const CmExportOptions *options,
               cairo_t               *cr,
               double                 width,
               double                 height,
               double                 scale)
{
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  cairo_scale (cr, scale, scale);
  cm_timeline_renderer_render (renderer, cr, width / scale, height / scale,
                               options->start, options->end);
  cairo_restore (cr);
}

static const char *
map_credit (void)
{
  return _("Map data: Natural Earth");
}

/* User units per layout pixel. */
static double
layout_scale (const CmExportOptions *options,
              double                 width,
              double                 height)
{
  double px_per_unit = options->format == CM_EXPORT_PDF ? 96.0 / 72.0 : 1.0;

  return MAX (1.0, MIN (width, height) * px_per_unit / REFERENCE_SIDE) / px_per_unit;
}

/* Title, range, map, timeline, legend and credit on one page. */
static void
draw_page (CmDocument            *document,
           CmEventFilter         *filter,
           const CmExportOptions *options,
           WindowSummary         *summary,
           const CmStyle         *style,
           cairo_t               *cr,
           double                 width,
           double                 height)
{
  g_autoptr(CmTimelineRenderer) timeline = NULL;
  g_autofree char *display_name = cm_document_dup_display_name (document);
  g_autofree char *range = format_range (options);
  double body_px = style->font_size * 4.0 / 3.0 * 1.1;
  double margin = CLAMP (MIN (width, height) * 0.03, 12.0, 40.0);
  double gap = margin * 0.6;
  double inner = width - 2 * margin;
  double y, legend_width, legend_height, footer, available;
  double map_height, timeline_height, timeline_scale;

  y = margin;
  y += draw_text (cr, style, &style->foreground, display_name, body_px * 2, TRUE,
                  margin, y, inner, FALSE);
  y += draw_text (cr, style, &style->dim_foreground, range, body_px * 1.05, FALSE,
                  margin, y, inner, FALSE);
  y += gap;

  /* The footer: the legend on the left, the credit on the right. */
  {
    g_autoptr(PangoLayout) credit = make_layout (cr, style, body_px * 0.9, FALSE);
    int credit_width;

    pango_layout_set_text (credit, map_credit (), -1);
    pango_layout_get_pixel_size (credit, &credit_width, NULL);
    legend_width = MAX (inner - credit_width - 2 * gap, inner * 0.5);
  }
  legend_height = draw_legend (cr, style, document, summary, margin, 0, legend_width,
                               body_px, TRUE);
  footer = MAX (legend_height, body_px * 1.5);

  available = height - y - gap - footer - margin - gap;
  timeline = new_timeline_renderer (document, filter, options, style, FALSE);
  timeline_height = fit_timeline (timeline, document, filter, options, inner,
                                  available * TIMELINE_SHARE, &timeline_scale);
  map_height = available - timeline_height;

  cairo_save (cr);
  cairo_translate (cr, margin, y);
  draw_map (document, filter, options, summary, style, cr, inner, map_height);
  cairo_restore (cr);
  y += map_height + gap;

  cairo_save (cr);
  cairo_translate (cr, margin, y);
  draw_timeline (timeline, options, cr, inner, timeline_height, timeline_scale);
  cairo_restore (cr);

  y = height - margin - footer;
  draw_legend (cr, style, document, summary, margin, y, legend_width, body_px, FALSE);
  draw_text (cr, style, &style->dim_foreground, map_credit (), body_px * 0.9, FALSE,
             margin + legend_width, y + body_px * 0.1, inner - legend_width, TRUE);
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
  WindowSummary summary;
  double k;

  g_return_if_fail (CM_IS_DOCUMENT (document));
  g_return_if_fail (filter == NULL || CM_IS_EVENT_FILTER (filter));
  g_return_if_fail (options != NULL);
  g_return_if_fail (cr != NULL);

  if (!(width > 0) || !(height > 0) || options->end <= options->start)
    return;

  style = cm_style_get (options->dark);
  window_summary_init (&summary, document, filter, options);

  cairo_save (cr);
  cm_style_set_source (cr, &style->background);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  k = layout_scale (options, width, height);
  cairo_scale (cr, k, k);
  width /= k;
  height /= k;

  switch (options->view)
    {
    case CM_EXPORT_VIEW_TIMELINE:
      {
        g_autoptr(CmTimelineRenderer) timeline = NULL;
        double scale;

        timeline = new_timeline_renderer (document, filter, options, style, TRUE);
        fit_timeline (timeline, document, filter, options, width, height, &scale);
        draw_timeline (timeline, options, cr, width, height, scale);
      }
      break;

    case CM_EXPORT_VIEW_MAP:
      draw_map (document, filter, options, &summary, style, cr, width, height);
      /* The credit is always readable: on a halo, inside the page. */
      {
        double body_px = style->font_size * 4.0 / 3.0;
        g_autoptr(PangoLayout) layout = make_layout (cr, style, body_px, FALSE);
        int w, h;

        pango_layout_set_text (layout, map_credit (), -1);
        pango_layout_get_pixel_size (layout, &w, &h);
        cm_style_set_source (cr, &style->label_halo);
        cairo_rectangle (cr, width - w - 14, height - h - 10, w + 8, h + 4);
        cairo_fill (cr);
        cm_style_set_source (cr, &style->dim_foreground);
        cairo_move_to (cr, width - w - 10, height - h - 8);
        pango_cairo_show_layout (cr, layout);
        cairo_new_path (cr);
      }
      break;

    case CM_EXPORT_VIEW_BOTH:
    default:
      draw_page (document, filter, options, &summary, style, cr, width, height);
      break;
    }

  cairo_restore (cr);
  window_summary_clear (&summary);
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

/* PNG ------------------------------------------------------------------ */

typedef struct
{
  GOutputStream *stream;
  GError        *error;   /* the first write that failed */
} PngWriter;

static void
png_write_cb (png_structp png,
              png_bytep   data,
              png_size_t  length)
{
  PngWriter *writer = png_get_io_ptr (png);

  if (writer->error == NULL)
    g_output_stream_write_all (writer->stream, data, length, NULL, NULL, &writer->error);
}

static void
png_flush_cb (png_structp png)
{
}

G_GNUC_NORETURN static void
png_error_cb (png_structp     png,
              png_const_charp message)
{
  g_debug ("libpng: %s", message);
  png_longjmp (png, 1);
}

static void
png_warning_cb (png_structp     png,
                png_const_charp message)
{
  g_debug ("libpng: %s", message);
}

/* The page is opaque: RGB, unfiltered (flat colours compress best that
 * way, and fastest: twice as fast as cairo's writer at 4K, and smaller),
 * with its density, 96 dpi times the scale. */
static gboolean
write_png (cairo_surface_t       *surface,
           const CmExportOptions *options,
           GOutputStream         *stream,
           GError               **error)
{
  PngWriter writer = { stream, NULL };
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guchar *data;
  png_structp png;
  png_infop info;
  guchar *volatile row = NULL;
  png_uint_32 per_meter = (png_uint_32) round (96 / 0.0254 * options->scale);

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);

  png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, png_error_cb, png_warning_cb);
  info = png != NULL ? png_create_info_struct (png) : NULL;
  if (info == NULL || setjmp (png_jmpbuf (png)))
    {
      png_destroy_write_struct (&png, &info);
      g_free ((gpointer) row);
      g_clear_error (&writer.error);
      g_set_error_literal (error, CM_EXPORT_ERROR, CM_EXPORT_ERROR_DRAW,
                           _("Writing the image failed"));
      return FALSE;
    }

  png_set_write_fn (png, &writer, png_write_cb, png_flush_cb);
  png_set_IHDR (png, info, (png_uint_32) width, (png_uint_32) height, 8, PNG_COLOR_TYPE_RGB,
                PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_pHYs (png, info, per_meter, per_meter, PNG_RESOLUTION_METER);
  png_set_filter (png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
  png_set_compression_level (png, 6);
  png_write_info (png, info);

  row = g_malloc ((gsize) width * 3);
  for (int y = 0; y < height && writer.error == NULL; y++)
    {
      const guint32 *pixels = (const guint32 *) (const void *) (data + (gsize) y * stride);

      for (int x = 0; x < width; x++)
        {
          row[3 * x] = (guchar) (pixels[x] >> 16);
          row[3 * x + 1] = (guchar) (pixels[x] >> 8);
          row[3 * x + 2] = (guchar) pixels[x];
        }
      png_write_row (png, row);
    }
  if (writer.error == NULL)
    png_write_end (png, NULL);

  png_destroy_write_struct (&png, &info);
  g_free ((gpointer) row);

  if (writer.error != NULL)
    {
      g_propagate_error (error, writer.error);
      return FALSE;
    }

  return TRUE;
}

/* Files ------------------------------------------------------------------ */

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
               GCancellable          *cancellable,
               GError               **error)
{
  cairo_surface_t *surface = NULL;
  cairo_t *cr;
  gboolean ok = TRUE;

  switch (options->format)
    {
    case CM_EXPORT_PNG:
      /* Opaque: the page's background is drawn first. */
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
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

  /* Drawing takes the time: no need to encode what is not wanted. */
  if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;

  if (ok && progress != NULL)
    progress (0.8, progress_data);

  if (ok && options->format == CM_EXPORT_PNG)
    ok = write_png (surface, options, stream, error);

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
  gboolean existed;

  g_return_val_if_fail (CM_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (filter == NULL || CM_IS_EVENT_FILTER (filter), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!check_size (options, error))
    return FALSE;

  /* g_file_replace() writes a temporary file and renames it over the old
   * one on close; but a new file is written in place. */
  existed = g_file_query_exists (file, NULL);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, error);
  if (stream == NULL)
    return FALSE;

  if (!write_surface (document, filter, options, G_OUTPUT_STREAM (stream),
                      progress, progress_data, cancellable, &local_error)
      || g_cancellable_set_error_if_cancelled (cancellable, &local_error))
    {
      g_autoptr(GCancellable) abort = g_cancellable_new ();

      /* Closing after a cancel discards the temporary file. */
      g_cancellable_cancel (abort);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abort, NULL);
      if (!existed)
        g_file_delete (file, NULL, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error))
    {
      if (!existed)
        g_file_delete (file, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}
