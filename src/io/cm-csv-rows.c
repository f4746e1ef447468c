/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-csv"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cm-csv-private.h"
#include "cm-format-util.h"
#include "cm-properties.h"
#include "cm-utc-offset.h"

/* CSV rows turned into events: the header, TimelineJS template rows
 * (title, eras, events) and rows of a mapped table. */

char *
_cm_csv_field (Reader *reader,
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
  return _cm_csv_field (reader, reader->columns[column]);
}

/* A category found or added by name, with @color ("#rrggbb") when it is
 * new and a valid one is given. */
static guint
category_by_name (Reader     *reader,
                  const char *name,
                  const char *color)
{
  double red, green, blue;

  if (*name == '\0' || color == NULL || *color == '\0'
      || !cm_color_parse (color, &red, &green, &blue))
    color = NULL;

  return _cm_format_category_by_name (reader->document, reader->category_names, name, color);
}

/* A group found or added by name, of @kind ("itinerary", "lane") when it
 * is new. */
static guint
group_by_name (Reader     *reader,
               const char *name,
               const char *kind_text)
{
  CmGroupKind kind;

  if (*name == '\0' || !cm_group_kind_from_string (kind_text, &kind))
    kind = CM_GROUP_LANE;

  return _cm_format_group_by_name (reader->document, reader->group_names, name, kind);
}

static void G_GNUC_PRINTF (2, 3)
skip_row (Reader     *reader,
          const char *format,
          ...)
{
  va_list args;

  va_start (args, format);
  if (_cm_format_skip_at_line (reader->report, &reader->first_reason, reader->row_line,
                               format, args))
    reader->first_skipped_line = reader->row_line;
  va_end (args);
}

