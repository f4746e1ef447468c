/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cm-time.h"
#include "cm-utc-offset.h"

/* Every form the formats read, and what they mean. */
static void
test_parse_forms (void)
{
  static const struct
  {
    const char *text;
    int         minutes;
  } good[] = {
    { "Z", 0 }, { "z", 0 }, { "UTC", 0 }, { "utc", 0 },
    { "+00:00", 0 }, { "-00:00", 0 },
    { "+02", 120 }, { "+0200", 120 }, { "+02:00", 120 }, { "-05:30", -330 },
    { "-0330", -210 }, { "UTC+02:00", 120 }, { "UTC-0800", -480 }, { "utc+01", 60 },
    { "+18:00", 18 * 60 }, { "-18:00", -18 * 60 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      int minutes = 12345;

      g_assert_true (cm_utc_offset_parse (good[i].text, -1, &minutes));
      g_assert_cmpint (minutes, ==, good[i].minutes);
    }
}

/* Malformed and out-of-range offsets are refused and leave the output. */
static void
test_parse_refused (void)
{
  static const char * const bad[] = {
    "", "+", "2", "02:00", "+2", "+2:00", "+02:0", "+02:000", "+0200 ", " +0200",
    "+02:60", "+18:01", "-19", "+99:99", "GMT+02", "UTC+", "ZZ", "+02:00Z",
    "+٠٢:٠٠",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      int minutes = 12345;

      g_assert_false (cm_utc_offset_parse (bad[i], -1, &minutes));
      g_assert_cmpint (minutes, ==, 12345);
    }
}

/* @length bounds the text: no NUL terminator needed, none allowed inside. */
static void
test_parse_length (void)
{
  int minutes = 0;

  g_assert_true (cm_utc_offset_parse ("+02:00junk", 6, &minutes));
  g_assert_cmpint (minutes, ==, 120);
  g_assert_true (cm_utc_offset_parse ("Z+01", 1, &minutes));
  g_assert_cmpint (minutes, ==, 0);
  g_assert_false (cm_utc_offset_parse ("+02\0:00", 7, &minutes));
  g_assert_false (cm_utc_offset_parse ("+02:00", 0, &minutes));
}

/* "+HH:MM" always, "" for no offset; what is written reads back. */
static void
test_format (void)
{
  char buffer[CM_UTC_OFFSET_FORMAT_SIZE];

  cm_utc_offset_format (120, buffer);
  g_assert_cmpstr (buffer, ==, "+02:00");
  cm_utc_offset_format (-330, buffer);
  g_assert_cmpstr (buffer, ==, "-05:30");
  cm_utc_offset_format (0, buffer);
  g_assert_cmpstr (buffer, ==, "+00:00");
  cm_utc_offset_format (-CM_UTC_OFFSET_MAX, buffer);
  g_assert_cmpstr (buffer, ==, "-18:00");
  cm_utc_offset_format (CM_UTC_OFFSET_NONE, buffer);
  g_assert_cmpstr (buffer, ==, "");

  for (int minutes = -CM_UTC_OFFSET_MAX; minutes <= CM_UTC_OFFSET_MAX; minutes++)
    {
      int back = 12345;

      cm_utc_offset_format (minutes, buffer);
      g_assert_true (cm_utc_offset_parse (buffer, -1, &back));
      g_assert_cmpint (back, ==, minutes);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/utc-offset/parse-forms", test_parse_forms);
  g_test_add_func ("/core/utc-offset/parse-refused", test_parse_refused);
  g_test_add_func ("/core/utc-offset/parse-length", test_parse_length);
  g_test_add_func ("/core/utc-offset/format", test_format);

  return g_test_run ();
}
