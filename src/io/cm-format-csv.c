/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-csv"

#include "config.h"

#include <csv.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cm-output.h"
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
 *    Precision, End Precision, ID, Approximate, Category Color, Group
 *    Kind) so that its own files read back whole, all but the ids of
 *    categories and groups (their names stand for them);
 *  - any other table, whose columns a CmCsvMapping assigns (guessed from
 *    the header, or chosen by the user), with an optional time of day
 *    column. Dates there are ISO 8601, what cm_time_parse() reads ("May
 *    2011", "44 BC"), "2012/10/24", "24.10.2012", "Oct 24, 2012"… Days
 *    and months written as numbers are read in the order the values
 *    decide (24/10/2012 is day first), or the mapping's. Columns named
 *    Approximate, Category Color and Group Kind are read as in the
 *    template.
 *
 * Rows that cannot be used are skipped and listed in the import report
 * ("line 14: “2011-13-01” is not a date"); encoding errors and limits stop
 * the load with "name:line:column: message". */

#define CHUNK_SIZE (256 * 1024)
#define MAX_FIELD (1024 * 1024)
#define MAX_COLUMNS 1024
#define MAX_ROW (4 * MAX_FIELD)
#define WRITE_CHUNK (256 * 1024)
/* Rows kept while the day/month order is not known yet. */
#define MAX_PENDING (16 * 1024 * 1024)
#define MAX_CATEGORIES 60000
#define MAX_GROUPS 60000

/* Orders a day and month written as numbers fit. */
#define FITS_DAY_FIRST (1 << 0)
#define FITS_MONTH_FIRST (1 << 1)
#define FITS_BOTH (FITS_DAY_FIRST | FITS_MONTH_FIRST)

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
  COL_APPROXIMATE,
  COL_CATEGORY_COLOR,
  COL_GROUP_KIND,
  N_COLUMNS
} Column;

