/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-native"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#include <yajl/yajl_gen.h>
#include <yajl/yajl_parse.h>

#include "cm-native.h"
#include "cm-properties.h"

/* The native format is read with yajl, a streaming parser: a file of a
 * million events never exists as a tree in memory, only as the store. */

#define CHUNK_SIZE (256 * 1024)
#define MAX_DEPTH 64
#define MAX_STRING (16 * 1024 * 1024)
#define MAX_CATEGORIES 60000
#define MAX_GROUPS 60000

typedef enum
{
  SECTION_NONE,        /* before the top-level object */
  SECTION_TOP,         /* members of the top-level object */
  SECTION_CATEGORIES,  /* elements of "categories" */
  SECTION_CATEGORY,
  SECTION_GROUPS,
  SECTION_GROUP,
  SECTION_EVENTS,
  SECTION_EVENT,
  SECTION_EXTRA,       /* members of an "extra" object (in the top or an event) */
  SECTION_DONE,
} Section;

typedef enum
{
  KEY_UNKNOWN,
  /* top level */
  KEY_VERSION,
  KEY_TITLE,
  KEY_DESCRIPTION,
  KEY_CATEGORIES,
  KEY_GROUPS,
  KEY_EVENTS,
  /* categories and groups */
  KEY_ID,
  KEY_NAME,
  KEY_COLOR,
  KEY_KIND,
  /* events (KEY_ID, KEY_TITLE, KEY_DESCRIPTION too) */
  KEY_START,
  KEY_END,
  KEY_PRECISION,
  KEY_END_PRECISION,
  KEY_UTC_OFFSET,
  KEY_APPROXIMATE,
  KEY_END_APPROXIMATE,
  KEY_PLACE,
  KEY_LAT,
  KEY_LON,
  KEY_COORDINATES_APPROXIMATE,
  KEY_CATEGORY,
  KEY_GROUP,
  KEY_EXTRA,           /* also: any member inside "extra" */
} Key;

typedef struct
{
  guint64 offset;
  guint64 line_offset;
  guint   line;
} Position;

typedef struct
{
  char     *id;
  char     *name;
  char     *color;
  CmGroupKind kind;
  gboolean  defined;   /* seen in "categories"/"groups", not only referred to */
  guint     line;      /* first reference, for errors */
  guint     column;
} Entry;

typedef struct
{
  GString     *id;
  GString     *title;
  GString     *description;
  GString     *place;
  gboolean     has_id;
  gboolean     has_title;
  gboolean     has_description;
  gboolean     has_place;
  gboolean     has_start;
  gboolean     has_end;
  gboolean     has_precision;
  gboolean     has_end_precision;
  gboolean     has_utc_offset;
  gboolean     has_lat;
  gboolean     has_lon;
  gboolean     has_extras;
  CmTime       start;
  CmTime       end;
  CmPrecision  start_form;      /* precision of the written form */
  CmPrecision  end_form;
  int          start_offset;    /* offset written in the ISO text */
  int          end_offset;
  CmPrecision  precision;
  CmPrecision  end_precision;
  int          utc_offset;
  double       lat;
  double       lon;
  CmEventFlags flags;
  guint        category;
  guint        group;
  Position     position;        /* of the opening brace */
} EventScratch;

typedef struct
{
  const char   *name;
  CmDocument   *document;
  CmEventStore *store;
  yajl_handle   parser;
  GError       *error;

  /* Position: lines before the current chunk, and where it starts. */
  const char   *chunk;
  gsize         chunk_length;
  guint64       chunk_offset;
  /* A cursor that only moves forward, so that finding lines costs one
   * pass over the text whatever the number of lookups. */
  guint64       cursor;         /* absolute offset */
  guint         line;           /* 1-based line at the cursor */
  guint64       line_offset;    /* absolute offset of that line's first byte */

  int           depth;
  int           skip_depth;     /* >= 0 while skipping an unknown value */
  Section       section;
  Key           key;
  guint         last_key;       /* index in keys[] of the last member name */
  Section       extra_parent;   /* SECTION_TOP or SECTION_EVENT */
  GString      *extra_key;      /* member name inside "extra" */
  GString      *extras;         /* encoded as cm-properties.h says */
  gboolean      seen_version;
  gboolean      seen_top;

  GPtrArray    *categories;     /* Entry, index = category index */
  GHashTable   *category_ids;   /* id → index + 1 */
  GPtrArray    *groups;
  GHashTable   *group_ids;
  Entry         current;        /* category or group being read */
  gboolean      current_has_id;
  Position      current_position;

  EventScratch  event;
} Reader;

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->id);
  g_free (entry->name);
  g_free (entry->color);
  g_free (entry);
}

/* Moves the cursor to @offset (in the current chunk, not before the cursor)
 * and returns where that is. */
static Position
position_at (Reader  *reader,
             guint64  offset)
{
  guint64 chunk_end = reader->chunk_offset + reader->chunk_length;
  Position position;

  offset = MIN (offset, chunk_end);
  if (offset > reader->cursor)
    {
      const char *p = reader->chunk + (reader->cursor - reader->chunk_offset);
      const char *end = reader->chunk + (offset - reader->chunk_offset);

      while ((p = memchr (p, '\n', (gsize) (end - p))) != NULL)
        {
          reader->line++;
          reader->line_offset = reader->chunk_offset + (guint64) (p - reader->chunk) + 1;
          p++;
        }
      reader->cursor = offset;
    }

  position.offset = MAX (offset, reader->cursor);
  position.line = reader->line;
  position.line_offset = reader->line_offset;

  return position;
}

/* Column (1-based, in characters where the line is still in memory). */
static guint
column_of (Reader         *reader,
           const Position *position)
{
  guint col = 0;

  if (position->line_offset < reader->chunk_offset
      || position->offset > reader->chunk_offset + reader->chunk_length)
    return (guint) MIN (position->offset - position->line_offset, G_MAXUINT - 1) + 1;

  for (guint64 i = position->line_offset; i < position->offset; i++)
    if (((guchar) reader->chunk[i - reader->chunk_offset] & 0xc0) != 0x80)
      col++;

  return col + 1;
}

static Position
current_position (Reader *reader)
{
  gsize consumed = reader->parser ? yajl_get_bytes_consumed (reader->parser) : 0;

  /* yajl has consumed the token that triggered the callback: point at its
   * last character. */
  if (consumed > 0)
    consumed--;

  return position_at (reader, reader->chunk_offset + consumed);
}

