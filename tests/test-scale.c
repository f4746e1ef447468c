/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "cm-scale.h"
#include "cm-time-window.h"
#include "cm-test-util.h"
#include "cm-timeline-renderer.h"

#define DAY   G_GINT64_CONSTANT (86400)
#define YEAR  (365.2425 * 86400.0)

/* Windows from ten minutes to well beyond the age of the universe, across
 * year 0 and deep in the past and the future */
static const struct
{
  const char *start;
  const char *end;
} windows[] = {
  { "2011-05-26T10:15Z", "2011-05-26T10:25Z" },
  { "2011-05-26T10:00Z", "2011-05-26T11:00Z" },
  { "2011-05-26", "2011-05-27" },
  { "2011-05-23", "2011-05-29" },
  { "2011-05-01", "2011-06-15" },
  { "2011-01-01", "2012-01-01" },
  { "1999-11-01", "2001-03-01" },
  { "1890", "2030" },
  { "-0060", "0030" },
  { "-0002-12-25", "0001-01-08" },
  { "-3000", "0500" },
  { "-100000", "2000" },
  { "-66000000", "-1000000" },
  { "-4600000000", "0" },
  { "-13800000000", "2100" },
  { "-100000000000", "100000000000" },
};

static CmTime
parse (const char *text)
{
  return cm_test_parse_time (text);
}

static double
fake_measure (const char *text,
              gpointer    user_data)
{
  return 7.0 * g_utf8_strlen (text, -1);
}

static void
test_levels (void)
{
  guint n = cm_scale_get_n_levels ();
  double previous = 0;

  g_assert_cmpuint (n, >, 20);
  for (guint i = 0; i < n; i++)
    {
      const CmScaleLevel *level = cm_scale_get_level (i);
      double seconds = cm_scale_level_get_min_seconds (level);

      g_assert_cmpfloat (seconds, >=, previous);
      g_assert_cmpint (level->count, >, 0);
      previous = seconds;
    }

  /* From a minute to beyond a billion years */
  g_assert_cmpfloat (cm_scale_level_get_min_seconds (cm_scale_get_level (0)), ==, 60);
  g_assert_cmpfloat (previous, >, 1e9 * YEAR);
}

/* Every tick is its own floor, the floor is at or before the time and the
 * next tick after it; ticks increase strictly */
static void
check_ticks (const CmScaleLevel *level,
             CmTime              start,
             CmTime              end,
             const CmZone       *zone)
{
  g_autoptr(GArray) ticks = g_array_new (FALSE, FALSE, sizeof (CmTime));
  guint n = cm_scale_get_ticks (level, start, end, zone, 400, ticks);

  g_assert_cmpuint (n, ==, ticks->len);
  for (guint i = 0; i < ticks->len; i++)
    {
      CmTime t = g_array_index (ticks, CmTime, i);
      CmTime mid;

      g_assert_cmpint (t, >=, start);
      g_assert_cmpint (t, <=, end);
      g_assert_cmpint (cm_scale_floor (level, t, zone), ==, t);
      if (i > 0)
        g_assert_cmpint (t, >, g_array_index (ticks, CmTime, i - 1));
      if (i + 1 < ticks->len)
        {
          g_assert_cmpint (cm_scale_next (level, t, zone), ==,
                           g_array_index (ticks, CmTime, i + 1));
          mid = t + (g_array_index (ticks, CmTime, i + 1) - t) / 2;
          g_assert_cmpint (cm_scale_floor (level, mid, zone), ==, t);
        }
    }
}

static void
clear_zone (gpointer zone)
{
  if (zone != NULL)
    cm_zone_unref (zone);
}

static void
test_ticks_monotonic (void)
{
  /* Fixed offsets, and zones with daylight saving time (Lord Howe Island
   * moves its clock by half an hour) */
  const int offsets[] = { 0, 120, -330, 345, CM_UTC_OFFSET_NONE };
  const char * const identifiers[] = { "Europe/Paris", "America/New_York", "Australia/Lord_Howe" };
  g_autoptr(GPtrArray) zones = g_ptr_array_new_with_free_func (clear_zone);

  /* NULL is UTC */
  g_ptr_array_add (zones, NULL);
  for (guint o = 0; o < G_N_ELEMENTS (offsets); o++)
    g_ptr_array_add (zones, cm_zone_new_fixed (offsets[o]));
  for (guint i = 0; i < G_N_ELEMENTS (identifiers); i++)
    {
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (identifiers[i]);

      g_assert_nonnull (tz);
      g_ptr_array_add (zones, cm_zone_new_time_zone (tz));
    }

  for (guint w = 0; w < G_N_ELEMENTS (windows); w++)
    {
      CmTime start = parse (windows[w].start);
      CmTime end = parse (windows[w].end);

      for (guint z = 0; z < zones->len; z++)
        for (double width = 300; width <= 4000; width *= 1.7)
          {
            const CmZone *zone = g_ptr_array_index (zones, z);
            guint index = cm_scale_choose_level (start, end, width, 12, zone, fake_measure, NULL);
            const CmScaleLevel *level = cm_scale_get_level (index);

            check_ticks (level, start, end, zone);
            /* The levels around it too */
            if (index > 0)
              check_ticks (cm_scale_get_level (index - 1), start, end, zone);
            if (index + 1 < cm_scale_get_n_levels ())
              check_ticks (cm_scale_get_level (index + 1), start, end, zone);
          }
    }
}

static const CmScaleLevel *
find_level (CmScaleUnit unit,
            gint64      count)
{
  for (guint i = 0; i < cm_scale_get_n_levels (); i++)
    {
      const CmScaleLevel *level = cm_scale_get_level (i);

      if (level->unit == unit && level->count == count)
        return level;
    }

  g_assert_not_reached ();
}

