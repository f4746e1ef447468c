/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "format-tests.h"

#define PYTHON "/usr/bin/python3"


static const CmFormat *
ical (void)
{
  return cm_format_by_id ("ical");
}

static void
test_registered (void)
{
  const char *head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n";

  g_assert_nonnull (ical ());
  g_assert_true (cm_format_by_extension ("week.ics") == ical ());
  g_assert_true (cm_format_by_extension ("WEEK.ICS") == ical ());
  g_assert_true (cm_format_detect (head, strlen (head), "calendar.txt") == ical ());
  g_assert_cmpstr (ical ()->mime_types[0], ==, "text/calendar");
  g_assert_nonnull (ical ()->save);
}

static void
test_all_day (void)
{
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(CmDocument) doc = load_ok ("ical-all-day.ics", report);
  CmEventData data;

  g_assert_cmpstr (cm_document_get_title (doc), ==, "Deauville week");
  g_assert_cmpuint (report->n_imported, ==, 3);
  g_assert_cmpuint (report->n_skipped, ==, 0);

  /* DTEND;VALUE=DATE is the day after: 26–27 May. */
  g_assert_true (find_event (doc, "G8 summit", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 26, 0, 0, 0));
  g_assert_cmpint (data.end, ==, cm_time_from_civil (2011, 5, 27, 0, 0, 0));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_DAY);
  g_assert_cmpint (data.end_precision, ==, CM_PRECISION_DAY);
  g_assert_cmpint (data.utc_offset, ==, CM_UTC_OFFSET_NONE);
  g_assert_cmpstr (data.place, ==, "Deauville");
  g_assert_cmpstr (data.id, ==, "summit@example.org");

  /* One day: an instant at day precision. */
  g_assert_true (find_event (doc, "State visit", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 24, 0, 0, 0));
  g_assert_cmpint (data.end, ==, CM_TIME_INVALID);
  g_assert_true (find_event (doc, "Arrival in Ireland", &data));
  g_assert_cmpint (data.end, ==, CM_TIME_INVALID);
  g_assert_cmpint (data.precision, ==, CM_PRECISION_DAY);
}

static void
test_times (void)
{
  g_autoptr(CmDocument) doc = load_ok ("ical-times.ics", NULL);
  CmEventData data;

  /* Floating: the local time as written, no offset known. */
  g_assert_true (find_event (doc, "Floating lunch", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 26, 13, 0, 0));
  g_assert_cmpint (data.end, ==, cm_time_from_civil (2011, 5, 26, 14, 30, 0));
  g_assert_cmpint (data.utc_offset, ==, CM_UTC_OFFSET_NONE);
  g_assert_cmpint (data.precision, ==, CM_PRECISION_MINUTE);

  /* UTC with seconds; escaped text. */
  g_assert_true (find_event (doc, "UTC instant", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 26, 11, 0, 5));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_SECOND);
  g_assert_cmpint (data.end, ==, CM_TIME_INVALID);
  g_assert_cmpstr (data.description, ==, "Line one\nLine two, with a comma");

  /* DURATION instead of DTEND. */
  g_assert_true (find_event (doc, "Press conference", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 27, 9, 0, 0));
  g_assert_cmpint (data.end, ==, cm_time_from_civil (2011, 5, 27, 10, 30, 0));
}

static void
test_tzid (void)
{
  g_autoptr(CmDocument) doc = load_ok ("ical-tzid.ics", NULL);
  g_autofree char *url = NULL;
  g_autofree char *categories = NULL;
  CmEventData data;

  /* 13:00 in Paris in May (CEST) is 11:00 UTC, offset +2 h. */
  g_assert_true (find_event (doc, "Obama–Medvedev talks", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 26, 11, 0, 0));
  g_assert_cmpint (data.end, ==, cm_time_from_civil (2011, 5, 26, 12, 0, 0));
  g_assert_cmpint (data.utc_offset, ==, 120);
  g_assert_cmpfloat_with_epsilon (data.lat, 49.36, 1e-9);
  g_assert_cmpfloat_with_epsilon (data.lon, 0.075, 1e-9);
  g_assert_cmpuint (data.category, !=, CM_NONE);
  g_assert_cmpstr (cm_document_get_category (doc, data.category)->name, ==, "Diplomacy");
  url = cm_properties_get (data.extras, "url");
  g_assert_cmpstr (url, ==, "https://example.org/talks");
  categories = cm_properties_get (data.extras, "ical_categories");
  g_assert_cmpstr (categories, ==, "Diplomacy,Summit");

  /* In December the same zone is +1 h. */
  g_assert_true (find_event (doc, "Winter meeting", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 12, 1, 8, 0, 0));
  g_assert_cmpint (data.utc_offset, ==, 60);
  g_assert_cmpstr (cm_document_get_category (doc, data.category)->name, ==, "Diplomacy");
  g_assert_cmpuint (cm_document_get_n_categories (doc), ==, 1);
}

