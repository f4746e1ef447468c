/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "cm-basemap.h"
#include "cm-export.h"
#include "cm-map-frame.h"
#include "cm-style.h"
#include "cm-timeline-renderer.h"

/* The page of an export: the map, the timeline or both, with a title,
 * the time range, a legend and the map credit, laid out for the page size. */

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

/* What every part of a page is drawn from and onto */
typedef struct
{
  CmDocument            *document;
  CmMatchSet            *matches;
  const CmExportOptions *options;
  WindowSummary         *summary;
  const CmStyle         *style;
  cairo_t               *cr;
} ExportPage;

static void
window_summary_init (WindowSummary         *summary,
                     CmDocument            *document,
                     CmMatchSet            *matches,
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

      if (matches != NULL && !cm_match_set_contains (matches, position))
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

/* In the zone of the timeline's axis */
static char *
format_range (const CmExportOptions *options,
              const CmZone          *zone)
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

  from = cm_time_format (options->start, precision, cm_zone_get_offset (zone, options->start));
  to = cm_time_format (last, precision, cm_zone_get_offset (zone, last));

  if (g_str_equal (from, to))
    return g_steal_pointer (&from);

  /* Translators: the time range of an exported image */
  return g_strdup_printf (_("%s – %s"), from, to);
}

/* The categories of the window's events as swatches and names in rows,
 * from (x, y) within @width; returns the height used. */
static double
draw_legend (const ExportPage *page,
             double            x,
             double            y,
             double            width,
             double            size_px,
             gboolean          measure_only)
{
  double cx = x, cy = y, row = size_px * 1.6;
  guint n = cm_document_get_n_categories (page->document);
  gboolean any = FALSE;

  for (guint i = 0; i < n; i++)
    {
      const CmCategory *category = cm_document_get_category (page->document, i);
      g_autoptr(PangoLayout) layout = NULL;
      int text_width, text_height;
      double item;

      if (!page->summary->used_categories[i])
        continue;

      layout = make_layout (page->cr, page->style, size_px, FALSE);
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
          cairo_new_path (page->cr);
          cairo_set_source_rgb (page->cr, category->red, category->green, category->blue);
          cairo_arc (page->cr, cx + size_px * 0.5, cy + text_height / 2.0, size_px * 0.45, 0, 2 * G_PI);
          cairo_fill (page->cr);
          cm_style_set_source (page->cr, &page->style->foreground);
          cairo_move_to (page->cr, cx + size_px * 1.4, cy);
          pango_cairo_show_layout (page->cr, layout);
          cairo_new_path (page->cr);
        }
      cx += item;
      any = TRUE;
    }

  return any ? cy - y + row : 0;
}

