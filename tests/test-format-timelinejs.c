/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-core.h"
#include "cm-format.h"
#include "cm-native.h"
#include "cm-properties.h"
#include "cm-timelinejs-private.h"
#include "format-tests.h"

static const CmFormat *
timelinejs (void)
{
  return cm_format_by_id ("timelinejs");
}

static char *
event_extra (CmDocument *doc,
             guint       position,
             const char *key)
{
  CmEventData data;

  g_assert_cmpuint (position, !=, CM_NONE);
  cm_event_store_get_data (cm_document_get_store (doc), position, &data);

  return cm_properties_get (data.extras, key);
}

static const char *
group_name (CmDocument        *doc,
            const CmEventData *data)
{
  return data->group == CM_NONE ? NULL : cm_document_get_group (doc, data->group)->name;
}

static void
test_load_full (void)
{
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  g_autofree char *extra = NULL;
  CmEventData data;

  doc = load_fixture ("timelinejs-full.json", NULL, NULL, report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpuint (report->n_imported, ==, 8);
  g_assert_cmpuint (report->n_skipped, ==, 0);
  g_assert_false (cm_document_get_dirty (doc));

  /* The title slide: headline and text as plain text, the rest kept. */
  g_assert_cmpstr (cm_document_get_title (doc), ==, "Deauville & beyond");
  g_assert_cmpstr (cm_document_get_description (doc), ==,
                   "From the Big Bang to the G8 summit in Deauville.\n\nA test timeline.");
  extra = cm_document_dup_extra (doc, "title_media_url");
  g_assert_cmpstr (extra, ==, "https://example.org/g8-deauville.jpg");
  g_clear_pointer (&extra, g_free);
  extra = cm_document_dup_extra (doc, "title_media_caption");
  g_assert_cmpstr (extra, ==, "Leaders at the <i>G8</i> summit");
  g_clear_pointer (&extra, g_free);
  extra = cm_document_dup_extra (doc, "title_background_color");
  g_assert_cmpstr (extra, ==, "#1d3557");
  g_clear_pointer (&extra, g_free);
  /* "cosmological" goes without saying with such years. */
  extra = cm_document_dup_extra (doc, "scale");
  g_assert_null (extra);
  extra = cm_document_dup_extra (doc, "eras");
  g_assert_nonnull (extra);
  g_assert_nonnull (strstr (extra, "\"Before the Earth\""));
  g_assert_nonnull (strstr (extra, "-4600000000"));
  g_clear_pointer (&extra, g_free);

  /* Deep time: a year alone reads as billions or millions of years. */
  get_event (doc, "Big Bang", &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (-13800000000, 1, 1, 0, 0, 0));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_BILLION_YEARS);
  g_assert_cmpstr (data.id, ==, "big-bang");
  g_assert_cmpstr (group_name (doc, &data), ==, "Deep time");
  get_event (doc, "Chicxulub impact", &data);
  g_assert_cmpint (data.precision, ==, CM_PRECISION_MILLION_YEARS);
  g_assert_cmpstr (group_name (doc, &data), ==, "Deep time");

  /* TimelineJS's -44 is 44 BC: the astronomical year -43. */
  get_event (doc, "Ides of March", &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (-43, 3, 15, 0, 0, 0));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_DAY);
  g_assert_cmpstr (data.description, ==, "Caesar is killed in the Theatre of Pompey\u00a0\u2014 <Rome>.");
  extra = event_extra (doc, find_title (doc, "Ides of March"), "display_date");
  g_assert_cmpstr (extra, ==, "15 March 44 BC");
  g_clear_pointer (&extra, g_free);

  /* Numbers written as strings, as spreadsheets export them. */
  get_event (doc, "Apollo 11 lands", &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (1969, 7, 20, 20, 17, 0));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_MINUTE);
  g_assert_cmpuint (data.group, ==, CM_NONE);
  extra = event_extra (doc, find_title (doc, "Apollo 11 lands"), "media_thumbnail");
  g_assert_cmpstr (extra, ==, "https://example.org/apollo-small.jpg");
  g_clear_pointer (&extra, g_free);
  extra = event_extra (doc, find_title (doc, "Apollo 11 lands"), "media_credit");
  g_assert_cmpstr (extra, ==, "NASA");
  g_clear_pointer (&extra, g_free);

  get_event (doc, "The year 2011", &data);
  g_assert_cmpint (data.precision, ==, CM_PRECISION_YEAR);
  get_event (doc, "May 2011", &data);
  g_assert_cmpint (data.precision, ==, CM_PRECISION_MONTH);
  g_assert_cmpstr (data.description, ==, "Line one\nline two\nline three");

  /* Tags stripped, scripts dropped, the original HTML kept for writing. */
  get_event (doc, "G8 summit opens", &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 26, 13, 0, 0));
  g_assert_cmpint (data.end, ==, cm_time_from_civil (2011, 5, 27, 16, 30, 5));
  g_assert_cmpint (data.end_precision, ==, CM_PRECISION_SECOND);
  g_assert_cmpstr (data.description, ==, "Leaders meet in Deauville.\n\nLibya\nArab Spring");
  g_assert_cmpstr (data.id, ==, "g8-summit");
  g_assert_cmpstr (group_name (doc, &data), ==, "Summit");
  extra = cm_properties_get (data.extras, "text_html");
  g_assert_nonnull (strstr (extra, "<a href=\"https://example.org/deauville\">"));
  g_clear_pointer (&extra, g_free);
  extra = cm_properties_get (data.extras, "headline_html");
  g_assert_cmpstr (extra, ==, "G8 summit <em>opens</em>");
  g_clear_pointer (&extra, g_free);
  extra = cm_properties_get (data.extras, "start_display_date");
  g_assert_cmpstr (extra, ==, "26 May, 1 pm");
  g_clear_pointer (&extra, g_free);
  extra = cm_properties_get (data.extras, "display_date");
  g_assert_cmpstr (extra, ==, "26–27 May 2011");
  g_clear_pointer (&extra, g_free);
  extra = cm_properties_get (data.extras, "background_url");
  g_assert_cmpstr (extra, ==, "https://example.org/beach.jpg");
  g_clear_pointer (&extra, g_free);
  extra = cm_properties_get (data.extras, "autolink");
  g_assert_cmpstr (extra, ==, "false");
  g_clear_pointer (&extra, g_free);

  /* Groups become lanes, by name, once each. */
  g_assert_cmpuint (cm_document_get_n_groups (doc), ==, 4);
  g_assert_cmpint (cm_document_get_group (doc, 0)->kind, ==, CM_GROUP_LANE);
}

