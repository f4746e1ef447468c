/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-format"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cm-format.h"
#include "cm-native.h"
#include "cm-formats-private.h"

#define MAX_SKIPPED_KEPT 1000
#define SNIFF_BYTES 4096

/* ---- import reports ---------------------------------------------------- */

CmImportReport *
cm_import_report_new (void)
{
  CmImportReport *report = g_new0 (CmImportReport, 1);

  report->skipped = g_ptr_array_new_with_free_func (g_free);
  report->warnings = g_ptr_array_new_with_free_func (g_free);

  return report;
}

void
cm_import_report_free (CmImportReport *report)
{
  if (report == NULL)
    return;

  g_ptr_array_unref (report->skipped);
  g_ptr_array_unref (report->warnings);
  g_free (report);
}

void
cm_import_report_skip (CmImportReport *report,
                       const char     *format,
                       ...)
{
  va_list args;

  if (report == NULL)
    return;

  report->n_skipped++;
  if (report->skipped->len >= MAX_SKIPPED_KEPT)
    return;

  va_start (args, format);
  g_ptr_array_add (report->skipped, g_strdup_vprintf (format, args));
  va_end (args);
}

void
cm_import_report_warn (CmImportReport *report,
                       const char     *format,
                       ...)
{
  va_list args;

  if (report == NULL || report->warnings->len >= MAX_SKIPPED_KEPT)
    return;

  va_start (args, format);
  g_ptr_array_add (report->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

gboolean
cm_import_report_has_news (CmImportReport *report)
{
  return report != NULL && (report->n_skipped > 0 || report->warnings->len > 0);
}

char *
cm_import_report_dup_summary (CmImportReport *report)
{
  g_autofree char *imported = NULL;
  g_autofree char *skipped = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  imported = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event imported", "%u events imported",
                                           report->n_imported),
                              report->n_imported);
  skipped = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u skipped", "%u skipped", report->n_skipped),
                             report->n_skipped);

  if (report->warnings->len > 0)
    {
      g_autofree char *warnings = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning",
                                                                "%u warnings", report->warnings->len),
                                                   report->warnings->len);

      /* Translators: joins "312 events imported", "3 skipped" and "1 warning" */
      return g_strdup_printf (C_("import summary", "%s, %s, %s"), imported, skipped, warnings);
    }

  /* Translators: joins "312 events imported" and "3 skipped" */
  return g_strdup_printf (C_("import summary", "%s, %s"), imported, skipped);
}

/* ---- the native format through the common interface -------------------- */

static const char * const native_extensions[] = { "chronomap", NULL };
static const char * const native_mime_types[] = { CM_NATIVE_MIME_TYPE, NULL };

static int
native_sniff (const char *head,
              gsize       length,
              const char *filename)
{
  const char *end = head + length;
  const char *p = head;

  /* {"chronomap": N, … : the version member comes first when we write. */
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p < end && *p == '{')
    {
      p++;
      while (p < end && g_ascii_isspace (*p))
        p++;
      if ((gsize) (end - p) >= 11 && memcmp (p, "\"chronomap\"", 11) == 0)
        return 100;
    }

  return g_str_has_suffix (filename ? filename : "", ".chronomap") ? 50 : 0;
}

static CmDocument *
native_load (const CmLoadRequest *request,
             GError             **error)
{
  CmDocument *document;

  document = cm_native_load_stream (request->stream, request->name, request->size,
                                    request->progress, request->progress_data,
                                    request->cancellable, error);
  if (document != NULL && request->report != NULL)
    request->report->n_imported += cm_event_store_get_n_events (cm_document_get_store (document));

  return document;
}

const CmFormat cm_format_native = {
  .id = "native",
  .name = N_("Chronomap"),
  .extensions = native_extensions,
  .mime_types = native_mime_types,
  .sniff = native_sniff,
  .load = native_load,
  .save = _cm_native_save,
};

/* ---- the registry ------------------------------------------------------ */

