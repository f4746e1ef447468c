/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-timelinejs"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <math.h>
#include <string.h>

#include "cm-output.h"
#include "cm-format.h"
#include "cm-native.h"
#include "cm-format-util.h"
#include "cm-formats-private.h"
#include "cm-json-reader.h"
#include "cm-properties.h"
#include "cm-timelinejs-private.h"

/* TimelineJS JSON (Knight Lab's timeline): {"title": slide, "events":
 * [slide…], "eras": [era…], "scale": "human"|"cosmological"}, a slide being
 * {"start_date": {"year", "month", …}, "end_date", "text": {"headline",
 * "text"}, "media": {"url", "caption", "credit", "thumbnail"}, "group",
 * "display_date", "background": {"color"|"url"}, "unique_id", "autolink"}.
 *
 * The file is read by cm-json-reader.h, which streams the events: one
 * event's tree at a time, so a million events read in bounded memory.
 * What Chronomap does not model is kept as extras (see cm-properties.h) and
 * written back; what TimelineJS does not model (places, coordinates,
 * categories, offsets, precisions) goes into a "chronomap" member that
 * TimelineJS ignores, so that nothing is lost either way. */

#define MAX_FILE_SIZE (512 * 1024 * 1024)
#define MAX_GROUPS 60000
#define MAX_CATEGORIES 60000
#define MAX_KEY_LENGTH 40
#define WRITE_CHUNK (256 * 1024)

/* ---- dates ------------------------------------------------------------- */

void
_cm_timelinejs_date_init (CmTimelinejsDate *date)
{
  date->year = 0;
  date->month = 0;
  date->day = 0;
  date->hour = -1;
  date->minute = -1;
  date->second = -1;
}

CmPrecision
_cm_timelinejs_date_precision (const CmTimelinejsDate *date)
{
  gint64 magnitude = ABS (date->year);

  if (date->second >= 0)
    return CM_PRECISION_SECOND;
  if (date->minute >= 0)
    return CM_PRECISION_MINUTE;
  if (date->hour >= 0)
    return CM_PRECISION_HOUR;
  if (date->day > 0)
    return CM_PRECISION_DAY;
  if (date->month > 0)
    return CM_PRECISION_MONTH;
  if (magnitude >= 1000000000)
    return CM_PRECISION_BILLION_YEARS;
  if (magnitude >= 1000000)
    return CM_PRECISION_MILLION_YEARS;

  return CM_PRECISION_YEAR;
}

/* TimelineJS numbers the years before 1 as BCE, without a year 0 (its
 * -300 is 300 BCE); Chronomap's years are astronomical (300 BCE is -299).
 * Cosmological years (a million and more ago) are kept as written: there
 * the year is a count of years ago, not a calendar year. */
gint64
_cm_timelinejs_year_to_astronomical (gint64 year)
{
  return year < 0 && year > -1000000 ? year + 1 : year;
}

gint64
_cm_timelinejs_year_from_astronomical (gint64 year)
{
  return year <= 0 && year > -999999 ? year - 1 : year;
}

gboolean
_cm_timelinejs_date_to_time (const CmTimelinejsDate *date,
                             int                     utc_offset,
                             CmTime                 *time,
                             char                  **reason)
{
  int month = date->month > 0 ? date->month : 1;
  int day = date->day > 0 ? date->day : 1;
  gint64 year = _cm_timelinejs_year_to_astronomical (date->year);

  if (date->year < -CM_TIME_MAX_YEAR || date->year > CM_TIME_MAX_YEAR)
    {
      g_autofree char *written = g_strdup_printf ("%" G_GINT64_FORMAT, date->year);

      *reason = g_strdup_printf (_("the year %s is out of range"), written);
      return FALSE;
    }
  if (date->month < 0 || date->month > 12)
    {
      *reason = g_strdup_printf (_("“%d” is not a month"), date->month);
      return FALSE;
    }
  if (date->day < 0 || date->day > cm_days_in_month (year, month))
    {
      *reason = g_strdup_printf (_("“%d” is not a day of that month"), date->day);
      return FALSE;
    }
  if (date->hour > 23 || date->minute > 59 || date->second > 59)
    {
      *reason = g_strdup_printf (_("“%d:%02d:%02d” is not a time of day"),
                                 date->hour, MAX (date->minute, 0), MAX (date->second, 0));
      return FALSE;
    }

  *time = cm_time_from_civil (year, month, day,
                              MAX (date->hour, 0), MAX (date->minute, 0), MAX (date->second, 0));
  if (utc_offset != CM_UTC_OFFSET_NONE)
    *time -= (CmTime) utc_offset * 60;

  return TRUE;
}

void
_cm_timelinejs_date_from_time (CmTime            time,
                               CmPrecision       precision,
                               int               utc_offset,
                               CmTimelinejsDate *date)
{
  CmCivil civil;

  cm_time_to_civil (time, utc_offset, &civil);
  _cm_timelinejs_date_init (date);
  date->year = _cm_timelinejs_year_from_astronomical (civil.year);

  switch (precision)
    {
    case CM_PRECISION_SECOND:
      date->second = civil.second;
      G_GNUC_FALLTHROUGH;
    case CM_PRECISION_MINUTE:
      date->minute = civil.minute;
      G_GNUC_FALLTHROUGH;
    case CM_PRECISION_HOUR:
      date->hour = civil.hour;
      G_GNUC_FALLTHROUGH;
    case CM_PRECISION_DAY:
      date->day = civil.day;
      G_GNUC_FALLTHROUGH;
    case CM_PRECISION_MONTH:
      date->month = civil.month;
      break;
    case CM_PRECISION_BILLION_YEARS:
    case CM_PRECISION_MILLION_YEARS:
    case CM_PRECISION_MILLENNIUM:
    case CM_PRECISION_CENTURY:
    case CM_PRECISION_DECADE:
    case CM_PRECISION_YEAR:
    case CM_N_PRECISIONS:
    default:
      break;
    }
}

/* The text of a JSON scalar, for messages. */
static char *
describe_node (JsonNode *node)
{
  g_autofree char *text = NULL;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    text = g_strdup (json_node_get_string (node));
  else
    text = json_to_string (node, FALSE);

  if (g_utf8_strlen (text, -1) > 40)
    {
      g_autofree char *cut = g_utf8_substring (text, 0, 40);
      return g_strconcat (cut, "…", NULL);
    }

  return g_steal_pointer (&text);
}

typedef enum
{
  NUMBER_ABSENT,
  NUMBER_OK,
  NUMBER_BAD,
} NumberStatus;

/* A whole number given as a number or, as TimelineJS accepts, a string. */
static NumberStatus
get_integer (JsonObject *object,
             const char *member,
             gint64     *value)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NUMBER_ABSENT;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return NUMBER_BAD;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return NUMBER_OK;
    }
  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (!isfinite (d) || d != floor (d) || fabs (d) > 1e15)
        return NUMBER_BAD;
      *value = (gint64) d;
      return NUMBER_OK;
    }
  if (type == G_TYPE_STRING)
    {
      g_autofree char *text = g_strstrip (g_strdup (json_node_get_string (node)));

      if (*text == '\0')
        return NUMBER_ABSENT;
      if (g_ascii_string_to_signed (text[0] == '+' ? text + 1 : text, 10,
                                    G_MININT64, G_MAXINT64, value, NULL))
        return NUMBER_OK;
    }

  return NUMBER_BAD;
}