static void
test_calendar (void)
{
  g_autoptr(GArray) ticks = g_array_new (FALSE, FALSE, sizeof (CmTime));
  const CmScaleLevel *months = find_level (CM_SCALE_UNIT_MONTH, 1);
  const CmScaleLevel *quarters = find_level (CM_SCALE_UNIT_MONTH, 3);
  const CmScaleLevel *days = find_level (CM_SCALE_UNIT_DAY, 1);
  const CmScaleLevel *weeks = find_level (CM_SCALE_UNIT_WEEK, 1);
  const CmScaleLevel *hours = find_level (CM_SCALE_UNIT_HOUR, 3);
  const CmScaleLevel *minutes = find_level (CM_SCALE_UNIT_MINUTE, 15);
  const CmScaleLevel *years = find_level (CM_SCALE_UNIT_YEAR, 1);
  /* year, days in February */
  const struct { gint64 year; int february; } leaps[] = {
    { 2000, 29 }, { 1900, 28 }, { 2011, 28 }, { 2012, 29 }, { 0, 29 }, { -4, 29 },
    { -100, 28 }, { -400, 29 }, { -1, 28 }, { 1600, 29 }, { 1700, 28 },
  };

  /* Months: on the 1st at midnight, as long as the month */
  for (guint l = 0; l < G_N_ELEMENTS (leaps); l++)
    {
      CmTime start = cm_time_from_civil (leaps[l].year, 1, 1, 0, 0, 0);
      CmTime end = cm_time_from_civil (leaps[l].year + 1, 1, 1, 0, 0, 0);

      g_array_set_size (ticks, 0);
      cm_scale_get_ticks (months, start, end, NULL, 100, ticks);
      g_assert_cmpuint (ticks->len, ==, 13);
      for (guint i = 0; i + 1 < ticks->len; i++)
        {
          CmTime t = g_array_index (ticks, CmTime, i);
          CmTime next = g_array_index (ticks, CmTime, i + 1);
          CmCivil c;

          cm_time_to_civil (t, 0, &c);
          g_assert_cmpint (c.year, ==, leaps[l].year);
          g_assert_cmpint (c.month, ==, (int) i + 1);
          g_assert_cmpint (c.day, ==, 1);
          g_assert_cmpint (c.hour + c.minute + c.second, ==, 0);
          g_assert_cmpint ((next - t) / DAY, ==, cm_days_in_month (leaps[l].year, c.month));
          if (c.month == 2)
            g_assert_cmpint ((next - t) / DAY, ==, leaps[l].february);
        }

      /* A year of days: 365 or 366 ticks, each at midnight */
      g_array_set_size (ticks, 0);
      cm_scale_get_ticks (days, start, end - 1, NULL, 400, ticks);
      g_assert_cmpuint (ticks->len, ==, leaps[l].february == 29 ? 366 : 365);

      /* Quarters from January */
      g_array_set_size (ticks, 0);
      cm_scale_get_ticks (quarters, start, end - 1, NULL, 10, ticks);
      g_assert_cmpuint (ticks->len, ==, 4);
      for (guint i = 0; i < 4; i++)
        {
          CmCivil c;

          cm_time_to_civil (g_array_index (ticks, CmTime, i), 0, &c);
          g_assert_cmpint (c.month, ==, (int) (1 + 3 * i));
        }

      /* One tick per year, on 1 January */
      g_array_set_size (ticks, 0);
      cm_scale_get_ticks (years, start, end - 1, NULL, 10, ticks);
      g_assert_cmpuint (ticks->len, ==, 1);
      g_assert_cmpint (g_array_index (ticks, CmTime, 0), ==, start);
    }

  /* Weeks start on Monday, also in BC */
  for (gint64 year = -2000; year <= 2400; year += 311)
    {
      CmTime start = cm_time_from_civil (year, 3, 1, 0, 0, 0);

      g_array_set_size (ticks, 0);
      cm_scale_get_ticks (weeks, start, start + 70 * DAY - 1, NULL, 20, ticks);
      g_assert_cmpuint (ticks->len, ==, 10);
      for (guint i = 0; i < ticks->len; i++)
        {
          CmCivil c;

          cm_time_to_civil (g_array_index (ticks, CmTime, i), 0, &c);
          g_assert_cmpint (c.weekday, ==, 1);
          g_assert_cmpint (c.hour, ==, 0);
        }
    }

  /* Local time: days at local midnight, hours on multiples of 3 */
  {
    CmTime start = parse ("2011-05-26T00:00+05:30");
    g_autoptr(CmZone) zone = cm_zone_new_fixed (330);
    CmCivil c;

    g_array_set_size (ticks, 0);
    cm_scale_get_ticks (days, start - 3600, start + 3 * DAY, zone, 10, ticks);
    g_assert_cmpuint (ticks->len, ==, 4);
    g_assert_cmpint (g_array_index (ticks, CmTime, 0), ==, start);
    cm_time_to_civil (g_array_index (ticks, CmTime, 1), 330, &c);
    g_assert_cmpint (c.day, ==, 27);
    g_assert_cmpint (c.hour, ==, 0);

    g_array_set_size (ticks, 0);
    cm_scale_get_ticks (hours, start, start + DAY, zone, 20, ticks);
    g_assert_cmpuint (ticks->len, ==, 9);
    for (guint i = 0; i < ticks->len; i++)
      {
        cm_time_to_civil (g_array_index (ticks, CmTime, i), 330, &c);
        g_assert_cmpint (c.hour % 3, ==, 0);
        g_assert_cmpint (c.minute, ==, 0);
      }

    g_array_set_size (ticks, 0);
    cm_scale_get_ticks (minutes, start + 7, start + 3600, zone, 20, ticks);
    g_assert_cmpuint (ticks->len, ==, 4);
    g_assert_cmpint (g_array_index (ticks, CmTime, 0), ==, start + 15 * 60);
  }
}