static const CmFormat * const formats[] = {
  &cm_format_native,
  CM_FORMATS_MORE
  NULL
};

const CmFormat * const *
cm_format_list (void)
{
  return formats;
}

const CmFormat *
cm_format_by_id (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; formats[i] != NULL; i++)
    if (g_str_equal (formats[i]->id, id))
      return formats[i];

  return NULL;
}

const CmFormat *
cm_format_by_extension (const char *filename)
{
  const char *dot;

  g_return_val_if_fail (filename != NULL, NULL);

  dot = strrchr (filename, '.');
  if (dot == NULL || strchr (dot, '/') != NULL)
    return NULL;

  for (guint i = 0; formats[i] != NULL; i++)
    for (guint e = 0; formats[i]->extensions[e] != NULL; e++)
      if (g_ascii_strcasecmp (dot + 1, formats[i]->extensions[e]) == 0)
        return formats[i];

  return NULL;
}

const CmFormat *
cm_format_detect (const char *head,
                  gsize       length,
                  const char *filename)
{
  const CmFormat *best = NULL;
  int best_score = 0;

  for (guint i = 0; formats[i] != NULL; i++)
    {
      int score = formats[i]->sniff (head, length, filename);

      if (score > best_score)
        {
          best = formats[i];
          best_score = score;
        }
    }

  if (best == NULL && filename != NULL)
    best = cm_format_by_extension (filename);

  return best;
}

CmDocument *
cm_format_load_file (GFile          *file,
                     const CmFormat *format,
                     gconstpointer   options,
                     CmImportReport *report,
                     CmProgressFunc  progress,
                     gpointer        progress_data,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autoptr(GFileInputStream) file_stream = NULL;
  g_autoptr(GBufferedInputStream) stream = NULL;
  g_autofree char *name = NULL;
  g_autofree char *basename = NULL;
  CmLoadRequest request;
  CmDocument *document;
  goffset size = -1;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = cm_file_dup_display_name (file);
  basename = g_file_get_basename (file);

  file_stream = cm_file_read (file, &size, cancellable, error);
  if (file_stream == NULL)
    return NULL;

  /* Peek at the first bytes to recognise the content. */
  stream = G_BUFFERED_INPUT_STREAM (g_buffered_input_stream_new_sized (G_INPUT_STREAM (file_stream), SNIFF_BYTES));
  if (format == NULL)
    {
      gsize available = 0;
      const char *head;

      if (g_buffered_input_stream_fill (stream, SNIFF_BYTES, cancellable, error) < 0)
        return NULL;
      head = g_buffered_input_stream_peek_buffer (stream, &available);

      format = cm_format_detect (head, available, basename);
      if (format == NULL)
        {
          g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_UNSUPPORTED,
                       _("%s: Not a format Chronomap can read (Chronomap, TimelineJS, CSV, "
                         "iCalendar, GeoJSON or KML)"), name);
          return NULL;
        }
    }

  request = (CmLoadRequest) {
    .stream = G_INPUT_STREAM (stream),
    .name = name,
    .size = size,
    .options = options,
    .report = report,
    .progress = progress,
    .progress_data = progress_data,
    .cancellable = cancellable,
  };
  document = format->load (&request, error);
  if (document != NULL)
    cm_document_set_file (document, file);

  return document;
}

gboolean
cm_format_save_file (CmDocument     *document,
                     GFile          *file,
                     const CmFormat *format,
                     CmProgressFunc  progress,
                     gpointer        progress_data,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autofree char *basename = NULL;
  guint n_events;

  g_return_val_if_fail (CM_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  basename = g_file_get_basename (file);
  if (format == NULL)
    format = cm_format_by_extension (basename);
  if (format == NULL)
    format = &cm_format_native;

  if (format->save == NULL)
    {
      g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_UNSUPPORTED,
                   _("Chronomap cannot write %s files"), _(format->name));
      return FALSE;
    }

  /* A file without any of the events would read back as nothing. */
  n_events = cm_event_store_get_n_events (cm_document_get_store (document));
  if (n_events > 0 && cm_format_count_unwritable (format, document, NULL) == n_events)
    {
      g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_UNSUPPORTED,
                   _("%s cannot hold the date of any of the document’s events: nothing "
                     "was written"), _(format->name));
      return FALSE;
    }

  return cm_document_write_file (document, file, format->save, progress, progress_data,
                                 cancellable, error);
}

