/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Helpers shared by the tests of the formats: loading, saving, looking
 * events up, comparing (format-compare.h). */

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "cm-core.h"
#include "cm-format.h"
#include "cm-properties.h"
#include "cm-test-util.h"
#include "format-compare.h"

static inline char *
test_data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

/* Loads tests/data/@name with @format (NULL: detected). */
static inline CmDocument *
load_test_file (const char      *name,
                const CmFormat  *format,
                CmImportReport  *report,
                GError         **error)
{
  return load_fixture (name, format, NULL, report, error);
}

/* Loads tests/data/@name, the format detected, which must succeed. */
static inline CmDocument *
load_ok (const char     *name,
         CmImportReport *report)
{
  g_autoptr(GError) error = NULL;
  CmDocument *document = load_test_file (name, NULL, report, &error);

  g_assert_no_error (error);
  g_assert_nonnull (document);

  return document;
}

static inline CmDocument *
load_path (const char      *path,
           const CmFormat  *format,
           CmImportReport  *report,
           GError         **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return cm_format_load_file (file, format, NULL, report, NULL, NULL, NULL, error);
}

/* Loads @text from memory through @format's load(). */
static inline CmDocument *
load_text (const CmFormat  *format,
           const char      *text,
           gssize           length,
           CmImportReport  *report,
           GError         **error)
{
  return load_data (format, text, length, "test", NULL, report, error);
}

/* Asserts that @format refuses @text with the error @code, its message
 * starting with @where. */
static inline void
assert_format_load_error (const CmFormat *format,
                          const char     *text,
                          gssize          length,
                          int             code,
                          const char     *where)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = load_text (format, text, length, NULL, &error);

  g_assert_null (doc);
  g_assert_error (error, CM_FORMAT_ERROR, code);
  if (!g_str_has_prefix (error->message, where))
    g_error ("“%s” does not start with “%s”", error->message, where);
}

