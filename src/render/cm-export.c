/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-export"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <png.h>
#include <string.h>

#include "cm-export.h"

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
  options->time_zone = CM_ZONE_KIND_DOCUMENT;

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
               CmMatchSet            *matches,
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
  cm_export_draw (document, matches, options, cr, options->width, options->height);
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
                   CmMatchSet            *matches,
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

  if (!write_surface (document, matches, options, G_OUTPUT_STREAM (stream),
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