static void
test_rrule (void)
{
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(CmDocument) doc = load_ok ("ical-rrule.ics", report);
  g_autofree char *rule = NULL;
  g_autofree char *uid = NULL;
  CmEventData data;

  /* COUNT=6 weekly, less one EXDATE, less the moved one, which has its own. */
  g_assert_cmpuint (count_events (doc, "Weekly briefing"), ==, 4);
  g_assert_cmpuint (count_events (doc, "Weekly briefing (moved)"), ==, 1);
  g_assert_true (find_event (doc, "Weekly briefing", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 2, 8, 0, 0));
  g_assert_cmpint (data.end, ==, cm_time_from_civil (2011, 5, 2, 9, 0, 0));
  g_assert_cmpstr (data.id, ==, "weekly@example.org#2011-05-02T08:00:00Z");
  rule = cm_properties_get (data.extras, "ical_rrule");
  uid = cm_properties_get (data.extras, "ical_uid");
  g_assert_cmpstr (rule, ==, "FREQ=WEEKLY;COUNT=6");
  g_assert_cmpstr (uid, ==, "weekly@example.org");
  g_assert_true (find_event (doc, "Weekly briefing (moved)", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 23, 10, 0, 0));

  /* Bounded: ten years of an endless rule, a thousand of a long one. */
  g_assert_cmpuint (count_events (doc, "Every week forever"), ==, 522);
  g_assert_cmpuint (count_events (doc, "Daily for long"), ==, 1000);
  g_assert_cmpuint (report->n_imported, ==, 4 + 1 + 522 + 1000);
  g_assert_true (report_mentions (report, "Every week forever"));
  g_assert_true (report_mentions (report, "Daily for long"));
  g_assert_cmpuint (report->n_skipped, ==, 2);
}

/* Starts of the events titled @title, in order. */
static GArray *
event_starts (CmDocument *document,
              const char *title)
{
  CmEventStore *store = cm_document_get_store (document);
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (CmTime));

  for (guint i = 0; i < cm_event_store_get_n_events (store); i++)
    if (g_strcmp0 (cm_event_store_get_title (store, i), title) == 0)
      {
        CmTime start = cm_event_store_get_start (store, i);

        g_array_append_val (starts, start);
      }

  return starts;
}

static void
assert_starts (CmDocument *document,
               const char *title,
               guint       n,
               ...)
{
  g_autoptr(GArray) starts = event_starts (document, title);
  va_list args;

  if (starts->len != n)
    g_error ("“%s”: %u events, expected %u", title, starts->len, n);
  va_start (args, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (starts, CmTime, i), ==, va_arg (args, CmTime));
  va_end (args);
}

static void
test_overrides (void)
{
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(CmDocument) doc = load_ok ("ical-overrides.ics", report);
  CmEventData data;

  g_assert_cmpuint (report->n_skipped, ==, 0);

  /* A zone of the file's own VTIMEZONE (+2 h in May): RECURRENCE-ID and
   * EXDATE with that TZID name the 10:00 local occurrences. */
  assert_starts (doc, "Zoned meeting", 2,
                 cm_time_from_civil (2011, 5, 2, 8, 0, 0),
                 cm_time_from_civil (2011, 5, 23, 8, 0, 0));
  assert_starts (doc, "Zoned meeting (moved)", 1, cm_time_from_civil (2011, 5, 9, 10, 0, 0));
  g_assert_true (find_event (doc, "Zoned meeting (moved)", &data));
  g_assert_cmpstr (data.id, ==, "zoned@example.org#2011-05-09T08:00:00Z");
  g_assert_cmpint (data.utc_offset, ==, 120);

  /* A TZID event overridden and excluded in UTC: the same instants. */
  assert_starts (doc, "Paris call", 2,
                 cm_time_from_civil (2011, 5, 2, 8, 0, 0),
                 cm_time_from_civil (2011, 5, 23, 8, 0, 0));
  assert_starts (doc, "Paris call (moved)", 1, cm_time_from_civil (2011, 5, 9, 13, 0, 0));

  /* Floating: local times as written. */
  assert_starts (doc, "Floating class", 2,
                 cm_time_from_civil (2011, 5, 2, 10, 0, 0),
                 cm_time_from_civil (2011, 5, 23, 10, 0, 0));
  assert_starts (doc, "Floating class (moved)", 1, cm_time_from_civil (2011, 5, 9, 14, 0, 0));

  /* All day: dates. */
  assert_starts (doc, "Market day", 2,
                 cm_time_from_civil (2011, 5, 2, 0, 0, 0),
                 cm_time_from_civil (2011, 5, 23, 0, 0, 0));
  assert_starts (doc, "Market day (moved)", 1, cm_time_from_civil (2011, 5, 10, 0, 0, 0));
  g_assert_true (find_event (doc, "Market day (moved)", &data));
  g_assert_cmpstr (data.id, ==, "days@example.org#2011-05-09");

  /* EXDATE;VALUE=DATE of a timed event: the local date (00:30 in Paris is
   * the evening before in UTC). */
  assert_starts (doc, "Late show", 3,
                 cm_time_from_civil (2011, 5, 1, 22, 30, 0),
                 cm_time_from_civil (2011, 5, 8, 22, 30, 0),
                 cm_time_from_civil (2011, 5, 22, 22, 30, 0));
}

