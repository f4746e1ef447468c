/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by the files of CmTime: cm-time.c (calendar), cm-time-iso.c,
 * cm-time-format.c (human text), cm-time-parse.c (reading it back) and
 * cm-time-template.c (the translatable templates both of those use). */

#include "cm-time.h"

G_BEGIN_DECLS

#define SECONDS_PER_DAY  G_GINT64_CONSTANT (86400)

#define BILLION G_GINT64_CONSTANT (1000000000)
#define MILLION G_GINT64_CONSTANT (1000000)

/* {{{ Arithmetic */

/* a / b rounded towards minus infinity */
static inline gint64
_cm_floor_div (gint64 a,
               gint64 b)
{
  gint64 q = a / b;

  if (a % b != 0 && ((a < 0) != (b < 0)))
    q--;

  return q;
}

/* a mod b with the sign of b */
static inline gint64
_cm_floor_mod (gint64 a,
               gint64 b)
{
  gint64 r = a % b;

  if (r != 0 && ((r < 0) != (b < 0)))
    r += b;

  return r;
}

/* a + b saturated to the CmTime range, never yielding CM_TIME_INVALID. */
static inline gint64
_cm_saturating_add (gint64 a,
                    gint64 b)
{
  gint64 r;

  if (G_UNLIKELY (__builtin_add_overflow (a, b, &r)))
    return b > 0 ? G_MAXINT64 : G_MININT64 + 1;

  if (G_UNLIKELY (r == CM_TIME_INVALID))
    return G_MININT64 + 1;

  return r;
}

/* The offset in seconds, 0 when it is not known. */
static inline gint64
_cm_offset_seconds (int utc_offset)
{
  if (utc_offset == CM_UTC_OFFSET_NONE)
    return 0;

  return (gint64) utc_offset * 60;
}

/* }}} */

const char  *_cm_time_max_year_text        (void);

/* {{{ Templates (cm-time-template.c)
 *
 * Human forms are built from translatable templates holding "%s" or "%1$s"
 * placeholders. We expand them ourselves (a broken translation cannot crash
 * printf) and match them backwards when parsing. */

#define CM_TIME_MAX_SEGMENTS 16
#define CM_TIME_MAX_ARGS     4

typedef struct
{
  const char *literal;  /* NULL for a placeholder */
  gsize       length;
  int         arg;
} CmTimeSegment;

/* The state of cm_time_parse(), defined in cm-time-parse.c */
typedef struct _CmTimeParser CmTimeParser;

typedef gboolean (*CmTimeMatchFunc) (CmTimeParser      *parser,
                                     const char *const *args,
                                     const gsize       *lengths,
                                     gpointer           data);

gboolean     _cm_time_split_template       (const char        *tmpl,
                                            CmTimeSegment     *segments,
                                            guint             *n_segments,
                                            guint             *n_args);
const char  *_cm_time_checked_template     (const char        *translated,
                                            const char        *original,
                                            guint              n_args);
char        *_cm_time_expand_template      (const char        *tmpl,
                                            const char *const *args);

#define EXPAND(tmpl, ...) _cm_time_expand_template ((tmpl), (const char *const []) { __VA_ARGS__ })

char        *_cm_time_fold                 (const char        *text,
                                            gssize             length);
gboolean     _cm_time_match_template       (CmTimeParser      *parser,
                                            const char        *tmpl,
                                            const char        *text,
                                            gsize              length,
                                            CmTimeMatchFunc    func,
                                            gpointer           data);
gboolean     _cm_time_match_translated     (CmTimeParser      *parser,
                                            const char        *translated,
                                            const char        *original,
                                            const char        *text,
                                            gsize              length,
                                            CmTimeMatchFunc    func,
                                            gpointer           data);

/* }}} */
/* {{{ The templates of human forms (cm-time-format.c) */

extern const char * const _cm_time_english_months[12];
extern const char * const _cm_time_century_templates[2][4];
extern const char * const _cm_time_millennium_templates[2][4];
extern const char * const _cm_time_decade_template;
extern const char * const _cm_time_decade_bc_template;
extern const char * const _cm_time_year_bc_template;

/* The English originals of the templates below */
#define MONTH_YEAR_TEMPLATE "%1$s %2$s"
#define DAY_TEMPLATE        "%1$s %2$s %3$s"
#define HOUR_TEMPLATE       "%sh"
#define DATE_TIME_TEMPLATE  "%1$s, %2$s"
#define OFFSET_TEMPLATE     "%1$s (UTC%2$s)"
#define UTC_TEMPLATE        "%s UTC"

#define DEEP_BILLION_AGO   "%s billion years ago"
#define DEEP_BILLION_AHEAD "in %s billion years"
#define DEEP_MILLION_AGO   "%s million years ago"
#define DEEP_MILLION_AHEAD "in %s million years"

const char  *_cm_time_translate_template   (const char        *original);
const char  *_cm_time_month_year_template  (void);
const char  *_cm_time_day_template         (void);
const char  *_cm_time_hour_template        (void);
const char  *_cm_time_date_time_template   (void);
const char  *_cm_time_offset_template      (void);
const char  *_cm_time_utc_template         (void);
const char  *_cm_time_deep_template        (gboolean           billion,
                                            gboolean           ago,
                                            gulong             n);
const char  *_cm_time_decimal_point        (void);
/* An offset as the human forms write it after "UTC": "+2", "+5:30", "−3"
 * (U+2212), "+0". */
char        *_cm_time_format_offset        (int                utc_offset);

/* }}} */

G_END_DECLS