static const char * const column_names[N_COLUMNS] = {
  "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
  "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
  "Media Thumbnail", "Type", "Group", "Background",
  "Latitude", "Longitude", "Place", "Category", "UTC Offset", "Precision", "End Precision", "ID",
  "Approximate", "Category Color", "Group Kind",
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
  /* "Time" alone is the start (a role earlier in the list): a time of
   * day needs another column for the date. */
  static const char * const time_names[] = {
    "time", "time of day", "hour", "heure", "horaire", NULL
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
    { &mapping->time, time_names },
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

  mapping->date_order = CM_CSV_DATE_ORDER_AUTO;

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

/* A time of day as parse_time() reads it, optionally followed by an
 * offset: "13:45:10Z", "08:15+02:00", "9:30 PM -0500", "10:00 UTC".
 * *@utc_offset is CM_UTC_OFFSET_NONE when none is written. */
static gboolean
parse_time_of_day (const char *text,
                   int        *hour,
                   int        *minute,
                   int        *second,
                   int        *utc_offset)
{
  char buffer[40];
  gsize length = strlen (text);
  char *offset;

  if (length == 0 || length >= sizeof buffer)
    return FALSE;
  memcpy (buffer, text, length + 1);

  *utc_offset = CM_UTC_OFFSET_NONE;
  if (buffer[length - 1] == 'Z' || buffer[length - 1] == 'z')
    offset = buffer + length - 1;
  else if ((offset = strrchr (buffer, '+')) == NULL && (offset = strrchr (buffer, '-')) == NULL
           && length > 3 && g_ascii_strcasecmp (buffer + length - 3, "UTC") == 0)
    offset = buffer + length - 3;
  if (offset != NULL)
    {
      if (offset == buffer || !_cm_timelinejs_parse_offset (offset, utc_offset))
        return FALSE;
      *offset = '\0';
      g_strchomp (buffer);
    }

  return parse_time (buffer, hour, minute, second);
}

/* Gives @time, a date (DAY precision) in local time at *@utc_offset, the
 * time of day: its offset when it has one, else the date's. */
static void
set_time_of_day (CmTime      *time,
                 CmPrecision *precision,
                 int         *utc_offset,
                 int          hour,
                 int          minute,
                 int          second,
                 int          offset)
{
  CmCivil civil;

  cm_time_to_civil (*time, *utc_offset, &civil);
  if (offset == CM_UTC_OFFSET_NONE)
    offset = *utc_offset;
  *time = cm_time_from_civil (civil.year, civil.month, civil.day, hour, MAX (minute, 0), MAX (second, 0));
  if (offset != CM_UTC_OFFSET_NONE)
    *time -= (CmTime) offset * 60;
  *utc_offset = offset;
  *precision = second >= 0 ? CM_PRECISION_SECOND
               : minute >= 0 ? CM_PRECISION_MINUTE : CM_PRECISION_HOUR;
}

/* Where the time of day starts in "24/10/2012 13:45" or "Oct 24, 2012
 * 1:30 PM": at the first word with a ":", or at the number before a last
 * "AM"/"PM"; NULL when there is none. *@date_length: the length of what
 * comes before, without the spaces and comma that end it. */
static const char *
split_time (const char *text,
            gsize      *date_length)
{
  const char *p = text, *time = NULL, *last = NULL, *before_last = NULL;
  gsize length;

  while (*p != '\0')
    {
      const char *word;

      while (*p == ' ')
        p++;
      if (*p == '\0')
        break;
      word = p;
      while (*p != '\0' && *p != ' ')
        p++;
      if (time == NULL && g_ascii_isdigit (*word) && memchr (word, ':', (gsize) (p - word)) != NULL)
        time = word;
      before_last = last;
      last = word;
    }
  if (time == NULL && before_last != NULL && g_ascii_isdigit (*before_last)
      && (g_ascii_strcasecmp (last, "am") == 0 || g_ascii_strcasecmp (last, "pm") == 0
          || g_ascii_strcasecmp (last, "a.m.") == 0 || g_ascii_strcasecmp (last, "p.m.") == 0))
    time = before_last;

  length = time != NULL ? (gsize) (time - text) : strlen (text);
  while (length > 0 && (text[length - 1] == ' ' || text[length - 1] == ','))
    length--;
  *date_length = length;

  return time;
}

typedef struct
{
  gint64   year;
  int      first;        /* the first number after or before the year */
  int      second;
  gboolean year_first;   /* "2012/10/24": year, month, day */
} NumericDate;

/* "2012/10/24", "2012.10.24", "24/10/2012", "10-24-2012": three numbers
 * and one separator, a year of four digits first or last. */
static gboolean
parse_numeric_date (const char  *text,
                    gsize        length,
                    NumericDate *date)
{
  int values[3], digits[3];
  char separator = 0;
  gsize i = 0;

  for (guint n = 0; n < 3; n++)
    {
      int value = 0, count = 0;

      for (; i < length && g_ascii_isdigit (text[i]); i++)
        {
          if (++count > 4)
            return FALSE;
          value = value * 10 + (text[i] - '0');
        }
      if (count == 0)
        return FALSE;
      values[n] = value;
      digits[n] = count;
      if (n == 2)
        break;
      if (i >= length || (text[i] != '/' && text[i] != '.' && text[i] != '-')
          || (separator != 0 && text[i] != separator))
        return FALSE;
      separator = text[i++];
    }
  if (i != length)
    return FALSE;

  if (digits[0] == 4 && digits[1] <= 2 && digits[2] <= 2)
    {
      date->year = values[0];
      date->first = values[1];
      date->second = values[2];
      date->year_first = TRUE;
      return TRUE;
    }
  if (digits[2] == 4 && digits[0] <= 2 && digits[1] <= 2)
    {
      date->year = values[2];
      date->first = values[0];
      date->second = values[1];
      date->year_first = FALSE;
      return TRUE;
    }

  return FALSE;
}

static guint
day_month_fits (const NumericDate *date)
{
  guint fits = 0;

  if (date->year < 1 || date->first > 31 || date->second > 31)
    return 0;
  if (g_date_valid_dmy ((GDateDay) date->first, (GDateMonth) date->second, (GDateYear) date->year))
    fits |= FITS_DAY_FIRST;
  if (g_date_valid_dmy ((GDateDay) date->second, (GDateMonth) date->first, (GDateYear) date->year))
    fits |= FITS_MONTH_FIRST;

  return fits;
}

/* The orders the day and month of a date such as "03/04/2012" fit
 * (FITS_*); 0 for any other text. */
static guint
date_order_fits (const char *text)
{
  NumericDate date;
  gsize length;

  while (*text == ' ')
    text++;
  split_time (text, &length);
  if (!parse_numeric_date (text, length, &date) || date.year_first)
    return 0;

  return day_month_fits (&date);
}

/* "Oct 24, 2012", "October 24 2012", "24-Oct-2012", "Thursday, November
 * 1, 2012": a month name, a day and a year of four digits, in any order
 * and after a week day; cm_time_parse() knows the month names. */
static gboolean
parse_month_name_date (const char *text,
                       gsize       length,
                       CmTime     *time)
{
  g_autofree char *date = NULL;
  const char *month = NULL;
  gsize month_length = 0, i = 0;
  guint n_words = 0;
  int day = -1, year = -1;
  CmPrecision precision;
  int utc_offset;

  while (i < length)
    {
      gsize start, digits = 0, letters = 0;

      while (i < length && strchr (" ,-/.", text[i]) != NULL)
        i++;
      if (i >= length)
        break;
      start = i;
      for (; i < length && strchr (" ,-/.", text[i]) == NULL; i++)
        {
          if (g_ascii_isdigit (text[i]))
            digits++;
          else if (g_ascii_isalpha (text[i]) || (guchar) text[i] >= 0x80)
            letters++;
          else
            return FALSE;
        }

      if (letters > 0 && digits == 0 && n_words < 2)
        {
          /* A week day comes before the month. */
          month = text + start;
          month_length = i - start;
          n_words++;
        }
      else if (letters == 0 && digits <= 2 && day < 0)
        day = (int) g_ascii_strtoll (text + start, NULL, 10);
      else if (letters == 0 && digits == 4 && year < 0)
        year = (int) g_ascii_strtoll (text + start, NULL, 10);
      else
        return FALSE;
    }
  if (month == NULL || day < 1 || year < 0)
    return FALSE;

  date = g_strdup_printf ("%d %.*s %d", day, (int) month_length, month, year);

  return cm_time_parse (date, time, &precision, &utc_offset, NULL) && precision == CM_PRECISION_DAY;
}

/* The forms cm_time_parse() does not read: a date as numbers or with a
 * month name, optionally followed by a time of day. Day and month as
 * numbers are read in @order (AUTO: only when one order fits). */
static gboolean
parse_other_date (const char  *text,
                  int          order,
                  CmTime      *time,
                  CmPrecision *precision,
                  int         *utc_offset)
{
  const char *time_text;
  NumericDate numeric;
  gsize length;

  time_text = split_time (text, &length);
  if (length == 0 || length > 64)
    return FALSE;

  if (parse_numeric_date (text, length, &numeric))
    {
      int day, month;

      if (numeric.year_first)
        {
          month = numeric.first;
          day = numeric.second;
        }
      else
        {
          guint fits = day_month_fits (&numeric);
          gboolean day_first;

          if (order == CM_CSV_DATE_ORDER_DAY_FIRST || order == CM_CSV_DATE_ORDER_MONTH_FIRST)
            day_first = order == CM_CSV_DATE_ORDER_DAY_FIRST;
          else if (fits == FITS_DAY_FIRST || fits == FITS_MONTH_FIRST)
            day_first = fits == FITS_DAY_FIRST;
          else
            return FALSE;
          day = day_first ? numeric.first : numeric.second;
          month = day_first ? numeric.second : numeric.first;
        }
      if (numeric.year < 1 || month > 12 || day > 31
          || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) numeric.year))
        return FALSE;
      *time = cm_time_from_civil (numeric.year, month, day, 0, 0, 0);
    }
  else if (!parse_month_name_date (text, length, time))
    {
      return FALSE;
    }
  *precision = CM_PRECISION_DAY;
  *utc_offset = CM_UTC_OFFSET_NONE;

  if (time_text != NULL)
    {
      int hour, minute, second, offset;

      if (!parse_time_of_day (time_text, &hour, &minute, &second, &offset))
        return FALSE;
      set_time_of_day (time, precision, utc_offset, hour, minute, second, offset);
    }

  return TRUE;
}