static void
test_bad_events (void)
{
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(CmDocument) doc = load_ok ("ical-bad-events.ics", report);

  g_assert_cmpuint (cm_event_store_get_n_events (cm_document_get_store (doc)), ==, 1);
  g_assert_cmpuint (report->n_imported, ==, 1);
  /* Reasons say where: the BEGIN line of each component. */
  g_assert_true (report_mentions (report, "line 10: “No start” has no start"));
  g_assert_true (report_mentions (report, "line 15: “Bad start”"));
  g_assert_true (report_mentions (report, "line 21: a to-do"));
}

static void
test_bad_lines (void)
{
  const char *text =
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:a\r\n"
    "DTSTART:20110526T110000Z\r\n"
    "NOT A PROPERTY LINE\r\n"
    "GEO:north;east\r\n"
    "SUMMARY:Kept\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n";
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = load_text (ical (), text, -1, report, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpuint (report->n_imported, ==, 1);
  /* libical's X-LIC-ERROR for each bad line, with the line. */
  g_assert_true (report_mentions (report, "line 6: ignored"));
  g_assert_true (report_mentions (report, "line 7: ignored"));
}

static void
assert_load_error (const char *text,
                   gssize      length,
                   int         code,
                   const char *where)
{
  assert_format_load_error (ical (), text, length, code, where);
}

static void
test_malformed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;

  doc = load_test_file ("ical-truncated.ics", ical (), NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "ical-truncated.ics:5:1: "));
  g_assert_nonnull (strstr (error->message, "truncated"));
  g_clear_error (&error);

  doc = load_test_file ("ical-not-calendar.ics", ical (), NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "ical-not-calendar.ics:1:1: "));
  g_clear_error (&error);

  assert_load_error ("", 0, CM_FORMAT_ERROR_SYNTAX, "test:1:1: ");
  assert_load_error ("BEGIN:VCALENDAR\r\nSUMMARY:\xff\xfe\r\nEND:VCALENDAR\r\n", -1,
                     CM_FORMAT_ERROR_SYNTAX, "test:2:9: ");
  assert_load_error ("BEGIN:VCALENDAR\r\n\0END:VCALENDAR\r\n", 33, CM_FORMAT_ERROR_SYNTAX, "test:2:1: ");
  assert_load_error ("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\n", -1,
                     CM_FORMAT_ERROR_SYNTAX, "test:4:1: ");

  /* Nesting beyond the limit. */
  {
    g_autoptr(GString) deep = g_string_new ("BEGIN:VCALENDAR\r\n");

    for (guint i = 0; i < 40; i++)
      g_string_append (deep, "BEGIN:X-NEST\r\n");
    assert_load_error (deep->str, -1, CM_FORMAT_ERROR_LIMIT, "test:33:1: ");
  }
}

static void
test_blank_folds (void)
{
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(CmDocument) doc = load_ok ("ical-blank-folds.ics", report);
  CmEventData data;

  /* Empty lines between a folded line and its continuation are dropped,
   * as python-icalendar does, and said in the report. */
  g_assert_cmpuint (report->n_imported, ==, 2);
  g_assert_true (find_event (doc, "Folded with a gap", &data));
  g_assert_cmpstr (data.description, ==, "The first part of a description that an old calendar "
                                         "folded with an empty line before its continuation "
                                         "and again here");
  g_assert_cmpstr (data.place, ==, "Deauville");
  g_assert_true (find_event (doc, "After the gap", &data));
  g_assert_cmpuint (report->n_skipped, ==, 1);
  g_assert_true (report_mentions (report, "line 10: ignored empty lines inside folded lines (2 times"));
}

static void
test_missing_end (void)
{
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(CmDocument) doc = load_ok ("ical-missing-end.ics", report);

  /* Only the calendar's END line is missing: every event is read. */
  g_assert_cmpstr (cm_document_get_title (doc), ==, "Cut before the end");
  g_assert_cmpuint (report->n_imported, ==, 2);
  g_assert_cmpuint (count_events (doc, "First day"), ==, 1);
  g_assert_cmpuint (count_events (doc, "Second day"), ==, 1);
  g_assert_cmpuint (report->n_skipped, ==, 1);
  g_assert_true (report_mentions (report, "line 16: the file ends without “END:VCALENDAR”"));

  /* Cut inside an event, it is still refused (see test_malformed). */
  assert_load_error ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20110526T110000Z\r\n", -1,
                     CM_FORMAT_ERROR_SYNTAX, "test:3:1: ");
}

