/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The headless command line, run as users run it: the built chronomap
 * binary (CHRONOMAP_BINARY, set by meson) in a child without a display.
 * Exit status: 0 done, 1 a file could not be read or written, 2 a bad
 * command line, with the message on standard error. */
#include "config.h"

#include <sys/stat.h>

#include <cairo.h>
#include <math.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "cm-core.h"
#include "cm-test-util.h"
#include "cm-native.h"

typedef struct
{
  char *dir;
  char *input;   /* the example timeline, as a file */
} Fixture;

typedef struct
{
  int   status;  /* exit status, or -1 when it did not exit */
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  fixture->dir = cm_test_make_temp_dir ("test-cli-XXXXXX");

  bytes = g_resources_lookup_data (CM_DEFAULT_DATASET_RESOURCE, 0, &error);
  g_assert_no_error (error);
  fixture->input = g_build_filename (fixture->dir, "deauville.chronomap", NULL);
  g_file_set_contents (fixture->input, g_bytes_get_data (bytes, NULL),
                       (gssize) g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  cm_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->input);
}

static char *
path_in (Fixture    *fixture,
         const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

/* Runs chronomap with the arguments (NULL-terminated), no display. */
G_GNUC_NULL_TERMINATED
static Run
run_chronomap (const char *first,
               ...)
{
  const char *binary = g_getenv ("CHRONOMAP_BINARY");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  Run run = { -1, NULL, NULL };
  int wait_status;
  va_list args;

  g_assert_nonnull (binary);
  if (binary == NULL)
    return run;

  g_ptr_array_add (argv, (char *) binary);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run.out, &run.err, &wait_status, &error);
  g_assert_no_error (error);
  if (error == NULL && WIFEXITED (wait_status))
    run.status = WEXITSTATUS (wait_status);

  return run;
}

static void
assert_png (const char *path,
            int         width,
            int         height)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (path);

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, height);
  cairo_surface_destroy (surface);
}

static void
assert_starts_with (const char *path,
                    const char *prefix)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (contents);
  if (contents != NULL)
    g_assert_true (g_str_has_prefix (contents, prefix));
}

/* Tests ----------------------------------------------------------------- */

static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *png = path_in (fixture, "out.png");
  g_autofree char *png2 = path_in (fixture, "out@2x.png");
  g_autofree char *svg = path_in (fixture, "out.svg");
  g_autofree char *pdf = path_in (fixture, "out.pdf");
  g_autofree char *png_arg = g_strconcat ("--export=", png, NULL);
  g_autofree char *png2_arg = g_strconcat ("--export=", png2, NULL);
  g_autofree char *svg_arg = g_strconcat ("--export=", svg, NULL);
  g_autofree char *pdf_arg = g_strconcat ("--export=", pdf, NULL);

  {
    g_auto(Run) run = run_chronomap (png_arg, "--size=800x500", "--from=2011-05-23",
                                     "--to=2011-05-28", fixture->input, NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.err, ==, "");
    assert_png (png, 800, 500);
  }
  {
    g_auto(Run) run = run_chronomap (png2_arg, "--size=800x500", "--scale=2", "--view=timeline",
                                     "--theme=dark", fixture->input, NULL);

    g_assert_cmpint (run.status, ==, 0);
    assert_png (png2, 1600, 1000);
  }
  {
    /* Without a file: the example timeline. */
    g_auto(Run) run = run_chronomap (svg_arg, "--view=map", "--size=640x480", NULL);
    g_autofree char *contents = NULL;

    g_assert_cmpint (run.status, ==, 0);
    assert_starts_with (svg, "<?xml");
    g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "<svg"));
    g_assert_nonnull (strstr (contents, "width=\"640px\""));
  }
  {
    g_auto(Run) run = run_chronomap (pdf_arg, "--size=a4", "--projection=equirectangular",
                                     fixture->input, NULL);

    g_assert_cmpint (run.status, ==, 0);
    assert_starts_with (pdf, "%PDF-");
  }
}

