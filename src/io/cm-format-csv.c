/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-csv"

#include "config.h"

#include <csv.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cm-csv.h"
#include "cm-format.h"
#include "cm-native.h"
#include "cm-formats-private.h"
#include "cm-properties.h"
#include "cm-timelinejs-private.h"

/* CSV and TSV through libcsv, streamed in chunks: a table of a million rows
 * never exists in memory, only the store. Two kinds of tables:
 *
 *  - the TimelineJS spreadsheet template, recognised by its column names
 *    (Year, Month, Day, Time, End Year … Headline, Text, Media … Type,
 *    Group, Background), whose "title" and "era" rows become the document
 *    title and its eras. Chronomap writes this template, with columns of
 *    its own after it (Latitude, Longitude, Place, Category, UTC Offset,
 *    Precision, End Precision, ID) so that its own files read back whole;
 *  - any other table, whose columns a CmCsvMapping assigns (guessed from
 *    the header, or chosen by the user). Dates there are read by
 *    cm_time_parse(): ISO 8601, "May 2011", "44 BC"…
 *
 * Rows that cannot be used are skipped and listed in the import report
 * ("line 14: “2011-13-01” is not a date"); encoding errors and limits stop
 * the load with "name:line:column: message". */

#define CHUNK_SIZE (256 * 1024)
#define MAX_FIELD (1024 * 1024)
#define MAX_COLUMNS 1024
#define MAX_ROW (4 * MAX_FIELD)
#define WRITE_CHUNK (256 * 1024)

typedef enum
{
  COL_YEAR,
  COL_MONTH,
  COL_DAY,
  COL_TIME,
  COL_END_YEAR,
  COL_END_MONTH,
  COL_END_DAY,
  COL_END_TIME,
  COL_DISPLAY_DATE,
  COL_HEADLINE,
  COL_TEXT,
  COL_MEDIA,
  COL_MEDIA_CREDIT,
  COL_MEDIA_CAPTION,
  COL_MEDIA_THUMBNAIL,
  COL_TYPE,
  COL_GROUP,
  COL_BACKGROUND,
  /* Chronomap's own, after the template's */
  COL_LATITUDE,
  COL_LONGITUDE,
  COL_PLACE,
  COL_CATEGORY,
  COL_UTC_OFFSET,
  COL_PRECISION,
  COL_END_PRECISION,
  COL_ID,
  N_COLUMNS
} Column;

static const char * const column_names[N_COLUMNS] = {
  "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
  "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
  "Media Thumbnail", "Type", "Group", "Background",
  "Latitude", "Longitude", "Place", "Category", "UTC Offset", "Precision", "End Precision", "ID",
};

/* Extras kept from template columns (the names TimelineJS JSON uses). */
static const struct
{
  Column      column;
  const char *key;
} column_extras[] = {
  { COL_DISPLAY_DATE, "display_date" },
  { COL_MEDIA, "media_url" },
  { COL_MEDIA_CREDIT, "media_credit" },
  { COL_MEDIA_CAPTION, "media_caption" },
  { COL_MEDIA_THUMBNAIL, "media_thumbnail" },
};

/* ---- column names -------------------------------------------------------- */

/* Lower case, accents and "_"/"-"/"." removed, spaces collapsed: "Date_de
 * Début" and "date de debut" compare equal. */
static char *
normalize_name (const char *name)
{
  g_autofree char *valid = g_utf8_make_valid (name, -1);
  g_autofree char *folded = g_utf8_casefold (valid, -1);
  g_autofree char *decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFD);
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      if (c == '_' || c == '-' || c == '.' || g_unichar_isspace (c))
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static int
find_column (char * const *names,
             guint         n_columns,
             const char   *wanted)
{
  for (guint i = 0; i < n_columns; i++)
    if (g_str_equal (names[i], wanted))
      return (int) i;

  return -1;
}

/* Template column indices from normalised header names; FALSE when the
 * header is not the TimelineJS template. */
static gboolean
template_columns (char * const *names,
                  guint         n_columns,
                  int           columns[N_COLUMNS])
{
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      g_autofree char *wanted = normalize_name (column_names[c]);

      columns[c] = find_column (names, n_columns, wanted);
    }

  return columns[COL_YEAR] >= 0
         && (columns[COL_HEADLINE] >= 0 || (columns[COL_MONTH] >= 0 && columns[COL_DAY] >= 0));
}

void
cm_csv_guess_mapping (const char * const *header,
                      guint               n_columns,
                      CmCsvMapping       *mapping)
{
  /* Most specific names first: a role takes the first column that matches
   * one of its names, in this order, and a column serves one role. */
  static const char * const start_names[] = {
    "start date", "start", "date", "begin", "from", "when", "datetime", "timestamp",
    "start time", "time", "year", "date de debut", "debut", "date", "quand", "annee", NULL
  };
  static const char * const end_names[] = {
    "end date", "end", "until", "to", "finish", "stop", "end time", "date de fin", "fin", NULL
  };
  static const char * const title_names[] = {
    "title", "name", "headline", "event", "label", "subject", "titre", "nom", "evenement",
    "intitule", "summary", NULL
  };
  static const char * const latitude_names[] = { "latitude", "lat", NULL };
  static const char * const longitude_names[] = { "longitude", "lon", "lng", "long", NULL };
  static const char * const place_names[] = {
    "place", "location", "city", "venue", "address", "country", "lieu", "ville", "endroit",
    "localisation", "adresse", "pays", NULL
  };
  static const char * const category_names[] = {
    "category", "type", "kind", "categorie", "genre", NULL
  };
  static const char * const group_names[] = { "group", "lane", "track", "groupe", "piste", NULL };
  static const char * const description_names[] = {
    "description", "text", "details", "notes", "note", "comment", "texte", "resume",
    "commentaire", NULL
  };
  const struct
  {
    int                *field;
    const char * const *names;
  } roles[] = {
    { &mapping->start, start_names },
    { &mapping->end, end_names },
    { &mapping->title, title_names },
    { &mapping->latitude, latitude_names },
    { &mapping->longitude, longitude_names },
    { &mapping->place, place_names },
    { &mapping->category, category_names },
    { &mapping->group, group_names },
    { &mapping->description, description_names },
  };
  g_autofree char **names = NULL;
  g_autofree gboolean *used = NULL;

  g_return_if_fail (header != NULL || n_columns == 0);
  g_return_if_fail (mapping != NULL);

  names = g_new0 (char *, n_columns + 1);
  used = g_new0 (gboolean, n_columns + 1);
  for (guint i = 0; i < n_columns; i++)
    names[i] = normalize_name (header[i] != NULL ? header[i] : "");

  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      *roles[r].field = -1;
      for (guint n = 0; roles[r].names[n] != NULL && *roles[r].field < 0; n++)
        for (guint i = 0; i < n_columns; i++)
          if (!used[i] && g_str_equal (names[i], roles[r].names[n]))
            {
              *roles[r].field = (int) i;
              used[i] = TRUE;
              break;
            }
    }

  /* Else any column whose name holds "date" ("Date of birth", "Event date"). */
  for (guint i = 0; i < n_columns && mapping->start < 0; i++)
    if (!used[i] && strstr (names[i], "date") != NULL)
      {
        mapping->start = (int) i;
        used[i] = TRUE;
      }

  for (guint i = 0; i < n_columns; i++)
    g_free (names[i]);
}