G_GNUC_PRINTF (4, 5)
static void
set_error_at (Reader         *reader,
              const Position *position,
              int             code,
              const char     *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (reader->error != NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* file:line:column: message, the form editors and compilers use */
  g_set_error (&reader->error, CM_FORMAT_ERROR, code, "%s:%u:%u: %s",
               reader->name, position->line, column_of (reader, position), message);
}

#define fail(reader, code, ...) \
  G_STMT_START { \
    Position fail_position_ = current_position ((reader)); \
    set_error_at ((reader), &fail_position_, (code), __VA_ARGS__); \
  } G_STMT_END

static const char *
key_name (Key key)
{
  switch (key)
    {
    case KEY_VERSION: return "chronomap";
    case KEY_TITLE: return "title";
    case KEY_DESCRIPTION: return "description";
    case KEY_CATEGORIES: return "categories";
    case KEY_GROUPS: return "groups";
    case KEY_EVENTS: return "events";
    case KEY_ID: return "id";
    case KEY_NAME: return "name";
    case KEY_COLOR: return "color";
    case KEY_KIND: return "kind";
    case KEY_START: return "start";
    case KEY_END: return "end";
    case KEY_PRECISION: return "precision";
    case KEY_END_PRECISION: return "end_precision";
    case KEY_UTC_OFFSET: return "utc_offset";
    case KEY_APPROXIMATE: return "approximate";
    case KEY_END_APPROXIMATE: return "end_approximate";
    case KEY_PLACE: return "place";
    case KEY_LAT: return "lat";
    case KEY_LON: return "lon";
    case KEY_COORDINATES_APPROXIMATE: return "coordinates_approximate";
    case KEY_CATEGORY: return "category";
    case KEY_GROUP: return "group";
    case KEY_EXTRA: return "extra";
    case KEY_UNKNOWN:
    default:
      return "?";
    }
}

#define K(section, name, key) { section, sizeof (name) - 1, name, key }
static const struct { Section section; guint length; const char *name; Key key; } keys[] = {
  K (SECTION_TOP, "chronomap", KEY_VERSION),
  K (SECTION_TOP, "title", KEY_TITLE),
  K (SECTION_TOP, "description", KEY_DESCRIPTION),
  K (SECTION_TOP, "categories", KEY_CATEGORIES),
  K (SECTION_TOP, "groups", KEY_GROUPS),
  K (SECTION_TOP, "events", KEY_EVENTS),
  K (SECTION_TOP, "extra", KEY_EXTRA),
  K (SECTION_CATEGORY, "id", KEY_ID),
  K (SECTION_CATEGORY, "name", KEY_NAME),
  K (SECTION_CATEGORY, "color", KEY_COLOR),
  K (SECTION_GROUP, "id", KEY_ID),
  K (SECTION_GROUP, "name", KEY_NAME),
  K (SECTION_GROUP, "kind", KEY_KIND),
  K (SECTION_EVENT, "id", KEY_ID),
  K (SECTION_EVENT, "title", KEY_TITLE),
  K (SECTION_EVENT, "description", KEY_DESCRIPTION),
  K (SECTION_EVENT, "start", KEY_START),
  K (SECTION_EVENT, "end", KEY_END),
  K (SECTION_EVENT, "precision", KEY_PRECISION),
  K (SECTION_EVENT, "end_precision", KEY_END_PRECISION),
  K (SECTION_EVENT, "utc_offset", KEY_UTC_OFFSET),
  K (SECTION_EVENT, "approximate", KEY_APPROXIMATE),
  K (SECTION_EVENT, "end_approximate", KEY_END_APPROXIMATE),
  K (SECTION_EVENT, "place", KEY_PLACE),
  K (SECTION_EVENT, "lat", KEY_LAT),
  K (SECTION_EVENT, "lon", KEY_LON),
  K (SECTION_EVENT, "coordinates_approximate", KEY_COORDINATES_APPROXIMATE),
  K (SECTION_EVENT, "category", KEY_CATEGORY),
  K (SECTION_EVENT, "group", KEY_GROUP),
  K (SECTION_EVENT, "extra", KEY_EXTRA),
};
#undef K

static inline gboolean
key_matches (guint                i,
             Section              section,
             const unsigned char *text,
             size_t               length)
{
  return keys[i].length == length && keys[i].section == section
      && memcmp (text, keys[i].name, length) == 0;
}

/* Files repeat the same members in the same order event after event: try
 * the entry after the last one matched before searching the table. */
static Key
lookup_key (guint               *last,
            Section              section,
            const unsigned char *text,
            size_t               length)
{
  for (guint tries = 1; tries <= 2; tries++)
    {
      guint next = (*last + tries) % G_N_ELEMENTS (keys);

      if (key_matches (next, section, text, length))
        {
          *last = next;
          return keys[next].key;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (key_matches (i, section, text, length))
      {
        *last = i;
        return keys[i].key;
      }

  return KEY_UNKNOWN;
}

static const char *
section_object_name (Section section)
{
  switch (section)
    {
    case SECTION_CATEGORY:
      return _("category");
    case SECTION_GROUP:
      return _("group");
    case SECTION_EVENT:
      return _("event");
    case SECTION_NONE:
    case SECTION_TOP:
    case SECTION_CATEGORIES:
    case SECTION_GROUPS:
    case SECTION_EVENTS:
    case SECTION_EXTRA:
    case SECTION_DONE:
    default:
      return _("document");
    }
}

/* Is a value for the current key of this kind expected? Sets the error when
 * not. Unknown keys take any value. */
static gboolean
expect (Reader     *reader,
        const char *kind)
{
  fail (reader, CM_FORMAT_ERROR_WRONG_TYPE,
        _("Expected %s for “%s” in %s"), kind, key_name (reader->key),
        section_object_name (reader->section));
  return FALSE;
}

static void
event_reset (EventScratch *event)
{
  g_string_truncate (event->id, 0);
  g_string_truncate (event->title, 0);
  g_string_truncate (event->description, 0);
  g_string_truncate (event->place, 0);
  event->has_id = event->has_title = event->has_description = event->has_place = FALSE;
  event->has_start = event->has_end = FALSE;
  event->has_precision = event->has_end_precision = event->has_utc_offset = FALSE;
  event->has_lat = event->has_lon = event->has_extras = FALSE;
  event->flags = CM_EVENT_FLAGS_NONE;
  event->category = CM_NONE;
  event->group = CM_NONE;
}

static guint
reference (Reader     *reader,
           GPtrArray  *entries,
           GHashTable *ids,
           const char *id,
           gboolean    define)
{
  gpointer found = g_hash_table_lookup (ids, id);
  Entry *entry;

  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;

  entry = g_new0 (Entry, 1);
  entry->id = g_strdup (id);
  {
    Position position = current_position (reader);

    entry->line = position.line;
    entry->column = column_of (reader, &position);
  }
  g_ptr_array_add (entries, entry);
  g_hash_table_insert (ids, entry->id, GUINT_TO_POINTER (entries->len));
  (void) define;

  return entries->len - 1;
}

/* ---- yajl callbacks ---------------------------------------------------- */

static gboolean
skipping (Reader *reader)
{
  return reader->skip_depth >= 0;
}

/* A scalar arrives. Returns FALSE when it should be ignored. */
static gboolean
scalar_wanted (Reader *reader)
{
  if (skipping (reader))
    return FALSE;

  switch (reader->section)
    {
    case SECTION_NONE:
      fail (reader, CM_FORMAT_ERROR_UNSUPPORTED,
            _("Not a Chronomap document: expected a JSON object"));
      return FALSE;

    case SECTION_CATEGORIES:
    case SECTION_GROUPS:
    case SECTION_EVENTS:
      fail (reader, CM_FORMAT_ERROR_WRONG_TYPE,
            _("Expected an object in “%s”"),
            reader->section == SECTION_CATEGORIES ? "categories"
            : reader->section == SECTION_GROUPS ? "groups" : "events");
      return FALSE;

    case SECTION_TOP:
    case SECTION_CATEGORY:
    case SECTION_GROUP:
    case SECTION_EVENT:
    case SECTION_EXTRA:
    case SECTION_DONE:
    default:
      return reader->key != KEY_UNKNOWN;
    }
}

/* Members of "extra" hold text only. */
static gboolean
extra_wants_string (Reader *reader)
{
  fail (reader, CM_FORMAT_ERROR_WRONG_TYPE, _("Expected a string for “%s” in “extra”"),
        reader->extra_key->str);
  return FALSE;
}

static int
on_null (void *ctx)
{
  Reader *reader = ctx;

  if (!scalar_wanted (reader))
    return reader->error == NULL;

  /* null stands for "absent" in every member. */
  return TRUE;
}

static int
on_boolean (void *ctx,
            int   value)
{
  Reader *reader = ctx;
  CmEventFlags flag;

  if (!scalar_wanted (reader))
    return reader->error == NULL;

  if (reader->section == SECTION_EXTRA)
    return extra_wants_string (reader);

  if (reader->section != SECTION_EVENT)
    return expect (reader, _("a boolean"));

  switch (reader->key)
    {
    case KEY_APPROXIMATE:
      flag = CM_EVENT_START_APPROXIMATE;
      break;
    case KEY_END_APPROXIMATE:
      flag = CM_EVENT_END_APPROXIMATE;
      break;
    case KEY_COORDINATES_APPROXIMATE:
      flag = CM_EVENT_COORDINATES_APPROXIMATE;
      break;
    case KEY_UNKNOWN:
    case KEY_VERSION:
    case KEY_TITLE:
    case KEY_DESCRIPTION:
    case KEY_CATEGORIES:
    case KEY_GROUPS:
    case KEY_EVENTS:
    case KEY_ID:
    case KEY_NAME:
    case KEY_COLOR:
    case KEY_KIND:
    case KEY_START:
    case KEY_END:
    case KEY_PRECISION:
    case KEY_END_PRECISION:
    case KEY_UTC_OFFSET:
    case KEY_PLACE:
    case KEY_LAT:
    case KEY_LON:
    case KEY_CATEGORY:
    case KEY_GROUP:
    case KEY_EXTRA:
    default:
      return expect (reader, _("a boolean"));
    }

  if (value)
    reader->event.flags |= flag;
  else
    reader->event.flags &= ~flag;

  return TRUE;
}

/* Decimal numbers of up to 15 significant digits and no exponent are
 * exact as mantissa / 10^k (both exact doubles): the common case of
 * coordinates, done without strtod. NULL when another form is needed. */
static gboolean
parse_short_decimal (const char *text,
                     size_t      length,
                     double     *value)
{
  static const double powers[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
                                   1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };
  gboolean negative = FALSE;
  guint64 mantissa = 0;
  int digits = 0, decimals = -1;
  size_t i = 0;

  if (i < length && text[i] == '-')
    {
      negative = TRUE;
      i++;
    }

  for (; i < length; i++)
    {
      char c = text[i];

      if (c >= '0' && c <= '9')
        {
          if (mantissa != 0 || c != '0')
            digits++;
          if (digits > 15)
            return FALSE;
          mantissa = mantissa * 10 + (guint64) (c - '0');
          if (decimals >= 0)
            decimals++;
        }
      else if (c == '.' && decimals < 0)
        decimals = 0;
      else
        return FALSE;
    }

  if (decimals > 15)
    return FALSE;

  *value = (double) mantissa / powers[decimals < 0 ? 0 : decimals];
  if (negative)
    *value = -*value;

  return TRUE;
}

static gboolean
parse_number (const char *text,
              size_t      length,
              double     *value)
{
  char buffer[64];
  char *end = NULL;

  if (parse_short_decimal (text, length, value))
    return TRUE;

  if (length >= sizeof buffer)
    return FALSE;

  memcpy (buffer, text, length);
  buffer[length] = '\0';
  *value = g_ascii_strtod (buffer, &end);

  return end == buffer + length && isfinite (*value);
}

static int
on_number (void       *ctx,
           const char *text,
           size_t      length)
{
  Reader *reader = ctx;
  double value;

  if (!scalar_wanted (reader))
    return reader->error == NULL;

  if (reader->section == SECTION_EXTRA)
    return extra_wants_string (reader);

  if (reader->section == SECTION_TOP && reader->key == KEY_VERSION)
    {
      if (!parse_number (text, length, &value) || value != floor (value) || value < 1)
        {
          fail (reader, CM_FORMAT_ERROR_BAD_VALUE,
                _("“chronomap” must be a format version number such as 1"));
          return FALSE;
        }
      if (value > CM_NATIVE_FORMAT_VERSION)
        {
          fail (reader, CM_FORMAT_ERROR_UNSUPPORTED,
                _("This file uses format version %.0f; this version of Chronomap reads up to version %d"),
                value, CM_NATIVE_FORMAT_VERSION);
          return FALSE;
        }
      reader->seen_version = TRUE;
      return TRUE;
    }

  if (reader->section != SECTION_EVENT)
    return expect (reader, _("a string"));

  switch (reader->key)
    {
    case KEY_LAT:
    case KEY_LON:
      if (!parse_number (text, length, &value))
        {
          fail (reader, CM_FORMAT_ERROR_BAD_COORDINATE, _("“%s” is not a usable number"),
                key_name (reader->key));
          return FALSE;
        }
      if (reader->key == KEY_LAT && (value < -90 || value > 90))
        {
          fail (reader, CM_FORMAT_ERROR_BAD_COORDINATE,
                _("Latitude %g is outside −90…90 degrees"), value);
          return FALSE;
        }
      if (reader->key == KEY_LON && (value < -180 || value > 180))
        {
          fail (reader, CM_FORMAT_ERROR_BAD_COORDINATE,
                _("Longitude %g is outside −180…180 degrees"), value);
          return FALSE;
        }
      if (reader->key == KEY_LAT)
        {
          reader->event.lat = value;
          reader->event.has_lat = TRUE;
        }
      else
        {
          reader->event.lon = value;
          reader->event.has_lon = TRUE;
        }
      return TRUE;

    case KEY_UTC_OFFSET:
      if (!parse_number (text, length, &value) || value != floor (value)
          || fabs (value) > CM_UTC_OFFSET_MAX)
        {
          fail (reader, CM_FORMAT_ERROR_BAD_VALUE,
                _("“utc_offset” must be a whole number of minutes within ±%d"),
                CM_UTC_OFFSET_MAX);
          return FALSE;
        }
      reader->event.utc_offset = (int) value;
      reader->event.has_utc_offset = TRUE;
      return TRUE;

    case KEY_UNKNOWN:
    case KEY_VERSION:
    case KEY_TITLE:
    case KEY_DESCRIPTION:
    case KEY_CATEGORIES:
    case KEY_GROUPS:
    case KEY_EVENTS:
    case KEY_ID:
    case KEY_NAME:
    case KEY_COLOR:
    case KEY_KIND:
    case KEY_START:
    case KEY_END:
    case KEY_PRECISION:
    case KEY_END_PRECISION:
    case KEY_APPROXIMATE:
    case KEY_END_APPROXIMATE:
    case KEY_PLACE:
    case KEY_COORDINATES_APPROXIMATE:
    case KEY_CATEGORY:
    case KEY_GROUP:
    case KEY_EXTRA:
    default:
      if (reader->key == KEY_APPROXIMATE || reader->key == KEY_END_APPROXIMATE
          || reader->key == KEY_COORDINATES_APPROXIMATE)
        return expect (reader, _("a boolean"));
      return expect (reader, _("a string"));
    }
}

static gboolean
read_time (Reader      *reader,
           const char  *text,
           size_t       length,
           CmTime      *time,
           CmPrecision *form,
           int         *offset)
{
  g_autoptr(GError) error = NULL;

  if (!cm_time_parse_iso_len (text, length, time, form, offset, &error))
    {
      fail (reader, CM_FORMAT_ERROR_BAD_DATE, _("“%s” is not a valid date: %s"),
            key_name (reader->key), error->message);
      return FALSE;
    }

  return TRUE;
}

static int
on_string (void                *ctx,
           const unsigned char *value,
           size_t               length)
{
  Reader *reader = ctx;
  const char *text = (const char *) value;
  EventScratch *event = &reader->event;

  if (!scalar_wanted (reader))
    return reader->error == NULL;

  if (length > MAX_STRING)
    {
      fail (reader, CM_FORMAT_ERROR_LIMIT, _("“%s” is longer than %d bytes"),
            key_name (reader->key), MAX_STRING);
      return FALSE;
    }

  if (memchr (text, '\0', length) != NULL)
    {
      fail (reader, CM_FORMAT_ERROR_BAD_VALUE, _("“%s” contains a NUL character"),
            key_name (reader->key));
      return FALSE;
    }

  /* yajl lets overlong forms and surrogates through. */
  if (!g_utf8_validate_len (text, length, NULL))
    {
      fail (reader, CM_FORMAT_ERROR_SYNTAX, _("“%s” is not valid UTF-8 text"),
            key_name (reader->key));
      return FALSE;
    }

  if (reader->section == SECTION_EXTRA)
    {
      cm_properties_append (reader->extras, reader->extra_key->str, text, (gssize) length);
      return TRUE;
    }

  switch (reader->section)
    {
    case SECTION_TOP:
      if (reader->key == KEY_TITLE)
        {
          g_autofree char *s = g_strndup (text, length);
          cm_document_set_title (reader->document, s);
          return TRUE;
        }
      if (reader->key == KEY_DESCRIPTION)
        {
          g_autofree char *s = g_strndup (text, length);
          cm_document_set_description (reader->document, s);
          return TRUE;
        }
      if (reader->key == KEY_VERSION)
        return expect (reader, _("a number"));
      return expect (reader, _("an array"));

    case SECTION_CATEGORY:
    case SECTION_GROUP:
      switch (reader->key)
        {
        case KEY_ID:
          g_free (reader->current.id);
          reader->current.id = g_strndup (text, length);
          reader->current_has_id = TRUE;
          return TRUE;

        case KEY_NAME:
          g_free (reader->current.name);
          reader->current.name = g_strndup (text, length);
          return TRUE;

        case KEY_COLOR:
          {
            g_autofree char *s = g_strndup (text, length);
            double r, g, b;

            if (!cm_color_parse (s, &r, &g, &b))
              {
                fail (reader, CM_FORMAT_ERROR_BAD_VALUE,
                      _("“%s” is not a colour of the form #rrggbb"), s);
                return FALSE;
              }
            g_free (reader->current.color);
            reader->current.color = g_steal_pointer (&s);
            return TRUE;
          }

        case KEY_KIND:
          {
            g_autofree char *s = g_strndup (text, length);

            if (!cm_group_kind_from_string (s, &reader->current.kind))
              {
                fail (reader, CM_FORMAT_ERROR_BAD_VALUE,
                      _("Unknown group kind “%s” (expected “lane” or “itinerary”)"), s);
                return FALSE;
              }
            return TRUE;
          }

        case KEY_UNKNOWN:
        case KEY_VERSION:
        case KEY_TITLE:
        case KEY_DESCRIPTION:
        case KEY_CATEGORIES:
        case KEY_GROUPS:
        case KEY_EVENTS:
        case KEY_START:
        case KEY_END:
        case KEY_PRECISION:
        case KEY_END_PRECISION:
        case KEY_UTC_OFFSET:
        case KEY_APPROXIMATE:
        case KEY_END_APPROXIMATE:
        case KEY_PLACE:
        case KEY_LAT:
        case KEY_LON:
        case KEY_COORDINATES_APPROXIMATE:
        case KEY_CATEGORY:
        case KEY_GROUP:
        case KEY_EXTRA:
        default:
          return TRUE;
        }

    case SECTION_EVENT:
      switch (reader->key)
        {
        case KEY_ID:
          g_string_overwrite_len (event->id, 0, text, length);
          g_string_truncate (event->id, length);
          event->has_id = TRUE;
          return TRUE;

        case KEY_TITLE:
          g_string_overwrite_len (event->title, 0, text, length);
          g_string_truncate (event->title, length);
          event->has_title = TRUE;
          return TRUE;

        case KEY_DESCRIPTION:
          g_string_overwrite_len (event->description, 0, text, length);
          g_string_truncate (event->description, length);
          event->has_description = TRUE;
          return TRUE;

        case KEY_PLACE:
          g_string_overwrite_len (event->place, 0, text, length);
          g_string_truncate (event->place, length);
          event->has_place = TRUE;
          return TRUE;

        case KEY_START:
          if (!read_time (reader, text, length, &event->start, &event->start_form,
                          &event->start_offset))
            return FALSE;
          event->has_start = TRUE;
          return TRUE;

        case KEY_END:
          if (!read_time (reader, text, length, &event->end, &event->end_form,
                          &event->end_offset))
            return FALSE;
          event->has_end = TRUE;
          return TRUE;

        case KEY_PRECISION:
        case KEY_END_PRECISION:
          {
            CmPrecision precision;

            if (!cm_precision_from_string_len (text, length, &precision))
              {
                g_autofree char *s = g_strndup (text, length);

                fail (reader, CM_FORMAT_ERROR_BAD_VALUE,
                      _("Unknown precision “%s” (expected one of billion-years, million-years, "
                        "millennium, century, decade, year, month, day, hour, minute, second)"), s);
                return FALSE;
              }
            if (reader->key == KEY_PRECISION)
              {
                event->precision = precision;
                event->has_precision = TRUE;
              }
            else
              {
                event->end_precision = precision;
                event->has_end_precision = TRUE;
              }
            return TRUE;
          }

        case KEY_CATEGORY:
        case KEY_GROUP:
        case KEY_EXTRA:
          {
            g_autofree char *s = g_strndup (text, length);

            if (reader->key == KEY_CATEGORY)
              {
                if (reader->categories->len >= MAX_CATEGORIES && !g_hash_table_contains (reader->category_ids, s))
                  {
                    fail (reader, CM_FORMAT_ERROR_LIMIT, _("More than %d categories"), MAX_CATEGORIES);
                    return FALSE;
                  }
                event->category = reference (reader, reader->categories, reader->category_ids, s, FALSE);
              }
            else
              {
                if (reader->groups->len >= MAX_GROUPS && !g_hash_table_contains (reader->group_ids, s))
                  {
                    fail (reader, CM_FORMAT_ERROR_LIMIT, _("More than %d groups"), MAX_GROUPS);
                    return FALSE;
                  }
                event->group = reference (reader, reader->groups, reader->group_ids, s, FALSE);
              }
            return TRUE;
          }

        case KEY_UTC_OFFSET:
        case KEY_LAT:
        case KEY_LON:
          return expect (reader, _("a number"));

        case KEY_APPROXIMATE:
        case KEY_END_APPROXIMATE:
        case KEY_COORDINATES_APPROXIMATE:
          return expect (reader, _("a boolean"));

        case KEY_UNKNOWN:
        case KEY_VERSION:
        case KEY_CATEGORIES:
        case KEY_GROUPS:
        case KEY_EVENTS:
        case KEY_NAME:
        case KEY_COLOR:
        case KEY_KIND:
        default:
          return TRUE;
        }

    case SECTION_NONE:
    case SECTION_CATEGORIES:
    case SECTION_GROUPS:
    case SECTION_EVENTS:
    case SECTION_EXTRA:
    case SECTION_DONE:
    default:
      return TRUE;
    }
}

static gboolean
enter (Reader *reader)
{
  reader->depth++;
  if (reader->depth > MAX_DEPTH)
    {
      fail (reader, CM_FORMAT_ERROR_LIMIT, _("Nested more than %d levels deep"), MAX_DEPTH);
      return FALSE;
    }
  return TRUE;
}

static int
on_start_map (void *ctx)
{
  Reader *reader = ctx;

  if (!enter (reader))
    return FALSE;

  if (skipping (reader))
    return TRUE;

  if (reader->section == SECTION_EXTRA)
    return extra_wants_string (reader);

  if (reader->key == KEY_EXTRA && (reader->section == SECTION_TOP || reader->section == SECTION_EVENT))
    {
      reader->extra_parent = reader->section;
      reader->section = SECTION_EXTRA;
      g_string_truncate (reader->extras, 0);
      g_string_truncate (reader->extra_key, 0);
      return TRUE;
    }

  switch (reader->section)
    {
    case SECTION_NONE:
      reader->section = SECTION_TOP;
      reader->seen_top = TRUE;
      reader->key = KEY_UNKNOWN;
      return TRUE;

    case SECTION_CATEGORIES:
    case SECTION_GROUPS:
      reader->section = reader->section == SECTION_CATEGORIES ? SECTION_CATEGORY : SECTION_GROUP;
      memset (&reader->current, 0, sizeof reader->current);
      reader->current_has_id = FALSE;
      reader->current_position = current_position (reader);
      reader->key = KEY_UNKNOWN;
      return TRUE;

    case SECTION_EVENTS:
      reader->section = SECTION_EVENT;
      event_reset (&reader->event);
      reader->event.position = current_position (reader);
      reader->key = KEY_UNKNOWN;
      return TRUE;

    case SECTION_TOP:
    case SECTION_CATEGORY:
    case SECTION_GROUP:
    case SECTION_EVENT:
    case SECTION_EXTRA:
    case SECTION_DONE:
    default:
      if (reader->key == KEY_UNKNOWN)
        {
          reader->skip_depth = reader->depth - 1;
          return TRUE;
        }
      if (reader->section == SECTION_TOP
          && (reader->key == KEY_CATEGORIES || reader->key == KEY_GROUPS || reader->key == KEY_EVENTS))
        return expect (reader, _("an array"));
      if (reader->key == KEY_VERSION || reader->key == KEY_LAT || reader->key == KEY_LON
          || reader->key == KEY_UTC_OFFSET)
        return expect (reader, _("a number"));
      if (reader->key == KEY_APPROXIMATE || reader->key == KEY_END_APPROXIMATE
          || reader->key == KEY_COORDINATES_APPROXIMATE)
        return expect (reader, _("a boolean"));
      return expect (reader, _("a string"));
    }
}

static int
on_map_key (void                *ctx,
            const unsigned char *text,
            size_t               length)
{
  Reader *reader = ctx;

  if (skipping (reader))
    return TRUE;

  if (reader->section == SECTION_EXTRA)
    {
      if (!g_utf8_validate_len ((const char *) text, length, NULL) || memchr (text, '\0', length) != NULL)
        {
          fail (reader, CM_FORMAT_ERROR_SYNTAX, _("A member name in “extra” is not valid UTF-8 text"));
          return FALSE;
        }
      g_string_truncate (reader->extra_key, 0);
      g_string_append_len (reader->extra_key, (const char *) text, (gssize) length);
      reader->key = KEY_EXTRA;
      return TRUE;
    }

  reader->key = lookup_key (&reader->last_key, reader->section, text, length);

  return TRUE;
}

static gboolean
finish_entry (Reader     *reader,
              GPtrArray  *entries,
              GHashTable *ids,
              gboolean    is_category)
{
  gpointer found;
  Entry *entry;

  if (!reader->current_has_id || reader->current.id == NULL || reader->current.id[0] == '\0')
    {
      set_error_at (reader, &reader->current_position, CM_FORMAT_ERROR_MISSING_FIELD, "%s",
                    is_category ? _("This category has no “id”") : _("This group has no “id”"));
      return FALSE;
    }

  found = g_hash_table_lookup (ids, reader->current.id);
  if (found != NULL)
    {
      entry = g_ptr_array_index (entries, GPOINTER_TO_UINT (found) - 1);
      if (entry->defined)
        {
          set_error_at (reader, &reader->current_position, CM_FORMAT_ERROR_BAD_VALUE,
                        is_category ? _("A second category has the id “%s”")
                                    : _("A second group has the id “%s”"),
                        reader->current.id);
          return FALSE;
        }
    }
  else
    {
      if (entries->len >= MAX_CATEGORIES)
        {
          set_error_at (reader, &reader->current_position,
                        CM_FORMAT_ERROR_LIMIT, _("More than %d entries"), MAX_CATEGORIES);
          return FALSE;
        }
      entry = g_new0 (Entry, 1);
      entry->id = g_strdup (reader->current.id);
      g_ptr_array_add (entries, entry);
      g_hash_table_insert (ids, entry->id, GUINT_TO_POINTER (entries->len));
    }

  entry->defined = TRUE;
  g_free (entry->name);
  entry->name = g_steal_pointer (&reader->current.name);
  g_free (entry->color);
  entry->color = g_steal_pointer (&reader->current.color);
  entry->kind = reader->current.kind;
  g_clear_pointer (&reader->current.id, g_free);

  return TRUE;
}

static gboolean
finish_event (Reader *reader)
{
  EventScratch *event = &reader->event;
  CmEventData data;
  const char *missing = NULL;

  if (!event->has_title)
    missing = "title";
  else if (!event->has_start)
    missing = "start";

  if (missing != NULL)
    {
      set_error_at (reader, &event->position, CM_FORMAT_ERROR_MISSING_FIELD,
                    _("This event has no “%s”"), missing);
      return FALSE;
    }

  if (event->has_lat != event->has_lon)
    {
      set_error_at (reader, &event->position, CM_FORMAT_ERROR_BAD_COORDINATE,
                    _("This event has “%s” but no “%s”"),
                    event->has_lat ? "lat" : "lon", event->has_lat ? "lon" : "lat");
      return FALSE;
    }

  cm_event_data_init (&data);
  data.id = event->has_id ? event->id->str : NULL;
  data.title = event->title->str;
  data.description = event->has_description ? event->description->str : NULL;
  data.place = event->has_place ? event->place->str : NULL;
  data.flags = event->flags;
  data.extras = event->has_extras ? reader->extras->str : NULL;
  data.category = event->category;
  data.group = event->group;
  if (event->has_lat)
    {
      data.lat = event->lat;
      data.lon = event->lon;
    }

  /* The offset to show the event in: the member, else the one written in the
   * start. A date written without an offset is local time at that offset. */
  data.utc_offset = event->has_utc_offset ? event->utc_offset : event->start_offset;
  data.start = event->start;
  if (event->start_offset == CM_UTC_OFFSET_NONE && data.utc_offset != CM_UTC_OFFSET_NONE)
    data.start -= (CmTime) data.utc_offset * 60;

  data.precision = event->has_precision ? event->precision : event->start_form;
  if (data.precision > event->start_form)
    {
      set_error_at (reader, &event->position, CM_FORMAT_ERROR_BAD_VALUE,
                    _("The precision “%s” is finer than the start date written"),
                    cm_precision_to_string (data.precision));
      return FALSE;
    }

  if (event->has_end)
    {
      data.end = event->end;
      if (event->end_offset == CM_UTC_OFFSET_NONE && data.utc_offset != CM_UTC_OFFSET_NONE)
        data.end -= (CmTime) data.utc_offset * 60;
      data.end_precision = event->has_end_precision ? event->end_precision : event->end_form;
      if (data.end_precision > event->end_form)
        {
          set_error_at (reader, &event->position, CM_FORMAT_ERROR_BAD_VALUE,
                        _("The precision “%s” is finer than the end date written"),
                        cm_precision_to_string (data.end_precision));
          return FALSE;
        }
      if (data.end < data.start)
        {
          set_error_at (reader, &event->position, CM_FORMAT_ERROR_BAD_DATE,
                        _("This event ends before it starts"));
          return FALSE;
        }
    }
  else
    {
      data.end_precision = data.precision;
    }

  cm_event_store_add (reader->store, &data);

  return TRUE;
}

static int
on_end_map (void *ctx)
{
  Reader *reader = ctx;

  reader->depth--;

  if (skipping (reader))
    {
      if (reader->depth == reader->skip_depth)
        reader->skip_depth = -1;
      return TRUE;
    }

  switch (reader->section)
    {
    case SECTION_TOP:
      reader->section = SECTION_DONE;
      return TRUE;

    case SECTION_CATEGORY:
      reader->section = SECTION_CATEGORIES;
      return finish_entry (reader, reader->categories, reader->category_ids, TRUE);

    case SECTION_GROUP:
      reader->section = SECTION_GROUPS;
      return finish_entry (reader, reader->groups, reader->group_ids, FALSE);

    case SECTION_EVENT:
      reader->section = SECTION_EVENTS;
      return finish_event (reader);

    case SECTION_EXTRA:
      reader->section = reader->extra_parent;
      reader->key = KEY_UNKNOWN;
      if (reader->section == SECTION_TOP)
        cm_document_set_extras (reader->document, reader->extras->str);
      else
        reader->event.has_extras = reader->extras->len > 0;
      return TRUE;

    case SECTION_NONE:
    case SECTION_CATEGORIES:
    case SECTION_GROUPS:
    case SECTION_EVENTS:
    case SECTION_DONE:
    default:
      return TRUE;
    }
}

static int
on_start_array (void *ctx)
{
  Reader *reader = ctx;

  if (!enter (reader))
    return FALSE;

  if (skipping (reader))
    return TRUE;

  if (reader->section == SECTION_EXTRA)
    return extra_wants_string (reader);

  if (reader->key == KEY_EXTRA)
    return expect (reader, _("an object"));

  switch (reader->section)
    {
    case SECTION_NONE:
      fail (reader, CM_FORMAT_ERROR_UNSUPPORTED,
            _("Not a Chronomap document: expected a JSON object"));
      return FALSE;

    case SECTION_TOP:
      switch (reader->key)
        {
        case KEY_CATEGORIES:
          reader->section = SECTION_CATEGORIES;
          return TRUE;
        case KEY_GROUPS:
          reader->section = SECTION_GROUPS;
          return TRUE;
        case KEY_EVENTS:
          reader->section = SECTION_EVENTS;
          return TRUE;
        case KEY_UNKNOWN:
          reader->skip_depth = reader->depth - 1;
          return TRUE;
        case KEY_VERSION:
          return expect (reader, _("a number"));
        case KEY_TITLE:
        case KEY_DESCRIPTION:
        case KEY_ID:
        case KEY_NAME:
        case KEY_COLOR:
        case KEY_KIND:
        case KEY_START:
        case KEY_END:
        case KEY_PRECISION:
        case KEY_END_PRECISION:
        case KEY_UTC_OFFSET:
        case KEY_APPROXIMATE:
        case KEY_END_APPROXIMATE:
        case KEY_PLACE:
        case KEY_LAT:
        case KEY_LON:
        case KEY_COORDINATES_APPROXIMATE:
        case KEY_CATEGORY:
        case KEY_GROUP:
        case KEY_EXTRA:
        default:
          return expect (reader, _("a string"));
        }

    case SECTION_CATEGORIES:
    case SECTION_GROUPS:
    case SECTION_EVENTS:
      fail (reader, CM_FORMAT_ERROR_WRONG_TYPE, _("Expected an object, not an array"));
      return FALSE;

    case SECTION_CATEGORY:
    case SECTION_GROUP:
    case SECTION_EVENT:
    case SECTION_EXTRA:
    case SECTION_DONE:
    default:
      if (reader->key == KEY_UNKNOWN)
        {
          reader->skip_depth = reader->depth - 1;
          return TRUE;
        }
      if (reader->key == KEY_LAT || reader->key == KEY_LON || reader->key == KEY_UTC_OFFSET)
        return expect (reader, _("a number"));
      if (reader->key == KEY_APPROXIMATE || reader->key == KEY_END_APPROXIMATE
          || reader->key == KEY_COORDINATES_APPROXIMATE)
        return expect (reader, _("a boolean"));
      return expect (reader, _("a string"));
    }
}

static int
on_end_array (void *ctx)
{
  Reader *reader = ctx;

  reader->depth--;

  if (skipping (reader))
    {
      if (reader->depth == reader->skip_depth)
        reader->skip_depth = -1;
      return TRUE;
    }

  if (reader->section == SECTION_CATEGORIES || reader->section == SECTION_GROUPS
      || reader->section == SECTION_EVENTS)
    reader->section = SECTION_TOP;

  return TRUE;
}

static const yajl_callbacks callbacks = {
  .yajl_null = on_null,
  .yajl_boolean = on_boolean,
  .yajl_number = on_number,
  .yajl_string = on_string,
  .yajl_start_map = on_start_map,
  .yajl_map_key = on_map_key,
  .yajl_end_map = on_end_map,
  .yajl_start_array = on_start_array,
  .yajl_end_array = on_end_array,
};

/* ---- driving the parser ------------------------------------------------ */

static void
reader_init (Reader     *reader,
             const char *name)
{
  memset (reader, 0, sizeof *reader);
  reader->name = name;
  reader->document = cm_document_new ();
  reader->store = cm_event_store_new ();
  reader->line = 1;
  reader->skip_depth = -1;
  reader->section = SECTION_NONE;
  reader->categories = g_ptr_array_new_with_free_func (entry_free);
  reader->category_ids = g_hash_table_new (g_str_hash, g_str_equal);
  reader->groups = g_ptr_array_new_with_free_func (entry_free);
  reader->group_ids = g_hash_table_new (g_str_hash, g_str_equal);
  reader->event.id = g_string_new (NULL);
  reader->event.title = g_string_new (NULL);
  reader->event.description = g_string_new (NULL);
  reader->event.place = g_string_new (NULL);
  reader->extra_key = g_string_new (NULL);
  reader->extras = g_string_new (NULL);
  reader->parser = yajl_alloc (&callbacks, NULL, reader);
  cm_event_store_begin_bulk (reader->store, 0);
}

static void
reader_clear (Reader *reader)
{
  g_clear_pointer (&reader->parser, yajl_free);
  g_clear_object (&reader->document);
  g_clear_object (&reader->store);
  g_clear_pointer (&reader->categories, g_ptr_array_unref);
  g_clear_pointer (&reader->category_ids, g_hash_table_unref);
  g_clear_pointer (&reader->groups, g_ptr_array_unref);
  g_clear_pointer (&reader->group_ids, g_hash_table_unref);
  g_string_free (reader->event.id, TRUE);
  g_string_free (reader->event.title, TRUE);
  g_string_free (reader->event.description, TRUE);
  g_string_free (reader->event.place, TRUE);
  g_string_free (reader->extra_key, TRUE);
  g_string_free (reader->extras, TRUE);
  g_clear_pointer (&reader->current.id, g_free);
  g_clear_pointer (&reader->current.name, g_free);
  g_clear_pointer (&reader->current.color, g_free);
  g_clear_error (&reader->error);
}

/* After yajl returned an error of its own (syntax, encoding). */
static void
set_syntax_error (Reader              *reader,
                  const unsigned char *data,
                  gsize                length,
                  gboolean             at_end)
{
  unsigned char *message;
  g_autofree char *text = NULL;
  Position position;
  gsize consumed;

  if (reader->error != NULL)
    return;

  message = yajl_get_error (reader->parser, 0, data, length);
  text = g_strdup ((const char *) message);
  yajl_free_error (reader->parser, message);
  g_strstrip (text);
  if (g_str_has_prefix (text, "parse error: "))
    memmove (text, text + strlen ("parse error: "), strlen (text) - strlen ("parse error: ") + 1);
  if (g_str_has_prefix (text, "lexical error: "))
    memmove (text, text + strlen ("lexical error: "), strlen (text) - strlen ("lexical error: ") + 1);

  if (at_end)
    consumed = reader->chunk_length;
  else
    consumed = yajl_get_bytes_consumed (reader->parser);
  position = position_at (reader, reader->chunk_offset + consumed);

  if (at_end && (strstr (text, "premature EOF") != NULL || !reader->seen_top))
    set_error_at (reader, &position, CM_FORMAT_ERROR_SYNTAX,
                  reader->seen_top ? _("The file ends too early (it is truncated)")
                                   : _("The file is empty"));
  else
    set_error_at (reader, &position, CM_FORMAT_ERROR_SYNTAX, _("Invalid JSON: %s"), text);
}

/* Moves the line count past a chunk that was parsed. */
static void
advance_chunk (Reader *reader)
{
  position_at (reader, reader->chunk_offset + reader->chunk_length);
  reader->chunk_offset += reader->chunk_length;
}

static gboolean
reader_feed (Reader     *reader,
             const char *data,
             gsize       length)
{
  yajl_status status;

  reader->chunk = data;
  reader->chunk_length = length;

  status = yajl_parse (reader->parser, (const unsigned char *) data, length);
  if (status != yajl_status_ok)
    {
      if (status == yajl_status_error)
        set_syntax_error (reader, (const unsigned char *) data, length, FALSE);
      g_assert (reader->error != NULL);
      return FALSE;
    }

  advance_chunk (reader);
  return TRUE;
}

static CmDocument *
reader_finish (Reader  *reader,
               GError **error)
{
  yajl_status status;
  CmDocument *document;

  reader->chunk = "";
  reader->chunk_length = 0;

  status = yajl_complete_parse (reader->parser);
  if (status != yajl_status_ok || !reader->seen_top)
    {
      set_syntax_error (reader, (const unsigned char *) "", 0, TRUE);
      g_propagate_error (error, g_steal_pointer (&reader->error));
      return NULL;
    }

  if (!reader->seen_version)
    {
      g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_UNSUPPORTED,
                   "%s:1:1: %s", reader->name,
                   _("Not a Chronomap document: the “chronomap” format version is missing"));
      return NULL;
    }

  for (guint i = 0; i < reader->categories->len; i++)
    {
      Entry *entry = g_ptr_array_index (reader->categories, i);

      if (!entry->defined)
        {
          g_autofree char *message = g_strdup_printf (_("No category has the id “%s”"), entry->id);

          g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_BAD_VALUE,
                       "%s:%u:%u: %s", reader->name, entry->line, entry->column, message);
          return NULL;
        }
      cm_document_add_category (reader->document, entry->id, entry->name, entry->color);
    }

  for (guint i = 0; i < reader->groups->len; i++)
    {
      Entry *entry = g_ptr_array_index (reader->groups, i);

      if (!entry->defined)
        {
          g_autofree char *message = g_strdup_printf (_("No group has the id “%s”"), entry->id);

          g_set_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_BAD_VALUE,
                       "%s:%u:%u: %s", reader->name, entry->line, entry->column, message);
          return NULL;
        }
      cm_document_add_group (reader->document, entry->id, entry->name, entry->kind);
    }

  /* The parser and its buffers go before the store is sorted and indexed,
   * which keeps the peak low. */
  g_clear_pointer (&reader->parser, yajl_free);
  cm_event_store_end_bulk (reader->store);
  cm_event_store_take_events (cm_document_get_store (reader->document), reader->store);

  document = g_steal_pointer (&reader->document);
  cm_document_set_dirty (document, FALSE);

  return document;
}

