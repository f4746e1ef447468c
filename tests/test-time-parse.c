/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of reading times people write: cm_time_parse () and the ISO 8601
 * reader on examples, on errors, and on garbage. The calendar, ISO round
 * trips and formatting are in test-time.c. */

#include "config.h"

#include "cm-time.h"

#include <glib.h>
#include <locale.h>
#include <string.h>

/* The seconds east of UTC of @utc_offset, in minutes (none: UTC). */
static gint64
offset_seconds (int utc_offset)
{
  return utc_offset == CM_UTC_OFFSET_NONE ? 0 : (gint64) utc_offset * 60;
}

/* Parsing the examples */
static void
check_parse (const char  *text,
             gint64       year,
             int          month,
             int          day,
             int          hour,
             int          minute,
             int          second,
             int          offset,
             CmPrecision  precision)
{
  g_autoptr(GError) error = NULL;
  CmTime t = CM_TIME_INVALID;
  CmPrecision p = CM_N_PRECISIONS;
  int o = 12345;

  g_test_message ("parsing '%s'", text);
  g_assert_true (cm_time_parse (text, &t, &p, &o, &error));
  g_assert_no_error (error);
  g_assert_cmpint (t, ==, cm_time_from_civil (year, month, day, hour, minute, second)
                          - offset_seconds (offset));
  g_assert_cmpint (p, ==, precision);
  g_assert_cmpint (o, ==, offset);
}