/* ---- separators and previews ---------------------------------------------- */

char
cm_csv_detect_separator (const char *head,
                         gsize       length)
{
  gsize commas = 0, semicolons = 0, tabs = 0;
  gboolean quoted = FALSE;

  g_return_val_if_fail (head != NULL || length == 0, ',');

  for (gsize i = 0; i < length; i++)
    {
      char c = head[i];

      if (c == '"')
        quoted = !quoted;
      else if (quoted)
        continue;
      else if (c == '\n' || c == '\r')
        break;
      else if (c == ',')
        commas++;
      else if (c == ';')
        semicolons++;
      else if (c == '\t')
        tabs++;
    }

  if (tabs > commas && tabs >= semicolons)
    return '\t';
  if (semicolons > commas)
    return ';';

  return ',';
}

static int
is_blank (unsigned char c)
{
  return c == ' ';
}

/* The parser, set for @separator: a tab separator is no white space. */
static void
parser_init (struct csv_parser *parser,
             char               separator,
             unsigned char      options)
{
  csv_init (parser, options);
  csv_set_delim (parser, (unsigned char) separator);
  if (separator == '\t')
    csv_set_space_func (parser, is_blank);
}

typedef struct
{
  GPtrArray *rows;      /* GStrv */
  GPtrArray *fields;    /* char * of the current record */
  guint      max_rows;
  guint      max_columns;
} Preview;

static void
preview_field_cb (void   *data,
                  size_t  length,
                  void   *user_data)
{
  Preview *preview = user_data;

  if (preview->rows->len >= preview->max_rows || preview->fields->len >= preview->max_columns)
    return;
  g_ptr_array_add (preview->fields, g_utf8_make_valid (data != NULL ? data : "", (gssize) length));
}

static void
preview_row_cb (int   c,
                void *user_data)
{
  Preview *preview = user_data;

  if (preview->fields->len > 0 && preview->rows->len < preview->max_rows)
    {
      g_ptr_array_add (preview->fields, NULL);
      g_ptr_array_add (preview->rows, g_ptr_array_steal (preview->fields, NULL));
    }
  g_ptr_array_set_size (preview->fields, 0);
}

GPtrArray *
cm_csv_preview (const char *data,
                gsize       length,
                guint       max_rows,
                guint       max_columns,
                char       *separator)
{
  struct csv_parser parser;
  Preview preview;
  char sep;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      length -= 3;
    }
  sep = cm_csv_detect_separator (data, length);
  if (separator != NULL)
    *separator = sep;

  preview.rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  preview.fields = g_ptr_array_new_with_free_func (g_free);
  preview.max_rows = max_rows;
  preview.max_columns = MAX (max_columns, 1);

  parser_init (&parser, sep, 0);
  csv_parse (&parser, data, length, preview_field_cb, preview_row_cb, &preview);
  /* A last record without its line end is whole only at the end of data
   * the caller says is whole; keep it only when there is nothing else. */
  if (preview.rows->len == 0)
    csv_fini (&parser, preview_field_cb, preview_row_cb, &preview);
  csv_free (&parser);
  g_ptr_array_unref (preview.fields);

  return preview.rows;
}

gboolean
cm_csv_is_timelinejs_template (const char *head,
                               gsize       length)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) names = NULL;
  int columns[N_COLUMNS];
  char **header;

  g_return_val_if_fail (head != NULL || length == 0, FALSE);

  rows = cm_csv_preview (head, length, 1, MAX_COLUMNS, NULL);
  if (rows->len == 0)
    return FALSE;

  header = rows->pdata[0];
  names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; header[i] != NULL; i++)
    g_ptr_array_add (names, normalize_name (header[i]));

  return template_columns ((char * const *) names->pdata, names->len, columns);
}

/* ---- reading: values ------------------------------------------------------ */

/* A whole number within [min, max], with an optional sign. */
static gboolean
parse_integer (const char *text,
               gint64      min,
               gint64      max,
               gint64     *value)
{
  const char *p = text;
  gboolean negative = FALSE;
  gint64 result = 0;
  int digits = 0;

  if (*p == '-' || *p == '+')
    negative = *p++ == '-';
  for (; g_ascii_isdigit (*p); p++)
    {
      if (++digits > 18)
        return FALSE;
      result = result * 10 + (*p - '0');
    }
  if (digits == 0 || *p != '\0')
    return FALSE;

  result = negative ? -result : result;
  if (result < min || result > max)
    return FALSE;

  *value = result;
  return TRUE;
}

/* "13", "13:00", "13:00:05", "13:00:05.250", "1 PM", "1:30 p.m.":
 * the fields not written stay -1. */
static gboolean
parse_time (const char *text,
            int        *hour,
            int        *minute,
            int        *second)
{
  int values[3] = { -1, -1, -1 };
  const char *p = text;
  guint n = 0;

  while (n < 3)
    {
      int value = 0, digits = 0;

      for (; g_ascii_isdigit (*p) && digits < 3; p++, digits++)
        value = value * 10 + (*p - '0');
      if (digits == 0 || digits > 2)
        return FALSE;
      values[n++] = value;
      if (*p != ':')
        break;
      p++;
    }
  if (*p == '.' && n == 3)
    for (p++; g_ascii_isdigit (*p); p++)
      ;
  while (*p == ' ')
    p++;

  if (*p != '\0')
    {
      gboolean pm;

      if (g_ascii_strcasecmp (p, "am") == 0 || g_ascii_strcasecmp (p, "a.m.") == 0)
        pm = FALSE;
      else if (g_ascii_strcasecmp (p, "pm") == 0 || g_ascii_strcasecmp (p, "p.m.") == 0)
        pm = TRUE;
      else
        return FALSE;
      if (values[0] < 1 || values[0] > 12)
        return FALSE;
      values[0] = values[0] % 12 + (pm ? 12 : 0);
    }

  if (values[0] > 23 || values[1] > 59 || values[2] > 59)
    return FALSE;

  *hour = values[0];
  *minute = values[1];
  *second = values[2];
  return TRUE;
}

/* Decimals without exponent and with at most 15 significant digits, as
 * coordinates are written, converted exactly and fast: the digits form an
 * integer below 2^53 and 10^k (k <= 22) is exact, so one division rounds
 * correctly, as g_ascii_strtod() does. FALSE for anything else. */