CmDocument *
cm_native_load_stream (GInputStream   *stream,
                       const char     *name,
                       goffset         size,
                       CmProgressFunc  progress,
                       gpointer        progress_data,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_autofree char *buffer = NULL;
  Reader reader;
  CmDocument *document = NULL;
  double reported = 0;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  buffer = g_malloc (CHUNK_SIZE);
  reader_init (&reader, name);

  for (;;)
    {
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      n = g_input_stream_read (stream, buffer, CHUNK_SIZE, cancellable, error);
      if (n < 0)
        {
          g_prefix_error (error, "%s: ", name);
          goto out;
        }
      if (n == 0)
        break;

      if (!reader_feed (&reader, buffer, (gsize) n))
        {
          g_propagate_error (error, g_steal_pointer (&reader.error));
          goto out;
        }

      if (progress != NULL && size > 0)
        {
          double fraction = MIN (1.0, (double) reader.chunk_offset / (double) size);

          if (fraction - reported >= 0.005)
            {
              reported = fraction;
              progress (fraction, progress_data);
            }
        }
    }

  document = reader_finish (&reader, error);
  if (document != NULL && progress != NULL)
    progress (1.0, progress_data);

out:
  reader_clear (&reader);

  return document;
}

CmDocument *
cm_native_load_file (GFile          *file,
                     CmProgressFunc  progress,
                     gpointer        progress_data,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *name = NULL;
  CmDocument *document;
  goffset size = -1;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_parse_name (file);
  if (g_file_has_uri_scheme (file, "resource"))
    {
      g_free (name);
      name = g_file_get_basename (file);
    }

  stream = cm_file_read (file, &size, cancellable, error);
  if (stream == NULL)
    return NULL;

  document = cm_native_load_stream (G_INPUT_STREAM (stream), name, size,
                                    progress, progress_data, cancellable, error);
  if (document != NULL)
    cm_document_set_file (document, file);

  return document;
}