static void
test_utc_offset (void)
{
  const char *text =
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:utc@example.org\r\n"
    "DTSTART:20110526T110000Z\r\n"
    "SUMMARY:In UTC\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:floating@example.org\r\n"
    "DTSTART:20110526T130000\r\n"
    "SUMMARY:Floating\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = load_text (ical (), text, -1, NULL, &error);
  g_autofree char *saved = NULL;
  CmEventData data;

  g_assert_no_error (error);
  g_assert_true (find_event (doc, "In UTC", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 26, 11, 0, 0));
  g_assert_cmpint (data.utc_offset, ==, 0);
  g_assert_true (find_event (doc, "Floating", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 26, 13, 0, 0));
  g_assert_cmpint (data.utc_offset, ==, CM_UTC_OFFSET_NONE);

  /* Written back: "Z" for UTC, a floating time without offset. */
  saved = save_to_text (doc, ical ());
  g_assert_nonnull (strstr (saved, "DTSTART:20110526T110000Z\r\n"));
  g_assert_nonnull (strstr (saved, "DTSTART:20110526T130000\r\n"));
  g_assert_null (strstr (saved, "X-CHRONOMAP-UTC-OFFSET"));
  assert_round_trip (doc, ical (), COMPARE_ALL);
}

static void
test_nothing_usable (void)
{
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;

  /* Every event skipped: an error that says where and why, first reason
   * first, as the other readers do. */
  doc = load_test_file ("ical-no-usable-event.ics", ical (), report, &error);
  g_assert_null (doc);
  g_assert_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_UNSUPPORTED);
  g_assert_true (g_str_has_suffix (error->message,
                                  "/ical-no-usable-event.ics:4:1: No event could be read "
                                  "(a to-do, not an event)"));
  g_assert_true (report_mentions (report, "line 9: “Undated talks” has no start (DTSTART)"));
  g_assert_true (report_mentions (report, "line 14: “Cancelled twice” has no occurrence left"));
  g_clear_error (&error);

  assert_load_error ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Undated\r\n"
                     "END:VEVENT\r\nEND:VCALENDAR\r\n", -1, CM_FORMAT_ERROR_MISSING_FIELD,
                     "test:3:1: No event could be read (“Undated” has no start (DTSTART))");
  /* No event at all. */
  assert_load_error ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", -1,
                     CM_FORMAT_ERROR_MISSING_FIELD,
                     "test:1:1: No event could be read (the calendar holds no event (VEVENT))");
}