/* A date in a generic table: ISO 8601 first (fast), then what
 * cm_time_parse() reads, then the other common forms. */
static gboolean
parse_date (const char  *text,
            int          order,
            CmTime      *time,
            CmPrecision *precision,
            int         *utc_offset)
{
  return cm_time_parse_iso_len (text, strlen (text), time, precision, utc_offset, NULL)
         || cm_time_parse (text, time, precision, utc_offset, NULL)
         || parse_other_date (text, order, time, precision, utc_offset);
}

/* "start end coordinates" (any of them, separated by spaces, "," or
 * ";"), or yes/true/1 for the start and no/false/0 for nothing. */
static gboolean
parse_approximate (const char   *text,
                   CmEventFlags *flags)
{
  g_auto(GStrv) words = g_strsplit_set (text, " ,;", -1);

  *flags = CM_EVENT_FLAGS_NONE;
  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *word = words[i];

      if (*word == '\0' || g_ascii_strcasecmp (word, "no") == 0
          || g_ascii_strcasecmp (word, "false") == 0 || g_str_equal (word, "0"))
        continue;
      if (g_ascii_strcasecmp (word, "start") == 0 || g_ascii_strcasecmp (word, "yes") == 0
          || g_ascii_strcasecmp (word, "true") == 0 || g_str_equal (word, "1"))
        *flags |= CM_EVENT_START_APPROXIMATE;
      else if (g_ascii_strcasecmp (word, "end") == 0)
        *flags |= CM_EVENT_END_APPROXIMATE;
      else if (g_ascii_strcasecmp (word, "coordinates") == 0)
        *flags |= CM_EVENT_COORDINATES_APPROXIMATE;
      else
        return FALSE;
    }

  return TRUE;
}