CmDocument *
cm_native_load_data (const char  *data,
                     gsize        length,
                     const char  *name,
                     GError     **error)
{
  g_autoptr(GInputStream) stream = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  stream = g_memory_input_stream_new_from_data (data, (gssize) length, NULL);

  return cm_native_load_stream (stream, name ? name : "data", (goffset) length,
                                NULL, NULL, NULL, error);
}

/* ---- writing ----------------------------------------------------------- */

typedef struct
{
  yajl_gen       gen;
  GOutputStream *stream;
  GCancellable  *cancellable;
  GError       **error;
  GString       *out;
  gboolean       failed;
} Writer;

gboolean
cm_output_flush (GOutputStream *stream,
                 GString       *buffer,
                 gsize          threshold,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (buffer != NULL, FALSE);

  if (buffer->len < threshold || buffer->len == 0)
    return TRUE;

  if (!g_output_stream_write_all (stream, buffer->str, buffer->len, NULL, cancellable, error))
    return FALSE;

  g_string_truncate (buffer, 0);
  return TRUE;
}

static gboolean
writer_flush (Writer   *writer,
              gboolean  force)
{
  if (writer->failed)
    return FALSE;

  if (!cm_output_flush (writer->stream, writer->out, force ? 0 : CHUNK_SIZE,
                        writer->cancellable, writer->error))
    writer->failed = TRUE;

  return !writer->failed;
}