/* Each bad option: its message, status 2, and no file written. */
static void
test_bad_options (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *png = path_in (fixture, "bad.png");
  g_autofree char *pdf = path_in (fixture, "bad.pdf");
  g_autofree char *jpg = path_in (fixture, "bad.jpg");
  g_autofree char *png_arg = g_strconcat ("--export=", png, NULL);
  g_autofree char *pdf_arg = g_strconcat ("--export=", pdf, NULL);
  g_autofree char *jpg_arg = g_strconcat ("--export=", jpg, NULL);
  g_autofree char *convert_arg = g_strconcat ("--convert=", png, ".ics", NULL);
  const struct
  {
    const char *args[4];
    const char *message;
  } cases[] = {
    { { jpg_arg, NULL }, "must end in .png, .svg or .pdf" },
    { { png_arg, "--view=sideways", NULL }, "--view must be timeline, map or both" },
    { { png_arg, "--theme=blue", NULL }, "--theme must be light or dark" },
    { { png_arg, "--size=big", NULL }, "--size: “big” is not a size" },
    { { png_arg, "--size=0x100", NULL }, "--size: “0x100” is not a size" },
    { { png_arg, "--scale=5", NULL }, "--scale must be 1, 2 or 3" },
    { { pdf_arg, "--scale=2", NULL }, "--scale applies to PNG only" },
    { { png_arg, "--from=someday", NULL }, "--from: “someday” is not a date" },
    { { png_arg, "--from=2011-05-28", "--to=2011-05-23", NULL }, "--to must come after --from" },
    { { png_arg, convert_arg, NULL }, "--export and --convert cannot be used together" },
    { { png_arg, fixture->input, fixture->input, NULL }, "Only one input file" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = run_chronomap (cases[i].args[0], cases[i].args[1], cases[i].args[2],
                                       cases[i].args[3], NULL);

      g_test_message ("case %u: %s", i, cases[i].message);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (run.err);
      if (run.err != NULL)
        g_assert_nonnull (strstr (run.err, cases[i].message));
      g_assert_cmpstr (run.out, ==, "");
    }

  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (jpg, G_FILE_TEST_EXISTS));
}

static void
test_unreadable_input (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *png = path_in (fixture, "out.png");
  g_autofree char *missing = path_in (fixture, "missing.chronomap");
  g_autofree char *garbage = path_in (fixture, "garbage.chronomap");
  g_autofree char *png_arg = g_strconcat ("--export=", png, NULL);

  {
    g_auto(Run) run = run_chronomap (png_arg, missing, NULL);

    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, missing));
  }

  g_assert_true (g_file_set_contents (garbage, "{ not a timeline", -1, NULL));
  {
    g_auto(Run) run = run_chronomap (png_arg, garbage, NULL);

    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "garbage.chronomap"));
  }

  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
}

static void
test_unwritable_output (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *folder = path_in (fixture, "no-such-folder");
  g_autofree char *png = g_build_filename (folder, "out.png", NULL);
  g_autofree char *png_arg = g_strconcat ("--export=", png, NULL);
  g_autofree char *ics = g_build_filename (folder, "out.ics", NULL);
  g_autofree char *ics_arg = g_strconcat ("--convert=", ics, NULL);

  {
    g_auto(Run) run = run_chronomap (png_arg, fixture->input, NULL);

    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, png));
  }
  {
    g_auto(Run) run = run_chronomap (ics_arg, fixture->input, NULL);

    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, ics));
  }

  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
}

/* A pipe is refused at once, not read forever; a file with nothing to
 * import is an error, and nothing is written. */
static void
test_refused_inputs (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *fifo = path_in (fixture, "pipe.json");
  g_autofree char *empty = path_in (fixture, "empty.kml");
  g_autofree char *out = path_in (fixture, "out.chronomap");
  g_autofree char *out_arg = g_strconcat ("--convert=", out, NULL);

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  {
    g_auto(Run) run = run_chronomap (out_arg, fifo, NULL);

    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "pipe.json: Not a file Chronomap can read"));
  }

  g_assert_true (g_file_set_contents (empty, "<kml xmlns=\"http://www.opengis.net/kml/2.2\">"
                                      "<Document/></kml>", -1, NULL));
  {
    g_auto(Run) run = run_chronomap (out_arg, empty, NULL);

    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "empty.kml:1:1: The file contains no events"));
  }

  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

/* iCalendar cannot hold years after 3000: those events are left out and
 * said so; with none left, nothing is written. */