static char *
bad_date_field (const char *member,
                const char *value)
{
  if (g_str_equal (member, "year"))
    return g_strdup_printf (_("“%s” is not a year"), value);
  if (g_str_equal (member, "month"))
    return g_strdup_printf (_("“%s” is not a month"), value);
  if (g_str_equal (member, "day"))
    return g_strdup_printf (_("“%s” is not a day"), value);
  if (g_str_equal (member, "hour"))
    return g_strdup_printf (_("“%s” is not an hour"), value);
  if (g_str_equal (member, "minute"))
    return g_strdup_printf (_("“%s” is not a minute"), value);

  return g_strdup_printf (_("“%s” is not a second"), value);
}

/* No date field holds a value (absent, null or empty strings). */
static gboolean
date_is_empty (JsonObject *object)
{
  static const char * const members[] = { "year", "month", "day", "hour", "minute", "second" };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      gint64 value;

      if (get_integer (object, members[i], &value) != NUMBER_ABSENT)
        return FALSE;
    }

  return TRUE;
}

gboolean
_cm_timelinejs_date_from_json (JsonObject       *object,
                               CmTimelinejsDate *date,
                               char            **reason)
{
  static const char * const members[] = { "year", "month", "day", "hour", "minute", "second" };
  gint64 values[G_N_ELEMENTS (members)];
  gboolean present[G_N_ELEMENTS (members)];

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      NumberStatus status = get_integer (object, members[i], &values[i]);

      if (status == NUMBER_BAD)
        {
          g_autofree char *text = describe_node (json_object_get_member (object, members[i]));

          *reason = bad_date_field (members[i], text);
          return FALSE;
        }
      present[i] = status == NUMBER_OK;
      /* Fields other than the year are small: keep them in an int. */
      if (present[i] && i > 0 && (values[i] < 0 || values[i] > 99))
        {
          g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, values[i]);

          *reason = bad_date_field (members[i], text);
          return FALSE;
        }
    }

  if (!present[0])
    {
      *reason = g_strdup (_("no year"));
      return FALSE;
    }

  _cm_timelinejs_date_init (date);
  date->year = values[0];
  date->month = present[1] ? (int) values[1] : 0;
  date->day = present[2] ? (int) values[2] : 0;
  date->hour = present[3] ? (int) values[3] : -1;
  date->minute = present[4] ? (int) values[4] : -1;
  date->second = present[5] ? (int) values[5] : -1;

  if ((present[1] && values[1] == 0) || (present[2] && values[2] == 0))
    {
      g_autofree char *text = g_strdup ("0");

      *reason = bad_date_field (present[1] && values[1] == 0 ? "month" : "day", text);
      return FALSE;
    }

  return TRUE;
}

JsonNode *
_cm_timelinejs_date_to_json (const CmTimelinejsDate *date,
                             const char             *display_date)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "year");
  json_builder_add_int_value (builder, date->year);
  if (date->month > 0)
    {
      json_builder_set_member_name (builder, "month");
      json_builder_add_int_value (builder, date->month);
    }
  if (date->day > 0)
    {
      json_builder_set_member_name (builder, "day");
      json_builder_add_int_value (builder, date->day);
    }
  if (date->hour >= 0)
    {
      json_builder_set_member_name (builder, "hour");
      json_builder_add_int_value (builder, date->hour);
    }
  if (date->minute >= 0)
    {
      json_builder_set_member_name (builder, "minute");
      json_builder_add_int_value (builder, date->minute);
    }
  if (date->second >= 0)
    {
      json_builder_set_member_name (builder, "second");
      json_builder_add_int_value (builder, date->second);
    }
  if (display_date != NULL && *display_date != '\0')
    {
      json_builder_set_member_name (builder, "display_date");
      json_builder_add_string_value (builder, display_date);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

void
_cm_timelinejs_format_offset (int  utc_offset,
                              char buffer[8])
{
  int minutes = ABS (utc_offset);

  if (utc_offset == CM_UTC_OFFSET_NONE)
    buffer[0] = '\0';
  else
    g_snprintf (buffer, 8, "%c%02d:%02d", utc_offset < 0 ? '-' : '+', minutes / 60, minutes % 60);
}

gboolean
_cm_timelinejs_parse_offset (const char *text,
                             int        *utc_offset)
{
  const char *p = text;
  int sign, hours, minutes = 0;

  if (g_ascii_strcasecmp (text, "Z") == 0 || g_ascii_strcasecmp (text, "UTC") == 0)
    {
      *utc_offset = 0;
      return TRUE;
    }
  if (g_ascii_strncasecmp (p, "UTC", 3) == 0)
    p += 3;
  if (*p != '+' && *p != '-')
    return FALSE;
  sign = *p++ == '-' ? -1 : 1;
  if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]))
    return FALSE;
  hours = (p[0] - '0') * 10 + (p[1] - '0');
  p += 2;
  if (*p == ':')
    p++;
  if (*p != '\0')
    {
      if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]) || p[2] != '\0')
        return FALSE;
      minutes = (p[0] - '0') * 10 + (p[1] - '0');
    }
  if (minutes > 59 || hours * 60 + minutes > CM_UTC_OFFSET_MAX)
    return FALSE;

  *utc_offset = sign * (hours * 60 + minutes);
  return TRUE;
}

/* ---- HTML -------------------------------------------------------------- */

static void
ensure_libxml (void)
{
  static gsize initialized = 0;

  /* libxml2 is thread-safe once initialised, which must happen once. */
  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
      g_once_init_leave (&initialized, 1);
    }
}

typedef struct
{
  GString *out;
  guint    newlines;   /* line breaks due before the next character (0..2) */
  gboolean space;      /* a space due before the next character */
  guint    pre;        /* inside <pre>: white space kept */
} TextSink;

static void
sink_break (TextSink *sink,
            guint     newlines)
{
  sink->newlines = MAX (sink->newlines, newlines);
  sink->space = FALSE;
}

static void
sink_text (TextSink   *sink,
           const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      gboolean is_space = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f';

      if (is_space && sink->pre == 0)
        {
          sink->space = TRUE;
          continue;
        }
      if (*p == '\r')
        continue;

      if (sink->out->len > 0)
        {
          for (guint i = 0; i < sink->newlines; i++)
            g_string_append_c (sink->out, '\n');
          if (sink->newlines == 0 && sink->space)
            g_string_append_c (sink->out, ' ');
        }
      sink->newlines = 0;
      sink->space = FALSE;
      g_string_append_c (sink->out, *p);
    }
}

/* Line breaks around an element: 2 for paragraphs, 1 for lines, 0 inline. */
static guint
block_breaks (const char *name)
{
  static const char * const paragraphs[] = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "dl",
    "table", "hr", "figure", "address",
  };
  static const char * const lines[] = {
    "div", "li", "tr", "dt", "dd", "section", "article", "header", "footer", "aside",
    "nav", "main", "figcaption", "caption",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paragraphs); i++)
    if (g_str_equal (name, paragraphs[i]))
      return 2;
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    if (g_str_equal (name, lines[i]))
      return 1;

  return 0;
}