static void
writer_raw (Writer     *writer,
            const char *text)
{
  g_string_append (writer->out, text);
}

/* Moves what yajl generated for one value into the output. */
static void
writer_take (Writer *writer)
{
  const unsigned char *buf;
  size_t len;

  yajl_gen_get_buf (writer->gen, &buf, &len);
  g_string_append_len (writer->out, (const char *) buf, (gssize) len);
  yajl_gen_clear (writer->gen);
  yajl_gen_reset (writer->gen, NULL);
}

/* Takes the generated {"key": value} and keeps only "key": value, to write
 * one member of an object written by hand. */
static void
writer_take_member (Writer *writer)
{
  const unsigned char *buf;
  size_t len;

  yajl_gen_get_buf (writer->gen, &buf, &len);
  if (len >= 2)
    g_string_append_len (writer->out, (const char *) buf + 1, (gssize) len - 2);
  yajl_gen_clear (writer->gen);
  yajl_gen_reset (writer->gen, NULL);
}

static void
gen_string (Writer     *writer,
            const char *text)
{
  yajl_gen_status status;

  status = yajl_gen_string (writer->gen, (const unsigned char *) text, strlen (text));
  if (status != yajl_gen_status_ok && !writer->failed)
    {
      g_autofree char *shown = g_utf8_make_valid (text, MIN (strlen (text), 60));

      /* Writing on would shift every key and value after this one. */
      writer->failed = TRUE;
      if (writer->error != NULL && *writer->error == NULL)
        g_set_error (writer->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     status == yajl_gen_invalid_string
                     ? _("The text “%s” is not valid UTF-8: the document cannot be saved")
                     : _("The text “%s” cannot be written"), shown);
    }
}