static gboolean
parse_decimal (const char *text,
               double     *value)
{
  static const double powers[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
  };
  const char *p = text;
  gboolean negative = FALSE, dot = FALSE;
  guint64 mantissa = 0;
  int digits = 0, decimals = 0;

  if (*p == '-' || *p == '+')
    negative = *p++ == '-';
  for (;; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (++digits > 15)
            return FALSE;
          mantissa = mantissa * 10 + (guint64) (*p - '0');
          decimals += dot;
        }
      else if (*p == '.' && !dot)
        dot = TRUE;
      else
        break;
    }
  if (*p != '\0' || digits == 0)
    return FALSE;

  *value = (double) mantissa / powers[decimals];
  if (negative)
    *value = -*value;

  return TRUE;
}

/* A coordinate, "48.8566" or, in files separated by ";", "48,8566". */
static gboolean
parse_coordinate (char   *text,
                  double  limit,
                  double *value)
{
  char *end, *comma;

  if (parse_decimal (text, value))
    return fabs (*value) <= limit;
  if (strchr (text, '.') == NULL && (comma = strchr (text, ',')) != NULL)
    {
      *comma = '.';
      if (parse_decimal (text, value))
        return fabs (*value) <= limit;
    }
  *value = g_ascii_strtod (text, &end);

  return end != text && *end == '\0' && isfinite (*value) && fabs (*value) <= limit;
}

/* A date in a generic table: ISO 8601 first (fast), then what
 * cm_time_parse() reads. */
static gboolean
parse_date (const char  *text,
            CmTime      *time,
            CmPrecision *precision,
            int         *utc_offset)
{
  return cm_time_parse_iso_len (text, strlen (text), time, precision, utc_offset, NULL)
         || cm_time_parse (text, time, precision, utc_offset, NULL);
}

/* ---- reading: the table ---------------------------------------------------- */

typedef struct
{
  const char      *name;
  CmDocument      *document;
  CmEventStore    *store;
  CmImportReport  *report;
  GError          *error;
  struct csv_parser parser;

  /* The record being read: its fields, each NUL-terminated, in @row
   * (plain buffers: this is the innermost loop). */
  char            *row;
  gsize            row_length;
  gsize            row_size;
  guint           *fields;         /* offsets in @row */
  guint            n_fields;
  guint            line;           /* line of the next byte the parser reads */
  guint            row_line;       /* line the record starts on */
  gboolean         after_cr;

  gboolean         have_header;
  gboolean         is_template;
  GPtrArray       *header;         /* column names as written */
  int              columns[N_COLUMNS];
  CmCsvMapping     mapping;
  gboolean         has_mapping;
  gboolean        *mapped;         /* per column: used by the mapping */

  GHashTable      *group_names;
  GHashTable      *category_names;
  GString         *extras;
  GString         *document_extras;
  JsonArray       *eras;
  guint            n_event_rows;
  guint            n_imported;
  guint            first_skipped_line;
  char            *first_reason;
} Reader;

static char *
field (Reader *reader,
       int     column)
{
  if (column < 0 || (guint) column >= reader->n_fields)
    return (char *) "";

  return reader->row + reader->fields[column];
}

static char *
template_field (Reader *reader,
                Column  column)
{
  return field (reader, reader->columns[column]);
}

static void G_GNUC_PRINTF (2, 3)
skip_row (Reader     *reader,
          const char *format,
          ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  cm_import_report_skip (reader->report, _("line %u: %s"), reader->row_line, reason);
  if (reader->first_reason == NULL)
    {
      reader->first_reason = g_steal_pointer (&reason);
      reader->first_skipped_line = reader->row_line;
    }
}

