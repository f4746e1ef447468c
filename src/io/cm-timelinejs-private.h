/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "cm-document.h"
#include "cm-format.h"
#include "cm-time.h"

G_BEGIN_DECLS

/* What the TimelineJS JSON format (cm-format-timelinejs.c) shares with its
 * spreadsheet template read and written as CSV (cm-format-csv.c). */

/* A TimelineJS date: a year as TimelineJS numbers it (see
 * _cm_timelinejs_year_to_astronomical()) and optional finer fields, in
 * local time. */
typedef struct
{
  gint64 year;
  int    month;        /* 1..12, 0: absent */
  int    day;          /* 1..31, 0: absent */
  int    hour;         /* 0..23, -1: absent */
  int    minute;       /* 0..59, -1: absent */
  int    second;       /* 0..59, -1: absent */
} CmTimelinejsDate;

/* Years a JavaScript Date holds; outside, TimelineJS needs the
 * "cosmological" scale. */
#define CM_TIMELINEJS_MIN_HUMAN_YEAR G_GINT64_CONSTANT (-271820)
#define CM_TIMELINEJS_MAX_HUMAN_YEAR G_GINT64_CONSTANT (275759)

void         _cm_timelinejs_date_init          (CmTimelinejsDate       *date);
/* TimelineJS's years (-300: 300 BCE, no year 0) <-> astronomical years
 * (-299); a million years and more ago they are the same. */
gint64       _cm_timelinejs_year_to_astronomical   (gint64              year);
gint64       _cm_timelinejs_year_from_astronomical (gint64              year);
/* The precision the fields written imply: the finest field present, and for
 * a year alone MILLION_YEARS or BILLION_YEARS when |year| >= 1e6 or 1e9. */
CmPrecision  _cm_timelinejs_date_precision     (const CmTimelinejsDate *date);
/* Local time at @utc_offset (CM_UTC_OFFSET_NONE: UTC) -> instant. FALSE with
 * a translated @reason ("13 is not a month") when a field is out of range. */
gboolean     _cm_timelinejs_date_to_time       (const CmTimelinejsDate *date,
                                                int                     utc_offset,
                                                CmTime                 *time,
                                                char                  **reason);
/* The fields that write @time at @precision in local time at @utc_offset. */
void         _cm_timelinejs_date_from_time     (CmTime                  time,
                                                CmPrecision             precision,
                                                int                     utc_offset,
                                                CmTimelinejsDate       *date);
/* Reads a TimelineJS date object; FALSE with a reason ("no year", "“x” is
 * not a month") when it cannot be used. */
gboolean     _cm_timelinejs_date_from_json     (JsonObject             *object,
                                                CmTimelinejsDate       *date,
                                                char                  **reason);
JsonNode    *_cm_timelinejs_date_to_json       (const CmTimelinejsDate *date,
                                                const char             *display_date);

/* HTML (TimelineJS headlines and texts) -> plain text: tags removed,
 * entities decoded, <br> a line break, paragraphs and other blocks
 * separated by an empty line, white space collapsed. Text without "<" or
 * "&" is taken as plain text and only trimmed. */
char        *_cm_timelinejs_html_to_text       (const char             *html,
                                                gsize                   length);
/* Plain text -> HTML that _cm_timelinejs_html_to_text() turns back into
 * the same text: escaped, line breaks as <br>, empty lines as paragraphs. */
char        *_cm_timelinejs_text_to_html       (const char             *text);
/* The text of @html, and in *@keep the original when converting the text
 * back would not give it (markup worth keeping as an extra), else NULL. */
char        *_cm_timelinejs_html_import        (const char             *html,
                                                gsize                   length,
                                                char                  **keep);
/* HTML to write for @text: @kept (an original kept by html_import) when it
 * still reads as @text, else @text converted. */
char        *_cm_timelinejs_html_export        (const char             *text,
                                                const char             *kept);

/* ---- what the TimelineJS reader, writer and format share --------------- */

#define CM_TIMELINEJS_MAX_FILE_SIZE (512 * 1024 * 1024)
#define CM_TIMELINEJS_MAX_GROUPS 60000
#define CM_TIMELINEJS_MAX_CATEGORIES 60000
#define CM_TIMELINEJS_MAX_KEY_LENGTH 40

/* Where an element starts (1-based, in characters). */
typedef struct
{
  guint line;
  guint column;
} Position;

/* A whole number read from a date field. */
typedef enum
{
  NUMBER_ABSENT,
  NUMBER_OK,
  NUMBER_BAD,
} NumberStatus;

NumberStatus
_cm_timelinejs_get_integer (JsonObject *object,
                            const char *member,
                            gint64     *value);

gboolean
_cm_timelinejs_date_is_empty (JsonObject *object);

GPtrArray *
_cm_timelinejs_extras_to_array (const char *extras);

const char *
_cm_timelinejs_extras_lookup (GPtrArray  *pairs,
                              const char *key);

gboolean
_cm_timelinejs_is_slide_key (const char *key);

gboolean
_cm_timelinejs_is_timeline_key (const char *key);

CmFormatLoadFunc _cm_timelinejs_load;

CmFormatSaveFunc _cm_timelinejs_save;

G_END_DECLS