static char *
year_label (gint64 step,
            gint64 year)
{
  const CmScaleLevel *level = find_level (CM_SCALE_UNIT_YEAR, step);
  CmTime t = cm_time_from_civil (year, 1, 1, 0, 0, 0);

  g_assert_cmpint (cm_scale_floor (level, t, NULL), ==, t);

  return cm_scale_format_tick (level, t, NULL);
}

static void
check_year_ticks (gint64              step,
                  const char         *from,
                  const char         *to,
                  const char * const *expected)
{
  g_autoptr(GArray) ticks = g_array_new (FALSE, FALSE, sizeof (CmTime));
  const CmScaleLevel *level = find_level (CM_SCALE_UNIT_YEAR, step);
  guint n = g_strv_length ((char **) expected);

  cm_scale_get_ticks (level, parse (from), parse (to), NULL, 100, ticks);
  g_assert_cmpuint (ticks->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = cm_scale_format_tick (level, g_array_index (ticks, CmTime, i), NULL);

      g_assert_cmpstr (label, ==, expected[i]);
    }
}

static void
test_bce_labels (void)
{
  const char * const hundreds[] = { "300 BC", "200 BC", "100 BC", "1", "100", "200", NULL };
  const char * const ones[] = { "3 BC", "2 BC", "1 BC", "1", "2", "3", NULL };
  const char * const thousands[] = { "3000 BC", "2000 BC", "1000 BC", "1", "1000", NULL };
  const char * const deep[] = {
    "3 billion years ago", "2.5 billion years ago", "2 billion years ago",
    "1.5 billion years ago", "1 billion years ago", "500 million years ago", NULL
  };
  const char * const ahead[] = { "in 5 million years", "in 10 million years", NULL };
  g_autofree char *bc44 = year_label (1, -43);
  g_autofree char *bc500 = year_label (100, -499);
  g_autofree char *my66 = year_label (1000000, -66000000);
  g_autofree char *gy13 = year_label (1000000000, -13000000000);
  g_autofree char *weird = year_label (10000000, -1010000000);

  g_assert_cmpstr (bc44, ==, "44 BC");
  g_assert_cmpstr (bc500, ==, "500 BC");
  g_assert_cmpstr (my66, ==, "66 million years ago");
  g_assert_cmpstr (gy13, ==, "13 billion years ago");
  g_assert_cmpstr (weird, ==, "1.01 billion years ago");

  check_year_ticks (100, "-0350", "0250", hundreds);
  check_year_ticks (1, "-0002", "0003", ones);
  check_year_ticks (1000, "-3500", "1500", thousands);
  check_year_ticks (500000000, "-3000000000", "-100000000", deep);
  check_year_ticks (5000000, "4000000", "12000000", ahead);
}

static void
test_labels (void)
{
  const CmScaleLevel *level;
  CmTime t = parse ("2011-05-26T13:05Z");
  g_autofree char *time = NULL;
  g_autofree char *weekday = NULL;
  g_autofree char *day = NULL;
  g_autofree char *month = NULL;
  g_autofree char *abbr = NULL;
  g_autofree char *context_day = NULL;
  g_autofree char *context_month = NULL;

  level = find_level (CM_SCALE_UNIT_MINUTE, 5);
  time = cm_scale_format_tick (level, t, NULL);
  context_day = cm_scale_format_context (level, t, NULL);
  g_assert_cmpstr (time, ==, "13:05");
  g_assert_cmpstr (context_day, ==, "Thu 26 May 2011");

  level = cm_scale_get_level (8);
  g_assert_true (level->unit == CM_SCALE_UNIT_DAY && level->form == CM_SCALE_FORM_WEEKDAY);
  weekday = cm_scale_format_tick (level, t, NULL);
  g_assert_cmpstr (weekday, ==, "Thu 26");
  context_month = cm_scale_format_context (level, t, NULL);
  g_assert_cmpstr (context_month, ==, "May 2011");
  g_assert_true (cm_scale_level_labels_interval (level));

  day = cm_scale_format_tick (find_level (CM_SCALE_UNIT_WEEK, 1), parse ("2011-05-23"), NULL);
  g_assert_cmpstr (day, ==, "23");
  month = cm_scale_format_tick (find_level (CM_SCALE_UNIT_MONTH, 1), t, NULL);
  g_assert_true (g_str_equal (month, "May"));
  abbr = cm_scale_format_tick (find_level (CM_SCALE_UNIT_MONTH, 6), parse ("2011-07-01"), NULL);
  g_assert_cmpstr (abbr, ==, "Jul");

  g_assert_null (cm_scale_format_context (find_level (CM_SCALE_UNIT_YEAR, 1000), t, NULL));
  g_assert_false (cm_scale_level_labels_interval (find_level (CM_SCALE_UNIT_HOUR, 1)));
}