static void G_GNUC_PRINTF (4, 5)
reader_fail (Reader     *reader,
             int         code,
             guint       line,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (reader->error != NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (&reader->error, CM_FORMAT_ERROR, code, "%s:%u:1: %s", reader->name, line, message);
}

/* Text of a template column that TimelineJS reads as HTML: plain text in
 * place when there is no markup, else converted (*@converted, to free) with
 * the original kept as the extra @key when it says more than the text. */
static const char *
import_html (Reader      *reader,
             char        *text,
             const char  *key,
             char       **converted)
{
  g_autofree char *keep = NULL;

  if (strchr (text, '<') == NULL && strchr (text, '&') == NULL)
    return text;

  *converted = _cm_timelinejs_html_import (text, strlen (text), &keep);
  cm_properties_append (reader->extras, key, keep, -1);

  return *converted;
}

/* Year, Month, Day and Time (or the End ones): FALSE with @reason when a
 * value is bad; *@present FALSE when the year is empty. */
static gboolean
read_template_date (Reader           *reader,
                    Column            first,
                    CmTimelinejsDate *date,
                    gboolean         *present,
                    char            **reason)
{
  const char *year = template_field (reader, first);
  const char *month = template_field (reader, first + 1);
  const char *day = template_field (reader, first + 2);
  const char *time = template_field (reader, first + 3);
  gint64 value;

  _cm_timelinejs_date_init (date);
  *present = *year != '\0';
  if (!*present)
    return TRUE;

  if (!parse_integer (year, -CM_TIME_MAX_YEAR, CM_TIME_MAX_YEAR, &value))
    {
      *reason = g_strdup_printf (_("“%s” is not a year"), year);
      return FALSE;
    }
  date->year = value;

  if (*month != '\0')
    {
      if (!parse_integer (month, 1, 12, &value))
        {
          *reason = g_strdup_printf (_("“%s” is not a month"), month);
          return FALSE;
        }
      date->month = (int) value;
    }
  if (*day != '\0')
    {
      if (!parse_integer (day, 1, 31, &value))
        {
          *reason = g_strdup_printf (_("“%s” is not a day"), day);
          return FALSE;
        }
      date->day = (int) value;
    }
  if (*time != '\0' && !parse_time (time, &date->hour, &date->minute, &date->second))
    {
      *reason = g_strdup_printf (_("“%s” is not a time of day"), time);
      return FALSE;
    }

  return TRUE;
}

/* A precision column: empty, or one no finer than what the date wrote (a
 * year alone implies millions of years when large, but holds a year). */
static gboolean
read_precision (const char  *text,
                CmPrecision  implied,
                CmPrecision *precision,
                char       **reason)
{
  if (*text == '\0')
    {
      *precision = implied;
      return TRUE;
    }
  if (!cm_precision_from_string (text, precision) || *precision > MAX (implied, CM_PRECISION_YEAR))
    {
      *reason = g_strdup_printf (_("“%s” is not a precision for this date"), text);
      return FALSE;
    }

  return TRUE;
}

static void
read_title_row (Reader *reader)
{
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *keep_headline = NULL;
  g_autofree char *keep_text = NULL;
  const char *headline_text = template_field (reader, COL_HEADLINE);
  const char *body = template_field (reader, COL_TEXT);
  const char *background = template_field (reader, COL_BACKGROUND);
  GString *extras = reader->document_extras;

  title = _cm_timelinejs_html_import (headline_text, strlen (headline_text), &keep_headline);
  description = _cm_timelinejs_html_import (body, strlen (body), &keep_text);
  cm_document_set_title (reader->document, *title != '\0' ? title : NULL);
  cm_document_set_description (reader->document, *description != '\0' ? description : NULL);

  cm_properties_append (extras, "title_headline_html", keep_headline, -1);
  cm_properties_append (extras, "title_text_html", keep_text, -1);
  for (guint i = 0; i < G_N_ELEMENTS (column_extras); i++)
    {
      g_autofree char *key = g_strconcat ("title_", column_extras[i].key, NULL);

      cm_properties_append (extras, key, template_field (reader, column_extras[i].column), -1);
    }
  cm_properties_append (extras, background[0] == '#' ? "title_background_color"
                                                              : "title_background_url", background, -1);
}

static void
read_era_row (Reader *reader)
{
  g_autofree char *reason = NULL;
  CmTimelinejsDate start, end;
  gboolean has_start, has_end;
  JsonObject *era, *text;
  const char *headline = template_field (reader, COL_HEADLINE);
  const char *body = template_field (reader, COL_TEXT);

  if (!read_template_date (reader, COL_YEAR, &start, &has_start, &reason)
      || !read_template_date (reader, COL_END_YEAR, &end, &has_end, &reason))
    {
      skip_row (reader, _("era: %s"), reason);
      return;
    }
  if (!has_start || !has_end)
    {
      skip_row (reader, "%s", _("an era needs a year and an end year"));
      return;
    }

  era = json_object_new ();
  json_object_set_member (era, "start_date", _cm_timelinejs_date_to_json (&start, NULL));
  json_object_set_member (era, "end_date", _cm_timelinejs_date_to_json (&end, NULL));
  text = json_object_new ();
  if (*headline != '\0')
    json_object_set_string_member (text, "headline", headline);
  if (*body != '\0')
    json_object_set_string_member (text, "text", body);
  json_object_set_object_member (era, "text", text);

  if (reader->eras == NULL)
    reader->eras = json_array_new ();
  json_array_add_object_element (reader->eras, era);
}

static void
read_template_row (Reader *reader)
{
  g_autofree char *reason = NULL;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  const char *type = template_field (reader, COL_TYPE);
  const char *text;
  CmTimelinejsDate start, end;
  gboolean has_start, has_end;
  CmPrecision implied;
  CmEventData data;
  double lat, lon;
  gboolean has_lat, has_lon;

  if (g_ascii_strcasecmp (type, "title") == 0)
    {
      read_title_row (reader);
      return;
    }
  if (g_ascii_strcasecmp (type, "era") == 0)
    {
      read_era_row (reader);
      return;
    }

  reader->n_event_rows++;
  cm_event_data_init (&data);
  g_string_truncate (reader->extras, 0);

  text = template_field (reader, COL_UTC_OFFSET);
  if (*text != '\0' && !_cm_timelinejs_parse_offset (text, &data.utc_offset))
    {
      skip_row (reader, _("“%s” is not a UTC offset"), text);
      return;
    }

  if (!read_template_date (reader, COL_YEAR, &start, &has_start, &reason)
      || !read_template_date (reader, COL_END_YEAR, &end, &has_end, &reason))
    {
      skip_row (reader, "%s", reason);
      return;
    }
  if (!has_start)
    {
      skip_row (reader, "%s", _("no year"));
      return;
    }

  implied = _cm_timelinejs_date_precision (&start);
  if (!read_precision (template_field (reader, COL_PRECISION), implied, &data.precision, &reason)
      || !_cm_timelinejs_date_to_time (&start, data.utc_offset, &data.start, &reason))
    {
      skip_row (reader, "%s", reason);
      return;
    }
  data.end_precision = data.precision;
  if (has_end)
    {
      implied = _cm_timelinejs_date_precision (&end);
      if (!read_precision (template_field (reader, COL_END_PRECISION), implied,
                           &data.end_precision, &reason)
          || !_cm_timelinejs_date_to_time (&end, data.utc_offset, &data.end, &reason))
        {
          skip_row (reader, "%s", reason);
          return;
        }
      if (data.end < data.start)
        {
          skip_row (reader, "%s", _("it ends before it starts"));
          return;
        }
    }

  text = template_field (reader, COL_LATITUDE);
  has_lat = *text != '\0';
  if (has_lat && !parse_coordinate ((char *) text, 90, &lat))
    {
      skip_row (reader, _("“%s” is not a latitude"), text);
      return;
    }
  text = template_field (reader, COL_LONGITUDE);
  has_lon = *text != '\0';
  if (has_lon && !parse_coordinate ((char *) text, 180, &lon))
    {
      skip_row (reader, _("“%s” is not a longitude"), text);
      return;
    }
  if (has_lat != has_lon)
    {
      skip_row (reader, "%s", has_lat ? _("a latitude without a longitude")
                                      : _("a longitude without a latitude"));
      return;
    }
  if (has_lat)
    {
      data.lat = lat;
      data.lon = lon;
    }

  data.title = import_html (reader, template_field (reader, COL_HEADLINE), "headline_html", &title);
  data.description = import_html (reader, template_field (reader, COL_TEXT), "text_html", &description);
  data.place = template_field (reader, COL_PLACE);
  data.id = template_field (reader, COL_ID);
  if (*data.id == '\0')
    data.id = NULL;
  data.group = _cm_timelinejs_group_by_name (reader->document, reader->group_names,
                                             template_field (reader, COL_GROUP));
  data.category = _cm_timelinejs_category_by_name (reader->document, reader->category_names,
                                                   template_field (reader, COL_CATEGORY));

  for (guint i = 0; i < G_N_ELEMENTS (column_extras); i++)
    cm_properties_append (reader->extras, column_extras[i].key,
                                  template_field (reader, column_extras[i].column), -1);
  text = template_field (reader, COL_BACKGROUND);
  cm_properties_append (reader->extras, text[0] == '#' ? "background_color" : "background_url", text, -1);
  cm_properties_append (reader->extras, "type", type, -1);

  data.extras = reader->extras->len > 0 ? reader->extras->str : NULL;
  cm_event_store_add (reader->store, &data);
  reader->n_imported++;
}

static void
read_generic_row (Reader *reader)
{
  const CmCsvMapping *mapping = &reader->mapping;
  const char *start = field (reader, mapping->start);
  const char *end = field (reader, mapping->end);
  const char *lat_text = field (reader, mapping->latitude);
  const char *lon_text = field (reader, mapping->longitude);
  CmEventData data;
  int end_offset;

  reader->n_event_rows++;
  cm_event_data_init (&data);
  g_string_truncate (reader->extras, 0);

  if (*start == '\0')
    {
      skip_row (reader, "%s", _("no date"));
      return;
    }
  if (!parse_date (start, &data.start, &data.precision, &data.utc_offset))
    {
      skip_row (reader, _("“%s” is not a date"), start);
      return;
    }
  data.end_precision = data.precision;
  if (*end != '\0')
    {
      if (!parse_date (end, &data.end, &data.end_precision, &end_offset))
        {
          skip_row (reader, _("“%s” is not a date"), end);
          return;
        }
      if (data.end < data.start)
        {
          skip_row (reader, "%s", _("it ends before it starts"));
          return;
        }
    }

  if (*lat_text != '\0' || *lon_text != '\0')
    {
      if (*lat_text == '\0' || *lon_text == '\0')
        {
          skip_row (reader, "%s", *lat_text != '\0' ? _("a latitude without a longitude")
                                                    : _("a longitude without a latitude"));
          return;
        }
      if (!parse_coordinate ((char *) lat_text, 90, &data.lat))
        {
          skip_row (reader, _("“%s” is not a latitude"), lat_text);
          return;
        }
      if (!parse_coordinate ((char *) lon_text, 180, &data.lon))
        {
          skip_row (reader, _("“%s” is not a longitude"), lon_text);
          return;
        }
    }

  data.title = field (reader, mapping->title);
  data.description = field (reader, mapping->description);
  data.place = field (reader, mapping->place);
  data.group = _cm_timelinejs_group_by_name (reader->document, reader->group_names,
                                             field (reader, mapping->group));
  data.category = _cm_timelinejs_category_by_name (reader->document, reader->category_names,
                                                   field (reader, mapping->category));

  /* Columns the mapping does not use are kept under their names. */
  for (guint i = 0; i < reader->n_fields && i < reader->header->len; i++)
    if (!reader->mapped[i])
      cm_properties_append (reader->extras, reader->header->pdata[i], field (reader, (int) i), -1);

  data.extras = reader->extras->len > 0 ? reader->extras->str : NULL;
  cm_event_store_add (reader->store, &data);
  reader->n_imported++;
}

static void
read_header (Reader *reader)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  CmCsvMapping *mapping = &reader->mapping;
  int *roles[] = {
    &mapping->start, &mapping->end, &mapping->title, &mapping->description, &mapping->place,
    &mapping->latitude, &mapping->longitude, &mapping->category, &mapping->group,
  };
  guint n = reader->n_fields;

  reader->have_header = TRUE;
  reader->header = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n; i++)
    {
      char *name = field (reader, (int) i);

      g_ptr_array_add (reader->header, g_strdup (name));
      g_ptr_array_add (names, normalize_name (name));
    }

  reader->is_template = template_columns ((char * const *) names->pdata, n, reader->columns);
  if (reader->is_template)
    return;

  if (!reader->has_mapping)
    cm_csv_guess_mapping ((const char * const *) reader->header->pdata, n, mapping);

  reader->mapped = g_new0 (gboolean, n + 1);
  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      if (*roles[r] >= (int) n)
        *roles[r] = -1;
      if (*roles[r] >= 0)
        reader->mapped[*roles[r]] = TRUE;
    }

  if (mapping->start < 0)
    reader_fail (reader, CM_FORMAT_ERROR_MISSING_FIELD, reader->row_line,
                 _("No column holds the dates (a column named “Date” or “Start”, or one "
                   "chosen when importing)"));
}