/* Saves @document with @format into memory; returns the text. */
static inline char *
save_to_text (CmDocument     *document,
              const CmFormat *format)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (cm_format_write (format, document, stream, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (stream, "", 1, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (stream, NULL, NULL));

  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

/* Saves to a file in a fresh temporary folder; returns its path. */
static inline char *
save_to_temp (CmDocument     *document,
              const CmFormat *format,
              const char     *basename)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = cm_test_make_temp_dir ("cm-format-test-XXXXXX");
  char *path;
  g_autoptr(GFile) file = NULL;

  path = g_build_filename (dir, basename, NULL);
  file = g_file_new_for_path (path);
  g_assert_true (cm_format_save_file (document, file, format, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  return path;
}

static inline void
remove_temp (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_remove (path);
  g_rmdir (dir);
}

static inline GHashTable *
extras_table (const char *extras)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *iter = extras;
  char *key, *value;

  while (extras != NULL && cm_properties_next (&iter, &key, &value))
    g_hash_table_insert (table, key, value);

  return table;
}

static inline void
assert_same_extras (const char *a,
                    const char *b)
{
  g_autoptr(GHashTable) ta = extras_table (a);
  g_autoptr(GHashTable) tb = extras_table (b);
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (g_hash_table_size (ta), ==, g_hash_table_size (tb));
  g_hash_table_iter_init (&iter, ta);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_cmpstr (value, ==, g_hash_table_lookup (tb, key));
}

static inline const char *
empty_to_null (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

/* Every event the same (in the store's order), categories and groups by
 * name, as far as @flags say the format keeps them. */
static inline void
assert_same_events (CmDocument   *a,
                    CmDocument   *b,
                    CompareFlags  flags)
{
  CmEventStore *sa = cm_document_get_store (a);
  CmEventStore *sb = cm_document_get_store (b);
  double epsilon = (flags & COMPARE_COORDS_1E6) ? 1e-6 : 1e-12;

  g_assert_cmpstr (cm_document_get_title (a), ==, cm_document_get_title (b));
  g_assert_cmpstr (cm_document_get_description (a), ==, cm_document_get_description (b));
  g_assert_cmpuint (cm_event_store_get_n_events (sa), ==, cm_event_store_get_n_events (sb));

  for (guint i = 0; i < cm_event_store_get_n_events (sa); i++)
    {
      CmEventData da, db;

      cm_event_store_get_data (sa, i, &da);
      cm_event_store_get_data (sb, i, &db);

      g_assert_cmpstr (da.title, ==, db.title);
      if (!(flags & COMPARE_NO_EVENT_IDS))
        g_assert_cmpstr (da.id, ==, db.id);
      g_assert_cmpstr (empty_to_null (da.description), ==, empty_to_null (db.description));
      g_assert_cmpstr (empty_to_null (da.place), ==, empty_to_null (db.place));
      g_assert_cmpint (da.start, ==, db.start);
      g_assert_cmpint (da.end, ==, db.end);
      g_assert_cmpint (da.precision, ==, db.precision);
      if (da.end != CM_TIME_INVALID)
        g_assert_cmpint (da.end_precision, ==, db.end_precision);
      g_assert_cmpint (da.utc_offset, ==, db.utc_offset);
      g_assert_cmpint (da.flags, ==, db.flags);
      g_assert_cmpint (isnan (da.lat), ==, isnan (db.lat));
      if (!isnan (da.lat))
        {
          g_assert_cmpfloat_with_epsilon (da.lat, db.lat, epsilon);
          g_assert_cmpfloat_with_epsilon (da.lon, db.lon, epsilon);
        }

      g_assert_cmpint (da.category == CM_NONE, ==, db.category == CM_NONE);
      if (da.category != CM_NONE)
        {
          const CmCategory *ca = cm_document_get_category (a, da.category);
          const CmCategory *cb = cm_document_get_category (b, db.category);

          g_assert_cmpstr (ca->name, ==, cb->name);
          if (!(flags & COMPARE_NO_COLORS))
            {
              g_assert_cmpfloat_with_epsilon (ca->red, cb->red, 0.5 / 255);
              g_assert_cmpfloat_with_epsilon (ca->green, cb->green, 0.5 / 255);
              g_assert_cmpfloat_with_epsilon (ca->blue, cb->blue, 0.5 / 255);
            }
        }

      if (!(flags & COMPARE_NO_GROUPS))
        {
          g_assert_cmpint (da.group == CM_NONE, ==, db.group == CM_NONE);
          if (da.group != CM_NONE)
            {
              const CmGroup *ga = cm_document_get_group (a, da.group);
              const CmGroup *gb = cm_document_get_group (b, db.group);

              g_assert_cmpstr (ga->name, ==, gb->name);
              g_assert_cmpint (ga->kind, ==, gb->kind);
            }
        }

      if (!(flags & COMPARE_NO_EXTRAS))
        assert_same_extras (da.extras, db.extras);
    }
}

/* load → save in the same format → load → compare. */
static inline void
assert_round_trip (CmDocument     *document,
                   const CmFormat *format,
                   CompareFlags    flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) again = NULL;
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autofree char *text = save_to_text (document, format);

  again = load_text (format, text, -1, report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  g_assert_cmpuint (report->n_skipped, ==, 0);
  assert_same_events (document, again, flags);
}

/* The position of the event titled @title, or CM_NONE. */
static inline guint
find_title (CmDocument *doc,
            const char *title)
{
  CmEventStore *store = cm_document_get_store (doc);

  for (guint i = 0; i < cm_event_store_get_n_events (store); i++)
    if (g_strcmp0 (cm_event_store_get_title (store, i), title) == 0)
      return i;

  return CM_NONE;
}

/* The data of the event titled @title, which must be there. */
static inline void
get_event (CmDocument  *doc,
           const char  *title,
           CmEventData *data)
{
  guint position = find_title (doc, title);

  g_assert_cmpuint (position, !=, CM_NONE);
  if (position != CM_NONE)
    cm_event_store_get_data (cm_document_get_store (doc), position, data);
}

/* Looks an event up by title. */
static inline gboolean
find_event (CmDocument  *document,
            const char  *title,
            CmEventData *data)
{
  CmEventStore *store = cm_document_get_store (document);

  for (guint i = 0; i < cm_event_store_get_n_events (store); i++)
    {
      cm_event_store_get_data (store, i, data);
      if (g_strcmp0 (data->title, title) == 0)
        return TRUE;
    }

  return FALSE;
}

static inline guint
count_events (CmDocument *document,
              const char *title)
{
  CmEventStore *store = cm_document_get_store (document);
  guint n = 0;

  for (guint i = 0; i < cm_event_store_get_n_events (store); i++)
    if (g_strcmp0 (cm_event_store_get_title (store, i), title) == 0)
      n++;

  return n;
}

static inline gboolean
report_mentions (CmImportReport *report,
                 const char     *text)
{
  for (guint i = 0; i < report->skipped->len; i++)
    if (strstr (g_ptr_array_index (report->skipped, i), text) != NULL)
      return TRUE;

  return FALSE;
}

static inline CmDocument *
load_default_dataset (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_uri ("resource://" CM_DEFAULT_DATASET_RESOURCE);
  CmDocument *document;

  cm_core_init ();
  document = cm_format_load_file (file, cm_format_by_id ("native"), NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  return document;
}