static void
sink_node (TextSink *sink,
           xmlNode  *node)
{
  for (; node != NULL; node = node->next)
    {
      const char *name = (const char *) node->name;
      guint breaks;
      gboolean is_pre;

      switch (node->type)
        {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
          if (node->content != NULL)
            sink_text (sink, (const char *) node->content);
          break;

        case XML_ELEMENT_NODE:
          if (g_str_equal (name, "script") || g_str_equal (name, "style")
              || g_str_equal (name, "head") || g_str_equal (name, "noscript")
              || g_str_equal (name, "template"))
            break;
          if (g_str_equal (name, "br"))
            {
              sink->newlines = MIN (sink->newlines + 1, 2);
              sink->space = FALSE;
              break;
            }
          if (g_str_equal (name, "td") || g_str_equal (name, "th"))
            sink->space = TRUE;

          breaks = block_breaks (name);
          is_pre = g_str_equal (name, "pre");
          if (breaks > 0)
            sink_break (sink, breaks);
          if (is_pre)
            sink->pre++;
          sink_node (sink, node->children);
          if (is_pre)
            sink->pre--;
          if (breaks > 0)
            sink_break (sink, breaks);
          break;

        case XML_ATTRIBUTE_NODE:
        case XML_ENTITY_REF_NODE:
        case XML_ENTITY_NODE:
        case XML_PI_NODE:
        case XML_COMMENT_NODE:
        case XML_DOCUMENT_NODE:
        case XML_DOCUMENT_TYPE_NODE:
        case XML_DOCUMENT_FRAG_NODE:
        case XML_NOTATION_NODE:
        case XML_HTML_DOCUMENT_NODE:
        case XML_DTD_NODE:
        case XML_ELEMENT_DECL:
        case XML_ATTRIBUTE_DECL:
        case XML_ENTITY_DECL:
        case XML_NAMESPACE_DECL:
        case XML_XINCLUDE_START:
        case XML_XINCLUDE_END:
#ifdef LIBXML_DOCB_ENABLED
        case XML_DOCB_DOCUMENT_NODE:
#endif
        default:
          break;
        }
    }
}

static gboolean
has_markup (const char *text,
            gsize       length)
{
  return memchr (text, '<', length) != NULL || memchr (text, '&', length) != NULL;
}

char *
_cm_timelinejs_html_to_text (const char *html,
                             gsize       length)
{
  TextSink sink = { NULL, 0, FALSE, 0 };
  htmlDocPtr doc;

  if (!has_markup (html, length))
    return g_strstrip (g_strndup (html, length));

  ensure_libxml ();
  doc = htmlReadMemory (html, (int) MIN (length, (gsize) G_MAXINT), NULL, "UTF-8",
                        HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
  sink.out = g_string_new (NULL);
  if (doc != NULL)
    {
      sink_node (&sink, xmlDocGetRootElement (doc));
      xmlFreeDoc (doc);
    }

  /* White space at the ends (of a <pre>) is no content. */
  g_strchomp (sink.out->str);
  sink.out->len = strlen (sink.out->str);
  for (gsize lead = 0; ; lead++)
    if (lead == sink.out->len || !g_ascii_isspace (sink.out->str[lead]))
      {
        g_string_erase (sink.out, 0, (gssize) lead);
        break;
      }

  /* libxml2 hands back UTF-8, but be sure for what reaches the store. */
  if (!g_utf8_validate_len (sink.out->str, sink.out->len, NULL))
    {
      char *valid = g_utf8_make_valid (sink.out->str, (gssize) sink.out->len);

      g_string_free (sink.out, TRUE);
      return valid;
    }

  return g_string_free (sink.out, FALSE);
}

static void
append_escaped (GString    *out,
                const char *text,
                gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      switch (text[i])
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '\n':
          g_string_append (out, "<br>");
          break;
        case '\r':
          break;
        default:
          g_string_append_c (out, text[i]);
          break;
        }
    }
}

char *
_cm_timelinejs_text_to_html (const char *text)
{
  GString *out;
  GPtrArray *paragraphs;
  const char *p, *start;

  if (text == NULL)
    return g_strdup ("");

  /* Paragraphs are separated by an empty line (two or more line breaks). */
  paragraphs = g_ptr_array_new ();
  for (p = start = text; ; p++)
    {
      if (*p == '\0' || (p[0] == '\n' && p[1] == '\n'))
        {
          if (p > start)
            {
              g_ptr_array_add (paragraphs, (gpointer) start);
              g_ptr_array_add (paragraphs, (gpointer) p);
            }
          if (*p == '\0')
            break;
          while (p[1] == '\n')
            p++;
          start = p + 1;
        }
    }

  out = g_string_new (NULL);
  for (guint i = 0; i < paragraphs->len; i += 2)
    {
      const char *from = paragraphs->pdata[i], *to = paragraphs->pdata[i + 1];

      if (paragraphs->len > 2)
        g_string_append (out, "<p>");
      append_escaped (out, from, (gsize) (to - from));
      if (paragraphs->len > 2)
        g_string_append (out, "</p>");
    }
  g_ptr_array_unref (paragraphs);

  return g_string_free (out, FALSE);
}

char *
_cm_timelinejs_html_import (const char  *html,
                            gsize        length,
                            char       **keep)
{
  g_autofree char *again = NULL;
  char *text;

  *keep = NULL;
  text = _cm_timelinejs_html_to_text (html, length);
  if (!has_markup (html, length))
    return text;

  again = _cm_timelinejs_text_to_html (text);
  if (strlen (again) != length || memcmp (again, html, length) != 0)
    *keep = g_strndup (html, length);

  return text;
}

char *
_cm_timelinejs_html_export (const char *text,
                            const char *kept)
{
  if (kept != NULL && *kept != '\0')
    {
      g_autofree char *current = _cm_timelinejs_html_to_text (kept, strlen (kept));

      if (g_strcmp0 (current, text != NULL ? text : "") == 0)
        return g_strdup (kept);
    }

  return _cm_timelinejs_text_to_html (text);
}

/* ---- groups, categories, extras ----------------------------------------- */

guint
_cm_timelinejs_group_by_name (CmDocument *document,
                              GHashTable *names,
                              const char *name)
{
  g_autofree char *id = NULL;
  gpointer found;
  guint index;

  if (name == NULL || *name == '\0')
    return CM_NONE;
  if (g_hash_table_lookup_extended (names, name, NULL, &found))
    return GPOINTER_TO_UINT (found);
  /* Beyond what a store can index the event stays without a lane. */
  if (cm_document_get_n_groups (document) >= MAX_GROUPS)
    return CM_NONE;

  id = g_strdup (name);
  for (guint n = 2; cm_document_find_group (document, id) != CM_NONE; n++)
    {
      g_free (id);
      id = g_strdup_printf ("%s-%u", name, n);
    }
  index = cm_document_add_group (document, id, name, CM_GROUP_LANE);
  g_hash_table_insert (names, g_strdup (name), GUINT_TO_POINTER (index));

  return index;
}