static void
test_partial (void)
{
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  const char *expected[] = {
    "event 2 (line 4): no start year",
    "event 3 (line 5): no start date",
    "event 4 (line 6): start date: “13” is not a month",
    "event 5 (line 7): start date: “30” is not a day of that month",
    "event 6 (line 8): start date: “{\"value\":2011}” is not a year",
    "event 7 (line 9): start date: “MMXI” is not a year",
    "event 8 (line 10): it ends before it starts",
    "event 9 (line 12): start date: the year 200000000000 is out of range",
    "event 10 (line 13): not an object",
  };

  doc = load_fixture ("timelinejs-partial.json", NULL, NULL, report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpuint (report->n_imported, ==, 3);
  g_assert_cmpuint (report->n_skipped, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (cm_event_store_get_n_events (cm_document_get_store (doc)), ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (expected) && i < report->skipped->len; i++)
    g_assert_cmpstr (report->skipped->pdata[i], ==, expected[i]);
  g_assert_cmpuint (find_title (doc, "Good three (year as 2011.0)"), !=, CM_NONE);
}

typedef struct
{
  const char *fixture;
  int         code;
  const char *message;
} BadFile;

static void
test_malformed_files (void)
{
  const BadFile files[] = {
    { "timelinejs-truncated.json", CM_FORMAT_ERROR_SYNTAX,
      "timelinejs-truncated.json:4:33: The file ends too early (it is truncated)" },
    { "timelinejs-syntax.json", CM_FORMAT_ERROR_SYNTAX, "timelinejs-syntax.json:4:" },
    { "timelinejs-wrong-types.json", CM_FORMAT_ERROR_WRONG_TYPE,
      "timelinejs-wrong-types.json:1:1: “events” must be an array" },
    { "timelinejs-huge-number.json", CM_FORMAT_ERROR_LIMIT,
      "timelinejs-huge-number.json:4:31: The number “123456789012345678901234567890” is too large" },
    { "timelinejs-invalid-utf8.json", CM_FORMAT_ERROR_SYNTAX,
      "timelinejs-invalid-utf8.json:4:33: The file is not valid UTF-8 text" },
    { "timelinejs-missing-year.json", CM_FORMAT_ERROR_BAD_DATE,
      "timelinejs-missing-year.json:3:5: No event could be read (no start year)" },
    { "timelinejs-not-timeline.json", CM_FORMAT_ERROR_UNSUPPORTED,
      "timelinejs-not-timeline.json:1:1: Not a TimelineJS file" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CmDocument) doc = NULL;

      doc = load_fixture (files[i].fixture, timelinejs (), NULL, NULL, &error);
      g_assert_null (doc);
      g_assert_error (error, CM_FORMAT_ERROR, files[i].code);
      /* The name is the file's path, the rest is exact. */
      if (error != NULL && strstr (error->message, files[i].message) == NULL)
        {
          g_test_message ("%s: got “%s”", files[i].fixture, error->message);
          g_test_fail ();
        }
    }
}

static void
test_malformed_data (void)
{
  const struct
  {
    const char *text;
    int         code;
    const char *message;
  } cases[] = {
    { "", CM_FORMAT_ERROR_SYNTAX, "x.json:1:1: The file is empty" },
    { "  \n ", CM_FORMAT_ERROR_SYNTAX, "x.json:1:1: The file is empty" },
    { "[1, 2]", CM_FORMAT_ERROR_UNSUPPORTED, "x.json:1:1: Not a TimelineJS file" },
    { "{\"events\": [], \"title\": 3}", CM_FORMAT_ERROR_WRONG_TYPE, "x.json:1:1: “title” must be an object" },
    { "{\"events\": [{\"start_date\": {\"year\": 1e999}}]}", CM_FORMAT_ERROR_LIMIT, "x.json:1:" },
    { "{\"events\": [{\"start_date\": 2011}]}", CM_FORMAT_ERROR_BAD_DATE, "x.json:1:13: No event could be read" },
    { "{\"events\": [}", CM_FORMAT_ERROR_SYNTAX, "x.json:1:" },
    { "{\"events\": []} x", CM_FORMAT_ERROR_SYNTAX, "x.json:1:" },
    { "{\"events\": [\"\\u0000\"]}", CM_FORMAT_ERROR_SYNTAX, "x.json:1:13: A text contains a NUL character" },
    { "{\"title\": {}, \"events\": [], \"a\": \"\x00\"}", CM_FORMAT_ERROR_SYNTAX, "x.json:1:" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CmDocument) doc = NULL;
      gssize length = (gssize) strlen (cases[i].text);

      /* The NUL case is written with its NUL. */
      if (strstr (cases[i].text, "\"a\": \"") != NULL)
        length += 3;
      doc = load_data (timelinejs (), cases[i].text, length, "x.json", NULL, NULL, &error);
      g_assert_null (doc);
      g_assert_error (error, CM_FORMAT_ERROR, cases[i].code);
      if (error != NULL && !g_str_has_prefix (error->message, cases[i].message))
        {
          g_test_message ("case %u: got “%s”", i, error->message);
          g_test_fail ();
        }
    }
}

static void
test_deep_nesting (void)
{
  g_autoptr(GString) text = g_string_new ("{\"events\": [");
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (text, '[');
  doc = load_data (timelinejs (), text->str, (gssize) text->len, "deep.json", NULL, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "deep.json:1:75: Nested more than 64 levels deep");
}

/* Comments (which the reader accepts) must not hide brackets or quotes
 * from the depth limit, and escapes that decode to bytes that are not
 * UTF-8 must not reach the document. */
static void
test_comments_and_escapes (void)
{
  const char *prefixes[] = {
    "{\"events\": [ /* ] \" */ ",
    "{\"events\": [ // ]]]] \"\n",
    "/* { */ {\"events\": /* \" ] */ [",
  };
  const char *bad_text[] = {
    "{\"title\": {\"text\": {\"headline\": \"\\355\"}}}",
    "{\"title\": {\"text\": {\"headline\": \"\\x41\"}}}",
    "{\"events\": [{\"start_date\": {\"year\": 2011}, \"text\": {\"\\u0000\": \"x\"}}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autoptr(GString) text = g_string_new (prefixes[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(CmDocument) doc = NULL;

      for (guint j = 0; j < 200000; j++)
        g_string_append_c (text, '[');
      doc = load_data (timelinejs (), text->str, (gssize) text->len, "deep.json", NULL, NULL, &error);
      g_assert_null (doc);
      g_assert_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_LIMIT);
      g_assert_true (g_str_has_prefix (error->message, "deep.json:"));
      g_assert_nonnull (strstr (error->message, "Nested more than 64 levels deep"));
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_text); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CmDocument) doc = NULL;

      doc = load_data (timelinejs (), bad_text[i], -1, "bad.json", NULL, NULL, &error);
      g_assert_null (doc);
      g_assert_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_SYNTAX);
      g_assert_true (g_str_has_prefix (error->message, "bad.json:1:"));
    }

  /* Comments themselves are fine. */
  {
    const char *text = "// a timeline\n{\"events\": [ /* first */ {\"start_date\": {\"year\": 2011}}]}";
    g_autoptr(GError) error = NULL;
    g_autoptr(CmDocument) doc = load_data (timelinejs (), text, -1, "ok.json", NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (cm_event_store_get_n_events (cm_document_get_store (doc)), ==, 1);
  }
}