static void
test_parse_examples (void)
{
  g_autoptr(GError) error = NULL;
  CmTime t = 0;
  CmPrecision p = CM_N_PRECISIONS;
  int o = 0;

  g_assert_true (cm_time_parse_iso ("2011-05-26T13:00+02:00", &t, &p, &o, &error));
  g_assert_no_error (error);
  g_assert_cmpint (t, ==, 1306407600);
  g_assert_cmpint (p, ==, CM_PRECISION_MINUTE);
  g_assert_cmpint (o, ==, 120);

  g_assert_true (cm_time_parse_iso ("-13800000000", &t, &p, &o, &error));
  g_assert_no_error (error);
  g_assert_cmpint (t, ==, cm_time_from_civil (-13800000000, 1, 1, 0, 0, 0));
  g_assert_cmpint (p, ==, CM_PRECISION_YEAR);
  g_assert_cmpint (o, ==, CM_UTC_OFFSET_NONE);

  /* the _len variant stops where it is told */
  g_assert_true (cm_time_parse_iso_len ("2011-05-26T13:00+02:00", 7, &t, &p, &o, &error));
  g_assert_no_error (error);
  g_assert_cmpint (t, ==, cm_time_from_civil (2011, 5, 1, 0, 0, 0));
  g_assert_cmpint (p, ==, CM_PRECISION_MONTH);

  /* NULL out-arguments are allowed */
  g_assert_true (cm_time_parse_iso ("2011", NULL, NULL, NULL, NULL));

  check_parse ("-13800000000", -13800000000, 1, 1, 0, 0, 0, CM_UTC_OFFSET_NONE,
               CM_PRECISION_YEAR);
  check_parse ("-0044-03-15", -44, 3, 15, 0, 0, 0, CM_UTC_OFFSET_NONE, CM_PRECISION_DAY);
  check_parse ("2011-05", 2011, 5, 1, 0, 0, 0, CM_UTC_OFFSET_NONE, CM_PRECISION_MONTH);
  check_parse ("2011", 2011, 1, 1, 0, 0, 0, CM_UTC_OFFSET_NONE, CM_PRECISION_YEAR);
  check_parse ("+12000", 12000, 1, 1, 0, 0, 0, CM_UTC_OFFSET_NONE, CM_PRECISION_YEAR);
  check_parse ("2011-05-26T13:00+02:00", 2011, 5, 26, 13, 0, 0, 120, CM_PRECISION_MINUTE);
  check_parse ("2011-05-26T13:00Z", 2011, 5, 26, 13, 0, 0, 0, CM_PRECISION_MINUTE);
  check_parse ("2011-05-26 13", 2011, 5, 26, 13, 0, 0, CM_UTC_OFFSET_NONE, CM_PRECISION_HOUR);
  check_parse ("2011-05-26T13:00:05", 2011, 5, 26, 13, 0, 5, CM_UTC_OFFSET_NONE,
               CM_PRECISION_SECOND);
  check_parse ("2011-05-26T13:00:05.250-0530", 2011, 5, 26, 13, 0, 5, -330,
               CM_PRECISION_SECOND);
  check_parse ("2011-05-26T13-03", 2011, 5, 26, 13, 0, 0, -180, CM_PRECISION_HOUR);
  check_parse ("2000-02-29", 2000, 2, 29, 0, 0, 0, CM_UTC_OFFSET_NONE, CM_PRECISION_DAY);
  check_parse ("0000-02-29", 0, 2, 29, 0, 0, 0, CM_UTC_OFFSET_NONE, CM_PRECISION_DAY);
  check_parse ("  2011-05-26  ", 2011, 5, 26, 0, 0, 0, CM_UTC_OFFSET_NONE, CM_PRECISION_DAY);

  /* Human forms */
  check_parse ("13.8 billion years ago", -13800000000, 1, 1, 0, 0, 0, CM_UTC_OFFSET_NONE,
               CM_PRECISION_BILLION_YEARS);
  check_parse ("4.54 billion years ago", -4540000000, 1, 1, 0, 0, 0, CM_UTC_OFFSET_NONE,
               CM_PRECISION_BILLION_YEARS);
  check_parse ("66 million years ago", -66000000, 1, 1, 0, 0, 0, CM_UTC_OFFSET_NONE,
               CM_PRECISION_MILLION_YEARS);
  check_parse ("in 5 million years", 5000000, 1, 1, 0, 0, 0, CM_UTC_OFFSET_NONE,
               CM_PRECISION_MILLION_YEARS);
  check_parse ("3rd millennium BC", -3000, 1, 1, 0, 0, 0, CM_UTC_OFFSET_NONE,
               CM_PRECISION_MILLENNIUM);
  check_parse ("2nd millennium", 1000, 1, 1, 0, 0, 0, CM_UTC_OFFSET_NONE,
               CM_PRECISION_MILLENNIUM);
  check_parse ("1st century BC", -100, 1, 1, 0, 0, 0, CM_UTC_OFFSET_NONE, CM_PRECISION_CENTURY);
  check_parse ("21st century", 2000, 1, 1, 0, 0, 0, CM_UTC_OFFSET_NONE, CM_PRECISION_CENTURY);
  check_parse ("2010s", 2010, 1, 1, 0, 0, 0, CM_UTC_OFFSET_NONE, CM_PRECISION_DECADE);
  check_parse ("40s BC", -40, 1, 1, 0, 0, 0, CM_UTC_OFFSET_NONE, CM_PRECISION_DECADE);
  check_parse ("44 BC", -43, 1, 1, 0, 0, 0, CM_UTC_OFFSET_NONE, CM_PRECISION_YEAR);
  check_parse ("1 BC", 0, 1, 1, 0, 0, 0, CM_UTC_OFFSET_NONE, CM_PRECISION_YEAR);
  check_parse ("1200", 1200, 1, 1, 0, 0, 0, CM_UTC_OFFSET_NONE, CM_PRECISION_YEAR);
  check_parse ("May 2011", 2011, 5, 1, 0, 0, 0, CM_UTC_OFFSET_NONE, CM_PRECISION_MONTH);
  check_parse ("march 44 bc", -43, 3, 1, 0, 0, 0, CM_UTC_OFFSET_NONE, CM_PRECISION_MONTH);
  check_parse ("26 May 2011", 2011, 5, 26, 0, 0, 0, CM_UTC_OFFSET_NONE, CM_PRECISION_DAY);
  check_parse ("15 Sept. 1200", 1200, 9, 15, 0, 0, 0, CM_UTC_OFFSET_NONE, CM_PRECISION_DAY);
  check_parse ("26 May 2011, 13:00 (UTC+2)", 2011, 5, 26, 13, 0, 0, 120,
               CM_PRECISION_MINUTE);
  check_parse ("26 May 2011, 13:00 (UTC+5:30)", 2011, 5, 26, 13, 0, 0, 330,
               CM_PRECISION_MINUTE);
  check_parse ("26 May 2011, 13:00 (UTC−3)", 2011, 5, 26, 13, 0, 0, -180,
               CM_PRECISION_MINUTE);
  check_parse ("26 May 2011, 13:00 UTC", 2011, 5, 26, 13, 0, 0, CM_UTC_OFFSET_NONE,
               CM_PRECISION_MINUTE);
  check_parse ("26 May 2011, 13h", 2011, 5, 26, 13, 0, 0, CM_UTC_OFFSET_NONE,
               CM_PRECISION_HOUR);
  check_parse ("26 MAY 2011, 13:00 utc", 2011, 5, 26, 13, 0, 0, CM_UTC_OFFSET_NONE,
               CM_PRECISION_MINUTE);
  check_parse ("0s", 0, 1, 1, 0, 0, 0, CM_UTC_OFFSET_NONE, CM_PRECISION_DECADE);
  check_parse ("0 million years ago", 0, 1, 1, 0, 0, 0, CM_UTC_OFFSET_NONE,
               CM_PRECISION_MILLION_YEARS);
  check_parse ("0.001 million years ago", -1000, 1, 1, 0, 0, 0, CM_UTC_OFFSET_NONE,
               CM_PRECISION_MILLION_YEARS);
  check_parse ("26 May 2011, 13:00:05 (UTC+0)", 2011, 5, 26, 13, 0, 5, 0,
               CM_PRECISION_SECOND);
}