/* The map in @width × @height, its labels clear of @keep_out (nullable). */
static void
draw_map (const ExportPage *page,
          double            width,
          double            height,
          const CmMapBox   *keep_out)
{
  g_autoptr(CmMapRenderer) renderer = cm_map_renderer_new ();
  CmMapFrame view;

  if (page->options->has_map_view)
    {
      view = page->options->map_view;
      /* At least the area of the frame the view was taken from. */
      if (page->options->map_view_width > 0 && page->options->map_view_height > 0)
        view.scale *= MAX (page->options->map_view_width / width, page->options->map_view_height / height);
    }
  else
    {
      fit_map (&view, page->document, page->options, page->summary, width, height);
    }

  cm_map_renderer_set_document (renderer, page->document);
  cm_map_renderer_set_matches (renderer, page->matches);
  cm_map_renderer_set_style (renderer, page->style);
  cm_map_renderer_set_selection (renderer, page->options->selection);
  cm_map_renderer_set_time_window (renderer, page->options->start, page->options->end);
  if (keep_out != NULL)
    cm_map_renderer_set_keep_out (renderer, keep_out, 1);

  cairo_save (page->cr);
  cairo_rectangle (page->cr, 0, 0, width, height);
  cairo_clip (page->cr);
  cm_map_renderer_render (renderer, page->cr, width, height, &view);
  cairo_restore (page->cr);
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
                 CmMatchSet            *matches,
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
          && (matches == NULL || cm_match_set_contains (matches, i)))
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
              CmMatchSet            *matches,
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

  busy = find_busy_lanes (document, matches, options);
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
                       CmMatchSet            *matches,
                       const CmExportOptions *options,
                       const CmStyle         *style,
                       gboolean               show_legend)
{
  CmTimelineRenderer *renderer = cm_timeline_renderer_new ();

  cm_timeline_renderer_set_document (renderer, document);
  cm_timeline_renderer_set_matches (renderer, matches);
  cm_timeline_renderer_set_style (renderer, style);
  cm_timeline_renderer_set_selection (renderer, options->selection);
  cm_timeline_renderer_set_show_legend (renderer, show_legend);
  cm_timeline_renderer_set_show_disclosure (renderer, FALSE);
  cm_timeline_renderer_set_zone_kind (renderer, options->time_zone);

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

/* The same credit as the window's map: the basemap's and the city names'. */
static const char *
map_credit (void)
{
  return cm_basemap_get_credit ();
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
draw_page (const ExportPage *page,
           double            width,
           double            height)
{
  g_autoptr(CmTimelineRenderer) timeline =
    new_timeline_renderer (page->document, page->matches, page->options, page->style, FALSE);
  g_autofree char *display_name = cm_document_dup_display_name (page->document);
  g_autofree char *range = format_range (page->options, cm_timeline_renderer_get_zone (timeline));
  double body_px = page->style->font_size * 4.0 / 3.0 * 1.1;
  double margin = CLAMP (MIN (width, height) * 0.03, 12.0, 40.0);
  double gap = margin * 0.6;
  double inner = width - 2 * margin;
  double y, legend_width, legend_height, footer, available;
  double map_height, timeline_height, timeline_scale;

  y = margin;
  y += draw_text (page->cr, page->style, &page->style->foreground, display_name, body_px * 2, TRUE,
                  margin, y, inner, FALSE);
  y += draw_text (page->cr, page->style, &page->style->dim_foreground, range, body_px * 1.05, FALSE,
                  margin, y, inner, FALSE);
  y += gap;

  /* The footer: the legend on the left, the credit on the right. */
  {
    g_autoptr(PangoLayout) credit = make_layout (page->cr, page->style, body_px * 0.9, FALSE);
    int credit_width;

    pango_layout_set_text (credit, map_credit (), -1);
    pango_layout_get_pixel_size (credit, &credit_width, NULL);
    legend_width = MAX (inner - credit_width - 2 * gap, inner * 0.5);
  }
  legend_height = draw_legend (page, margin, 0, legend_width,
                               body_px, TRUE);
  footer = MAX (legend_height, body_px * 1.5);

  available = height - y - gap - footer - margin - gap;
  timeline_height = fit_timeline (timeline, page->document, page->matches, page->options, inner,
                                  available * TIMELINE_SHARE, &timeline_scale);
  map_height = available - timeline_height;

  cairo_save (page->cr);
  cairo_translate (page->cr, margin, y);
  draw_map (page, inner, map_height, NULL);
  cairo_restore (page->cr);
  y += map_height + gap;

  cairo_save (page->cr);
  cairo_translate (page->cr, margin, y);
  draw_timeline (timeline, page->options, page->cr, inner, timeline_height, timeline_scale);
  cairo_restore (page->cr);

  y = height - margin - footer;
  draw_legend (page, margin, y, legend_width, body_px, FALSE);
  draw_text (page->cr, page->style, &page->style->dim_foreground, map_credit (), body_px * 0.9, FALSE,
             margin + legend_width, y + body_px * 0.1, inner - legend_width, TRUE);
}

void
cm_export_draw (CmDocument            *document,
                CmMatchSet            *matches,
                const CmExportOptions *options,
                cairo_t               *cr,
                double                 width,
                double                 height)
{
  const CmStyle *style;
  WindowSummary summary;
  ExportPage page;
  double k;

  g_return_if_fail (CM_IS_DOCUMENT (document));
  g_return_if_fail (options != NULL);
  g_return_if_fail (cr != NULL);

  if (!(width > 0) || !(height > 0) || options->end <= options->start)
    return;

  style = cm_style_get (options->dark);
  window_summary_init (&summary, document, matches, options);
  page = (ExportPage) { document, matches, options, &summary, style, cr };

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

        timeline = new_timeline_renderer (document, matches, options, style, TRUE);
        fit_timeline (timeline, document, matches, options, width, height, &scale);
        draw_timeline (timeline, options, cr, width, height, scale);
      }
      break;

    case CM_EXPORT_VIEW_MAP:
      /* The credit is always readable: on a halo, inside the page, with
       * no label under it. */
      {
        double body_px = style->font_size * 4.0 / 3.0;
        g_autoptr(PangoLayout) layout = make_layout (cr, style, body_px, FALSE);
        CmMapBox credit;
        int w, h;

        pango_layout_set_text (layout, map_credit (), -1);
        pango_layout_get_pixel_size (layout, &w, &h);
        credit = (CmMapBox) { width - w - 14, height - h - 10, w + 8, h + 4, FALSE };
        draw_map (&page, width, height, &credit);
        cm_style_set_source (cr, &style->label_halo);
        cairo_rectangle (cr, credit.x, credit.y, credit.width, credit.height);
        cairo_fill (cr);
        cm_style_set_source (cr, &style->dim_foreground);
        cairo_move_to (cr, width - w - 10, height - h - 8);
        pango_cairo_show_layout (cr, layout);
        cairo_new_path (cr);
      }
      break;

    case CM_EXPORT_VIEW_BOTH:
    default:
      draw_page (&page, width, height);
      break;
    }

  cairo_restore (cr);
  window_summary_clear (&summary);
}