/* Fields are trimmed: an empty row holds only their terminators. */
static gboolean
row_is_empty (Reader *reader)
{
  return reader->row_length == reader->n_fields;
}

static void
field_cb (void   *data,
          size_t  length,
          void   *user_data)
{
  Reader *reader = user_data;
  const char *text = data != NULL ? data : "";

  if (reader->error != NULL)
    return;

  if (reader->n_fields == 0)
    reader->row_line = reader->line;
  if (reader->n_fields >= MAX_COLUMNS)
    {
      reader_fail (reader, CM_FORMAT_ERROR_LIMIT, reader->row_line,
                   _("More than %d columns"), MAX_COLUMNS);
      return;
    }

  /* Quoted fields may hold line breaks (most fields are empty). */
  if (length > 0)
    for (const char *p = text, *end = text + length;
         (p = memchr (p, '\n', (gsize) (end - p))) != NULL; p++)
      reader->line++;

  /* Every field is read trimmed (libcsv trims only unquoted ones). */
  while (length > 0 && (text[0] == ' ' || text[0] == '\t'))
    {
      text++;
      length--;
    }
  while (length > 0 && (text[length - 1] == ' ' || text[length - 1] == '\t'))
    length--;

  if (reader->row_length + length + 1 > MAX_ROW)
    {
      reader_fail (reader, CM_FORMAT_ERROR_LIMIT, reader->row_line,
                   _("A row is longer than %d MB"), MAX_ROW / (1024 * 1024));
      return;
    }
  if (reader->row_length + length + 1 > reader->row_size)
    {
      reader->row_size = MAX (reader->row_size * 2, reader->row_length + length + 1);
      reader->row = g_realloc (reader->row, reader->row_size);
    }
  reader->fields[reader->n_fields++] = (guint) reader->row_length;
  memcpy (reader->row + reader->row_length, text, length);
  reader->row_length += length;
  reader->row[reader->row_length++] = '\0';
  reader->after_cr = FALSE;
}

static void
row_cb (int   c,
        void *user_data)
{
  Reader *reader = user_data;

  if (reader->error == NULL && reader->n_fields > 0 && !row_is_empty (reader))
    {
      if (!reader->have_header)
        read_header (reader);
      else if (reader->is_template)
        read_template_row (reader);
      else
        read_generic_row (reader);
    }
  reader->row_length = 0;
  reader->n_fields = 0;

  /* CR LF is one line end: libcsv reports both. */
  if (c == '\n')
    {
      if (!reader->after_cr)
        reader->line++;
      reader->after_cr = FALSE;
    }
  else if (c == '\r')
    {
      reader->line++;
      reader->after_cr = TRUE;
    }
}

/* libcsv grows a field's buffer with this: refusing is how a field too
 * long for any real table stops the parser (it then reports CSV_ENOMEM). */
static void *
limited_realloc (void   *pointer,
                 size_t  size)
{
  if (size > MAX_FIELD + CHUNK_SIZE)
    return NULL;

  return realloc (pointer, size);
}

/* Where a bad byte is, for the message: the line and column from what was
 * scanned before the current data and what precedes @bad in it. */
typedef struct
{
  guint line;        /* 1-based line at the start of the data */
  gsize column;      /* characters since the last line break before it */
} ScanPosition;

