/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <yajl/yajl_parse.h>

#include "cm-native.h"

G_BEGIN_DECLS

/* What the native format's reader (cm-native-reader.c) shares with its
 * yajl callbacks for structure (cm-native-structure.c) and for values
 * (cm-native-values.c). */

/* The native format is read with yajl, a streaming parser: a file of a
 * million events never exists as a tree in memory, only as the store. */

#define CHUNK_SIZE (256 * 1024)
#define MAX_DEPTH 64
#define MAX_STRING (16 * 1024 * 1024)
#define MAX_CATEGORIES 60000
#define MAX_GROUPS 60000
#define MAX_STOP_ORDER G_MAXINT32

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
  KEY_STOP_ORDER,
  KEY_EXTRA,           /* also: any member inside "extra" */
} Key;

#define N_KEYS (KEY_EXTRA + 1)

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
  guint        order;           /* "stop_order", 0 when absent */
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

/* The event members whose value is a number. */
static inline gboolean
_cm_native_key_is_number (Key key)
{
  return key == KEY_LAT || key == KEY_LON || key == KEY_UTC_OFFSET || key == KEY_STOP_ORDER;
}

/* Sets the error at where yajl is, unless one is set already. */
#define fail(reader, code, ...) \
  G_STMT_START { \
    Position fail_position_ = _cm_native_current_position ((reader)); \
    _cm_native_set_error_at ((reader), &fail_position_, (code), __VA_ARGS__); \
  } G_STMT_END

/* TRUE while an unknown value is being skipped. */
static inline gboolean
_cm_native_skipping (Reader *reader)
{
  return reader->skip_depth >= 0;
}

Position
_cm_native_current_position (Reader *reader);

G_GNUC_PRINTF (4, 5)
void
_cm_native_set_error_at (Reader         *reader,
                         const Position *position,
                         int             code,
                         const char     *format,
                         ...);

const char *
_cm_native_key_name (Key key);

gboolean
_cm_native_expect (Reader     *reader,
                   const char *kind);

void
_cm_native_event_reset (EventScratch *event);

guint
_cm_native_reference (Reader     *reader,
                      GPtrArray  *entries,
                      GHashTable *ids,
                      const char *id,
                      gboolean    define);

gboolean
_cm_native_extra_wants_string (Reader *reader);

int
_cm_native_on_null (void *ctx);

int
_cm_native_on_boolean (void *ctx,
                       int   value);

int
_cm_native_on_number (void       *ctx,
                      const char *text,
                      size_t      length);

int
_cm_native_on_string (void                *ctx,
                      const unsigned char *value,
                      size_t               length);

int
_cm_native_on_start_map (void *ctx);

int
_cm_native_on_map_key (void                *ctx,
                       const unsigned char *text,
                       size_t               length);

int
_cm_native_on_end_map (void *ctx);

int
_cm_native_on_start_array (void *ctx);

int
_cm_native_on_end_array (void *ctx);

G_END_DECLS