static void
test_decoded_utf8 (void)
{
  /* A backslash before "é": libical drops the backslash and the first
   * byte of the character, which leaves a byte that is not UTF-8. */
  const char *escaped =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
    "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20110526T110000Z\r\n"
    "SUMMARY:Caf\\\xc3\xa9\r\nLOCATION:Paris\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n";
  /* A character split by folding is put together again (RFC 5545 3.1). */
  const char *split =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
    "BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20110526T110000Z\r\n"
    "SUMMARY:Caf\xc3\r\n \xa9 de Flore\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n";
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = load_text (ical (), escaped, -1, report, &error);
  CmEventData data;

  g_assert_no_error (error);
  g_assert_cmpuint (cm_event_store_get_n_events (cm_document_get_store (doc)), ==, 1);
  cm_event_store_get_data (cm_document_get_store (doc), 0, &data);
  g_assert_true (g_utf8_validate (data.title, -1, NULL));
  g_assert_cmpstr (data.title, ==, "");
  g_assert_cmpstr (data.place, ==, "Paris");
  g_assert_true (report_mentions (report, "line 3: ignored SUMMARY: its text is not valid UTF-8"));
  g_clear_object (&doc);

  doc = load_text (ical (), split, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (find_event (doc, "Café de Flore", &data));

  /* A bad byte elsewhere is still an error that says where. */
  assert_load_error ("BEGIN:VCALENDAR\r\nSUMMARY:Caf\xc3\r\n X\r\nEND:VCALENDAR\r\n", -1,
                     CM_FORMAT_ERROR_SYNTAX, "test:2:12: ");
}

static void
init_test_event (CmEventData *data,
                 const char  *title,
                 CmTime       start,
                 CmPrecision  precision,
                 int          offset,
                 CmTime       end,
                 guint        category,
                 guint        group)
{
  cm_event_data_init (data);
  data->title = title;
  data->start = start;
  data->precision = precision;
  data->utc_offset = offset;
  data->end = end;
  data->end_precision = precision;
  data->category = category;
  data->group = group;
}

static void
add_test_event (CmEventStore *store,
                const char   *title,
                CmTime        start,
                CmPrecision   precision,
                int           offset,
                CmTime        end,
                guint         category,
                guint         group)
{
  CmEventData data;

  init_test_event (&data, title, start, precision, offset, end, category, group);
  cm_event_store_add (store, &data);
}

static void
test_native_round_trip (void)
{
  const CmFormat *native = cm_format_by_id ("native");
  g_autoptr(CmDocument) doc = cm_document_new ();
  g_autoptr(CmDocument) from_native = NULL;
  g_autoptr(CmDocument) from_ical = NULL;
  g_autoptr(CmDocument) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *native_text = NULL;
  g_autofree char *ical_text = NULL;
  g_autofree char *native_again = NULL;
  CmEventStore *store = cm_document_get_store (doc);
  guint summit, travel, trip, press;
  CmEventData data;

  cm_document_set_title (doc, "G8 at Deauville");
  summit = cm_document_add_category (doc, "summit", "Summit", "#40e0d0");  /* turquoise */
  travel = cm_document_add_category (doc, "travel", "Travel", "#123456");
  trip = cm_document_add_group (doc, "trip", "Obama’s trip", CM_GROUP_ITINERARY);
  press = cm_document_add_group (doc, "press", "Press", CM_GROUP_LANE);

  cm_event_store_begin_bulk (store, 4);
  /* A span of days, with place, coordinates and description. */
  init_test_event (&data, "Summit", cm_time_from_civil (2011, 5, 26, 0, 0, 0), CM_PRECISION_DAY,
                   CM_UTC_OFFSET_NONE, cm_time_from_civil (2011, 5, 27, 0, 0, 0), summit, CM_NONE);
  data.place = "Deauville";
  data.lat = 49.36;
  data.lon = 0.075;
  data.description = "Heads of state; and, a line\nmore";
  cm_event_store_add (store, &data);
  add_test_event (store, "Landing", cm_time_from_civil (2011, 5, 23, 8, 30, 0), CM_PRECISION_MINUTE,
                  60, CM_TIME_INVALID, travel, trip);
  add_test_event (store, "Briefing", cm_time_from_civil (2011, 5, 26, 9, 0, 0), CM_PRECISION_MINUTE,
                  0, cm_time_from_civil (2011, 5, 26, 9, 45, 0), CM_NONE, press);
  add_test_event (store, "Dinner", cm_time_from_civil (2011, 5, 26, 20, 0, 0), CM_PRECISION_MINUTE,
                  CM_UTC_OFFSET_NONE, CM_TIME_INVALID, summit, trip);
  cm_event_store_end_bulk (store);

  native_text = save_to_text (doc, native);
  from_native = load_text (native, native_text, -1, NULL, &error);
  g_assert_no_error (error);
  ical_text = save_to_text (from_native, ical ());
  from_ical = load_text (ical (), ical_text, -1, NULL, &error);
  g_assert_no_error (error);
  native_again = save_to_text (from_ical, native);
  again = load_text (native, native_again, -1, NULL, &error);
  g_assert_no_error (error);

  /* What iCalendar says itself: CATEGORIES, COLOR for a CSS colour. */
  g_assert_nonnull (strstr (ical_text, "CATEGORIES:Summit\r\n"));
  g_assert_nonnull (strstr (ical_text, "COLOR:turquoise\r\n"));
  g_assert_null (strstr (ical_text, "COLOR:#"));

  assert_same_events (doc, again, COMPARE_NO_EVENT_IDS | COMPARE_NO_EXTRAS | COMPARE_COORDS_1E6);

  /* Categories and groups with their ids, colours and kinds, in order. */
  g_assert_cmpuint (cm_document_get_n_categories (again), ==, 2);
  g_assert_cmpstr (cm_document_get_category (again, 1)->id, ==, "travel");
  g_assert_cmpfloat_with_epsilon (cm_document_get_category (again, 1)->blue, 0x56 / 255.0, 1e-9);
  g_assert_cmpuint (cm_document_get_n_groups (again), ==, 2);
  g_assert_cmpstr (cm_document_get_group (again, 0)->id, ==, "trip");
  g_assert_cmpstr (cm_document_get_group (again, 0)->name, ==, "Obama’s trip");
  g_assert_cmpint (cm_document_get_group (again, 0)->kind, ==, CM_GROUP_ITINERARY);
  g_assert_cmpint (cm_document_get_group (again, 1)->kind, ==, CM_GROUP_LANE);

  g_assert_true (find_event (again, "Briefing", &data));
  g_assert_cmpint (data.utc_offset, ==, 0);
  g_assert_true (find_event (again, "Dinner", &data));
  g_assert_cmpint (data.utc_offset, ==, CM_UTC_OFFSET_NONE);
}

static void
test_color_from_other_writers (void)
{
  const char *text =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
    "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20110526T110000Z\r\nSUMMARY:Talks\r\n"
    "CATEGORIES:Diplomacy\r\nCOLOR:DarkOrange\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n";
  g_autoptr(CmDocument) doc = load_text (ical (), text, -1, NULL, NULL);
  const CmCategory *category;

  /* RFC 7986 COLOR (a CSS name) colours the category it comes with. */
  g_assert_nonnull (doc);
  g_assert_cmpuint (cm_document_get_n_categories (doc), ==, 1);
  category = cm_document_get_category (doc, 0);
  g_assert_cmpfloat_with_epsilon (category->red, 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (category->green, 0x8c / 255.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (category->blue, 0.0, 1e-9);
}

static void
test_size_limit (void)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data ("BEGIN:VCALENDAR", 15, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;

  /* The size announced is checked before anything is read. */
  doc = ical ()->load (&(CmLoadRequest) { .stream = stream, .name = "huge.ics",
                                          .size = (goffset) 100 * 1024 * 1024 },
                       &error);
  g_assert_null (doc);
  g_assert_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_LIMIT);
  g_assert_true (g_str_has_prefix (error->message, "huge.ics: "));
}

static void
test_round_trip_fixtures (void)
{
  const char *names[] = { "ical-all-day.ics", "ical-times.ics", "ical-tzid.ics", "ical-rrule.ics" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(CmDocument) doc = load_ok (names[i], NULL);

      assert_round_trip (doc, ical (), COMPARE_COORDS_1E6);
    }
}

static void
test_round_trip_dataset (void)
{
  g_autoptr(CmDocument) doc = load_default_dataset ();
  g_autoptr(CmDocument) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = save_to_text (doc, ical ());

  /* Everything iCalendar can hold, from a real document: precisions from
   * year to minute, offsets, approximate flags, coordinates, categories
   * and their colours, groups and their kinds. */
  g_assert_nonnull (strstr (text, "PRODID:-//Chronomap//"));
  g_assert_nonnull (strstr (text, "VERSION:2.0"));
  again = load_text (ical (), text, -1, NULL, &error);
  g_assert_no_error (error);
  assert_same_events (doc, again, COMPARE_COORDS_1E6);
}

static void
test_precisions (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  CmEventStore *store = cm_document_get_store (doc);
  struct { CmPrecision precision; CmTime start; int offset; CmTime end; CmPrecision end_precision; } cases[] = {
    { CM_PRECISION_YEAR, cm_time_from_civil (1815, 1, 1, 0, 0, 0), CM_UTC_OFFSET_NONE, CM_TIME_INVALID, 0 },
    { CM_PRECISION_MONTH, cm_time_from_civil (2011, 5, 1, 0, 0, 0) - 3600, 60,
      cm_time_from_civil (2011, 7, 1, 0, 0, 0) - 3600, CM_PRECISION_MONTH },
    { CM_PRECISION_DAY, cm_time_from_civil (2011, 5, 23, 0, 0, 0) - 3600, 60,
      cm_time_from_civil (2011, 5, 28, 0, 0, 0) - 3600, CM_PRECISION_DAY },
    { CM_PRECISION_HOUR, cm_time_from_civil (2011, 5, 26, 11, 0, 0), 120, CM_TIME_INVALID, 0 },
    { CM_PRECISION_SECOND, cm_time_from_civil (2011, 5, 26, 5, 0, 0), -330, CM_TIME_INVALID, 0 },
    { CM_PRECISION_MINUTE, cm_time_from_civil (2011, 5, 26, 5, 0, 0), 0,
      cm_time_from_civil (2011, 5, 26, 6, 0, 30), CM_PRECISION_SECOND },
  };

  cm_event_store_begin_bulk (store, G_N_ELEMENTS (cases));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CmEventData data;
      char title[32];

      cm_event_data_init (&data);
      g_snprintf (title, sizeof title, "case %u", i);
      data.title = title;
      data.start = cases[i].start;
      data.precision = cases[i].precision;
      data.utc_offset = cases[i].offset;
      data.end = cases[i].end;
      data.end_precision = cases[i].end_precision;
      cm_event_store_add (store, &data);
    }
  cm_event_store_end_bulk (store);

  assert_round_trip (doc, ical (), COMPARE_NO_EVENT_IDS | COMPARE_NO_EXTRAS);
}

static void
test_extras_round_trip (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  CmEventStore *store = cm_document_get_store (doc);
  g_autofree char *extras = NULL;
  g_autofree char *more = NULL;
  CmEventData data;

  /* The calendar's END line in the title (found by fuzzing). */
  cm_document_set_title (doc, "Extras; with, punctuation END:VCALENDAR");
  cm_document_set_extra (doc, "scale", "cosmological");
  extras = cm_properties_set (NULL, "media_url", "https://example.org/a.png?x=1;y=2,3");
  more = cm_properties_set (extras, "caption", "Two\nlines: \"quoted\" \\ backslash");

  cm_event_store_begin_bulk (store, 1);
  cm_event_data_init (&data);
  data.id = "with-extras";
  data.title = "Extras";
  data.start = cm_time_from_civil (2011, 5, 26, 0, 0, 0);
  data.flags = CM_EVENT_START_APPROXIMATE | CM_EVENT_COORDINATES_APPROXIMATE;
  data.lat = 49.36;
  data.lon = 0.075;
  data.extras = more;
  cm_event_store_add (store, &data);
  cm_event_store_end_bulk (store);

  assert_round_trip (doc, ical (), COMPARE_ALL);
  {
    g_autofree char *text = save_to_text (doc, ical ());
    g_autoptr(CmDocument) again = load_text (ical (), text, -1, NULL, NULL);
    g_autofree char *scale = cm_document_dup_extra (again, "scale");

    g_assert_cmpstr (scale, ==, "cosmological");
  }
}

static char *
uid_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);
  GString *uids = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "UID:"))
      g_string_append_printf (uids, "%s\n", lines[i]);

  return g_string_free (uids, FALSE);
}