static void
test_extremes (void)
{
  g_autoptr(GArray) ticks = g_array_new (FALSE, FALSE, sizeof (CmTime));
  const CmTime ends[] = { G_MININT64 + 1, G_MAXINT64, G_MININT64 + 100000, G_MAXINT64 - 100000 };

  /* Nothing overflows at the ends of the range, at any level */
  for (guint i = 0; i < cm_scale_get_n_levels (); i++)
    {
      const CmScaleLevel *level = cm_scale_get_level (i);

      for (guint e = 0; e < G_N_ELEMENTS (ends); e++)
        {
          CmTime floor = cm_scale_floor (level, ends[e], NULL);
          g_autofree char *label = NULL;

          g_assert_cmpint (floor, <=, ends[e]);
          g_assert_cmpint (floor, !=, CM_TIME_INVALID);
          g_assert_cmpint (cm_scale_next (level, floor, NULL), >, floor);
          label = cm_scale_format_tick (level, floor, NULL);
          g_assert_nonnull (label);
        }

      g_array_set_size (ticks, 0);
      cm_scale_get_ticks (level, G_MAXINT64 - 1000 * DAY, G_MAXINT64, NULL, 50, ticks);
      g_array_set_size (ticks, 0);
      cm_scale_get_ticks (level, G_MININT64 + 1, G_MININT64 + 1000 * DAY, NULL, 50, ticks);
    }

  /* The whole range picks the coarsest levels and ends */
  {
    guint index = cm_scale_choose_level (G_MININT64 + 1, G_MAXINT64, 1600, 12, NULL,
                                         fake_measure, NULL);
    const CmScaleLevel *level = cm_scale_get_level (index);

    g_assert_cmpint (level->unit, ==, CM_SCALE_UNIT_YEAR);
    g_assert_cmpint (level->count, >=, 10000000000);
    g_array_set_size (ticks, 0);
    cm_scale_get_ticks (level, G_MININT64 + 1, G_MAXINT64, NULL, 1000, ticks);
    g_assert_cmpuint (ticks->len, <, 100);
    g_assert_cmpuint (ticks->len, >, 2);
  }
}

static void
test_choose_level (void)
{
  CmTime start = parse ("2011-05-23");
  CmTime end = parse ("2011-05-29");
  guint previous = G_MAXUINT;

  /* Wider frames show finer steps, never coarser */
  for (double width = 200; width <= 8000; width *= 1.25)
    {
      guint index = cm_scale_choose_level (start, end, width, 12, NULL, fake_measure, NULL);

      g_assert_cmpuint (index, <=, previous);
      previous = index;
    }

  /* Ten minutes at 1600 px: minutes; 13.8 billion years: billions */
  g_assert_cmpint (cm_scale_get_level (cm_scale_choose_level (parse ("2011-05-26T10:15Z"),
                                                             parse ("2011-05-26T10:25Z"), 1600,
                                                             12, NULL, fake_measure, NULL))->unit,
                   ==, CM_SCALE_UNIT_MINUTE);
  g_assert_cmpint (cm_scale_get_level (cm_scale_choose_level (parse ("-13800000000"),
                                                             parse ("2011"), 1600, 12, NULL,
                                                             fake_measure, NULL))->count,
                   >=, 1000000000);
}

/* What the renderer draws on the axis never overlaps and stays inside the
 * frame, at every width and zoom */
static void
test_axis_labels_no_overlap (void)
{
  g_autoptr(CmTimelineRenderer) renderer = cm_timeline_renderer_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 4000, 120);
  cairo_t *cr = cairo_create (surface);
  const double widths[] = { 300, 450, 640, 800, 1024, 1366, 1600, 2200, 3000, 4000 };

  for (guint w = 0; w < G_N_ELEMENTS (windows); w++)
    for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
      for (int shift = 0; shift < 3; shift++)
        {
          CmTime start = parse (windows[w].start);
          CmTime end = parse (windows[w].end);
          CmTime pan = (CmTime) ((double) (end - start) * 0.137 * shift);
          const CmTimelineLabel *labels;
          guint n_labels, n_fine = 0;

          cm_timeline_renderer_render (renderer, cr, widths[i], 120, start + pan, end + pan);
          labels = cm_timeline_renderer_get_labels (renderer, &n_labels);

          for (guint a = 0; a < n_labels; a++)
            {
              g_assert_cmpfloat (labels[a].x, >=, 0);
              g_assert_cmpfloat (labels[a].x + labels[a].width, <=, widths[i] + 0.01);
              if (labels[a].kind == CM_TIMELINE_LABEL_AXIS_FINE)
                n_fine++;

              for (guint b = a + 1; b < n_labels; b++)
                {
                  gboolean overlap = labels[a].x < labels[b].x + labels[b].width &&
                                     labels[b].x < labels[a].x + labels[a].width &&
                                     labels[a].y < labels[b].y + labels[b].height &&
                                     labels[b].y < labels[a].y + labels[a].height;

                  if (overlap)
                    g_test_message ("“%s” and “%s” overlap at %g px in %s – %s",
                                    labels[a].text, labels[b].text, widths[i],
                                    windows[w].start, windows[w].end);
                  g_assert_false (overlap);
                }
            }

          /* An axis that says something (deep-time labels are long: in a
           * narrow frame one may be all there is room for) */
          if (n_fine < 2)
            g_test_message ("%u fine labels at %g px in %s – %s", n_fine, widths[i],
                            windows[w].start, windows[w].end);
          g_assert_cmpuint (n_fine, >=, widths[i] >= 600 ? 2 : 1);
        }

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_round_trip (void)
{
  for (guint w = 0; w < G_N_ELEMENTS (windows); w++)
    {
      CmTime start = parse (windows[w].start);
      CmTime end = parse (windows[w].end);
      double span = (double) end - (double) start;

      for (double width = 300; width <= 4000; width *= 1.9)
        {
          double px_per_s = width / span;

          g_assert_cmpfloat (cm_timeline_time_to_x (start, start, end, width), ==, 0);
          g_assert_cmpfloat (fabs (cm_timeline_time_to_x (end, start, end, width) - width), <,
                             1e-6);

          for (double x = -100; x <= width + 100; x += width / 7.3)
            {
              CmTime t = cm_timeline_x_to_time (x, start, end, width);
              double back = cm_timeline_time_to_x (t, start, end, width);
              CmTime again = cm_timeline_x_to_time (back, start, end, width);

              /* To the second, CmTime's resolution, and the double's */
              g_assert_cmpfloat (fabs (back - x), <=, 0.5 * px_per_s + width * 1e-12);
              /* Exact below 2^53 seconds (285 million years), then to the
               * double's precision */
              g_assert_cmpfloat (fabs ((double) (again - t)), <=, span * 4.5e-16);
            }
        }
    }

  /* Far apart, no overflow: the whole CmTime range */
  g_assert_cmpfloat (cm_timeline_time_to_x (G_MAXINT64, G_MININT64 + 1, G_MAXINT64, 1000), ==,
                     1000);
  g_assert_cmpfloat (cm_timeline_time_to_x (0, G_MININT64 + 1, G_MAXINT64, 1000), ==, 500);
  g_assert_cmpint (cm_timeline_x_to_time (1000, G_MININT64 + 1, G_MAXINT64, 1000), ==, G_MAXINT64);
}