static void
gen_member (Writer     *writer,
            const char *key,
            const char *value)
{
  if (value == NULL)
    return;
  gen_string (writer, key);
  gen_string (writer, value);
}

static void
gen_double (Writer *writer,
            double  value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* The shortest form that reads back as the same double. */
  g_ascii_formatd (buffer, sizeof buffer, "%.15g", value);
  if (g_ascii_strtod (buffer, NULL) != value)
    g_ascii_formatd (buffer, sizeof buffer, "%.17g", value);

  yajl_gen_number (writer->gen, buffer, strlen (buffer));
}

static void
gen_time (Writer      *writer,
          const char  *key,
          CmTime       time,
          CmPrecision  precision,
          int          utc_offset)
{
  g_autofree char *iso = cm_time_to_iso (time, precision, utc_offset);

  gen_member (writer, key, iso);
}

static void
gen_extras (Writer     *writer,
            const char *extras)
{
  const char *iter = extras;
  char *key, *value;

  if (extras == NULL || *extras == '\0')
    return;

  gen_string (writer, "extra");
  yajl_gen_map_open (writer->gen);
  while (cm_properties_next (&iter, &key, &value))
    {
      gen_string (writer, key);
      gen_string (writer, value);
      g_free (key);
      g_free (value);
    }
  yajl_gen_map_close (writer->gen);
}