static void
scan_advance (ScanPosition *scan,
              const char   *data,
              gsize         length)
{
  const char *p = data, *end = data + length, *line_start = NULL, *nl;

  while ((nl = memchr (p, '\n', (gsize) (end - p))) != NULL)
    {
      scan->line++;
      line_start = nl + 1;
      p = nl + 1;
    }
  if (line_start != NULL)
    scan->column = (gsize) g_utf8_strlen (line_start, end - line_start);
  else
    scan->column += (gsize) g_utf8_strlen (data, (gssize) length);
}

/* g_utf8_validate_len(), after skipping ASCII without NUL eight bytes at a
 * time: most tables are mostly ASCII. */
static gboolean
validate_utf8 (const char  *data,
               gsize        length,
               const char **bad)
{
  const guint64 high = G_GUINT64_CONSTANT (0x8080808080808080);
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  gsize i = 0;

  for (; i + 8 <= length; i += 8)
    {
      guint64 word;

      memcpy (&word, data + i, 8);
      if ((word & high) != 0 || ((word - ones) & ~word & high) != 0)
        break;
    }

  return g_utf8_validate_len (data + i, length - i, bad);
}

static void
reader_clear (Reader *reader)
{
  g_clear_pointer (&reader->row, g_free);
  if (reader->extras != NULL)
    g_string_free (g_steal_pointer (&reader->extras), TRUE);
  if (reader->document_extras != NULL)
    g_string_free (g_steal_pointer (&reader->document_extras), TRUE);
  g_clear_pointer (&reader->fields, g_free);
  g_clear_pointer (&reader->header, g_ptr_array_unref);
  g_clear_pointer (&reader->mapped, g_free);
  g_clear_pointer (&reader->group_names, g_hash_table_unref);
  g_clear_pointer (&reader->category_names, g_hash_table_unref);
  g_clear_pointer (&reader->eras, json_array_unref);
  g_clear_pointer (&reader->first_reason, g_free);
  g_clear_error (&reader->error);
  g_clear_object (&reader->document);
}

static CmDocument *
csv_load (GInputStream    *stream,
          const char      *name,
          goffset          size,
          gconstpointer    options,
          CmImportReport  *report,
          CmProgressFunc   progress,
          gpointer         progress_data,
          GCancellable    *cancellable,
          GError         **error)
{
  const CmCsvMapping *mapping = options;
  g_autofree char *buffer = NULL;
  Reader reader = { 0 };
  ScanPosition scan = { 1, 0 };
  CmDocument *document = NULL;
  gboolean parser_ready = FALSE;
  guint64 done = 0;
  gsize carry = 0, buffer_size;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Small files need no big buffer (carried bytes of a cut character
   * take up to 3 more). */
  buffer_size = size > 0 ? (gsize) MIN (size, CHUNK_SIZE) : CHUNK_SIZE;
  buffer = g_malloc (buffer_size + 4);
  reader.name = name;
  reader.report = report;
  reader.document = cm_document_new ();
  reader.store = cm_document_get_store (reader.document);
  reader.row_size = 4096;
  reader.row = g_malloc (reader.row_size);
  reader.fields = g_new (guint, MAX_COLUMNS);
  reader.line = 1;
  reader.group_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  reader.category_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  reader.extras = g_string_new (NULL);
  reader.document_extras = g_string_new (NULL);
  if (mapping != NULL)
    {
      reader.mapping = *mapping;
      reader.has_mapping = TRUE;
    }

  /* About a hundred bytes a row: room for most rows at once (within reason:
   * the size is only what the file claims). */
  cm_event_store_begin_bulk (reader.store, size > 0 ? (guint) MIN (size / 96, 4 * 1024 * 1024) : 0);

  for (;;)
    {
      const char *data = buffer, *bad;
      gsize length, valid;
      gboolean at_end;
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      n = g_input_stream_read (stream, buffer + carry, buffer_size, cancellable, error);
      if (n < 0)
        {
          g_prefix_error (error, "%s: ", name);
          goto out;
        }
      at_end = n == 0;
      length = carry + (gsize) n;
      carry = 0;
      done += (guint64) n;

      if (!parser_ready && length > 0)
        {
          char separator;

          if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
            {
              data += 3;
              length -= 3;
            }
          if (mapping != NULL && (mapping->separator == ',' || mapping->separator == ';'
                                  || mapping->separator == '\t'))
            separator = mapping->separator;
          else
            separator = cm_csv_detect_separator (data, length);
          parser_init (&reader.parser, separator, CSV_REPALL_NL);
          csv_set_realloc_func (&reader.parser, limited_realloc);
          csv_set_blk_size (&reader.parser, 4096);
          parser_ready = TRUE;
        }

      /* Whole characters only: a sequence cut by the chunk waits for the
       * next one; anything else that is not UTF-8 stops the load. */
      valid = length;
      if (!validate_utf8 (data, length, &bad))
        {
          gsize rest = length - (gsize) (bad - data);

          if (!at_end && rest < 4 && *bad != '\0'
              && g_utf8_get_char_validated (bad, (gssize) rest) == (gunichar) -2)
            {
              valid = length - rest;
              carry = rest;
            }
          else
            {
              ScanPosition where = scan;

              scan_advance (&where, data, (gsize) (bad - data));
              g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_SYNTAX, "%s:%u:%" G_GSIZE_FORMAT ": %s",
                           name, where.line, where.column + 1,
                           *bad == '\0' ? _("The file contains a NUL byte")
                                        : _("The file is not valid UTF-8 text"));
              goto out;
            }
        }
      scan_advance (&scan, data, valid);

      if (valid > 0 && csv_parse (&reader.parser, data, valid, field_cb, row_cb, &reader) != valid)
        {
          if (csv_error (&reader.parser) == CSV_ENOMEM)
            reader_fail (&reader, CM_FORMAT_ERROR_LIMIT, reader.line,
                         _("A field is longer than %d MB"), MAX_FIELD / (1024 * 1024));
          else
            reader_fail (&reader, CM_FORMAT_ERROR_SYNTAX, reader.line, "%s",
                         csv_strerror (csv_error (&reader.parser)));
        }
      if (reader.error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&reader.error));
          goto out;
        }

      if (carry > 0)
        memmove (buffer, data + valid, carry);
      if (at_end)
        break;
      if (progress != NULL && size > 0)
        progress (MIN ((double) done / (double) size, 1.0), progress_data);
    }

  if (parser_ready)
    csv_fini (&reader.parser, field_cb, row_cb, &reader);
  if (reader.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&reader.error));
      goto out;
    }
  if (!reader.have_header)
    {
      g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_SYNTAX, "%s:1:1: %s",
                   name, _("The file is empty"));
      goto out;
    }
  /* Skipping some rows is a partial success; skipping all is a failure. */
  if (reader.n_event_rows > 0 && reader.n_imported == 0)
    {
      g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_BAD_DATE, "%s:%u:1: %s (%s)",
                   name, reader.first_skipped_line, _("No event could be read"), reader.first_reason);
      goto out;
    }

  if (reader.eras != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), reader.eras);
      g_autofree char *eras = json_to_string (node, FALSE);

      cm_properties_append (reader.document_extras, "eras", eras, -1);
    }
  cm_document_set_extras (reader.document,
                          reader.document_extras->len > 0 ? reader.document_extras->str : NULL);
  if (report != NULL)
    report->n_imported += reader.n_imported;

  cm_event_store_end_bulk (reader.store);
  cm_document_set_dirty (reader.document, FALSE);
  document = g_steal_pointer (&reader.document);