static void
test_stable_uids (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  CmEventStore *store = cm_document_get_store (doc);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(CmDocument) again = NULL;
  CmEventData data;

  cm_event_store_begin_bulk (store, 2);
  for (guint i = 0; i < 2; i++)
    {
      cm_event_data_init (&data);
      data.title = "Twin";
      data.start = cm_time_from_civil (2011, 5, 26, 0, 0, 0);
      cm_event_store_add (store, &data);
    }
  cm_event_store_end_bulk (store);

  first = save_to_text (doc, ical ());
  second = save_to_text (doc, ical ());
  /* Same UIDs every time, one per event. */
  {
    g_autofree char *uids_first = uid_lines (first);
    g_autofree char *uids_second = uid_lines (second);

    g_assert_cmpstr (uids_first, ==, uids_second);
  }
  again = load_text (ical (), first, -1, NULL, NULL);
  cm_event_store_get_data (cm_document_get_store (again), 0, &data);
  g_assert_nonnull (data.id);
  {
    g_autofree char *id0 = g_strdup (data.id);

    cm_event_store_get_data (cm_document_get_store (again), 1, &data);
    g_assert_cmpstr (id0, !=, data.id);
    g_assert_nonnull (strstr (second, id0));
  }
}

static void
test_out_of_range (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  CmEventStore *store = cm_document_get_store (doc);
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) again = NULL;
  g_autofree char *first = NULL;
  g_autofree char *text = NULL;
  CmEventData data;

  cm_event_store_begin_bulk (store, 1);
  cm_event_data_init (&data);
  data.title = "Caesar";
  data.start = cm_time_from_civil (-43, 3, 15, 0, 0, 0);
  cm_event_store_add (store, &data);
  cm_event_store_end_bulk (store);

  /* The event libical cannot write is left out; the others are saved. */
  cm_event_data_init (&data);
  data.title = "Deauville";
  data.start = cm_time_from_civil (2011, 5, 26, 0, 0, 0);
  cm_event_store_insert (store, &data);
  g_assert_cmpuint (cm_format_count_unwritable (ical (), doc, &first), ==, 1);
  g_assert_cmpstr (first, ==, "Caesar");

  g_assert_true (cm_format_write (ical (), doc, stream, NULL, &error));
  g_assert_no_error (error);
  text = save_to_text (doc, ical ());
  g_assert_null (strstr (text, "Caesar"));
  again = load_text (ical (), text, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cm_event_store_get_n_events (cm_document_get_store (again)), ==, 1);
  g_assert_true (find_event (again, "Deauville", &data));
}