guint
_cm_timelinejs_category_by_name (CmDocument *document,
                                 GHashTable *names,
                                 const char *name)
{
  g_autofree char *id = NULL;
  gpointer found;
  guint index;

  if (name == NULL || *name == '\0')
    return CM_NONE;
  if (g_hash_table_lookup_extended (names, name, NULL, &found))
    return GPOINTER_TO_UINT (found);
  if (cm_document_get_n_categories (document) >= MAX_CATEGORIES)
    return CM_NONE;

  id = g_strdup (name);
  for (guint n = 2; cm_document_find_category (document, id) != CM_NONE; n++)
    {
      g_free (id);
      id = g_strdup_printf ("%s-%u", name, n);
    }
  index = cm_document_add_category (document, id, name, NULL);
  g_hash_table_insert (names, g_strdup (name), GUINT_TO_POINTER (index));

  return index;
}

/* Extras in their order: key, value, key, value… (owned strings). */
static GPtrArray *
extras_to_array (const char *extras)
{
  GPtrArray *pairs = g_ptr_array_new_with_free_func (g_free);
  const char *iter = extras;
  char *key, *value;

  while (cm_properties_next (&iter, &key, &value))
    {
      g_ptr_array_add (pairs, key);
      g_ptr_array_add (pairs, value);
    }

  return pairs;
}

static const char *
extras_lookup (GPtrArray  *pairs,
               const char *key)
{
  for (guint i = 0; i < pairs->len; i += 2)
    if (g_str_equal (pairs->pdata[i], key))
      return pairs->pdata[i + 1];

  return NULL;
}

/* Extras of an event that have a place in a TimelineJS slide. */
static gboolean
is_slide_key (const char *key)
{
  static const char * const keys[] = {
    "display_date", "start_display_date", "end_display_date", "start_millisecond",
    "end_millisecond", "autolink", "text_html", "headline_html",
  };

  if (g_str_has_prefix (key, "media_") || g_str_has_prefix (key, "background_"))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (g_str_equal (key, keys[i]))
      return TRUE;

  return FALSE;
}

/* Extras of a document that have a place in a TimelineJS file. */
static gboolean
is_timeline_key (const char *key)
{
  return g_str_equal (key, "eras") || g_str_equal (key, "scale") || g_str_has_prefix (key, "title_");
}

/* ---- reading: positions ------------------------------------------------ */

typedef struct
{
  guint line;
  guint column;
} Position;

/* ---- reading: slides ----------------------------------------------------- */

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonObject *
get_object_element (JsonArray *array,
                    guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
get_boolean (JsonObject *object,
             const char *member,
             gboolean   *value)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;

  *value = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_double (JsonObject *object,
            const char *member,
            double     *value)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    return FALSE;

  *value = json_node_get_double (node);
  return isfinite (*value);
}

static gboolean
valid_key (const char *key)
{
  gsize length = strlen (key);

  if (length == 0 || length > MAX_KEY_LENGTH)
    return FALSE;
  for (const char *p = key; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return FALSE;

  return TRUE;
}

/* Every string member of @object as "prefix_member" extras. */
static void
keep_members (GString    *extras,
              JsonObject *object,
              const char *prefix)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  if (object == NULL)
    return;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &member, &node))
    {
      g_autofree char *key = NULL;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING
          || !valid_key (member))
        continue;
      key = g_strconcat (prefix, member, NULL);
      cm_properties_append (extras, key, json_node_get_string (node), -1);
    }
}

typedef struct
{
  const char     *name;
  CmDocument     *document;
  CmEventStore   *store;
  CmImportReport *report;
  GHashTable     *group_names;     /* name -> index */
  GHashTable     *category_names;  /* name -> index */
  GString        *extras;
  gboolean        cosmological;
  guint           n_events;
  guint           n_imported;
  guint           n_milliseconds;  /* times whose milliseconds were dropped */
  char           *first_reason;    /* why the first skipped event was */
  Position        first_position;
} Reader;

/* Text and headline, media, background, display date, id, autolink:
 * shared by events and the title slide. */
static void
read_slide_text (GString     *extras,
                 JsonObject  *slide,
                 const char  *prefix,
                 char       **title,
                 char       **description)
{
  JsonObject *text = get_object (slide, "text");
  const char *headline = get_string (text, "headline");
  const char *body = get_string (text, "text");
  const char *display_date = get_string (slide, "display_date");
  g_autofree char *key = NULL;
  gboolean autolink;

  if (headline != NULL)
    {
      g_autofree char *keep = NULL;

      *title = _cm_timelinejs_html_import (headline, strlen (headline), &keep);
      key = g_strconcat (prefix, "headline_html", NULL);
      cm_properties_append (extras, key, keep, -1);
      g_clear_pointer (&key, g_free);
    }
  if (body != NULL)
    {
      g_autofree char *keep = NULL;

      *description = _cm_timelinejs_html_import (body, strlen (body), &keep);
      key = g_strconcat (prefix, "text_html", NULL);
      cm_properties_append (extras, key, keep, -1);
      g_clear_pointer (&key, g_free);
    }

  key = g_strconcat (prefix, "media_", NULL);
  keep_members (extras, get_object (slide, "media"), key);
  g_clear_pointer (&key, g_free);
  key = g_strconcat (prefix, "background_", NULL);
  keep_members (extras, get_object (slide, "background"), key);
  g_clear_pointer (&key, g_free);

  key = g_strconcat (prefix, "display_date", NULL);
  cm_properties_append (extras, key, display_date, -1);
  g_clear_pointer (&key, g_free);

  if (get_boolean (slide, "autolink", &autolink))
    {
      key = g_strconcat (prefix, "autolink", NULL);
      cm_properties_append (extras, key, autolink ? "true" : "false", -1);
      g_clear_pointer (&key, g_free);
    }
}

static void
keep_millisecond (Reader     *reader,
                  JsonObject *date,
                  const char *key)
{
  gint64 value;

  if (get_integer (date, "millisecond", &value) == NUMBER_OK && value > 0 && value < 1000)
    {
      char text[8];

      reader->n_milliseconds++;
      g_snprintf (text, sizeof text, "%d", (int) value);
      cm_properties_append (reader->extras, key, text, -1);
    }
}

/* The "chronomap" member of an event: what TimelineJS has no field for. */
static gboolean
read_event_ext (Reader      *reader,
                JsonObject  *ext,
                CmEventData *data,
                gboolean    *has_precision,
                gboolean    *has_end_precision,
                char       **reason)
{
  JsonObject *extra = get_object (ext, "extra");
  const char *text;
  double lat, lon;
  gint64 offset;
  gboolean flag;

  data->place = get_string (ext, "place");

  if (get_double (ext, "lat", &lat) && get_double (ext, "lon", &lon))
    {
      if (lat < -90 || lat > 90 || lon < -180 || lon > 180)
        {
          *reason = g_strdup_printf (_("%g, %g are not coordinates"), lat, lon);
          return FALSE;
        }
      data->lat = lat;
      data->lon = lon;
    }

  if ((text = get_string (ext, "category")) != NULL)
    {
      data->category = cm_document_find_category (reader->document, text);
      if (data->category == CM_NONE)
        data->category = _cm_timelinejs_category_by_name (reader->document,
                                                          reader->category_names, text);
    }

  if (get_integer (ext, "utc_offset", &offset) == NUMBER_OK
      && ABS (offset) <= CM_UTC_OFFSET_MAX)
    data->utc_offset = (int) offset;

  if ((text = get_string (ext, "precision")) != NULL)
    *has_precision = cm_precision_from_string (text, &data->precision);
  if ((text = get_string (ext, "end_precision")) != NULL)
    *has_end_precision = cm_precision_from_string (text, &data->end_precision);

  if (get_boolean (ext, "approximate", &flag) && flag)
    data->flags |= CM_EVENT_START_APPROXIMATE;
  if (get_boolean (ext, "end_approximate", &flag) && flag)
    data->flags |= CM_EVENT_END_APPROXIMATE;
  if (get_boolean (ext, "coordinates_approximate", &flag) && flag)
    data->flags |= CM_EVENT_COORDINATES_APPROXIMATE;

  if (extra != NULL)
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *node;

      json_object_iter_init_ordered (&iter, extra);
      while (json_object_iter_next_ordered (&iter, &member, &node))
        if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
          cm_properties_append (reader->extras, member, json_node_get_string (node), -1);
    }

  return TRUE;
}

