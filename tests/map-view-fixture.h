/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The fixture the GUI tests of CmMapView share: a window with the default
 * dataset (or a native document) on a map above a playback bar, and real
 * input through xdotool. */

#include "cm-map-view.h"

#include "cm-core.h"
#include "cm-test-util.h"
#include "cm-map-view-private.h"
#include "cm-native.h"
#include "cm-playback-bar.h"
#include "cm-ui-resources.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <math.h>
#include <string.h>

#define WAIT_SECONDS 20
#define GROUP_ID "obama-tour-2011"

typedef struct
{
  CmSession     *session;
  CmDocument    *document;   /* the session's */
  CmViewport    *viewport;   /* the session's */
  CmPlayback    *playback;   /* the session's */
  GtkWindow     *window;
  CmMapView     *map;
  CmPlaybackBar *bar;
} Fixture;

#define WAIT_UNTIL(cond) CM_TEST_WAIT_UNTIL (cond, WAIT_SECONDS)

/* X input ---------------------------------------------------------------- */

/* Runs xdotool with the window's id before @args (a NULL-terminated list). */
static inline void
xdotool (Fixture    *fixture,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, g_strdup ("xdotool"));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error))
    g_error ("xdotool: %s", error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("xdotool failed: %s (%s)", error->message, err);
}

/* The map point (@x, @y) in the coordinates of the X window. */
static inline void
map_to_window (Fixture *fixture,
               double   x,
               double   y,
               char   **wx,
               char   **wy)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (fixture->map));
  graphene_point_t point;
  double surface_x, surface_y;

  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (fixture->map), GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (x, y), &point));
  gtk_native_get_surface_transform (native, &surface_x, &surface_y);
  *wx = g_strdup_printf ("%d", (int) round (point.x + surface_x));
  *wy = g_strdup_printf ("%d", (int) round (point.y + surface_y));
}

static inline char *
window_id (Fixture *fixture)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (fixture->window));

  return g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
}

/* Moves the pointer over the map point (@x, @y), then does @action
 * ("click", "mousedown", …) with @button, unless NULL. */
static inline void
pointer_at (Fixture    *fixture,
            double      x,
            double      y,
            const char *action,
            const char *button)
{
  g_autofree char *id = window_id (fixture);
  g_autofree char *wx = NULL;
  g_autofree char *wy = NULL;

  map_to_window (fixture, x, y, &wx, &wy);
  if (action != NULL)
    xdotool (fixture, "mousemove", "--window", id, wx, wy, action, button, NULL);
  else
    xdotool (fixture, "mousemove", "--window", id, wx, wy, NULL);

  cm_test_wait_ms (50);
}

/* Fixture ---------------------------------------------------------------- */

static inline void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GFile) file = g_file_new_for_uri ("resource://" CM_DEFAULT_DATASET_RESOURCE);
  g_autoptr(GError) error = NULL;
  GtkWidget *box;
  CmTime first, last;

  /* The bundled dataset, or the native document @user_data. */
  if (user_data != NULL)
    fixture->document = cm_native_load_data (user_data, strlen (user_data), "test.chronomap", &error);
  else
    fixture->document = cm_native_load_file (file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  fixture->session = cm_session_new (fixture->document);

  /* Every event inside the time window. */
  fixture->viewport = cm_session_get_viewport (fixture->session);
  g_assert_true (cm_event_store_get_range (cm_document_get_store (fixture->document), &first, &last));
  cm_viewport_set_window (fixture->viewport, first - 86400, last + 86400);

  fixture->playback = cm_session_get_playback (fixture->session);
  cm_playback_set_group (fixture->playback, cm_document_find_group (fixture->document, GROUP_ID));

  fixture->map = CM_MAP_VIEW (cm_map_view_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (fixture->map), TRUE);
  cm_map_view_set_session (fixture->map, fixture->session);

  fixture->bar = CM_PLAYBACK_BAR (cm_playback_bar_new ());
  cm_playback_bar_set_session (fixture->bar, fixture->session);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->map));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->bar));

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_title (fixture->window, "Map test");
  gtk_window_set_default_size (fixture->window, 900, 640);
  gtk_window_set_child (fixture->window, box);
  gtk_window_present (fixture->window);

  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->map)) &&
              gtk_widget_get_width (GTK_WIDGET (fixture->map)) > 400);
  cm_test_wait_ms (200);
}