static void
test_convert_left_out (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *input = path_in (fixture, "far.chronomap");
  g_autofree char *far = path_in (fixture, "far-only.chronomap");
  g_autofree char *ics = path_in (fixture, "out.ics");
  g_autofree char *ics_arg = g_strconcat ("--convert=", ics, NULL);
  g_autofree char *written = NULL;

  g_assert_true (g_file_set_contents (input,
                                      "{\"chronomap\": 1, \"events\": ["
                                      "{\"title\": \"Summit\", \"start\": \"2011-05-26\"},"
                                      "{\"title\": \"Far future\", \"start\": \"5011-05-26\"}]}",
                                      -1, NULL));
  {
    g_auto(Run) run = run_chronomap (ics_arg, input, NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.err, "1 event was left out"));
    g_assert_nonnull (strstr (run.err, "Far future"));
  }
  g_assert_true (g_file_get_contents (ics, &written, NULL, NULL));
  g_assert_nonnull (strstr (written, "SUMMARY:Summit"));
  g_assert_null (strstr (written, "Far future"));
  g_unlink (ics);

  g_assert_true (g_file_set_contents (far,
                                      "{\"chronomap\": 1, \"events\": ["
                                      "{\"title\": \"Far future\", \"start\": \"5011-05-26\"}]}",
                                      -1, NULL));
  {
    g_auto(Run) run = run_chronomap (ics_arg, far, NULL);

    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "nothing was written"));
  }
  g_assert_false (g_file_test (ics, G_FILE_TEST_EXISTS));
}

static GHashTable *
load_titles (const char *path,
             guint      *n_events)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) document = cm_native_load_file (file, NULL, NULL, NULL, &error);
  GHashTable *titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  CmEventStore *store;

  g_assert_no_error (error);
  *n_events = 0;
  if (document == NULL)
    return titles;

  store = cm_document_get_store (document);
  *n_events = cm_event_store_get_n_events (store);
  for (guint i = 0; i < *n_events; i++)
    g_hash_table_add (titles, g_strdup (cm_event_store_get_title (store, i)));

  return titles;
}

/* Native → each format → native keeps every event. */
static void
test_convert_round_trip (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *extensions[] = { "ics", "geojson", "kml", "json", "csv" };
  g_autoptr(GHashTable) original = NULL;
  guint n_original;

  original = load_titles (fixture->input, &n_original);
  g_assert_cmpuint (n_original, ==, 40);

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      g_autofree char *name = g_strconcat ("converted.", extensions[i], NULL);
      g_autofree char *converted = path_in (fixture, name);
      g_autofree char *back_name = g_strconcat ("back-", extensions[i], ".chronomap", NULL);
      g_autofree char *back = path_in (fixture, back_name);
      g_autofree char *to_arg = g_strconcat ("--convert=", converted, NULL);
      g_autofree char *back_arg = g_strconcat ("--convert=", back, NULL);
      g_autoptr(GHashTable) titles = NULL;
      guint n_back = 0;

      g_test_message ("via .%s", extensions[i]);
      {
        g_auto(Run) run = run_chronomap (to_arg, fixture->input, NULL);

        g_assert_cmpint (run.status, ==, 0);
        g_assert_true (g_file_test (converted, G_FILE_TEST_IS_REGULAR));
      }
      {
        g_auto(Run) run = run_chronomap (back_arg, converted, NULL);

        g_assert_cmpint (run.status, ==, 0);
      }

      titles = load_titles (back, &n_back);
      g_assert_cmpuint (n_back, ==, n_original);
      {
        GHashTableIter iter;
        gpointer title;

        g_hash_table_iter_init (&iter, original);
        while (g_hash_table_iter_next (&iter, &title, NULL))
          g_assert_true (g_hash_table_contains (titles, title));
      }
    }
}

