/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-csv"

#include "config.h"

#include <string.h>

#include "cm-csv-private.h"

/* CSV column names and separators, and the previews the mapping dialog
 * shows: what a table holds, guessed from its first lines. */

/* Lower case, accents and "_"/"-"/"." removed, spaces collapsed: "Date_de
 * Début" and "date de debut" compare equal. */
char *
_cm_csv_normalize_name (const char *name)
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

int
_cm_csv_find_column (char * const *names,
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
gboolean
_cm_csv_template_columns (char * const *names,
                          guint         n_columns,
                          int           columns[N_COLUMNS])
{
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      g_autofree char *wanted = _cm_csv_normalize_name (column_names[c]);

      columns[c] = _cm_csv_find_column (names, n_columns, wanted);
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
    names[i] = _cm_csv_normalize_name (header[i] != NULL ? header[i] : "");

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
void
_cm_csv_parser_init (struct csv_parser *parser,
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

  _cm_csv_parser_init (&parser, sep, 0);
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
    g_ptr_array_add (names, _cm_csv_normalize_name (header[i]));

  return _cm_csv_template_columns ((char * const *) names->pdata, names->len, columns);
}