static void
test_parse_errors (void)
{
  static const char * const iso_and_human[] = {
    "",
    "   ",
    "2011-13",
    "2011-00",
    "2011-05-32",
    "2011-02-30",
    "2011-02-29",
    "1900-02-29",
    "2011-05-00",
    "2011-05-26T24:00",
    "2011-05-26T13:60",
    "2011-05-26T13:00:60",
    "2011-05-26T13:00+19:00",
    "2011-05-26T13:00-18:01",
    "2011-05-26T13:00+02:60",
    "2011-05-26T13:00+2",
    "2011-05-26T13:00Zjunk",
    "2011-05-26x",
    "2011-05-26T",
    "2011-05-26+02:00",
    "2011Z",
    "2011-5-26",
    "2011-05-26T1:00",
    "99999999999999999999",
    "-99999999999999999999999999999999999999",
    "100000000001",
    "-100000000001",
    "+",
    "-",
    "--",
    "T13:00",
    "2011--05",
    "abc",
  };
  static const char * const human_only[] = {
    "30 February 2011",
    "32 May 2011",
    "26 Foo 2011",
    "26 May 2011, 25:00",
    "26 May 2011, 13:00 (UTC+19)",
    "26 May 2011, 13:00 (UTC+2",
    "26 May 2011 (UTC+2)",
    "0th century",
    "2011s",
    "101 billion years ago",
    "13.8 trillion years ago",
    "13.8. billion years ago",
    "100000000002 BC",
    "0 BC",
    "May",
    "\xff\xfe invalid UTF-8",
  };

  for (guint i = 0; i < G_N_ELEMENTS (iso_and_human); i++)
    {
      g_autoptr(GError) iso_error = NULL;
      g_autoptr(GError) error = NULL;
      CmTime t = 42;

      {
        /* TAP output must stay valid UTF-8. */
        g_autofree char *shown = g_strescape (iso_and_human[i], NULL);
        g_test_message ("'%s' must not parse", shown);
      }

      g_assert_false (cm_time_parse_iso (iso_and_human[i], &t, NULL, NULL, &iso_error));
      g_assert_nonnull (iso_error);
      if (iso_error != NULL)
        {
          g_assert_true (iso_error->domain == CM_TIME_ERROR);
          g_assert_cmpstr (iso_error->message, !=, "");
        }
      g_assert_cmpint (t, ==, 42);

      g_assert_false (cm_time_parse (iso_and_human[i], &t, NULL, NULL, &error));
      g_assert_nonnull (error);
      if (error != NULL)
        {
          g_assert_true (error->domain == CM_TIME_ERROR);
          g_assert_cmpstr (error->message, !=, "");
        }
      g_assert_cmpint (t, ==, 42);
    }

  for (guint i = 0; i < G_N_ELEMENTS (human_only); i++)
    {
      g_autoptr(GError) error = NULL;
      CmTime t = 42;

      {
        /* TAP output must stay valid UTF-8. */
        g_autofree char *shown = g_strescape (human_only[i], NULL);
        g_test_message ("'%s' must not parse", shown);
      }

      g_assert_false (cm_time_parse (human_only[i], &t, NULL, NULL, &error));
      g_assert_nonnull (error);
      if (error != NULL)
        {
          g_assert_true (error->domain == CM_TIME_ERROR);
          g_assert_cmpstr (error->message, !=, "");
        }
      g_assert_cmpint (t, ==, 42);
    }

  /* Range errors name the offending part */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (cm_time_parse_iso ("2011-13-01", NULL, NULL, NULL, &error));
    g_assert_error (error, CM_TIME_ERROR, CM_TIME_ERROR_RANGE);
    g_assert_nonnull (error != NULL ? strstr (error->message, "13") : NULL);
    g_clear_error (&error);

    g_assert_false (cm_time_parse_iso ("99999999999999999999", NULL, NULL, NULL, &error));
    g_assert_error (error, CM_TIME_ERROR, CM_TIME_ERROR_RANGE);
    g_clear_error (&error);

    g_assert_false (cm_time_parse_iso ("2011-05-26junk", NULL, NULL, NULL, &error));
    g_assert_error (error, CM_TIME_ERROR, CM_TIME_ERROR_SYNTAX);
    g_assert_nonnull (error != NULL ? strstr (error->message, "junk") : NULL);
    g_clear_error (&error);

    /* an embedded NUL in the _len variant is junk, not the end */
    g_assert_false (cm_time_parse_iso_len ("2011\0-05", 8, NULL, NULL, NULL, &error));
    g_assert_error (error, CM_TIME_ERROR, CM_TIME_ERROR_SYNTAX);
  }
}