static void
test_zoom_anchor (void)
{
  const double factors[] = { 0.5, 0.9, 1.1, 2, 0.01, 100, 1e-9, 1e9 };
  const double fractions[] = { 0, 0.25, 0.5, 0.9, 1 };

  for (guint w = 0; w < G_N_ELEMENTS (windows); w++)
    for (guint f = 0; f < G_N_ELEMENTS (factors); f++)
      for (guint a = 0; a < G_N_ELEMENTS (fractions); a++)
        {
          CmTime start = parse (windows[w].start);
          CmTime end = parse (windows[w].end);
          CmTime anchor = cm_timeline_x_to_time (fractions[a] * 1000, start, end, 1000);
          double before = cm_timeline_time_to_x (anchor, start, end, 1000);
          CmTime new_start, new_end;
          double after, new_span;

          cm_time_window_zoom_around (start, end, anchor, factors[f], 60, G_MAXINT64, &new_start, &new_end);
          new_span = (double) (new_end - new_start);
          g_assert_cmpint (new_end, >, new_start);
          g_assert_cmpfloat (new_span, >=, 60);
          g_assert_cmpfloat (new_span, <=, 2.0001e11 * YEAR);
          g_assert_cmpint (new_start, >=, CM_TIME_WINDOW_MIN);
          g_assert_cmpint (new_end, <=, CM_TIME_WINDOW_MAX);

          /* Unclamped (a window inside the world, zoomed not into its
           * limits), the anchor stays where it was, to the second */
          if (start >= CM_TIME_WINDOW_MIN && end <= CM_TIME_WINDOW_MAX && new_span > 60 && new_span < 1.9 * (double) CM_TIME_WINDOW_MAX &&
              new_start > 0.99 * (double) CM_TIME_WINDOW_MIN && new_end < 0.99 * (double) CM_TIME_WINDOW_MAX)
            {
              after = cm_timeline_time_to_x (anchor, new_start, new_end, 1000);
              g_assert_cmpfloat (fabs (after - before), <=, 1000 / new_span + 1e-6);
              g_assert_cmpfloat (fabs (new_span - (double) (end - start) * factors[f]), <=,
                                 1 + new_span * 1e-15);
            }
        }

  /* Zooming in and out again comes back */
  {
    CmTime start = parse ("2011-05-23"), end = parse ("2011-05-29");
    CmTime anchor = parse ("2011-05-26T13:00Z");
    CmTime s = start, e = end;

    /* Each step rounds to the second; zooming out doubles what went before */
    for (int i = 0; i < 10; i++)
      cm_time_window_zoom_around (s, e, anchor, 0.5, 60, G_MAXINT64, &s, &e);
    for (int i = 0; i < 10; i++)
      cm_time_window_zoom_around (s, e, anchor, 2, 60, G_MAXINT64, &s, &e);
    g_assert_cmpint (llabs (s - start), <=, 1 << 10);
    g_assert_cmpint (llabs (e - end), <=, 1 << 10);
    g_assert_cmpint (llabs ((e - s) - (end - start)), <=, 1 << 10);
  }
}

/* {{{ Zones */

/* The ticks of @level in [start, end] in @zone */
static GArray *
zone_ticks (const CmScaleLevel *level,
            const char         *start,
            const char         *end,
            const CmZone       *zone)
{
  GArray *ticks = g_array_new (FALSE, FALSE, sizeof (CmTime));

  cm_scale_get_ticks (level, parse (start), parse (end), zone, 1000, ticks);

  return ticks;
}

static void
assert_local_midnight (CmTime        tick,
                       const CmZone *zone)
{
  CmCivil c;

  cm_time_to_civil (tick, cm_zone_get_offset (zone, tick), &c);
  g_assert_cmpint (c.hour, ==, 0);
  g_assert_cmpint (c.minute, ==, 0);
  g_assert_cmpint (c.second, ==, 0);
}

