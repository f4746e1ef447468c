/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cm-test-util.h"

#include "cm-core.h"

#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <math.h>
#include <string.h>

/* Set-up ------------------------------------------------------------------- */

/* Sets up a test program without a display: UTC, the test framework with
 * assertions that do not stop the program, the core. */
void
cm_test_init (int    *argc,
              char ***argv)
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (argc, argv, NULL);
  g_test_set_nonfatal_assertions ();
  cm_core_init ();
}

/* Main loop ---------------------------------------------------------------- */

static gboolean
timed_out_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Starts the guard of CM_TEST_WAIT_UNTIL(): @wait times out after @seconds. */
void
cm_test_wait_start (CmTestWait *wait,
                    guint       seconds)
{
  wait->timed_out = FALSE;
  wait->source = g_timeout_add_seconds (seconds, timed_out_cb, &wait->timed_out);
}

/* Runs one iteration of the main loop; FALSE once @wait has timed out. */
gboolean
cm_test_wait_iterate (CmTestWait *wait)
{
  if (wait->timed_out)
    return FALSE;
  g_main_context_iteration (NULL, TRUE);

  return !wait->timed_out;
}

/* Removes the guard of @wait, unless it went off already. */
void
cm_test_wait_stop (CmTestWait *wait)
{
  if (!wait->timed_out)
    g_source_remove (wait->source);
  wait->source = 0;
}

/* Runs the main loop for @ms milliseconds: lets pending idles, layout and
 * drawing run. */
void
cm_test_wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timed_out_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Other programs ----------------------------------------------------------- */

/* Runs @argv (looked up in PATH) and waits for it: its standard output
 * into @out when not NULL, its wait status into @status. A program that
 * cannot be started fails the test. */
void
cm_test_spawn (const char * const  *argv,
               char               **out,
               int                 *status)
{
  g_autoptr(GError) error = NULL;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, out, NULL, status, &error);
  g_assert_no_error (error);
}

/* Runs @argv like cm_test_spawn(). Skips the test when the program is not
 * installed (build-aux/setup installs it) and returns FALSE. */
gboolean
cm_test_run_tool (const char * const  *argv,
                  char               **out,
                  int                 *status)
{
  g_autofree char *program = g_find_program_in_path (argv[0]);

  if (program == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s is not installed", argv[0]);

      g_test_skip (message);
      return FALSE;
    }

  cm_test_spawn (argv, out, status);
  return TRUE;
}

/* Pixels of image surfaces ------------------------------------------------- */

static guint32
read_pixel (cairo_surface_t *surface,
            int              x,
            int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 pixel;

  g_assert_true (x >= 0 && x < cairo_image_surface_get_width (surface));
  g_assert_true (y >= 0 && y < cairo_image_surface_get_height (surface));
  memcpy (&pixel, data + (gsize) y * stride + 4 * x, sizeof pixel);

  return pixel;
}

/* The colour at (x, y) of an opaque ARGB32 surface (not unpremultiplied),
 * each channel 0..1. */
void
cm_test_get_pixel (cairo_surface_t *surface,
                   int              x,
                   int              y,
                   double           rgb[3])
{
  guint32 pixel = read_pixel (surface, x, y);

  rgb[0] = (pixel >> 16 & 0xff) / 255.0;
  rgb[1] = (pixel >> 8 & 0xff) / 255.0;
  rgb[2] = (pixel & 0xff) / 255.0;
}

/* The alpha at (x, y) of an ARGB32 surface, 0..255. */
guint
cm_test_get_alpha (cairo_surface_t *surface,
                   int              x,
                   int              y)
{
  return read_pixel (surface, x, y) >> 24;
}

/* The sum of the differences of the three channels, 0..3. */
double
cm_test_color_distance (const double   rgb[3],
                        const CmColor *color)
{
  return fabs (rgb[0] - color->red) + fabs (rgb[1] - color->green) + fabs (rgb[2] - color->blue);
}

/* The distance to @color of the closest pixel within @radius px of (x, y),
 * inside the surface. */
double
cm_test_nearest_color (cairo_surface_t *surface,
                       double           x,
                       double           y,
                       int              radius,
                       const CmColor   *color)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  double best = G_MAXDOUBLE;

  for (int dy = -radius; dy <= radius; dy++)
    for (int dx = -radius; dx <= radius; dx++)
      {
        int px = (int) floor (x) + dx, py = (int) floor (y) + dy;
        double rgb[3];

        if (px < 0 || py < 0 || px >= width || py >= height)
          continue;
        cm_test_get_pixel (surface, px, py, rgb);
        best = MIN (best, cm_test_color_distance (rgb, color));
      }

  return best;
}

/* Process ------------------------------------------------------------------ */

/* Lets go of the fonts, cached for the life of the process, so that leak
 * checkers see only our own leaks: at the end of main(). What fontconfig
 * keeps is in tests/lsan.supp. */
void
cm_test_release_fonts (void)
{
  pango_cairo_font_map_set_default (NULL);
  cairo_debug_reset_static_data ();
}

/* Temporary folders -------------------------------------------------------- */

/* A new folder in the temporary folder, named after @name ("…-XXXXXX"). */
char *
cm_test_make_temp_dir (const char *name)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (name, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dir);

  return dir;
}

/* Removes @path, a file or a folder with everything in it. */
void
cm_test_remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      cm_test_remove_tree (child);
    }
  g_dir_close (dir);
  g_rmdir (path);
}

/* See cm-test-util.h. */
CmDocument *
cm_test_make_events (guint n)
{
  CmDocument *doc = cm_document_new ();
  CmEventStore *store = cm_document_get_store (doc);
  const CmTime first = cm_time_from_civil (2011, 5, 26, 0, 0, 0);

  cm_event_store_begin_bulk (store, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = g_strdup_printf ("Event %u", i);
      CmEventData data;

      cm_event_data_init (&data);
      data.title = title;
      data.place = "Deauville";
      data.start = first + (CmTime) i * 60;
      data.lat = 49.36;
      data.lon = 0.07;
      cm_event_store_add (store, &data);
    }
  cm_event_store_end_bulk (store);

  return doc;
}

void
cm_test_pad_events (CmEventStore *store,
                    guint         n)
{
  guint have = cm_event_store_get_n_events (store);

  if (have >= n)
    return;

  cm_event_store_begin_bulk (store, n - have);
  for (guint i = have; i < n; i++)
    {
      CmEventData data;

      cm_event_data_init (&data);
      data.title = "Padding";
      data.start = cm_time_from_civil (1900, 1, 1, 0, 0, 0) + (CmTime) i * 60;
      data.precision = CM_PRECISION_MINUTE;
      cm_event_store_add (store, &data);
    }
  cm_event_store_end_bulk (store);
}

CmTime
cm_test_parse_time (const char *text)
{
  g_autoptr(GError) error = NULL;
  CmTime time = 0;

  cm_time_parse_iso (text, &time, NULL, NULL, &error);
  g_assert_no_error (error);

  return time;
}