/* The ISO form to write @time in: the one of its precision (a year for
 * coarser ones) when the time is the start of that unit, else the full
 * time, so that nothing is lost (a time read as 19:10 with a precision of
 * a day stays 19:10). */
static CmPrecision
written_form (CmTime      time,
              CmPrecision precision,
              int         utc_offset)
{
  CmPrecision form = MAX (precision, CM_PRECISION_YEAR);

  if (cm_time_truncate (time, form, utc_offset) != time)
    form = CM_PRECISION_SECOND;

  return form;
}

static void
write_event (Writer       *writer,
             CmDocument   *document,
             CmEventStore *store,
             guint         position)
{
  CmEventData data;
  CmPrecision start_form, end_form = CM_PRECISION_SECOND;

  cm_event_store_get_data (store, position, &data);

  yajl_gen_map_open (writer->gen);
  gen_member (writer, "id", data.id);
  gen_member (writer, "title", data.title);
  start_form = written_form (data.start, data.precision, data.utc_offset);
  gen_time (writer, "start", data.start, start_form, data.utc_offset);
  if (data.end != CM_TIME_INVALID)
    {
      end_form = written_form (data.end, data.end_precision, data.utc_offset);
      gen_time (writer, "end", data.end, end_form, data.utc_offset);
    }
  /* The written form carries the precision, unless it had to say more. */
  if (start_form != data.precision)
    gen_member (writer, "precision", cm_precision_to_string (data.precision));
  if (data.end != CM_TIME_INVALID && end_form != data.end_precision)
    gen_member (writer, "end_precision", cm_precision_to_string (data.end_precision));
  if (data.utc_offset != CM_UTC_OFFSET_NONE)
    {
      gen_string (writer, "utc_offset");
      yajl_gen_integer (writer->gen, data.utc_offset);
    }
  if (data.flags & CM_EVENT_START_APPROXIMATE)
    {
      gen_string (writer, "approximate");
      yajl_gen_bool (writer->gen, TRUE);
    }
  if (data.flags & CM_EVENT_END_APPROXIMATE)
    {
      gen_string (writer, "end_approximate");
      yajl_gen_bool (writer->gen, TRUE);
    }
  gen_member (writer, "place", data.place);
  if (!isnan (data.lat))
    {
      gen_string (writer, "lat");
      gen_double (writer, data.lat);
      gen_string (writer, "lon");
      gen_double (writer, data.lon);
    }
  if (data.flags & CM_EVENT_COORDINATES_APPROXIMATE)
    {
      gen_string (writer, "coordinates_approximate");
      yajl_gen_bool (writer->gen, TRUE);
    }
  if (data.category != CM_NONE && data.category < cm_document_get_n_categories (document))
    gen_member (writer, "category", cm_document_get_category (document, data.category)->id);
  if (data.group != CM_NONE && data.group < cm_document_get_n_groups (document))
    gen_member (writer, "group", cm_document_get_group (document, data.group)->id);
  gen_member (writer, "description", data.description);
  gen_extras (writer, data.extras);
  yajl_gen_map_close (writer->gen);
}