/* Days, months and years at local midnight of fixed offsets, BC too */
static void
test_zone_fixed (void)
{
  const struct { int offset; const char *midnight; } zones[] = {
    { 120, "2011-05-26T00:00+02:00" },
    { -300, "2011-05-26T00:00-05:00" },
    { 345, "2011-05-26T00:00+05:45" },
    { 840, "2011-05-26T00:00+14:00" },
  };
  const CmScaleLevel *days = find_level (CM_SCALE_UNIT_DAY, 1);
  const CmScaleLevel *hours = find_level (CM_SCALE_UNIT_HOUR, 1);
  const CmScaleLevel *months = find_level (CM_SCALE_UNIT_MONTH, 1);
  const CmScaleLevel *years = find_level (CM_SCALE_UNIT_YEAR, 1);
  const CmScaleLevel *centuries = find_level (CM_SCALE_UNIT_YEAR, 100);

  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      g_autoptr(CmZone) zone = cm_zone_new_fixed (zones[z].offset);
      CmTime midnight = parse (zones[z].midnight);
      gint64 offset = zones[z].offset * 60;
      g_autoptr(GArray) ticks = g_array_new (FALSE, FALSE, sizeof (CmTime));
      g_autofree char *label = NULL;

      g_assert_cmpint (cm_zone_get_offset (zone, midnight), ==, zones[z].offset);
      g_assert_true (cm_zone_is_fixed (zone));

      /* Days: the first at local midnight of the 26th, then 24 hours apart */
      cm_scale_get_ticks (days, midnight - 3600, midnight + 3 * DAY - 1, zone, 10, ticks);
      g_assert_cmpuint (ticks->len, ==, 3);
      for (guint i = 0; i < ticks->len; i++)
        {
          g_assert_cmpint (g_array_index (ticks, CmTime, i), ==, midnight + (CmTime) i * DAY);
          assert_local_midnight (g_array_index (ticks, CmTime, i), zone);
        }
      label = cm_scale_format_tick (days, midnight, zone);
      g_assert_cmpstr (label, ==, "Thu 26");
      g_clear_pointer (&label, g_free);
      /* A second before local midnight is still the 25th */
      g_assert_cmpint (cm_scale_floor (days, midnight - 1, zone), ==, midnight - DAY);
      g_assert_cmpint (cm_zone_truncate (zone, midnight + 3600, CM_PRECISION_DAY), ==, midnight);
      g_assert_cmpint (cm_zone_unit_end (zone, midnight + 3600, CM_PRECISION_DAY), ==,
                       midnight + DAY);

      /* Hours: "12:00" is local noon */
      g_array_set_size (ticks, 0);
      cm_scale_get_ticks (hours, midnight + 12 * 3600, midnight + 12 * 3600, zone, 10, ticks);
      g_assert_cmpuint (ticks->len, ==, 1);
      label = cm_scale_format_tick (hours, g_array_index (ticks, CmTime, 0), zone);
      g_assert_cmpstr (label, ==, "12:00");
      g_clear_pointer (&label, g_free);

      /* Months of 2011 on the 1st at local midnight */
      g_array_set_size (ticks, 0);
      cm_scale_get_ticks (months, cm_time_from_civil (2011, 1, 1, 0, 0, 0) - offset,
                          cm_time_from_civil (2012, 1, 1, 0, 0, 0) - offset - 1, zone, 20, ticks);
      g_assert_cmpuint (ticks->len, ==, 12);
      for (guint i = 0; i < ticks->len; i++)
        {
          CmTime t = g_array_index (ticks, CmTime, i);
          CmCivil c;

          g_assert_cmpint (t, ==, cm_time_from_civil (2011, (int) i + 1, 1, 0, 0, 0) - offset);
          cm_time_to_civil (t, zones[z].offset, &c);
          g_assert_cmpint (c.month, ==, (int) i + 1);
          g_assert_cmpint (c.day, ==, 1);
        }

      /* Years BC: 1 January at local midnight, labelled the historians' way */
      g_array_set_size (ticks, 0);
      cm_scale_get_ticks (years, cm_time_from_civil (-44, 6, 1, 0, 0, 0),
                          cm_time_from_civil (-40, 6, 1, 0, 0, 0), zone, 10, ticks);
      g_assert_cmpuint (ticks->len, ==, 4);
      for (guint i = 0; i < ticks->len; i++)
        {
          CmTime t = g_array_index (ticks, CmTime, i);

          g_assert_cmpint (t, ==, cm_time_from_civil (-43 + (gint64) i, 1, 1, 0, 0, 0) - offset);
          assert_local_midnight (t, zone);
        }
      label = cm_scale_format_tick (years, g_array_index (ticks, CmTime, 0), zone);
      g_assert_cmpstr (label, ==, "44 BC");
      g_clear_pointer (&label, g_free);

      /* Centuries around year 1 */
      g_array_set_size (ticks, 0);
      cm_scale_get_ticks (centuries, cm_time_from_civil (-250, 1, 1, 0, 0, 0),
                          cm_time_from_civil (250, 1, 1, 0, 0, 0), zone, 10, ticks);
      g_assert_cmpuint (ticks->len, ==, 5);
      g_assert_cmpint (g_array_index (ticks, CmTime, 0), ==,
                       cm_time_from_civil (-199, 1, 1, 0, 0, 0) - offset);
      g_assert_cmpint (g_array_index (ticks, CmTime, 2), ==,
                       cm_time_from_civil (1, 1, 1, 0, 0, 0) - offset);
    }

  /* No offset is UTC, and so is NULL */
  {
    g_autoptr(CmZone) none = cm_zone_new_fixed (CM_UTC_OFFSET_NONE);
    g_autoptr(CmZone) utc = cm_zone_new_fixed (0);

    g_assert_cmpint (cm_zone_get_offset (none, 0), ==, 0);
    g_assert_cmpint (cm_zone_get_offset (NULL, 0), ==, 0);
    g_assert_true (cm_zone_equal (none, utc));
    g_assert_true (cm_zone_equal (NULL, utc));
  }
}

/* The ticks of @level in [from, to] in @zone are the instants @expected,
 * or have the labels @labels (NULL-terminated) */
static void
assert_ticks (const CmScaleLevel *level,
              const char         *from,
              const char         *to,
              const CmZone       *zone,
              const char * const *expected,
              const char * const *labels)
{
  g_autoptr(GArray) ticks = zone_ticks (level, from, to, zone);
  const char * const *list = expected != NULL ? expected : labels;

  g_assert_cmpuint (ticks->len, ==, g_strv_length ((char **) list));
  for (guint i = 0; i < ticks->len; i++)
    {
      CmTime t = g_array_index (ticks, CmTime, i);
      g_autofree char *label = cm_scale_format_tick (level, t, zone);

      if (expected != NULL)
        g_assert_cmpint (t, ==, parse (expected[i]));
      else
        g_assert_cmpstr (label, ==, labels[i]);
    }
}