gboolean
cm_format_write (const CmFormat *format,
                 CmDocument     *document,
                 GOutputStream  *stream,
                 GCancellable   *cancellable,
                 GError        **error)
{
  CmSaveRequest request = { .stream = stream, .cancellable = cancellable };

  g_return_val_if_fail (format != NULL && format->save != NULL, FALSE);

  return format->save (document, &request, error);
}

guint
cm_format_count_unwritable (const CmFormat  *format,
                            CmDocument      *document,
                            char           **first_title)
{
  g_return_val_if_fail (format != NULL, 0);
  g_return_val_if_fail (CM_IS_DOCUMENT (document), 0);

  if (first_title != NULL)
    *first_title = NULL;
  if (format->count_unwritable == NULL)
    return 0;

  return format->count_unwritable (document, first_title);
}

/* ---- merging ----------------------------------------------------------- */

/* The index in @document of @source's category @i: the one with its id,
 * else a copy added. */
static guint
merge_category (CmDocument *document,
                CmDocument *source,
                guint       i)
{
  const CmCategory *category = cm_document_get_category (source, i);
  g_autofree char *color = NULL;
  guint index = cm_document_find_category (document, category->id);

  if (index != CM_NONE)
    return index;

  color = cm_color_to_string (category->red, category->green, category->blue);
  return cm_document_add_category (document, category->id, category->name, color);
}

/* The index in @document of @source's group @i, as merge_category(). */
static guint
merge_group (CmDocument *document,
             CmDocument *source,
             guint       i)
{
  const CmGroup *group = cm_document_get_group (source, i);
  guint index = cm_document_find_group (document, group->id);

  if (index != CM_NONE)
    return index;

  return cm_document_add_group (document, group->id, group->name, group->kind);
}

/* Where each of the @n categories or groups of @source is in @document,
 * by @merge. */
static guint *
merge_all (CmDocument *document,
           CmDocument *source,
           guint       n,
           guint     (*merge) (CmDocument *, CmDocument *, guint))
{
  guint *map = g_new (guint, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    map[i] = merge (document, source, i);

  return map;
}

void
cm_document_merge (CmDocument *document,
                   CmDocument *source)
{
  CmEventStore *store, *from;
  g_autofree guint *category_map = NULL;
  g_autofree guint *group_map = NULL;
  guint n_categories, n_groups, n;

  g_return_if_fail (CM_IS_DOCUMENT (document));
  g_return_if_fail (CM_IS_DOCUMENT (source));
  g_return_if_fail (document != source);

  n_categories = cm_document_get_n_categories (source);
  category_map = merge_all (document, source, n_categories, merge_category);
  n_groups = cm_document_get_n_groups (source);
  group_map = merge_all (document, source, n_groups, merge_group);

  store = cm_document_get_store (document);
  from = cm_document_get_store (source);
  n = cm_event_store_get_n_events (from);

  cm_event_store_begin_bulk (store, n);
  for (guint i = 0; i < n; i++)
    {
      CmEventData data;

      cm_event_store_get_data (from, i, &data);
      data.category = data.category < n_categories ? category_map[data.category] : CM_NONE;
      data.group = data.group < n_groups ? group_map[data.group] : CM_NONE;
      cm_event_store_add (store, &data);
    }
  cm_event_store_end_bulk (store);

  if (n > 0)
    cm_document_set_dirty (document, TRUE);
  g_signal_emit_by_name (document, "changed");
}
