/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs a libFuzzer target on files, without libFuzzer: every input the
 * fuzzers kept (seeds and the regression files of crashes they found) is
 * a test case of the unit suite, in every build. TAP: one case a file. */
#include "config.h"

#include <glib.h>
#include <stdio.h>

int LLVMFuzzerInitialize   (int           *argc,
                            char        ***argv);
int LLVMFuzzerTestOneInput (const guint8  *data,
                            size_t         size);

static void
collect (const char *path,
         GPtrArray  *files)
{
  g_autoptr(GDir) dir = NULL;
  const char *entry;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (files, g_strdup (path));
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (files, g_build_filename (path, entry, NULL));
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  int failed = 0;

  LLVMFuzzerInitialize (&argc, &argv);
  for (int i = 1; i < argc; i++)
    collect (argv[i], files);
  g_ptr_array_sort (files, compare_paths);

  printf ("1..%u\n", files->len);
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autofree char *data = NULL;
      gsize length;

      if (!g_file_get_contents (path, &data, &length, NULL))
        {
          printf ("not ok %u - %s (cannot be read)\n", i + 1, path);
          failed = 1;
          continue;
        }
      /* A crash aborts here, and the plan is left unfinished. */
      LLVMFuzzerTestOneInput ((const guint8 *) data, length);
      printf ("ok %u - %s\n", i + 1, path);
      fflush (stdout);
    }

  return failed;
}