/* What the writer puts in the Approximate column, by flags. */
static const char *
format_approximate (CmEventFlags flags)
{
  static const char * const texts[] = {
    NULL, "start", "end", "start end", "coordinates", "start coordinates", "end coordinates",
    "start end coordinates",
  };

  return texts[flags & (CM_EVENT_START_APPROXIMATE | CM_EVENT_END_APPROXIMATE
                        | CM_EVENT_COORDINATES_APPROXIMATE)];
}

/* The order of the user's locale for dates such as 03/04/2012, as GLib
 * reads them. */
int
cm_csv_default_date_order (void)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_parse (&date, "1/2/2000");

  return g_date_valid (&date) && g_date_get_day (&date) == 1 ? CM_CSV_DATE_ORDER_DAY_FIRST
                                                               : CM_CSV_DATE_ORDER_MONTH_FIRST;
}

gboolean
cm_csv_dates_are_ambiguous (GPtrArray          *rows,
                            const CmCsvMapping *mapping)
{
  gboolean ambiguous = FALSE;

  g_return_val_if_fail (rows != NULL, FALSE);
  g_return_val_if_fail (mapping != NULL, FALSE);

  for (guint r = 1; r < rows->len; r++)
    {
      char **fields = rows->pdata[r];
      guint n = g_strv_length (fields);
      const int columns[] = { mapping->start, mapping->end };

      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        {
          guint fits;

          if (columns[c] < 0 || (guint) columns[c] >= n)
            continue;
          fits = date_order_fits (fields[columns[c]]);
          if (fits == FITS_DAY_FIRST || fits == FITS_MONTH_FIRST)
            return FALSE;
          ambiguous |= fits == FITS_BOTH;
        }
    }

  return ambiguous;
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
  int              approximate;    /* generic columns found by name, or -1 */
  int              category_color;
  int              group_kind;

  /* Dates such as 03/04/2012: the order, once known (AUTO: not yet), and
   * the rows waiting for it (PendingRow *). */
  int              date_order;
  GPtrArray       *pending;
  gsize            pending_size;

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

/* A category found or added by name, with @color ("#rrggbb") when it is
 * new and one is given. */
static guint
category_by_name (Reader     *reader,
                  const char *name,
                  const char *color)
{
  CmDocument *document = reader->document;
  g_autofree char *id = NULL;
  double red, green, blue;
  guint index;

  if (*name == '\0' || *color == '\0' || g_hash_table_contains (reader->category_names, name)
      || !cm_color_parse (color, &red, &green, &blue))
    return _cm_timelinejs_category_by_name (document, reader->category_names, name);
  if (cm_document_get_n_categories (document) >= MAX_CATEGORIES)
    return CM_NONE;

  id = g_strdup (name);
  for (guint n = 2; cm_document_find_category (document, id) != CM_NONE; n++)
    {
      g_free (id);
      id = g_strdup_printf ("%s-%u", name, n);
    }
  index = cm_document_add_category (document, id, name, color);
  g_hash_table_insert (reader->category_names, g_strdup (name), GUINT_TO_POINTER (index));

  return index;
}

/* A group found or added by name, of @kind ("itinerary", "lane") when it
 * is new. */
static guint
group_by_name (Reader     *reader,
               const char *name,
               const char *kind_text)
{
  CmDocument *document = reader->document;
  g_autofree char *id = NULL;
  CmGroupKind kind;
  guint index;

  if (*name == '\0' || g_hash_table_contains (reader->group_names, name)
      || !cm_group_kind_from_string (kind_text, &kind) || kind == CM_GROUP_LANE)
    return _cm_timelinejs_group_by_name (document, reader->group_names, name);
  if (cm_document_get_n_groups (document) >= MAX_GROUPS)
    return CM_NONE;

  id = g_strdup (name);
  for (guint n = 2; cm_document_find_group (document, id) != CM_NONE; n++)
    {
      g_free (id);
      id = g_strdup_printf ("%s-%u", name, n);
    }
  index = cm_document_add_group (document, id, name, kind);
  g_hash_table_insert (reader->group_names, g_strdup (name), GUINT_TO_POINTER (index));

  return index;
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
  text = template_field (reader, COL_APPROXIMATE);
  if (*text != '\0' && !parse_approximate (text, &data.flags))
    {
      skip_row (reader, _("“%s” does not say what is approximate"), text);
      return;
    }
  data.group = group_by_name (reader, template_field (reader, COL_GROUP),
                              template_field (reader, COL_GROUP_KIND));
  data.category = category_by_name (reader, template_field (reader, COL_CATEGORY),
                                    template_field (reader, COL_CATEGORY_COLOR));

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
read_generic_row_now (Reader *reader)
{
  const CmCsvMapping *mapping = &reader->mapping;
  const char *start = field (reader, mapping->start);
  const char *end = field (reader, mapping->end);
  const char *time = field (reader, mapping->time);
  const char *lat_text = field (reader, mapping->latitude);
  const char *lon_text = field (reader, mapping->longitude);
  const char *text;
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
  if (!parse_date (start, reader->date_order, &data.start, &data.precision, &data.utc_offset))
    {
      skip_row (reader, _("“%s” is not a date"), start);
      return;
    }
  if (*time != '\0')
    {
      int hour, minute, second, offset;

      if (!parse_time_of_day (time, &hour, &minute, &second, &offset))
        {
          skip_row (reader, _("“%s” is not a time of day"), time);
          return;
        }
      if (data.precision != CM_PRECISION_DAY)
        {
          skip_row (reader, data.precision > CM_PRECISION_DAY ? _("“%s” already has a time of day")
                                                              : _("“%s” is not a day, for a time of day"),
                    start);
          return;
        }
      set_time_of_day (&data.start, &data.precision, &data.utc_offset, hour, minute, second, offset);
    }
  data.end_precision = data.precision;
  if (*end != '\0')
    {
      if (!parse_date (end, reader->date_order, &data.end, &data.end_precision, &end_offset))
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
  data.group = group_by_name (reader, field (reader, mapping->group), field (reader, reader->group_kind));
  data.category = category_by_name (reader, field (reader, mapping->category),
                                    field (reader, reader->category_color));

  /* Columns the mapping does not use are kept under their names, and so is
   * an Approximate column that says something else. */
  text = field (reader, reader->approximate);
  if (*text != '\0' && !parse_approximate (text, &data.flags))
    cm_properties_append (reader->extras, reader->header->pdata[reader->approximate], text, -1);
  for (guint i = 0; i < reader->n_fields && i < reader->header->len; i++)
    if (!reader->mapped[i])
      cm_properties_append (reader->extras, reader->header->pdata[i], field (reader, (int) i), -1);

  data.extras = reader->extras->len > 0 ? reader->extras->str : NULL;
  cm_event_store_add (reader->store, &data);
  reader->n_imported++;
}

/* A row kept until the day/month order is known: its fields (offsets in
 * @row) and where it starts. */
typedef struct
{
  guint  line;
  guint  n_fields;
  guint *fields;
  char  *row;
} PendingRow;

static void
pending_row_free (gpointer data)
{
  PendingRow *pending = data;

  g_free (pending->fields);
  g_free (pending->row);
  g_free (pending);
}

static void
keep_row (Reader *reader)
{
  PendingRow *pending = g_new (PendingRow, 1);

  pending->line = reader->row_line;
  pending->n_fields = reader->n_fields;
  pending->fields = g_memdup2 (reader->fields, reader->n_fields * sizeof (guint));
  pending->row = g_memdup2 (reader->row, reader->row_length);
  if (reader->pending == NULL)
    reader->pending = g_ptr_array_new_with_free_func (pending_row_free);
  g_ptr_array_add (reader->pending, pending);
  reader->pending_size += reader->row_length + reader->n_fields * sizeof (guint) + sizeof *pending;
}

/* Now that the order is known, reads the rows kept, in their order. */
static void
decide_date_order (Reader *reader,
                   int     order)
{
  char *row = reader->row;
  guint *fields = reader->fields;
  guint n_fields = reader->n_fields;
  guint row_line = reader->row_line;

  reader->date_order = order;
  if (reader->pending == NULL)
    return;

  for (guint i = 0; i < reader->pending->len; i++)
    {
      PendingRow *pending = reader->pending->pdata[i];

      reader->row = pending->row;
      reader->fields = pending->fields;
      reader->n_fields = pending->n_fields;
      reader->row_line = pending->line;
      read_generic_row_now (reader);
    }
  reader->row = row;
  reader->fields = fields;
  reader->n_fields = n_fields;
  reader->row_line = row_line;
  g_clear_pointer (&reader->pending, g_ptr_array_unref);
  reader->pending_size = 0;
}

/* Dates such as 03/04/2012 wait for one that decides the order (24/10/2012
 * is day first), for the end of the table, or for so many rows kept that
 * the locale's order is taken. */
static void
read_generic_row (Reader *reader)
{
  const int columns[] = { reader->mapping.start, reader->mapping.end };
  gboolean ambiguous = FALSE;

  if (reader->date_order == CM_CSV_DATE_ORDER_AUTO)
    {
      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        {
          guint fits = date_order_fits (field (reader, columns[c]));

          if (fits == FITS_DAY_FIRST || fits == FITS_MONTH_FIRST)
            {
              decide_date_order (reader, fits == FITS_DAY_FIRST ? CM_CSV_DATE_ORDER_DAY_FIRST
                                                                : CM_CSV_DATE_ORDER_MONTH_FIRST);
              break;
            }
          ambiguous |= fits == FITS_BOTH;
        }
    }
  if (reader->date_order == CM_CSV_DATE_ORDER_AUTO && (ambiguous || reader->pending != NULL))
    {
      keep_row (reader);
      if (reader->pending_size > MAX_PENDING)
        decide_date_order (reader, cm_csv_default_date_order ());
      return;
    }

  read_generic_row_now (reader);
}

static void
read_header (Reader *reader)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  CmCsvMapping *mapping = &reader->mapping;
  int *roles[] = {
    &mapping->start, &mapping->end, &mapping->time, &mapping->title, &mapping->description,
    &mapping->place, &mapping->latitude, &mapping->longitude, &mapping->category, &mapping->group,
  };
  const struct
  {
    int                *column;
    const char * const  names[4];
  } named[] = {
    { &reader->approximate, { "approximate", "approx", "approximatif", NULL } },
    { &reader->category_color, { "category color", "category colour", "couleur de categorie", NULL } },
    { &reader->group_kind, { "group kind", "type de groupe", NULL, NULL } },
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
  /* Columns Chronomap writes, read when the mapping uses them for nothing
   * else. */
  for (guint r = 0; r < G_N_ELEMENTS (named); r++)
    for (guint i = 0; named[r].names[i] != NULL && *named[r].column < 0; i++)
      {
        int column = find_column ((char * const *) names->pdata, n, named[r].names[i]);

        if (column >= 0 && !reader->mapped[column])
          {
            *named[r].column = column;
            reader->mapped[column] = TRUE;
          }
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
  g_clear_pointer (&reader->pending, g_ptr_array_unref);
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
  reader.approximate = reader.category_color = reader.group_kind = -1;
  if (mapping != NULL)
    {
      reader.mapping = *mapping;
      reader.has_mapping = TRUE;
      if (mapping->date_order == CM_CSV_DATE_ORDER_DAY_FIRST
          || mapping->date_order == CM_CSV_DATE_ORDER_MONTH_FIRST)
        reader.date_order = mapping->date_order;
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
  /* Every date left fits either order. */
  if (reader.error == NULL && reader.pending != NULL)
    decide_date_order (&reader, cm_csv_default_date_order ());
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
  GPtrArray     *category_colors;  /* "#rrggbb" by category index */
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
  if (data->group != CM_NONE && data->group < cm_document_get_n_groups (document)
      && cm_document_get_group (document, data->group)->kind != CM_GROUP_LANE)
    cells[COL_GROUP_KIND] = cm_group_kind_to_string (cm_document_get_group (document, data->group)->kind);
  if (data->category != CM_NONE && data->category < cm_document_get_n_categories (document))
    {
      cells[COL_CATEGORY] = cm_document_get_category (document, data->category)->name;
      cells[COL_CATEGORY_COLOR] = writer->category_colors->pdata[data->category];
    }
  cells[COL_APPROXIMATE] = format_approximate (data->flags);
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
  g_autoptr(GPtrArray) category_colors = g_ptr_array_new_with_free_func (g_free);
  CmEventStore *store;
  Writer writer;
  guint n;

  g_return_val_if_fail (CM_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  writer.document = document;
  writer.stream = stream;
  writer.cancellable = cancellable;
  writer.out = out;
  writer.category_colors = category_colors;
  for (guint i = 0; i < cm_document_get_n_categories (document); i++)
    {
      const CmCategory *category = cm_document_get_category (document, i);

      g_ptr_array_add (category_colors, cm_color_to_string (category->red, category->green, category->blue));
    }

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