static void
test_too_large (void)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data ("{}", 2, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;

  /* Refused from the announced size, before reading. */
  doc = timelinejs ()->load (&(CmLoadRequest) { .stream = stream, .name = "big.json",
                                                .size = (goffset) 513 * 1024 * 1024 },
                             &error);
  g_assert_null (doc);
  g_assert_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_LIMIT);
  g_assert_true (g_str_has_prefix (error->message, "big.json: The file is larger than "));
}

/* TimelineJS's years before 1 are BCE without a year 0; cosmological
 * years stay as written; an end of empty fields is no end; milliseconds
 * are told about. */
static void
test_years_and_ends (void)
{
  const char *text =
    "{\"events\": ["
    "{\"start_date\": {\"year\": -300}, \"text\": {\"headline\": \"Three hundred BCE\"}},"
    "{\"start_date\": {\"year\": -1, \"month\": 2, \"day\": 29}, \"text\": {\"headline\": \"Leap day of 1 BCE\"}},"
    "{\"start_date\": {\"year\": 1}, \"text\": {\"headline\": \"Year one\"}},"
    "{\"start_date\": {\"year\": -4500000000}, \"text\": {\"headline\": \"Earth\"}},"
    "{\"start_date\": {\"year\": 2011, \"month\": 5, \"day\": 26},"
    " \"end_date\": {\"year\": \"\", \"month\": \"\", \"day\": \"\", \"hour\": \"\", \"minute\": \"\","
    " \"second\": \"\", \"display_date\": \"\"}, \"text\": {\"headline\": \"Empty end\"}},"
    "{\"start_date\": {\"year\": 2011, \"month\": 5, \"day\": 27}, \"end_date\": {},"
    " \"text\": {\"headline\": \"Empty end object\"}},"
    "{\"start_date\": {\"year\": 2011, \"month\": 5, \"day\": 27, \"hour\": 9, \"minute\": 0,"
    " \"second\": 0, \"millisecond\": 250}, \"text\": {\"headline\": \"A quarter second\"}}"
    "]}";
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  g_autoptr(CmDocument) back = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *written = NULL;
  CmEventData data;

  doc = load_data (timelinejs (), text, -1, "years.json", NULL, report, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cm_event_store_get_n_events (cm_document_get_store (doc)), ==, 7);
  g_assert_cmpuint (report->n_skipped, ==, 0);

  get_event (doc, "Three hundred BCE", &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (-299, 1, 1, 0, 0, 0));
  /* 1 BCE is astronomical 0, a leap year. */
  get_event (doc, "Leap day of 1 BCE", &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (0, 2, 29, 0, 0, 0));
  get_event (doc, "Year one", &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (1, 1, 1, 0, 0, 0));
  get_event (doc, "Earth", &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (-4500000000, 1, 1, 0, 0, 0));
  get_event (doc, "Empty end", &data);
  g_assert_cmpint (data.end, ==, CM_TIME_INVALID);
  get_event (doc, "Empty end object", &data);
  g_assert_cmpint (data.end, ==, CM_TIME_INVALID);
  g_assert_cmpuint (report->warnings->len, ==, 1);
  g_assert_nonnull (strstr (report->warnings->pdata[0], "1 time had milliseconds"));

  /* Written back as TimelineJS numbers them. */
  bytes = save_data (timelinejs (), doc);
  written = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_nonnull (strstr (written, "\"year\":-300}"));
  g_assert_nonnull (strstr (written, "\"year\":-1,\"month\":2,\"day\":29"));
  g_assert_nonnull (strstr (written, "\"year\":-4500000000"));
  g_assert_nonnull (strstr (written, "\"millisecond\":250"));
  back = load_data (timelinejs (), written, -1, "again.json", NULL, NULL, &error);
  g_assert_no_error (error);
  get_event (back, "Three hundred BCE", &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (-299, 1, 1, 0, 0, 0));
}