out:
  if (reader.store != NULL && document == NULL && reader.document != NULL)
    cm_event_store_end_bulk (reader.store);
  if (parser_ready)
    csv_free (&reader.parser);
  reader_clear (&reader);

  return document;
}

/* ---- writing --------------------------------------------------------------- */

typedef struct
{
  CmDocument    *document;
  GOutputStream *stream;
  GCancellable  *cancellable;
  GString       *out;
} Writer;

static gboolean
needs_quotes (const char *text,
              gsize       length)
{
  if (text[0] == ' ' || text[0] == '\t' || text[length - 1] == ' ' || text[length - 1] == '\t')
    return TRUE;
  for (gsize i = 0; i < length; i++)
    if (text[i] == ',' || text[i] == '"' || text[i] == '\n' || text[i] == '\r')
      return TRUE;

  return FALSE;
}

static void
append_row (GString           *out,
            const char * const cells[N_COLUMNS])
{
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      const char *text = cells[c];
      gsize length;

      if (c > 0)
        g_string_append_c (out, ',');
      if (text == NULL || *text == '\0')
        continue;

      length = strlen (text);
      if (needs_quotes (text, length))
        {
          gsize needed = csv_write (NULL, 0, text, length);
          gsize old = out->len;

          g_string_set_size (out, old + needed);
          csv_write (out->str + old, needed, text, length);
        }
      else
        {
          g_string_append_len (out, text, (gssize) length);
        }
    }
  g_string_append (out, "\r\n");
}

typedef struct
{
  char year[24];
  char month[4];
  char day[4];
  char time[12];
} DateCells;

/* The cells of @date; returns the precision they imply when read back. */
static CmPrecision
fill_date_cells (const CmTimelinejsDate *date,
                 DateCells              *cells)
{
  CmTimelinejsDate written = *date;

  g_snprintf (cells->year, sizeof cells->year, "%" G_GINT64_FORMAT, date->year);
  cells->month[0] = cells->day[0] = cells->time[0] = '\0';
  if (date->month > 0)
    g_snprintf (cells->month, sizeof cells->month, "%d", date->month);
  if (date->day > 0)
    g_snprintf (cells->day, sizeof cells->day, "%d", date->day);
  if (date->hour >= 0)
    {
      /* An hour alone is written "13:00", which reads as a minute. */
      written.minute = MAX (date->minute, 0);
      if (date->second >= 0)
        g_snprintf (cells->time, sizeof cells->time, "%02d:%02d:%02d",
                    date->hour, written.minute, date->second);
      else
        g_snprintf (cells->time, sizeof cells->time, "%02d:%02d", date->hour, written.minute);
    }

  return _cm_timelinejs_date_precision (&written);
}

static void
set_date_cells (const char *cells[N_COLUMNS],
                Column      first,
                DateCells  *date)
{
  cells[first] = date->year;
  cells[first + 1] = date->month;
  cells[first + 2] = date->day;
  cells[first + 3] = date->time;
}

static void
format_coordinate (char   buffer[G_ASCII_DTOSTR_BUF_SIZE],
                   double value)
{
  /* The shortest form that reads back the same double. */
  g_ascii_formatd (buffer, G_ASCII_DTOSTR_BUF_SIZE, "%.15g", value);
  if (g_ascii_strtod (buffer, NULL) != value)
    g_ascii_formatd (buffer, G_ASCII_DTOSTR_BUF_SIZE, "%.17g", value);
}

/* Extras as key, value, key, value… (owned), or NULL when none. */
static GPtrArray *
extras_to_array (const char *extras)
{
  GPtrArray *pairs;
  const char *iter = extras;
  char *key, *value;

  if (extras == NULL || *extras == '\0')
    return NULL;

  pairs = g_ptr_array_new_with_free_func (g_free);
  while (cm_properties_next (&iter, &key, &value))
    {
      g_ptr_array_add (pairs, key);
      g_ptr_array_add (pairs, value);
    }

  return pairs;
}

static const char *
extras_lookup (GPtrArray  *pairs,
               const char *prefix,
               const char *key)
{
  gsize prefix_length = strlen (prefix);

  for (guint i = 0; pairs != NULL && i < pairs->len; i += 2)
    {
      const char *name = pairs->pdata[i];

      if (strncmp (name, prefix, prefix_length) == 0 && g_str_equal (name + prefix_length, key))
        return pairs->pdata[i + 1];
    }

  return NULL;
}

/* HTML for a Headline or Text cell; plain text that needs no escaping is
 * written as it is, without a copy. */
static const char *
export_html (const char  *text,
             const char  *kept,
             char       **converted)
{
  if (text == NULL || *text == '\0')
    return NULL;
  if (kept == NULL && strpbrk (text, "&<>\n") == NULL)
    return text;

  *converted = _cm_timelinejs_html_export (text, kept);
  return *converted;
}

static void
set_extra_cells (const char *cells[N_COLUMNS],
                 GPtrArray  *pairs,
                 const char *prefix)
{
  const char *background;

  for (guint i = 0; i < G_N_ELEMENTS (column_extras); i++)
    cells[column_extras[i].column] = extras_lookup (pairs, prefix, column_extras[i].key);
  background = extras_lookup (pairs, prefix, "background_url");
  cells[COL_BACKGROUND] = background != NULL ? background : extras_lookup (pairs, prefix, "background_color");
}

static void
write_title_row (Writer *writer)
{
  CmDocument *document = writer->document;
  g_autoptr(GPtrArray) pairs = extras_to_array (cm_document_get_extras (document));
  g_autofree char *headline = NULL;
  g_autofree char *text = NULL;
  const char *cells[N_COLUMNS] = { NULL };
  gboolean wanted = cm_document_get_title (document) != NULL || cm_document_get_description (document) != NULL;

  for (guint i = 0; pairs != NULL && i < pairs->len && !wanted; i += 2)
    wanted = g_str_has_prefix (pairs->pdata[i], "title_");
  if (!wanted)
    return;

  cells[COL_TYPE] = "title";
  cells[COL_HEADLINE] = export_html (cm_document_get_title (document),
                                     extras_lookup (pairs, "title_", "headline_html"), &headline);
  cells[COL_TEXT] = export_html (cm_document_get_description (document),
                                 extras_lookup (pairs, "title_", "text_html"), &text);
  set_extra_cells (cells, pairs, "title_");
  append_row (writer->out, cells);
}