static void
test_far_future (void)
{
  const char *text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:50110526T110000Z\r\n"
                     "SUMMARY:Far\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  g_autoptr(CmDocument) doc = load_text (ical (), text, -1, NULL, NULL);
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  /* Read, but libical cannot write years after 3000 (found by fuzzing: it
   * wrote DTSTART:00000000T000000). */
  g_assert_nonnull (doc);
  g_assert_cmpuint (cm_event_store_get_n_events (cm_document_get_store (doc)), ==, 1);
  g_assert_cmpuint (cm_format_count_unwritable (ical (), doc, NULL), ==, 1);
  g_assert_true (cm_format_write (ical (), doc, stream, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
python_icalendar_available (void)
{
  const char *argv[] = { PYTHON, "-c", "import icalendar, pytz", NULL };
  int status = -1;

  if (!g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE)
      || !g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                        NULL, NULL, NULL, NULL, &status, NULL)
      || !g_spawn_check_wait_status (status, NULL))
    {
      g_test_skip ("/usr/bin/python3 with the icalendar module (python3-icalendar) is not installed");
      return FALSE;
    }

  return TRUE;
}

static void
test_python_writes (void)
{
  g_autofree char *script = test_data_path ("ical-python.py");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(CmDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  int status = -1;
  CmEventData data;

  if (!python_icalendar_available ())
    return;

  dir = cm_test_make_temp_dir ("cm-ical-XXXXXX");
  path = g_build_filename (dir, "python.ics", NULL);
  {
    const char *argv[] = { PYTHON, script, "write", path, NULL };

    g_assert_true (cm_test_run_tool (argv, NULL, &status));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }

  doc = load_path (path, NULL, report, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cm_document_get_title (doc), ==, "Written by Python");
  g_assert_cmpuint (report->n_skipped, ==, 0);
  g_assert_cmpuint (report->n_imported, ==, 1 + 1 + 1 + 4);

  /* TZID=Europe/Paris without VTIMEZONE: libical's own zone data. */
  g_assert_true (find_event (doc, "Talks, written by Python; with punctuation", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 26, 11, 0, 0));
  g_assert_cmpint (data.end, ==, cm_time_from_civil (2011, 5, 26, 12, 30, 0));
  g_assert_cmpint (data.utc_offset, ==, 120);
  g_assert_cmpstr (data.place, ==, "Deauville");
  g_assert_cmpstr (data.description, ==, "Two lines\nof text");
  g_assert_cmpfloat_with_epsilon (data.lat, 49.36, 1e-9);
  g_assert_cmpstr (cm_document_get_category (doc, data.category)->name, ==, "Diplomacy");
  url = cm_properties_get (data.extras, "url");
  g_assert_cmpstr (url, ==, "https://example.org/talks");

  /* TZID="UTC+01:00": the offset its name says. */
  g_assert_true (find_event (doc, "Landing in Dublin", &data));
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 23, 8, 30, 0));
  g_assert_cmpint (data.utc_offset, ==, 60);

  g_assert_true (find_event (doc, "G8 summit", &data));
  g_assert_cmpint (data.end, ==, cm_time_from_civil (2011, 5, 27, 0, 0, 0));
  g_assert_cmpuint (count_events (doc, "Weekly briefing"), ==, 4);

  remove_temp (path);
}