static inline void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (fixture->window);
  cm_test_wait_ms (50);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->document);
}

static inline void
get_map_size (Fixture *fixture,
              double  *width,
              double  *height)
{
  *width = gtk_widget_get_width (GTK_WIDGET (fixture->map));
  *height = gtk_widget_get_height (GTK_WIDGET (fixture->map));
}

static inline void
event_to_screen (Fixture *fixture,
                 guint    position,
                 double  *sx,
                 double  *sy)
{
  CmMapFrame frame;
  double lat, lon, width, height;

  g_assert_true (cm_event_store_get_coordinates (cm_document_get_store (fixture->document),
                                                 position, &lat, &lon));
  cm_map_view_get_frame (fixture->map, &frame);
  get_map_size (fixture, &width, &height);
  cm_map_frame_to_screen (&frame, width, height, lat, lon, sx, sy);
}

static inline gboolean
on_screen (Fixture *fixture,
           double   sx,
           double   sy)
{
  double width, height;

  get_map_size (fixture, &width, &height);

  return sx >= 0 && sx <= width && sy >= 0 && sy <= height;
}

/* Finds a single event or stop marker the renderer would hit at its own
 * position; zooms in (up to street level) until there is one. */
static inline gboolean
find_marker (Fixture  *fixture,
             double   *sx,
             double   *sy,
             CmMapHit *hit)
{
  CmEventStore *store = cm_document_get_store (fixture->document);
  guint n = cm_event_store_get_n_events (store);
  double width, height;

  get_map_size (fixture, &width, &height);

  for (guint attempt = 0; attempt < 12; attempt++)
    {
      double lat, lon;

      cm_test_wait_ms (50);
      for (guint i = 0; i < n; i++)
        {
          if (!cm_event_store_get_coordinates (store, i, &lat, &lon))
            continue;

          event_to_screen (fixture, i, sx, sy);
          if (*sx < 40 || *sy < 40 || *sx > width - 80 || *sy > height - 40)
            continue;

          if (cm_map_renderer_hit_test (_cm_map_view_get_renderer (fixture->map), *sx, *sy, hit) &&
              (hit->kind == CM_MAP_HIT_EVENT || hit->kind == CM_MAP_HIT_STOP))
            return TRUE;
        }

      /* Everything is clustered here: closer, around Moneygall. */
      for (guint i = 0; i < n; i++)
        if (g_strcmp0 (cm_event_store_get_title (store, i), "Obama visits his ancestral village, Moneygall") == 0)
          {
            event_to_screen (fixture, i, sx, sy);
            cm_map_view_zoom_at (fixture->map, 2, *sx, *sy, FALSE);
          }
    }

  return FALSE;
}

/* Closer, on Paris: away from the world's edges, where the view stops. */
static inline void
zoom_on_paris (Fixture *fixture)
{
  CmMapFrame frame;

  cm_map_view_get_frame (fixture->map, &frame);
  g_assert_true (cm_projection_forward (frame.projection, 48.85, 2.35, &frame.center_x, &frame.center_y));
  frame.scale /= 4;
  cm_map_view_set_frame (fixture->map, &frame, FALSE);
  cm_test_wait_ms (50);
}

/* Sets up the test program; FALSE (the caller returns 0, having said in
 * TAP that every case is skipped) without xdotool. */
static inline gboolean
map_view_tests_init (int    *argc,
                     char ***argv)
{
  const char *schema_dir = g_getenv ("GSETTINGS_SCHEMA_DIR");
  g_autofree char *xdotool_path = NULL;

  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  /* GTK's test backend keeps accessible properties, with no bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_setenv ("GDK_BACKEND", "x11", TRUE);
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/chronomap-test-bus", FALSE);

  if (schema_dir == NULL || *schema_dir == '\0')
    {
      g_autofree char *dir = g_test_build_filename (G_TEST_BUILT, "..", "data", NULL);

      g_setenv ("GSETTINGS_SCHEMA_DIR", dir, TRUE);
    }

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  cm_core_init ();
  cm_ui_register_resource ();

  xdotool_path = g_find_program_in_path ("xdotool");
  if (xdotool_path == NULL)
    {
      /* TAP for meson: every case skipped. */
      g_print ("1..0 # SKIP xdotool is needed (build-aux/setup installs it)\n");
      return FALSE;
    }

  return TRUE;
}