#define INSTANTS(...) ((const char * const []) { __VA_ARGS__, NULL }), NULL
#define LABELS(...)   NULL, ((const char * const []) { __VA_ARGS__, NULL })

/* Daylight saving time: each tick is local in the offset of its instant */
static void
test_zone_dst (void)
{
  g_autoptr(GTimeZone) paris_tz = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GTimeZone) new_york_tz = g_time_zone_new_identifier ("America/New_York");
  g_autoptr(GTimeZone) lord_howe_tz = g_time_zone_new_identifier ("Australia/Lord_Howe");
  g_autoptr(CmZone) paris = NULL;
  g_autoptr(CmZone) new_york = NULL;
  g_autoptr(CmZone) lord_howe = NULL;
  const CmScaleLevel *days = find_level (CM_SCALE_UNIT_DAY, 1);
  const CmScaleLevel *hours = find_level (CM_SCALE_UNIT_HOUR, 1);
  const CmScaleLevel *six_hours = find_level (CM_SCALE_UNIT_HOUR, 6);
  g_autoptr(GArray) ticks = NULL;

  g_assert_nonnull (paris_tz);
  g_assert_nonnull (new_york_tz);
  g_assert_nonnull (lord_howe_tz);
  paris = cm_zone_new_time_zone (paris_tz);
  new_york = cm_zone_new_time_zone (new_york_tz);
  lord_howe = cm_zone_new_time_zone (lord_howe_tz);

  g_assert_false (cm_zone_is_fixed (paris));
  g_assert_cmpint (cm_zone_get_offset (paris, parse ("2011-01-15T12:00Z")), ==, 60);
  g_assert_cmpint (cm_zone_get_offset (paris, parse ("2011-05-26T12:00Z")), ==, 120);

  /* Spring forward in Paris (27 March 2011, 01:00Z): a 23-hour day… */
  assert_ticks (days, "2011-03-25T12:00Z", "2011-03-29T12:00Z", paris,
                INSTANTS ("2011-03-25T23:00Z", "2011-03-26T23:00Z", "2011-03-27T22:00Z",
                          "2011-03-28T22:00Z"));
  g_assert_cmpint (cm_scale_floor (days, parse ("2011-03-27T12:00Z"), paris), ==,
                   parse ("2011-03-26T23:00Z"));
  g_assert_cmpint (cm_zone_truncate (paris, parse ("2011-03-27T12:00Z"), CM_PRECISION_DAY), ==,
                   parse ("2011-03-26T23:00Z"));
  g_assert_cmpint (cm_zone_unit_end (paris, parse ("2011-03-27T12:00Z"), CM_PRECISION_DAY), ==,
                   parse ("2011-03-27T22:00Z"));

  /* …where the clock skips from 02:00 to 03:00; six hours after local
   * midnight is 06:00 summer time */
  assert_ticks (hours, "2011-03-27T00:00Z", "2011-03-27T02:00Z", paris,
                LABELS ("01:00", "03:00", "04:00"));
  assert_ticks (six_hours, "2011-03-26T23:00Z", "2011-03-27T10:00Z", paris,
                INSTANTS ("2011-03-26T23:00Z", "2011-03-27T04:00Z", "2011-03-27T10:00Z"));

  /* Fall back (30 October 2011, 01:00Z): a 25-hour day, 02:00 twice */
  assert_ticks (days, "2011-10-29T12:00Z", "2011-10-31T12:00Z", paris,
                INSTANTS ("2011-10-29T22:00Z", "2011-10-30T23:00Z"));
  assert_ticks (hours, "2011-10-29T23:00Z", "2011-10-30T02:00Z", paris,
                LABELS ("01:00", "02:00", "02:00", "03:00"));

  /* New York springs forward on 13 March 2011, at 07:00Z */
  assert_ticks (days, "2011-03-12T00:00Z", "2011-03-14T12:00Z", new_york,
                INSTANTS ("2011-03-12T05:00Z", "2011-03-13T05:00Z", "2011-03-14T04:00Z"));

  /* Lord Howe Island moves its clock by half an hour: every day of the
   * year still starts at local midnight, 23.5 to 24.5 hours apart */
  ticks = zone_ticks (days, "2011-01-01T00:00Z", "2012-01-01T00:00Z", lord_howe);
  g_assert_cmpuint (ticks->len, ==, 365);
  for (guint i = 0; i < ticks->len; i++)
    {
      CmTime t = g_array_index (ticks, CmTime, i);

      assert_local_midnight (t, lord_howe);
      if (i > 0)
        {
          CmTime length = t - g_array_index (ticks, CmTime, i - 1);

          g_assert_cmpint (length, >=, DAY - 1800);
          g_assert_cmpint (length, <=, DAY + 1800);
        }
    }
}

static void
test_zone_labels (void)
{
  const struct { int offset; const char *label; } fixed[] = {
    { 0, "UTC" }, { CM_UTC_OFFSET_NONE, "UTC" }, { 120, "UTC+2" }, { -300, "UTC−5" },
    { 345, "UTC+5:45" }, { 840, "UTC+14" }, { -210, "UTC−3:30" },
  };
  g_autoptr(CmZone) local = NULL;
  g_autofree char *label = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    {
      g_autoptr(CmZone) zone = cm_zone_new_fixed (fixed[i].offset);
      g_autofree char *text = cm_zone_format_label (zone, 0);

      g_assert_cmpstr (text, ==, fixed[i].label);
    }

  /* This computer's zone says so, with its offset at that time (the tests
   * run with TZ=UTC) */
  local = cm_zone_new_local ();
  label = cm_zone_format_label (local, parse ("2011-05-26T12:00Z"));
  g_assert_cmpstr (label, ==, "Local time (UTC)");
  g_assert_false (cm_zone_equal (local, NULL));
}