static void
test_title_only (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;

  doc = load_data (timelinejs (), "{\"title\": {\"text\": {\"headline\": \"Only a title\"}}}", -1,
                   "t.json", NULL, NULL, &error);
  /* Nothing to import is an error, as in every format. */
  g_assert_null (doc);
  g_assert_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_MISSING_FIELD);
  g_assert_cmpstr (error->message, ==, "t.json:1:1: The file contains no events");
}

static void
test_html (void)
{
  const struct
  {
    const char *html;
    const char *text;
  } cases[] = {
    { "plain text", "plain text" },
    { "  keeps\nits  lines  ", "keeps\nits  lines" },
    { "<p>One</p><p>Two</p>", "One\n\nTwo" },
    { "a<br>b<br><br>c", "a\nb\n\nc" },
    { "Caf&eacute; &amp; cr&#232;me &lt;br&gt;", "Café & crème <br>" },
    { "<b>bold</b> and <i>italic</i>,   spaced\n out", "bold and italic, spaced out" },
    { "<ul><li>one</li><li>two</li></ul>after", "one\ntwo\n\nafter" },
    { "x<script>alert('no')</script><style>p{}</style>y", "xy" },
    { "<div>a</div><div>b</div>", "a\nb" },
    { "unclosed <b>tag & bare ampersand", "unclosed tag & bare ampersand" },
    { "<pre>  kept\n  spaces</pre>", "kept\n  spaces" },
    { "", "" },
  };
  const char *texts[] = {
    "plain", "a & b < c > d", "line\nbreak", "para one\n\npara two\nwith break", "x\n\n\n\ny",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = _cm_timelinejs_html_to_text (cases[i].html, strlen (cases[i].html));

      g_assert_cmpstr (text, ==, cases[i].text);
    }

  /* Text -> HTML -> the same text. */
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *html = _cm_timelinejs_text_to_html (texts[i]);
      g_autofree char *back = _cm_timelinejs_html_to_text (html, strlen (html));
      g_autofree char *keep = NULL;
      g_autofree char *imported = _cm_timelinejs_html_import (html, strlen (html), &keep);

      if (i == 4)
        g_assert_cmpstr (back, ==, "x\n\ny");
      else
        g_assert_cmpstr (back, ==, texts[i]);
      g_assert_cmpstr (imported, ==, back);
      /* What we write converts back by itself: nothing to keep. */
      g_assert_null (keep);
    }
}

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  g_autoptr(CmDocument) again = NULL;
  g_autoptr(CmDocument) third = NULL;
  g_autoptr(GBytes) first_text = NULL;
  g_autoptr(GBytes) second_text = NULL;

  doc = load_fixture ("timelinejs-full.json", timelinejs (), NULL, NULL, &error);
  g_assert_no_error (error);

  /* TimelineJS -> TimelineJS: nothing lost, and the output is stable. */
  again = reload (timelinejs (), doc, NULL);
  assert_same_documents (doc, again, COMPARE_ALL);
  first_text = save_data (timelinejs (), doc);
  second_text = save_data (timelinejs (), again);
  g_assert_true (g_bytes_equal (first_text, second_text));
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (first_text, NULL), (gssize) g_bytes_get_size (first_text),
                                  "\"scale\": \"cosmological\""));

  /* TimelineJS -> native -> TimelineJS. */
  third = reload (cm_format_by_id ("native"), doc, NULL);
  assert_same_documents (doc, third, COMPARE_ALL);
  g_clear_pointer (&second_text, g_bytes_unref);
  second_text = save_data (timelinejs (), third);
  g_assert_true (g_bytes_equal (first_text, second_text));
}