gboolean
cm_native_write (CmDocument     *document,
                 GOutputStream  *stream,
                 GCancellable   *cancellable,
                 GError        **error)
{
  CmEventStore *store;
  Writer writer = { 0 };
  guint n_categories, n_groups, n_events;
  gboolean ok;

  g_return_val_if_fail (CM_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  store = cm_document_get_store (document);
  writer.gen = yajl_gen_alloc (NULL);
  yajl_gen_config (writer.gen, yajl_gen_validate_utf8, 1);
  writer.stream = stream;
  writer.cancellable = cancellable;
  writer.error = error;
  writer.out = g_string_sized_new (CHUNK_SIZE + 4096);

  writer_raw (&writer, "{\n  \"chronomap\": 1");
  if (cm_document_get_title (document) != NULL)
    {
      writer_raw (&writer, ",\n  \"title\": ");
      gen_string (&writer, cm_document_get_title (document));
      writer_take (&writer);
    }
  if (cm_document_get_description (document) != NULL)
    {
      writer_raw (&writer, ",\n  \"description\": ");
      gen_string (&writer, cm_document_get_description (document));
      writer_take (&writer);
    }

  if (cm_document_get_extras (document) != NULL)
    {
      writer_raw (&writer, ",\n  ");
      yajl_gen_map_open (writer.gen);
      gen_extras (&writer, cm_document_get_extras (document));
      yajl_gen_map_close (writer.gen);
      writer_take_member (&writer);
    }

  n_categories = cm_document_get_n_categories (document);
  writer_raw (&writer, ",\n  \"categories\": [");
  for (guint i = 0; i < n_categories; i++)
    {
      const CmCategory *category = cm_document_get_category (document, i);
      g_autofree char *color = cm_color_to_string (category->red, category->green, category->blue);

      writer_raw (&writer, i ? ",\n    " : "\n    ");
      yajl_gen_map_open (writer.gen);
      gen_member (&writer, "id", category->id);
      gen_member (&writer, "name", category->name);
      gen_member (&writer, "color", color);
      yajl_gen_map_close (writer.gen);
      writer_take (&writer);
    }
  writer_raw (&writer, n_categories ? "\n  ]" : "]");

  n_groups = cm_document_get_n_groups (document);
  writer_raw (&writer, ",\n  \"groups\": [");
  for (guint i = 0; i < n_groups; i++)
    {
      const CmGroup *group = cm_document_get_group (document, i);

      writer_raw (&writer, i ? ",\n    " : "\n    ");
      yajl_gen_map_open (writer.gen);
      gen_member (&writer, "id", group->id);
      gen_member (&writer, "name", group->name);
      gen_member (&writer, "kind", cm_group_kind_to_string (group->kind));
      yajl_gen_map_close (writer.gen);
      writer_take (&writer);
    }
  writer_raw (&writer, n_groups ? "\n  ]" : "]");

  n_events = cm_event_store_get_n_events (store);
  writer_raw (&writer, ",\n  \"events\": [");
  for (guint i = 0; i < n_events; i++)
    {
      writer_raw (&writer, i ? ",\n    " : "\n    ");
      write_event (&writer, document, store, i);
      writer_take (&writer);

      if ((i & 1023) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          writer.failed = TRUE;
          break;
        }
      if (!writer_flush (&writer, FALSE))
        break;
    }
  writer_raw (&writer, n_events ? "\n  ]\n}\n" : "]\n}\n");

  ok = writer_flush (&writer, TRUE);

  yajl_gen_free (writer.gen);
  g_string_free (writer.out, TRUE);

  return ok && !writer.failed;
}

gboolean
cm_native_save_file (CmDocument    *document,
                     GFile         *file,
                     GCancellable  *cancellable,
                     GError       **error)
{
  return cm_document_write_file (document, file, cm_native_write, cancellable, error);
}
