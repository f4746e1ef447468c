/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Helpers shared by the export tests: the default dataset in a fixture
 * with a temporary folder, the week of the tour as export options, and
 * the tools that read the exported files back (cairo for PNG, poppler's
 * pdftotext for PDF). */

#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "cm-core.h"
#include "cm-test-util.h"
#include "cm-export.h"
#include "cm-native.h"

/* A4 landscape, in points. */
#define A4_WIDTH  (297 * 72 / 25.4)
#define A4_HEIGHT (210 * 72 / 25.4)

typedef struct
{
  CmDocument *document;
  char       *dir;
} Fixture;

static inline CmTime
parse (const char *text)
{
  return cm_test_parse_time (text);
}

static inline void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_for_uri ("resource://" CM_DEFAULT_DATASET_RESOURCE);
  g_autoptr(GError) error = NULL;

  fixture->document = cm_native_load_file (file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->document);

  fixture->dir = cm_test_make_temp_dir ("test-export-XXXXXX");
}

static inline void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->document);
  cm_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static inline char *
path_in (Fixture    *fixture,
         const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

/* The week of the tour: 23–28 May 2011, to the end of the 28th, in the
 * document's zone (UTC+2: most of its events are in France and Poland). */
static inline void
week_options (Fixture         *fixture,
              CmExportOptions *options,
              CmExportFormat   format)
{
  cm_export_options_init (options, fixture->document);
  options->format = format;
  options->start = parse ("2011-05-23T00:00+02:00");
  options->end = parse ("2011-05-29T00:00+02:00");
}

static inline void
export_to (Fixture               *fixture,
           const CmExportOptions *options,
           const char            *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = cm_export_to_file (fixture->document, NULL, options, file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

/* Runs a tool; its standard output, or NULL (and the test failed) when it
 * is missing or fails. */
static inline char *
run_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_find_program_in_path (argv[0]);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (program == NULL)
    {
      g_test_message ("%s is missing: build-aux/setup installs it", argv[0]);
      g_test_fail ();
      return NULL;
    }

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    {
      g_test_message ("%s failed: %s\n%s", argv[0], error->message, err != NULL ? err : "");
      g_test_fail ();
      return NULL;
    }

  return g_steal_pointer (&out);
}

static inline void
png_size (const char *path,
          int        *width,
          int        *height)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (path);

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  *width = cairo_image_surface_get_width (surface);
  *height = cairo_image_surface_get_height (surface);
  cairo_surface_destroy (surface);
}

static inline void
keep_png (const char *path,
          const char *name)
{
  const char *dir = g_getenv ("CM_TEST_PNG_DIR");
  g_autofree char *contents = NULL;
  gsize length;

  if (dir != NULL && g_file_get_contents (path, &contents, &length, NULL))
    {
      g_autofree char *kept = g_build_filename (dir, name, NULL);

      g_file_set_contents (kept, contents, (gssize) length, NULL);
    }
}

/* Text without its line breaks and runs of spaces. */
static inline char *
flatten (const char *text)
{
  g_autoptr(GString) flat = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = TRUE;
          continue;
        }
      if (space && flat->len > 0)
        g_string_append_c (flat, ' ');
      space = FALSE;
      g_string_append_c (flat, *p);
    }

  return g_string_free (g_steal_pointer (&flat), FALSE);
}

static inline char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  g_autofree char *text = run_tool (argv);

  g_assert_nonnull (text);
  return text != NULL ? flatten (text) : g_strdup ("");
}

static inline guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;

  return n;
}

typedef struct
{
  double x0, y0, x1, y1;
  char  *text;         /* its words, one space apart */
} TextLine;

static inline void
text_line_clear (gpointer data)
{
  g_free (((TextLine *) data)->text);
}

static inline double
attribute (const char *tag,
           const char *name)
{
  g_autofree char *key = g_strdup_printf ("%s=\"", name);
  const char *p = strstr (tag, key);

  g_assert_nonnull (p);
  return p != NULL ? g_ascii_strtod (p + strlen (key), NULL) : 0;
}

/* The lines of text of a PDF's first page, where poppler finds them. */
static inline GArray *
pdf_lines (const char *path)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", "-bbox-layout", path, "-", NULL };
  g_autofree char *xml = run_tool (argv);
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (TextLine));

  g_array_set_clear_func (lines, text_line_clear);
  for (const char *p = xml != NULL ? strstr (xml, "<line ") : NULL; p != NULL;
       p = strstr (p + 1, "<line "))
    {
      const char *end = strstr (p, "</line>");
      g_autoptr(GString) text = g_string_new (NULL);
      TextLine line;

      g_assert_nonnull (end);
      line.x0 = attribute (p, "xMin");
      line.y0 = attribute (p, "yMin");
      line.x1 = attribute (p, "xMax");
      line.y1 = attribute (p, "yMax");
      for (const char *w = strstr (p, "<word "); w != NULL && w < end; w = strstr (w + 1, "<word "))
        {
          const char *a = strchr (w, '>') + 1;
          const char *b = strstr (a, "</word>");

          if (text->len > 0)
            g_string_append_c (text, ' ');
          g_string_append_len (text, a, b - a);
        }
      line.text = g_string_free (g_steal_pointer (&text), FALSE);
      g_array_append_val (lines, line);
    }

  return lines;
}