static void
test_rich_document (void)
{
  g_autoptr(CmDocument) doc = make_rich_document ();
  g_autoptr(CmDocument) again = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *event;
  JsonArray *events;

  /* Chronomap -> TimelineJS -> Chronomap keeps what TimelineJS cannot say
   * in the "chronomap" members. */
  again = reload (timelinejs (), doc, NULL);
  assert_same_documents (doc, again, COMPARE_ALL);

  /* And the file is TimelineJS: events with start dates, text, groups. */
  bytes = save_data (timelinejs (), doc);
  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "scale"), ==, "cosmological");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_object_get_object_member (root, "title"), "text"), "headline"), ==,
                   "Rich &lt;document&gt; &amp; more");
  events = json_object_get_array_member (root, "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 8);
  event = json_array_get_object_element (events, 0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (event, "start_date"), "year"),
                   ==, -13800000000);
  event = json_array_get_object_element (events, 5);
  g_assert_cmpstr (json_object_get_string_member (event, "group"), ==, "Presidential tour");
  /* Local wall time at the event's offset, as TimelineJS shows it. */
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (event, "start_date"), "hour"),
                   ==, 8);
}

static void
test_sniff (void)
{
  const char *timeline = "{\n  \"events\": [ { \"start_date\": { \"year\": 2011 } } ] }";

  g_assert_true (cm_format_detect (timeline, strlen (timeline), "a.json") == timelinejs ());
  g_assert_true (cm_format_detect (timeline, strlen (timeline), NULL) == timelinejs ());
  g_assert_true (cm_format_by_extension ("timeline.JSON") != NULL);
  g_assert_cmpint (timelinejs ()->sniff ("Year,Month", 10, "a.csv"), ==, 0);
  g_assert_cmpint (timelinejs ()->sniff ("{\"chronomap\": 1}", 16, NULL), <, 50);
}