static void
add_offset_event (CmEventStore *store,
                  const char   *start,
                  int           utc_offset)
{
  CmEventData data;

  cm_event_data_init (&data);
  data.title = "Event";
  data.start = parse (start);
  data.precision = CM_PRECISION_MINUTE;
  data.utc_offset = utc_offset;
  cm_event_store_insert (store, &data);
}

/* The document's zone: the offset most events carry */
static void
test_zone_dominant (void)
{
  g_autoptr(CmEventStore) store = cm_event_store_new ();
  g_autoptr(CmZone) zone = NULL;

  /* No events, and no offsets: UTC */
  g_assert_cmpint (cm_zone_dominant_offset (store), ==, 0);
  add_offset_event (store, "2011-05-26T10:00Z", CM_UTC_OFFSET_NONE);
  add_offset_event (store, "2011-05-26T11:00Z", CM_UTC_OFFSET_NONE);
  g_assert_cmpint (cm_zone_dominant_offset (store), ==, 0);

  /* One offset among events without: it */
  add_offset_event (store, "2011-05-27T10:00Z", -300);
  g_assert_cmpint (cm_zone_dominant_offset (store), ==, -300);

  /* The most common one, however many have none */
  add_offset_event (store, "2011-05-28T10:00Z", 120);
  add_offset_event (store, "2011-05-28T11:00Z", 120);
  add_offset_event (store, "2011-05-28T12:00Z", 60);
  g_assert_cmpint (cm_zone_dominant_offset (store), ==, 120);

  /* A tie goes to the offset of the earliest event, whatever the order
   * they were added in */
  add_offset_event (store, "2011-05-29T10:00Z", 60);
  g_assert_cmpint (cm_zone_dominant_offset (store), ==, 120);
  add_offset_event (store, "2011-05-01T10:00Z", -300);
  g_assert_cmpint (cm_zone_dominant_offset (store), ==, -300);
  add_offset_event (store, "2011-04-01T10:00Z", 60);
  g_assert_cmpint (cm_zone_dominant_offset (store), ==, 60);

  /* The extremes count */
  for (int i = 0; i < 4; i++)
    add_offset_event (store, "2011-06-01T10:00Z", -CM_UTC_OFFSET_MAX);
  g_assert_cmpint (cm_zone_dominant_offset (store), ==, -CM_UTC_OFFSET_MAX);

  /* What the kinds stand for */
  zone = cm_zone_new_for_kind (CM_ZONE_KIND_DOCUMENT, store);
  g_assert_cmpint (cm_zone_get_offset (zone, 0), ==, -CM_UTC_OFFSET_MAX);
  g_clear_pointer (&zone, cm_zone_unref);
  zone = cm_zone_new_for_kind (CM_ZONE_KIND_DOCUMENT, NULL);
  g_assert_cmpint (cm_zone_get_offset (zone, 0), ==, 0);
  g_clear_pointer (&zone, cm_zone_unref);
  zone = cm_zone_new_for_kind (CM_ZONE_KIND_UTC, store);
  g_assert_true (cm_zone_equal (zone, NULL));
  g_clear_pointer (&zone, cm_zone_unref);
  zone = cm_zone_new_for_kind (CM_ZONE_KIND_LOCAL, store);
  g_assert_false (cm_zone_is_fixed (zone));
}

/* A million events, loaded in bulk: one pass finds their zone */
static void
test_zone_dominant_million (void)
{
  g_autoptr(CmEventStore) store = cm_event_store_new ();
  const guint n = 1000000;

  cm_event_store_begin_bulk (store, n);
  for (guint i = 0; i < n; i++)
    {
      CmEventData data;

      cm_event_data_init (&data);
      data.title = "Event";
      data.start = (CmTime) i * 600;
      data.precision = CM_PRECISION_MINUTE;
      /* 40 % at +05:30, 30 % at -04:00, the rest without or at others */
      switch (i % 10)
        {
        case 0: case 3: case 6: case 8:
          data.utc_offset = 330;
          break;
        case 1: case 4: case 7:
          data.utc_offset = -240;
          break;
        case 2:
          data.utc_offset = CM_UTC_OFFSET_NONE;
          break;
        default:
          data.utc_offset = (int) (i % 1000) - 500;
          break;
        }
      cm_event_store_add (store, &data);
    }
  cm_event_store_end_bulk (store);

  g_assert_cmpuint (cm_event_store_get_n_events (store), ==, n);
  g_assert_cmpint (cm_zone_dominant_offset (store), ==, 330);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  int result;

  cm_test_init (&argc, &argv);

  g_test_add_func ("/scale/levels", test_levels);
  g_test_add_func ("/scale/ticks-monotonic", test_ticks_monotonic);
  g_test_add_func ("/scale/calendar", test_calendar);
  g_test_add_func ("/scale/bce-labels", test_bce_labels);
  g_test_add_func ("/scale/labels", test_labels);
  g_test_add_func ("/scale/extremes", test_extremes);
  g_test_add_func ("/scale/choose-level", test_choose_level);
  g_test_add_func ("/scale/axis-labels-no-overlap", test_axis_labels_no_overlap);
  g_test_add_func ("/scale/time-x-round-trip", test_round_trip);
  g_test_add_func ("/scale/zoom-anchor", test_zoom_anchor);
  g_test_add_func ("/scale/zone/fixed", test_zone_fixed);
  g_test_add_func ("/scale/zone/dst", test_zone_dst);
  g_test_add_func ("/scale/zone/labels", test_zone_labels);
  g_test_add_func ("/scale/zone/dominant", test_zone_dominant);
  g_test_add_func ("/scale/zone/dominant-million", test_zone_dominant_million);

  result = g_test_run ();

  cm_test_release_fonts ();

  return result;
}