static void
test_convert_unknown (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *out = path_in (fixture, "out.xyz");
  g_autofree char *arg = g_strconcat ("--convert=", out, NULL);
  g_auto(Run) run = run_chronomap (arg, fixture->input, NULL);

  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "cannot write"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

static void
test_help (Fixture       *fixture,
           gconstpointer  data)
{
  g_auto(Run) run = run_chronomap ("--help", NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--export=OUT"));
  g_assert_nonnull (strstr (run.out, "--convert=OUT"));
  g_assert_nonnull (strstr (run.out, "--view=VIEW"));
  g_assert_nonnull (strstr (run.out, "--size=SIZE"));
}

/* --geocode fills the coordinates of the events that name a city, marks
 * them approximate, says how many it placed and which names it did not
 * find; events that had coordinates keep them. */
static void
test_convert_geocode (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *input = g_test_build_filename (G_TEST_DIST, "data", "csv-places-no-coordinates.csv", NULL);
  g_autofree char *out = path_in (fixture, "placed.chronomap");
  g_autofree char *arg = g_strconcat ("--convert=", out, NULL);
  g_auto(Run) run = run_chronomap (arg, "--geocode", input, NULL);
  g_auto(Run) plain = { -1, NULL, NULL };
  g_autoptr(GFile) file = g_file_new_for_path (out);
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  CmEventStore *store;
  guint placed = 0;

  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "placed 4 of 5 events"));
  g_assert_nonnull (strstr (run.err, "not found: \u201cQwzxvyt, Nowhereland\u201d"));

  doc = cm_native_load_file (file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  store = cm_document_get_store (doc);
  g_assert_cmpuint (cm_event_store_get_n_events (store), ==, 6);
  for (guint i = 0; i < cm_event_store_get_n_events (store); i++)
    {
      CmEventData event;

      cm_event_store_get_data (store, i, &event);
      if (g_str_equal (event.place, "Qwzxvyt, Nowhereland"))
        g_assert_true (isnan (event.lat));
      else if (g_str_equal (event.place, "Brussels, Belgium"))
        {
          g_assert_cmpfloat (event.lat, ==, 50.8467);
          g_assert_false (event.flags & CM_EVENT_COORDINATES_APPROXIMATE);
        }
      else
        {
          g_assert_false (isnan (event.lat));
          g_assert_true (event.flags & CM_EVENT_COORDINATES_APPROXIMATE);
          placed++;
        }
      if (g_str_equal (event.place, "Deauville, France"))
        {
          g_assert_cmpfloat_with_epsilon (event.lat, 49.36, 0.01);
          g_assert_cmpfloat_with_epsilon (event.lon, 0.07, 0.01);
        }
    }
  g_assert_cmpuint (placed, ==, 4);

  /* Without --geocode nothing is placed; without --convert it is refused. */
  plain = run_chronomap (arg, input, NULL);
  g_assert_cmpint (plain.status, ==, 0);
  g_assert_null (strstr (plain.err, "geocode"));
  run_clear (&plain);
  plain = run_chronomap ("--geocode", input, NULL);
  g_assert_cmpint (plain.status, ==, 2);
}

/* Run from the build tree with CHRONOMAP_LOCALEDIR (as build-aux/run
 * does), the program finds the catalogues built there. */
static void
test_build_tree_translations (void)
{
  const char *localedir = g_getenv ("CHRONOMAP_BUILD_LOCALEDIR");
  g_autofree char *mo = NULL;
  Run run;

  g_assert_nonnull (localedir);
  mo = g_build_filename (localedir, "fr", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  g_assert_true (g_file_test (mo, G_FILE_TEST_IS_REGULAR));

  g_setenv ("CHRONOMAP_LOCALEDIR", localedir, TRUE);
  g_setenv ("LANGUAGE", "fr", TRUE);
  run = run_chronomap ("--help", NULL);
  g_unsetenv ("LANGUAGE");
  g_unsetenv ("CHRONOMAP_LOCALEDIR");

  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Utilisation"));
  g_free (run.out);
  g_free (run.err);
}

int
main (int   argc,
      char *argv[])
{
  cm_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/cli/export", test_export);
  ADD ("/cli/bad-options", test_bad_options);
  ADD ("/cli/unreadable-input", test_unreadable_input);
  ADD ("/cli/unwritable-output", test_unwritable_output);
  ADD ("/cli/convert-round-trip", test_convert_round_trip);
  ADD ("/cli/convert-unknown", test_convert_unknown);
  ADD ("/cli/help", test_help);
  ADD ("/cli/refused-inputs", test_refused_inputs);
  ADD ("/cli/convert-left-out", test_convert_left_out);
  ADD ("/cli/convert-geocode", test_convert_geocode);

#undef ADD

  g_test_add_func ("/cli/build-tree-translations", test_build_tree_translations);

  return g_test_run ();
}