static JsonObject *
object_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char *
string_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static void
write_era_rows (Writer *writer)
{
  g_autofree char *eras = cm_document_dup_extra (writer->document, "eras");
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  JsonArray *array;

  if (eras == NULL)
    return;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, eras, -1, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return;

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *era, *start, *end, *text;
      CmTimelinejsDate start_date, end_date;
      g_autofree char *reason = NULL;
      const char *cells[N_COLUMNS] = { NULL };
      DateCells start_cells, end_cells;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      era = json_node_get_object (node);
      start = object_member (era, "start_date");
      end = object_member (era, "end_date");
      text = object_member (era, "text");
      if (start == NULL || end == NULL
          || !_cm_timelinejs_date_from_json (start, &start_date, &reason)
          || !_cm_timelinejs_date_from_json (end, &end_date, &reason))
        continue;

      fill_date_cells (&start_date, &start_cells);
      fill_date_cells (&end_date, &end_cells);
      set_date_cells (cells, COL_YEAR, &start_cells);
      set_date_cells (cells, COL_END_YEAR, &end_cells);
      if (text != NULL)
        {
          cells[COL_HEADLINE] = string_member (text, "headline");
          cells[COL_TEXT] = string_member (text, "text");
        }
      cells[COL_TYPE] = "era";
      append_row (writer->out, cells);
    }
}

static void
write_event_row (Writer            *writer,
                 const CmEventData *data)
{
  CmDocument *document = writer->document;
  g_autoptr(GPtrArray) pairs = extras_to_array (data->extras);
  g_autofree char *headline = NULL;
  g_autofree char *text = NULL;
  const char *cells[N_COLUMNS] = { NULL };
  char lat[G_ASCII_DTOSTR_BUF_SIZE], lon[G_ASCII_DTOSTR_BUF_SIZE], offset[8];
  CmTimelinejsDate date;
  DateCells start_cells, end_cells;
  CmPrecision implied;

  _cm_timelinejs_date_from_time (data->start, data->precision, data->utc_offset, &date);
  implied = fill_date_cells (&date, &start_cells);
  set_date_cells (cells, COL_YEAR, &start_cells);
  if (implied != data->precision)
    cells[COL_PRECISION] = cm_precision_to_string (data->precision);

  if (data->end != CM_TIME_INVALID && data->end > data->start)
    {
      _cm_timelinejs_date_from_time (data->end, data->end_precision, data->utc_offset, &date);
      implied = fill_date_cells (&date, &end_cells);
      set_date_cells (cells, COL_END_YEAR, &end_cells);
      if (implied != data->end_precision)
        cells[COL_END_PRECISION] = cm_precision_to_string (data->end_precision);
    }

  cells[COL_HEADLINE] = export_html (data->title, extras_lookup (pairs, "", "headline_html"), &headline);
  cells[COL_TEXT] = export_html (data->description, extras_lookup (pairs, "", "text_html"), &text);
  set_extra_cells (cells, pairs, "");
  cells[COL_TYPE] = extras_lookup (pairs, "", "type");
  if (data->group != CM_NONE && data->group < cm_document_get_n_groups (document))
    cells[COL_GROUP] = cm_document_get_group (document, data->group)->name;
  if (data->category != CM_NONE && data->category < cm_document_get_n_categories (document))
    cells[COL_CATEGORY] = cm_document_get_category (document, data->category)->name;
  if (!isnan (data->lat) && !isnan (data->lon))
    {
      format_coordinate (lat, data->lat);
      format_coordinate (lon, data->lon);
      cells[COL_LATITUDE] = lat;
      cells[COL_LONGITUDE] = lon;
    }
  cells[COL_PLACE] = data->place;
  _cm_timelinejs_format_offset (data->utc_offset, offset);
  cells[COL_UTC_OFFSET] = offset;
  cells[COL_ID] = data->id;

  append_row (writer->out, cells);
}

static gboolean
writer_flush (Writer   *writer,
              gboolean  all,
              GError  **error)
{
  return cm_output_flush (writer->stream, writer->out, all ? 0 : WRITE_CHUNK,
                          writer->cancellable, error);
}

static gboolean
csv_save (CmDocument     *document,
          GOutputStream  *stream,
          GCancellable   *cancellable,
          GError        **error)
{
  g_autoptr(GString) out = g_string_sized_new (4096);
  CmEventStore *store;
  Writer writer;
  guint n;

  g_return_val_if_fail (CM_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  writer.document = document;
  writer.stream = stream;
  writer.cancellable = cancellable;
  writer.out = out;

  append_row (out, column_names);
  write_title_row (&writer);
  write_era_rows (&writer);

  store = cm_document_get_store (document);
  n = cm_event_store_get_n_events (store);
  for (guint i = 0; i < n; i++)
    {
      CmEventData data;

      if (i % 4096 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      cm_event_store_get_data (store, i, &data);
      write_event_row (&writer, &data);
      if (!writer_flush (&writer, FALSE, error))
        return FALSE;
    }

  return writer_flush (&writer, TRUE, error);
}

/* ---- the format ------------------------------------------------------------- */

static int
csv_sniff (const char *head,
           gsize       length,
           const char *filename)
{
  const char *p = head, *end = head + length, *line_end;
  int by_name = 0;
  char separator;

  if (filename != NULL)
    {
      const char *dot = strrchr (filename, '.');

      if (dot != NULL && (g_ascii_strcasecmp (dot, ".csv") == 0 || g_ascii_strcasecmp (dot, ".tsv") == 0))
        by_name = 40;
      else if (dot != NULL && g_ascii_strcasecmp (dot, ".txt") == 0)
        by_name = 5;
    }

  if (length >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  while (p < end && g_ascii_isspace (*p))
    p++;
  /* JSON, XML and iCalendar are for the other formats. */
  if (p >= end || *p == '{' || *p == '[' || *p == '<'
      || ((gsize) (end - p) >= 6 && g_ascii_strncasecmp (p, "BEGIN:", 6) == 0))
    return 0;

  if (cm_csv_is_timelinejs_template (p, (gsize) (end - p)))
    return 80;

  line_end = memchr (p, '\n', (gsize) (end - p));
  separator = cm_csv_detect_separator (p, (gsize) ((line_end != NULL ? line_end : end) - p));
  if (memchr (p, separator, (gsize) ((line_end != NULL ? line_end : end) - p)) != NULL)
    return MAX (by_name, 20);

  return by_name;
}

static const char * const csv_extensions[] = { "csv", "tsv", "txt", NULL };
static const char * const csv_mime_types[] = { "text/csv", "text/tab-separated-values", NULL };

const CmFormat cm_format_csv = {
  .id = "csv",
  .name = N_("CSV"),
  .extensions = csv_extensions,
  .mime_types = csv_mime_types,
  .sniff = csv_sniff,
  .load = csv_load,
  .save = csv_save,
};