/* Garbage and mutated dates: no crash, and either a result or an error */
static void
test_parse_garbage (void)
{
  static const char * const seeds[] = {
    "2011-05-26T13:00:05+02:00", "-13800000000", "26 May 2011, 13:00 (UTC+5:30)",
    "13.8 billion years ago", "3rd millennium BC", "40s BC", "15 March 44 BC, 13h UTC",
  };
  static const char alphabet[] = "0123456789+-:., TZ()BCUtcaymilno\xe2\x88\x92\xff";

  for (guint i = 0; i < 20000; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) iso_error = NULL;
      char buffer[64];
      gsize length;
      CmTime t;
      CmPrecision p = CM_N_PRECISIONS;
      int offset = 12345;

      if (i % 2 == 0)
        {
          /* mutate a valid date */
          const char *seed = seeds[g_test_rand_int_range (0, G_N_ELEMENTS (seeds))];

          length = strlen (seed);
          memcpy (buffer, seed, length);
          for (int k = g_test_rand_int_range (1, 4); k > 0; k--)
            buffer[g_test_rand_int_range (0, length)] =
              alphabet[g_test_rand_int_range (0, sizeof alphabet - 1)];
        }
      else
        {
          length = g_test_rand_int_range (0, sizeof buffer);
          for (gsize k = 0; k < length; k++)
            buffer[k] = alphabet[g_test_rand_int_range (0, sizeof alphabet - 1)];
        }
      buffer[length] = '\0';

      if (cm_time_parse_iso_len (buffer, length, &t, &p, &offset, &iso_error))
        {
          g_assert_cmpint (p, >=, CM_PRECISION_YEAR);
          g_assert_cmpint (p, <, CM_N_PRECISIONS);
          g_assert_true (offset == CM_UTC_OFFSET_NONE || ABS (offset) <= CM_UTC_OFFSET_MAX);
        }
      else
        g_assert_true (iso_error != NULL && iso_error->domain == CM_TIME_ERROR);

      p = CM_N_PRECISIONS;
      offset = 12345;
      if (cm_time_parse (buffer, &t, &p, &offset, &error))
        {
          g_assert_cmpint (p, <, CM_N_PRECISIONS);
          g_assert_true (offset == CM_UTC_OFFSET_NONE || ABS (offset) <= CM_UTC_OFFSET_MAX);
        }
      else
        g_assert_true (error != NULL && error->domain == CM_TIME_ERROR &&
                       error->message[0] != '\0');

      if (g_test_failed ())
        {
          g_test_message ("input: '%s'", buffer);
          return;
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  setlocale (LC_ALL, "C");

  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/core/time/parse-examples", test_parse_examples);
  g_test_add_func ("/core/time/parse-errors", test_parse_errors);
  g_test_add_func ("/core/time/parse-garbage", test_parse_garbage);

  return g_test_run ();
}