static gboolean
read_event (Reader     *reader,
            JsonNode   *node,
            char      **reason)
{
  JsonObject *event, *start, *end, *ext;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  CmTimelinejsDate start_date, end_date;
  gboolean has_precision = FALSE, has_end_precision = FALSE;
  CmPrecision implied, end_implied = CM_PRECISION_YEAR;
  CmEventData data;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      *reason = g_strdup (_("not an object"));
      return FALSE;
    }
  event = json_node_get_object (node);

  start = get_object (event, "start_date");
  if (start == NULL)
    {
      *reason = g_strdup (json_object_has_member (event, "start_date")
                          ? _("“start_date” is not an object") : _("no start date"));
      return FALSE;
    }
  if (!json_object_has_member (start, "year"))
    {
      *reason = g_strdup (_("no start year"));
      return FALSE;
    }
  if (!_cm_timelinejs_date_from_json (start, &start_date, reason))
    {
      g_autofree char *inner = *reason;

      *reason = g_strdup_printf (_("start date: %s"), inner);
      return FALSE;
    }

  end = get_object (event, "end_date");
  if (end == NULL && json_object_has_member (event, "end_date")
      && !JSON_NODE_HOLDS_NULL (json_object_get_member (event, "end_date")))
    {
      *reason = g_strdup (_("“end_date” is not an object"));
      return FALSE;
    }
  /* An end whose fields are all empty (TimelineJS's own template writes
   * them so) is no end. */
  if (end != NULL && date_is_empty (end))
    end = NULL;
  if (end != NULL && !json_object_has_member (end, "year"))
    {
      *reason = g_strdup (_("no end year"));
      return FALSE;
    }
  if (end != NULL && !_cm_timelinejs_date_from_json (end, &end_date, reason))
    {
      g_autofree char *inner = *reason;

      *reason = g_strdup_printf (_("end date: %s"), inner);
      return FALSE;
    }

  g_string_truncate (reader->extras, 0);
  cm_event_data_init (&data);
  data.id = get_string (event, "unique_id");

  ext = get_object (event, "chronomap");
  if (ext != NULL && !read_event_ext (reader, ext, &data, &has_precision, &has_end_precision, reason))
    return FALSE;

  /* A precision no finer than the fields written (a year alone implies
   * millions of years when large, but holds a year). */
  implied = _cm_timelinejs_date_precision (&start_date);
  if (!has_precision || data.precision > MAX (implied, CM_PRECISION_YEAR))
    data.precision = implied;
  if (!_cm_timelinejs_date_to_time (&start_date, data.utc_offset, &data.start, reason))
    {
      g_autofree char *inner = *reason;

      *reason = g_strdup_printf (_("start date: %s"), inner);
      return FALSE;
    }
  if (end != NULL)
    {
      end_implied = _cm_timelinejs_date_precision (&end_date);
      if (!_cm_timelinejs_date_to_time (&end_date, data.utc_offset, &data.end, reason))
        {
          g_autofree char *inner = *reason;

          *reason = g_strdup_printf (_("end date: %s"), inner);
          return FALSE;
        }
      if (data.end < data.start)
        {
          *reason = g_strdup (_("it ends before it starts"));
          return FALSE;
        }
    }
  if (!has_end_precision || data.end_precision > MAX (end_implied, CM_PRECISION_YEAR))
    data.end_precision = end != NULL ? end_implied : data.precision;

  if (start_date.year < CM_TIMELINEJS_MIN_HUMAN_YEAR || start_date.year > CM_TIMELINEJS_MAX_HUMAN_YEAR
      || (end != NULL && (end_date.year < CM_TIMELINEJS_MIN_HUMAN_YEAR
                          || end_date.year > CM_TIMELINEJS_MAX_HUMAN_YEAR)))
    reader->cosmological = TRUE;

  read_slide_text (reader->extras, event, "", &title, &description);
  data.title = title != NULL ? title : "";
  data.description = description;
  cm_properties_append (reader->extras, "start_display_date", get_string (start, "display_date"), -1);
  if (end != NULL)
    cm_properties_append (reader->extras, "end_display_date", get_string (end, "display_date"), -1);
  keep_millisecond (reader, start, "start_millisecond");
  if (end != NULL)
    keep_millisecond (reader, end, "end_millisecond");

  data.group = _cm_timelinejs_group_by_name (reader->document, reader->group_names,
                                             get_string (event, "group"));
  data.extras = reader->extras->len > 0 ? reader->extras->str : NULL;
  cm_event_store_add (reader->store, &data);

  return TRUE;
}

/* Categories, groups (with their kinds) and foreign extras written by
 * Chronomap in the top-level "chronomap" member. */
static void
read_document_ext (Reader     *reader,
                   JsonObject *ext,
                   GString    *document_extras)
{
  JsonNode *node;

  node = json_object_get_member (ext, "categories");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *category = get_object_element (array, i);
          const char *id = get_string (category, "id");
          const char *name = get_string (category, "name");
          const char *color = get_string (category, "color");
          double r, g, b;
          guint index;

          if (id == NULL || name == NULL || cm_document_find_category (reader->document, id) != CM_NONE
              || cm_document_get_n_categories (reader->document) >= MAX_CATEGORIES)
            continue;
          if (color != NULL && !cm_color_parse (color, &r, &g, &b))
            color = NULL;
          index = cm_document_add_category (reader->document, id, name, color);
          if (!g_hash_table_contains (reader->category_names, name))
            g_hash_table_insert (reader->category_names, g_strdup (name), GUINT_TO_POINTER (index));
        }
    }

  node = json_object_get_member (ext, "groups");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *group = get_object_element (array, i);
          const char *id = get_string (group, "id");
          const char *name = get_string (group, "name");
          const char *kind_text = get_string (group, "kind");
          CmGroupKind kind = CM_GROUP_LANE;
          guint index;

          if (id == NULL || name == NULL || cm_document_find_group (reader->document, id) != CM_NONE
              || cm_document_get_n_groups (reader->document) >= MAX_GROUPS)
            continue;
          if (kind_text != NULL && !cm_group_kind_from_string (kind_text, &kind))
            kind = CM_GROUP_LANE;
          index = cm_document_add_group (reader->document, id, name, kind);
          if (!g_hash_table_contains (reader->group_names, name))
            g_hash_table_insert (reader->group_names, g_strdup (name), GUINT_TO_POINTER (index));
        }
    }

  node = json_object_get_member (ext, "extra");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &member, &value))
        if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
          cm_properties_append (document_extras, member, json_node_get_string (value), -1);
    }
}

