/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The shared-mime-info type of Chronomap's files, and the types the desktop
 * file says Chronomap opens. No display. */
#include "config.h"

#include "cm-format.h"
#include "cm-native.h"
#include "cm-test-util.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

/* The MIME database built from the installed definition alone, which the
 * content types below are looked up in (XDG_DATA_DIRS points at it). */
static char *data_dir;

/* Builds the database of @data_dir from the definition, once; the test
 * fails unless update-mime-database accepts it without a word. */
static gboolean
ensure_database (void)
{
  static int built = -1;
  const char *mime_file = g_getenv ("CM_MIME_FILE");
  g_autofree char *packages = g_build_filename (data_dir, "mime", "packages", NULL);
  g_autofree char *mime_dir = g_build_filename (data_dir, "mime", NULL);
  g_autofree char *basename = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *program = g_find_program_in_path ("update-mime-database");
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "update-mime-database", mime_dir, NULL };
  gsize length;
  int status;

  if (built >= 0)
    return built;
  built = FALSE;

  g_assert_nonnull (mime_file);
  if (program == NULL)
    {
      g_test_fail_printf ("update-mime-database is not installed (build-aux/setup installs it)");
      return FALSE;
    }

  g_assert_true (g_file_get_contents (mime_file, &contents, &length, &error));
  g_assert_no_error (error);
  /* Translated comments were merged in. */
  g_assert_nonnull (strstr (contents, "<comment xml:lang=\"fr\">"));

  g_assert_no_errno (g_mkdir_with_parents (packages, 0700));
  basename = g_path_get_basename (mime_file);
  copy = g_build_filename (packages, basename, NULL);
  g_assert_true (g_file_set_contents (copy, contents, (gssize) length, &error));
  g_assert_no_error (error);

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  g_test_message ("update-mime-database: %s%s", out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (err, ==, "");

  built = g_spawn_check_wait_status (status, NULL) && g_strcmp0 (err, "") == 0;
  return built;
}

/* update-mime-database accepts the definition. */
static void
test_definition_valid (void)
{
  g_assert_true (ensure_database ());
}

/* A document is recognised by its name, and without one by its start as
 * Chronomap writes it; it is JSON. */
static void
test_recognised (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                 "deauville-2011.chronomap", NULL);
  g_autofree char *head = NULL;
  g_autofree char *by_name = NULL;
  g_autofree char *by_content = NULL;
  g_autofree char *json = NULL;
  const char *other_json = "{ \"type\": \"FeatureCollection\" }";
  gboolean uncertain = TRUE;
  gsize length;

  if (!ensure_database ())
    return;

  g_assert_true (g_file_get_contents (path, &head, &length, NULL));
  length = MIN (length, 4096);

  by_name = g_content_type_guess ("tour.chronomap", NULL, 0, NULL);
  g_assert_cmpstr (by_name, ==, CM_NATIVE_MIME_TYPE);

  by_content = g_content_type_guess (NULL, (const guchar *) head, length, &uncertain);
  g_assert_cmpstr (by_content, ==, CM_NATIVE_MIME_TYPE);
  g_assert_false (uncertain);
  g_assert_true (g_content_type_is_a (CM_NATIVE_MIME_TYPE, "application/json"));

  /* Other JSON is not taken for a timeline. */
  json = g_content_type_guess (NULL, (const guchar *) other_json, strlen (other_json), NULL);
  g_assert_cmpstr (json, !=, CM_NATIVE_MIME_TYPE);
}

/* The desktop file offers Chronomap for every type it reads that has a
 * type of its own: TimelineJS files are plain JSON. */
static void
test_desktop_types (void)
{
  const char *desktop_file = g_getenv ("CM_DESKTOP_FILE");
  const CmFormat * const *formats = cm_format_list ();
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) types = NULL;
  guint n_listed = 0;

  g_assert_nonnull (desktop_file);
  g_assert_true (g_key_file_load_from_file (keys, desktop_file, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  types = g_key_file_get_string_list (keys, "Desktop Entry", "MimeType", NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; formats[i] != NULL; i++)
    for (guint m = 0; formats[i]->mime_types != NULL && formats[i]->mime_types[m] != NULL; m++)
      {
        const char *type = formats[i]->mime_types[m];

        if (g_str_equal (type, "application/json"))
          {
            g_assert_false (g_strv_contains ((const char * const *) types, type));
            continue;
          }
        if (!g_strv_contains ((const char * const *) types, type))
          g_test_fail_printf ("the desktop file does not list %s (%s)", type, formats[i]->id);
        n_listed++;
      }

  g_assert_true (g_strv_contains ((const char * const *) types, CM_NATIVE_MIME_TYPE));
  g_assert_cmpuint (g_strv_length (types), ==, n_listed);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* Before GIO reads a MIME database: only the one the test builds. */
  data_dir = cm_test_make_temp_dir ("test-mime-XXXXXX");
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  g_setenv ("XDG_DATA_DIRS", data_dir, TRUE);

  cm_test_init (&argc, &argv);

  g_test_add_func ("/data/mime/definition-valid", test_definition_valid);
  g_test_add_func ("/data/mime/recognised", test_recognised);
  g_test_add_func ("/data/mime/desktop-types", test_desktop_types);

  ret = g_test_run ();
  cm_test_remove_tree (data_dir);
  g_free (data_dir);

  return ret;
}