static void
test_python_reads (void)
{
  g_autofree char *script = test_data_path ("ical-python.py");
  g_autoptr(CmDocument) doc = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  int status = -1;

  if (!python_icalendar_available ())
    return;

  doc = load_ok ("ical-tzid.ics", NULL);
  {
    g_autoptr(CmDocument) all_day = load_ok ("ical-all-day.ics", NULL);

    cm_document_merge (doc, all_day);
  }
  path = save_to_temp (doc, ical (), "chronomap.ics");
  {
    const char *argv[] = { PYTHON, script, "read", path, NULL };

    g_assert_true (cm_test_run_tool (argv, &out, &status));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }

  g_assert_nonnull (strstr (out, "calendar=-//Chronomap//Chronomap"));
  g_assert_nonnull (strstr (out, "version=2.0"));
  g_assert_nonnull (strstr (out, "event|Obama–Medvedev talks|2011-05-26T11:00:00+00:00|"
                                 "2011-05-26T12:00:00+00:00|Deauville|49.3600,0.0750|Diplomacy,Summit|"
                                 "https://example.org/talks|obama-medvedev@example.org|\n"));
  g_assert_nonnull (strstr (out, "event|G8 summit|2011-05-26|2011-05-28|Deauville||||summit@example.org|"));
  g_assert_nonnull (strstr (out, "event|State visit|2011-05-24|2011-05-25|"));
  g_assert_nonnull (strstr (out, "event|Winter meeting|2011-12-01T08:00:00+00:00||||Diplomacy||winter@example.org|"));

  remove_temp (path);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);
  cm_core_init ();

  g_test_add_func ("/io/ical/registered", test_registered);
  g_test_add_func ("/io/ical/all-day", test_all_day);
  g_test_add_func ("/io/ical/times", test_times);
  g_test_add_func ("/io/ical/tzid", test_tzid);
  g_test_add_func ("/io/ical/rrule", test_rrule);
  g_test_add_func ("/io/ical/overrides", test_overrides);
  g_test_add_func ("/io/ical/bad-events", test_bad_events);
  g_test_add_func ("/io/ical/bad-lines", test_bad_lines);
  g_test_add_func ("/io/ical/malformed", test_malformed);
  g_test_add_func ("/io/ical/blank-folds", test_blank_folds);
  g_test_add_func ("/io/ical/missing-end", test_missing_end);
  g_test_add_func ("/io/ical/utc-offset", test_utc_offset);
  g_test_add_func ("/io/ical/nothing-usable", test_nothing_usable);
  g_test_add_func ("/io/ical/decoded-utf8", test_decoded_utf8);
  g_test_add_func ("/io/ical/color", test_color_from_other_writers);
  g_test_add_func ("/io/ical/size-limit", test_size_limit);
  g_test_add_func ("/io/ical/round-trip/fixtures", test_round_trip_fixtures);
  g_test_add_func ("/io/ical/round-trip/dataset", test_round_trip_dataset);
  g_test_add_func ("/io/ical/round-trip/precisions", test_precisions);
  g_test_add_func ("/io/ical/round-trip/extras", test_extras_round_trip);
  g_test_add_func ("/io/ical/round-trip/native", test_native_round_trip);
  g_test_add_func ("/io/ical/stable-uids", test_stable_uids);
  g_test_add_func ("/io/ical/out-of-range", test_out_of_range);
  g_test_add_func ("/io/ical/far-future", test_far_future);
  g_test_add_func ("/io/ical/third-party/python-writes", test_python_writes);
  g_test_add_func ("/io/ical/third-party/python-reads", test_python_reads);

  return g_test_run ();
}