static void
test_cancel (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GString) text = g_string_new ("{\"events\": [");
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;

  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (text, "%s{\"start_date\": {\"year\": %u}}", i > 0 ? "," : "", 1000 + i);
  g_string_append (text, "]}");
  stream = g_memory_input_stream_new_from_data (text->str, (gssize) text->len, NULL);
  g_cancellable_cancel (cancellable);
  doc = timelinejs ()->load (&(CmLoadRequest) { .stream = stream, .name = "c.json",
                                                .size = (goffset) text->len,
                                                .cancellable = cancellable },
                             &error);
  g_assert_null (doc);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  cm_test_init (&argc, &argv);

  g_test_add_func ("/io/timelinejs/load-full", test_load_full);
  g_test_add_func ("/io/timelinejs/partial", test_partial);
  g_test_add_func ("/io/timelinejs/malformed-files", test_malformed_files);
  g_test_add_func ("/io/timelinejs/malformed-data", test_malformed_data);
  g_test_add_func ("/io/timelinejs/deep-nesting", test_deep_nesting);
  g_test_add_func ("/io/timelinejs/comments-and-escapes", test_comments_and_escapes);
  g_test_add_func ("/io/timelinejs/too-large", test_too_large);
  g_test_add_func ("/io/timelinejs/title-only", test_title_only);
  g_test_add_func ("/io/timelinejs/years-and-ends", test_years_and_ends);
  g_test_add_func ("/io/timelinejs/html", test_html);
  g_test_add_func ("/io/timelinejs/round-trip", test_round_trip);
  g_test_add_func ("/io/timelinejs/rich-document", test_rich_document);
  g_test_add_func ("/io/timelinejs/sniff", test_sniff);
  g_test_add_func ("/io/timelinejs/cancel", test_cancel);

  return g_test_run ();
}