void G_GNUC_PRINTF (4, 5)
_cm_csv_reader_fail (Reader     *reader,
                     int         code,
                     guint       line,
                     const char *format,
                     ...)
{
  va_list args;

  if (reader->error != NULL)
    return;

  va_start (args, format);
  _cm_format_set_error_at (&reader->error, code, reader->name, line, 1, format, args);
  va_end (args);
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

  if (!_cm_csv_parse_integer (year, -CM_TIME_MAX_YEAR, CM_TIME_MAX_YEAR, &value))
    {
      *reason = g_strdup_printf (_("“%s” is not a year"), year);
      return FALSE;
    }
  date->year = value;

  if (*month != '\0')
    {
      if (!_cm_csv_parse_integer (month, 1, 12, &value))
        {
          *reason = g_strdup_printf (_("“%s” is not a month"), month);
          return FALSE;
        }
      date->month = (int) value;
    }
  if (*day != '\0')
    {
      if (!_cm_csv_parse_integer (day, 1, 31, &value))
        {
          *reason = g_strdup_printf (_("“%s” is not a day"), day);
          return FALSE;
        }
      date->day = (int) value;
    }
  if (*time != '\0' && !_cm_csv_parse_time (time, &date->hour, &date->minute, &date->second))
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

void
_cm_csv_read_template_row (Reader *reader)
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
  if (*text != '\0' && !cm_utc_offset_parse (text, -1, &data.utc_offset))
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
  if (has_lat && !_cm_csv_parse_coordinate ((char *) text, 90, &lat))
    {
      skip_row (reader, _("“%s” is not a latitude"), text);
      return;
    }
  text = template_field (reader, COL_LONGITUDE);
  has_lon = *text != '\0';
  if (has_lon && !_cm_csv_parse_coordinate ((char *) text, 180, &lon))
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
  if (*text != '\0' && !_cm_csv_parse_approximate (text, &data.flags))
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
  const char *start = _cm_csv_field (reader, mapping->start);
  const char *end = _cm_csv_field (reader, mapping->end);
  const char *time = _cm_csv_field (reader, mapping->time);
  const char *lat_text = _cm_csv_field (reader, mapping->latitude);
  const char *lon_text = _cm_csv_field (reader, mapping->longitude);
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
  if (!_cm_csv_parse_date (start, reader->date_order, &data.start, &data.precision, &data.utc_offset))
    {
      skip_row (reader, _("“%s” is not a date"), start);
      return;
    }
  if (*time != '\0')
    {
      int hour, minute, second, offset;

      if (!_cm_csv_parse_time_of_day (time, &hour, &minute, &second, &offset))
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
      _cm_csv_set_time_of_day (&data.start, &data.precision, &data.utc_offset, hour, minute, second, offset);
    }
  data.end_precision = data.precision;
  if (*end != '\0')
    {
      if (!_cm_csv_parse_date (end, reader->date_order, &data.end, &data.end_precision, &end_offset))
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
      if (!_cm_csv_parse_coordinate ((char *) lat_text, 90, &data.lat))
        {
          skip_row (reader, _("“%s” is not a latitude"), lat_text);
          return;
        }
      if (!_cm_csv_parse_coordinate ((char *) lon_text, 180, &data.lon))
        {
          skip_row (reader, _("“%s” is not a longitude"), lon_text);
          return;
        }
    }

  data.title = _cm_csv_field (reader, mapping->title);
  data.description = _cm_csv_field (reader, mapping->description);
  data.place = _cm_csv_field (reader, mapping->place);
  data.group = group_by_name (reader, _cm_csv_field (reader, mapping->group), _cm_csv_field (reader, reader->group_kind));
  data.category = category_by_name (reader, _cm_csv_field (reader, mapping->category),
                                    _cm_csv_field (reader, reader->category_color));

  /* Columns the mapping does not use are kept under their names, and so is
   * an Approximate column that says something else. */
  text = _cm_csv_field (reader, reader->approximate);
  if (*text != '\0' && !_cm_csv_parse_approximate (text, &data.flags))
    cm_properties_append (reader->extras, reader->header->pdata[reader->approximate], text, -1);
  for (guint i = 0; i < reader->n_fields && i < reader->header->len; i++)
    if (!reader->mapped[i])
      cm_properties_append (reader->extras, reader->header->pdata[i], _cm_csv_field (reader, (int) i), -1);

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
void
_cm_csv_decide_date_order (Reader *reader,
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
void
_cm_csv_read_generic_row (Reader *reader)
{
  const int columns[] = { reader->mapping.start, reader->mapping.end };
  gboolean ambiguous = FALSE;

  if (reader->date_order == CM_CSV_DATE_ORDER_AUTO)
    {
      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        {
          guint fits = _cm_csv_date_order_fits (_cm_csv_field (reader, columns[c]));

          if (fits == FITS_DAY_FIRST || fits == FITS_MONTH_FIRST)
            {
              _cm_csv_decide_date_order (reader, fits == FITS_DAY_FIRST ? CM_CSV_DATE_ORDER_DAY_FIRST
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
        _cm_csv_decide_date_order (reader, cm_csv_default_date_order ());
      return;
    }

  read_generic_row_now (reader);
}

void
_cm_csv_read_header (Reader *reader)
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
      char *name = _cm_csv_field (reader, (int) i);

      g_ptr_array_add (reader->header, g_strdup (name));
      g_ptr_array_add (names, _cm_csv_normalize_name (name));
    }

  reader->is_template = _cm_csv_template_columns ((char * const *) names->pdata, n, reader->columns);
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
        int column = _cm_csv_find_column ((char * const *) names->pdata, n, named[r].names[i]);

        if (column >= 0 && !reader->mapped[column])
          {
            *named[r].column = column;
            reader->mapped[column] = TRUE;
          }
      }

  if (mapping->start < 0)
    _cm_csv_reader_fail (reader, CM_FORMAT_ERROR_MISSING_FIELD, reader->row_line,
                 _("No column holds the dates (a column named “Date” or “Start”, or one "
                   "chosen when importing)"));
}