/* ---- reading: the document ---------------------------------------------- */

static void
reader_clear (Reader *reader)
{
  g_clear_pointer (&reader->group_names, g_hash_table_unref);
  g_clear_pointer (&reader->category_names, g_hash_table_unref);
  if (reader->extras != NULL)
    g_string_free (g_steal_pointer (&reader->extras), TRUE);
  g_clear_object (&reader->document);
  g_clear_pointer (&reader->first_reason, g_free);
}

/* One element of "events", as the JSON reader streams them. */
static gboolean
event_cb (JsonNode  *node,
          guint      index,
          guint      line,
          guint      column,
          gpointer   user_data,
          GError   **error)
{
  Reader *reader = user_data;
  g_autofree char *reason = NULL;

  reader->n_events++;
  if (read_event (reader, node, &reason))
    {
      reader->n_imported++;
      return TRUE;
    }

  cm_import_report_skip (reader->report, _("event %u (line %u): %s"), index + 1, line, reason);
  if (reader->first_reason == NULL)
    {
      reader->first_reason = g_steal_pointer (&reason);
      reader->first_position.line = line;
      reader->first_position.column = column;
    }

  return TRUE;
}

/* Where the root object starts, for errors about it. */
static Position
root_position (const char *text,
               gsize       length)
{
  Position position = { 1, 1 };
  const char *brace = memchr (text, '{', length);

  for (const char *p = text; brace != NULL && p < brace; p++)
    {
      if (*p == '\n')
        {
          position.line++;
          position.column = 1;
        }
      else if (((guchar) *p & 0xc0) != 0x80)
        position.column++;
    }

  return position;
}

static CmDocument *
timelinejs_load (GInputStream    *stream,
                 const char      *name,
                 goffset          size,
                 gconstpointer    options,
                 CmImportReport  *report,
                 CmProgressFunc   progress,
                 gpointer         progress_data,
                 GCancellable    *cancellable,
                 GError         **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) rest = NULL;
  g_autoptr(GString) document_extras = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  Reader reader = { 0 };
  JsonObject *root, *title_slide, *ext;
  JsonNode *member, *events_node;
  const char *text, *scale, *unique_id;
  CmDocument *document = NULL;
  gsize length;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = _cm_format_read_all (stream, name, size, MAX_FILE_SIZE, progress, progress_data,
                               cancellable, error);
  if (bytes == NULL)
    return NULL;
  text = g_bytes_get_data (bytes, &length);
  text = _cm_format_skip_bom (text, &length);
  if (!_cm_format_check_utf8 (text, length, name, error))
    return NULL;

  /* First the document around the events (its "chronomap" member comes
   * after them in the files Chronomap writes), skipping the events. */
  node = _cm_json_read (text, length, name, "events", NULL, NULL, NULL, NULL, 0.5,
                        cancellable, error);
  if (node == NULL)
    return NULL;

  reader.name = name;
  reader.report = report;
  reader.group_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  reader.category_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  reader.extras = g_string_new (NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_UNSUPPORTED, "%s:1:1: %s", name,
                   _("Not a TimelineJS file: expected a JSON object"));
      goto out;
    }
  root = json_node_get_object (node);

  events_node = json_object_get_member (root, "events");
  if (events_node != NULL && !JSON_NODE_HOLDS_ARRAY (events_node))
    {
      Position position = root_position (text, length);

      g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_WRONG_TYPE, "%s:%u:%u: %s", name,
                   position.line, position.column, _("“events” must be an array"));
      goto out;
    }
  member = json_object_get_member (root, "title");
  if (member != NULL && !JSON_NODE_HOLDS_OBJECT (member))
    {
      Position position = root_position (text, length);

      g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_WRONG_TYPE, "%s:%u:%u: %s", name,
                   position.line, position.column, _("“title” must be an object"));
      goto out;
    }
  title_slide = member != NULL ? json_node_get_object (member) : NULL;
  if (events_node == NULL && title_slide == NULL)
    {
      g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_UNSUPPORTED, "%s:1:1: %s", name,
                   _("Not a TimelineJS file: it has no “events” and no “title”"));
      goto out;
    }

  reader.document = cm_document_new ();
  reader.store = cm_document_get_store (reader.document);

  ext = get_object (root, "chronomap");
  if (ext != NULL)
    read_document_ext (&reader, ext, document_extras);

  if (title_slide != NULL)
    {
      read_slide_text (document_extras, title_slide, "title_", &title, &description);
      if ((unique_id = get_string (title_slide, "unique_id")) != NULL)
        cm_properties_append (document_extras, "title_unique_id", unique_id, -1);
      cm_document_set_title (reader.document, title != NULL && *title != '\0' ? title : NULL);
      cm_document_set_description (reader.document,
                                   description != NULL && *description != '\0' ? description : NULL);
    }

  member = json_object_get_member (root, "eras");
  if (member != NULL && JSON_NODE_HOLDS_ARRAY (member)
      && json_array_get_length (json_node_get_array (member)) > 0)
    {
      g_autofree char *eras = json_to_string (member, FALSE);

      cm_properties_append (document_extras, "eras", eras, -1);
    }

  /* Then the events, one at a time. */
  if (events_node != NULL)
    {
      cm_event_store_begin_bulk (reader.store, 0);
      rest = _cm_json_read (text, length, name, "events", event_cb, &reader, progress,
                            progress_data, 0.5, cancellable, error);
      cm_event_store_end_bulk (reader.store);
      if (rest == NULL)
        goto out;

      if (reader.report != NULL)
        reader.report->n_imported += reader.n_imported;

      /* Skipping some events is a partial success; skipping all is a failure. */
      if (reader.n_events > 0 && reader.n_imported == 0)
        {
          g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_BAD_DATE, "%s:%u:%u: %s (%s)",
                       name, reader.first_position.line, reader.first_position.column,
                       _("No event could be read"), reader.first_reason);
          goto out;
        }
    }

  /* Chronomap keeps whole seconds: say what was rounded (the milliseconds
   * are kept as extras, and written back). */
  if (reader.n_milliseconds > 0)
    cm_import_report_warn (report,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "%u time had milliseconds: placed at its whole second",
                                        "%u times had milliseconds: placed at their whole second",
                                        reader.n_milliseconds),
                           reader.n_milliseconds);

  if (!_cm_format_check_usable (name, cm_event_store_get_n_events (reader.store), report,
                                reader.first_position.line, reader.first_position.column, error))
    goto out;

  /* The scale is kept only when the years do not say it already. */
  scale = get_string (root, "scale");
  if (scale != NULL && !g_str_equal (scale, reader.cosmological ? "cosmological" : "human"))
    cm_properties_append (document_extras, "scale", scale, -1);

  cm_document_set_extras (reader.document, document_extras->len > 0 ? document_extras->str : NULL);
  cm_document_set_dirty (reader.document, FALSE);
  document = g_steal_pointer (&reader.document);

out:
  reader_clear (&reader);

  return document;
}

/* ---- writing ------------------------------------------------------------ */

typedef struct
{
  CmDocument    *document;
  GOutputStream *stream;
  GCancellable  *cancellable;
  GString       *out;
  JsonGenerator *generator;
  JsonBuilder   *builder;
  gint64         min_year;
  gint64         max_year;
} Writer;

static gboolean
writer_flush (Writer   *writer,
              gboolean  all,
              GError  **error)
{
  return cm_output_flush (writer->stream, writer->out, all ? 0 : WRITE_CHUNK,
                          writer->cancellable, error);
}

/* Appends @node (consumed) as compact JSON. */
static void
writer_node (Writer   *writer,
             JsonNode *node)
{
  json_generator_set_root (writer->generator, node);
  json_generator_to_gstring (writer->generator, writer->out);
  json_node_unref (node);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  if (value == NULL || *value == '\0')
    return;

  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

/* Members "prefix…" of @pairs, without the prefix, as an object. */
static void
add_prefixed_object (JsonBuilder *builder,
                     const char  *member,
                     GPtrArray   *pairs,
                     const char  *prefix)
{
  gboolean open = FALSE;

  for (guint i = 0; i < pairs->len; i += 2)
    {
      const char *key = pairs->pdata[i];

      if (!g_str_has_prefix (key, prefix))
        continue;
      if (!open)
        {
          json_builder_set_member_name (builder, member);
          json_builder_begin_object (builder);
          open = TRUE;
        }
      add_string (builder, key + strlen (prefix), pairs->pdata[i + 1]);
    }

  if (open)
    json_builder_end_object (builder);
}

/* Writes a date member; returns the precision its fields imply. */
static CmPrecision
add_date (Writer      *writer,
          const char  *member,
          CmTime       time,
          CmPrecision  precision,
          int          utc_offset,
          const char  *display_date,
          const char  *millisecond)
{
  CmTimelinejsDate date;
  JsonNode *node;
  gint64 value;

  _cm_timelinejs_date_from_time (time, precision, utc_offset, &date);
  node = _cm_timelinejs_date_to_json (&date, display_date);
  if (millisecond != NULL && date.second >= 0
      && g_ascii_string_to_signed (millisecond, 10, 1, 999, &value, NULL))
    json_object_set_int_member (json_node_get_object (node), "millisecond", value);

  json_builder_set_member_name (writer->builder, member);
  json_builder_add_value (writer->builder, node);

  writer->min_year = MIN (writer->min_year, date.year);
  writer->max_year = MAX (writer->max_year, date.year);

  return _cm_timelinejs_date_precision (&date);
}

/* What events and the title slide share: text, media, display date,
 * background, autolink. */
static void
add_slide_common (Writer     *writer,
                  GPtrArray  *pairs,
                  const char *prefix,
                  const char *title,
                  const char *description)
{
  JsonBuilder *builder = writer->builder;
  g_autofree char *headline_key = g_strconcat (prefix, "headline_html", NULL);
  g_autofree char *text_key = g_strconcat (prefix, "text_html", NULL);
  g_autofree char *media_prefix = g_strconcat (prefix, "media_", NULL);
  g_autofree char *background_prefix = g_strconcat (prefix, "background_", NULL);
  g_autofree char *display_key = g_strconcat (prefix, "display_date", NULL);
  g_autofree char *autolink_key = g_strconcat (prefix, "autolink", NULL);
  g_autofree char *headline = NULL;
  g_autofree char *text = NULL;
  const char *autolink;

  if (title != NULL && *title != '\0')
    headline = _cm_timelinejs_html_export (title, extras_lookup (pairs, headline_key));
  if (description != NULL && *description != '\0')
    text = _cm_timelinejs_html_export (description, extras_lookup (pairs, text_key));
  if (headline != NULL || text != NULL)
    {
      json_builder_set_member_name (builder, "text");
      json_builder_begin_object (builder);
      add_string (builder, "headline", headline);
      add_string (builder, "text", text);
      json_builder_end_object (builder);
    }

  add_prefixed_object (builder, "media", pairs, media_prefix);
  add_string (builder, "display_date", extras_lookup (pairs, display_key));
  add_prefixed_object (builder, "background", pairs, background_prefix);

  autolink = extras_lookup (pairs, autolink_key);
  if (autolink != NULL)
    {
      json_builder_set_member_name (builder, "autolink");
      json_builder_add_boolean_value (builder, g_str_equal (autolink, "true"));
    }
}

static JsonNode *
event_to_json (Writer            *writer,
               const CmEventData *data)
{
  JsonBuilder *builder = writer->builder;
  g_autoptr(GPtrArray) pairs = extras_to_array (data->extras);
  gboolean is_span = data->end != CM_TIME_INVALID && data->end > data->start;
  gboolean has_ext = FALSE;
  CmPrecision implied, end_implied = data->end_precision;

  json_builder_reset (builder);
  json_builder_begin_object (builder);

  implied = add_date (writer, "start_date", data->start, data->precision, data->utc_offset,
                      extras_lookup (pairs, "start_display_date"),
                      extras_lookup (pairs, "start_millisecond"));
  if (is_span)
    end_implied = add_date (writer, "end_date", data->end, data->end_precision, data->utc_offset,
                            extras_lookup (pairs, "end_display_date"),
                            extras_lookup (pairs, "end_millisecond"));

  add_slide_common (writer, pairs, "", data->title, data->description);
  if (data->group != CM_NONE && data->group < cm_document_get_n_groups (writer->document))
    add_string (builder, "group", cm_document_get_group (writer->document, data->group)->name);
  add_string (builder, "unique_id", data->id);

  /* What TimelineJS has no field for, in a member it ignores. */
  has_ext = (data->place != NULL && *data->place != '\0') || !isnan (data->lat)
            || data->category != CM_NONE || data->utc_offset != CM_UTC_OFFSET_NONE
            || data->precision != implied || (is_span && data->end_precision != end_implied)
            || data->flags != CM_EVENT_FLAGS_NONE;
  for (guint i = 0; i < pairs->len && !has_ext; i += 2)
    has_ext = !is_slide_key (pairs->pdata[i]);

  if (has_ext)
    {
      gboolean has_extra = FALSE;

      json_builder_set_member_name (builder, "chronomap");
      json_builder_begin_object (builder);
      add_string (builder, "place", data->place);
      if (!isnan (data->lat) && !isnan (data->lon))
        {
          json_builder_set_member_name (builder, "lat");
          json_builder_add_double_value (builder, data->lat);
          json_builder_set_member_name (builder, "lon");
          json_builder_add_double_value (builder, data->lon);
        }
      if (data->category != CM_NONE && data->category < cm_document_get_n_categories (writer->document))
        add_string (builder, "category", cm_document_get_category (writer->document, data->category)->id);
      if (data->utc_offset != CM_UTC_OFFSET_NONE)
        {
          json_builder_set_member_name (builder, "utc_offset");
          json_builder_add_int_value (builder, data->utc_offset);
        }
      if (data->precision != implied)
        add_string (builder, "precision", cm_precision_to_string (data->precision));
      if (is_span && data->end_precision != end_implied)
        add_string (builder, "end_precision", cm_precision_to_string (data->end_precision));
      if (data->flags & CM_EVENT_START_APPROXIMATE)
        {
          json_builder_set_member_name (builder, "approximate");
          json_builder_add_boolean_value (builder, TRUE);
        }
      if (data->flags & CM_EVENT_END_APPROXIMATE)
        {
          json_builder_set_member_name (builder, "end_approximate");
          json_builder_add_boolean_value (builder, TRUE);
        }
      if (data->flags & CM_EVENT_COORDINATES_APPROXIMATE)
        {
          json_builder_set_member_name (builder, "coordinates_approximate");
          json_builder_add_boolean_value (builder, TRUE);
        }
      for (guint i = 0; i < pairs->len; i += 2)
        {
          if (is_slide_key (pairs->pdata[i]))
            continue;
          if (!has_extra)
            {
              json_builder_set_member_name (builder, "extra");
              json_builder_begin_object (builder);
              has_extra = TRUE;
            }
          add_string (builder, pairs->pdata[i], pairs->pdata[i + 1]);
        }
      if (has_extra)
        json_builder_end_object (builder);
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
title_to_json (Writer    *writer,
               GPtrArray *pairs)
{
  CmDocument *document = writer->document;
  const char *title = cm_document_get_title (document);
  const char *description = cm_document_get_description (document);
  gboolean wanted = (title != NULL && *title != '\0') || (description != NULL && *description != '\0');

  for (guint i = 0; i < pairs->len && !wanted; i += 2)
    wanted = g_str_has_prefix (pairs->pdata[i], "title_");
  if (!wanted)
    return NULL;

  json_builder_reset (writer->builder);
  json_builder_begin_object (writer->builder);
  add_slide_common (writer, pairs, "title_", title, description);
  add_string (writer->builder, "unique_id", extras_lookup (pairs, "title_unique_id"));
  json_builder_end_object (writer->builder);

  return json_builder_get_root (writer->builder);
}

/* Categories, groups and foreign document extras, or NULL. */
static JsonNode *
document_ext_to_json (Writer    *writer,
                      GPtrArray *pairs)
{
  CmDocument *document = writer->document;
  JsonBuilder *builder = writer->builder;
  guint n_categories = cm_document_get_n_categories (document);
  guint n_groups = cm_document_get_n_groups (document);
  gboolean has_extra = FALSE;

  for (guint i = 0; i < pairs->len && !has_extra; i += 2)
    has_extra = !is_timeline_key (pairs->pdata[i]);
  if (n_categories == 0 && n_groups == 0 && !has_extra)
    return NULL;

  json_builder_reset (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);

  if (n_categories > 0)
    {
      json_builder_set_member_name (builder, "categories");
      json_builder_begin_array (builder);
      for (guint i = 0; i < n_categories; i++)
        {
          const CmCategory *category = cm_document_get_category (document, i);
          g_autofree char *color = cm_color_to_string (category->red, category->green, category->blue);

          json_builder_begin_object (builder);
          add_string (builder, "id", category->id);
          add_string (builder, "name", category->name);
          add_string (builder, "color", color);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  if (n_groups > 0)
    {
      json_builder_set_member_name (builder, "groups");
      json_builder_begin_array (builder);
      for (guint i = 0; i < n_groups; i++)
        {
          const CmGroup *group = cm_document_get_group (document, i);

          json_builder_begin_object (builder);
          add_string (builder, "id", group->id);
          add_string (builder, "name", group->name);
          add_string (builder, "kind", cm_group_kind_to_string (group->kind));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  if (has_extra)
    {
      json_builder_set_member_name (builder, "extra");
      json_builder_begin_object (builder);
      for (guint i = 0; i < pairs->len; i += 2)
        if (!is_timeline_key (pairs->pdata[i]))
          add_string (builder, pairs->pdata[i], pairs->pdata[i + 1]);
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
timelinejs_save (CmDocument     *document,
                 GOutputStream  *stream,
                 GCancellable   *cancellable,
                 GError        **error)
{
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GString) out = g_string_sized_new (WRITE_CHUNK + 4096);
  CmEventStore *store;
  Writer writer;
  JsonNode *node;
  const char *eras, *scale;
  gboolean cosmological;
  guint n;

  g_return_val_if_fail (CM_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  writer.document = document;
  writer.stream = stream;
  writer.cancellable = cancellable;
  writer.out = out;
  writer.generator = generator;
  writer.builder = builder;
  writer.min_year = G_MAXINT64;
  writer.max_year = G_MININT64;

  pairs = extras_to_array (cm_document_get_extras (document));
  store = cm_document_get_store (document);
  n = cm_event_store_get_n_events (store);

  g_string_append (out, "{\n");
  if ((node = title_to_json (&writer, pairs)) != NULL)
    {
      g_string_append (out, "  \"title\": ");
      writer_node (&writer, node);
      g_string_append (out, ",\n");
    }

  /* One event a line: readable, and a million events never form a tree. */
  g_string_append (out, "  \"events\": [");
  for (guint i = 0; i < n; i++)
    {
      CmEventData data;

      if (i % 1024 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      cm_event_store_get_data (store, i, &data);
      g_string_append (out, i > 0 ? ",\n    " : "\n    ");
      writer_node (&writer, event_to_json (&writer, &data));
      if (!writer_flush (&writer, FALSE, error))
        return FALSE;
    }
  g_string_append (out, n > 0 ? "\n  ]" : "]");

  eras = extras_lookup (pairs, "eras");
  if (eras != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, eras, -1, NULL)
          && JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
        {
          g_string_append (out, ",\n  \"eras\": ");
          writer_node (&writer, json_node_copy (json_parser_get_root (parser)));
        }
    }

  /* Years a JavaScript Date cannot hold need the cosmological scale. */
  scale = extras_lookup (pairs, "scale");
  cosmological = n > 0 && (writer.min_year < CM_TIMELINEJS_MIN_HUMAN_YEAR
                           || writer.max_year > CM_TIMELINEJS_MAX_HUMAN_YEAR);
  if (cosmological)
    scale = "cosmological";
  if (scale != NULL && (g_str_equal (scale, "human") || g_str_equal (scale, "cosmological")))
    g_string_append_printf (out, ",\n  \"scale\": \"%s\"", scale);

  if ((node = document_ext_to_json (&writer, pairs)) != NULL)
    {
      g_string_append (out, ",\n  \"chronomap\": ");
      writer_node (&writer, node);
    }
  g_string_append (out, "\n}\n");

  return writer_flush (&writer, TRUE, error);
}

/* ---- the format --------------------------------------------------------- */

static int
timelinejs_sniff (const char *head,
                  gsize       length,
                  const char *filename)
{
  const char *p = head, *end = head + length;
  gboolean json_name = filename != NULL && g_str_has_suffix (filename, ".json");
  int score = 0;

  if (length >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p >= end || *p != '{')
    return 0;

  if (g_strstr_len (p, end - p, "\"events\"") != NULL)
    score = 60;
  if (g_strstr_len (p, end - p, "\"start_date\"") != NULL)
    score = score > 0 ? 90 : 70;
  else if (g_strstr_len (p, end - p, "\"headline\"") != NULL)
    score = MAX (score, 50);

  return score > 0 ? score + (json_name ? 5 : 0) : (json_name ? 10 : 0);
}

static const char * const timelinejs_extensions[] = { "json", NULL };
static const char * const timelinejs_mime_types[] = { "application/json", NULL };

const CmFormat cm_format_timelinejs = {
  .id = "timelinejs",
  .name = N_("TimelineJS"),
  .extensions = timelinejs_extensions,
  .mime_types = timelinejs_mime_types,
  .sniff = timelinejs_sniff,
  .load = timelinejs_load,
  .save = timelinejs_save,
};
