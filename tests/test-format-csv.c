/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-core.h"
#include "cm-csv.h"
#include "cm-format.h"
#include "cm-properties.h"
#include "format-tests.h"

static const CmFormat *
csv (void)
{
  return cm_format_by_id ("csv");
}

static const char *
name_of_category (CmDocument        *doc,
                  const CmEventData *data)
{
  return data->category == CM_NONE ? NULL : cm_document_get_category (doc, data->category)->name;
}

static const char *
name_of_group (CmDocument        *doc,
               const CmEventData *data)
{
  return data->group == CM_NONE ? NULL : cm_document_get_group (doc, data->group)->name;
}

static void
assert_extra (const char *extras,
              const char *key,
              const char *expected)
{
  g_autofree char *value = cm_properties_get (extras, key);

  g_assert_cmpstr (value, ==, expected);
}

static void
assert_skipped (CmImportReport     *report,
                const char * const *expected,
                guint               n_expected)
{
  g_assert_cmpuint (report->n_skipped, ==, n_expected);
  for (guint i = 0; i < n_expected && i < report->skipped->len; i++)
    g_assert_cmpstr (report->skipped->pdata[i], ==, expected[i]);
}

static void
test_template (void)
{
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  g_autofree char *eras = NULL;
  g_autofree char *media = NULL;
  const char * const skipped[] = {
    "line 10: “13” is not a month",
    "line 11: no year",
    "line 12: “25:00” is not a time of day",
  };
  CmEventData data;

  doc = load_fixture ("csv-timelinejs-template.csv", NULL, NULL, report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpuint (report->n_imported, ==, 6);
  assert_skipped (report, skipped, G_N_ELEMENTS (skipped));

  /* The "title" row is the document, the "era" row an era. */
  g_assert_cmpstr (cm_document_get_title (doc), ==, "Deauville & beyond");
  g_assert_cmpstr (cm_document_get_description (doc), ==, "The G8 summit week, May 2011.");
  media = cm_document_dup_extra (doc, "title_media_url");
  g_assert_cmpstr (media, ==, "https://example.org/title.jpg");
  eras = cm_document_dup_extra (doc, "eras");
  g_assert_cmpstr (eras, ==, "[{\"start_date\":{\"year\":2011,\"month\":5,\"day\":23},"
                   "\"end_date\":{\"year\":2011,\"month\":5,\"day\":28},"
                   "\"text\":{\"headline\":\"Tour week\"}}]");

  get_event (doc, "Big Bang", &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (-13800000000, 1, 1, 0, 0, 0));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_BILLION_YEARS);
  g_assert_cmpstr (name_of_group (doc, &data), ==, "Deep time");

  /* The template's -44 is 44 BC: the astronomical year -43. */
  get_event (doc, "Ides of March", &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (-43, 3, 15, 0, 0, 0));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_DAY);
  g_assert_cmpstr (data.description, ==, "Caesar is killed; \"Et tu, Brute?\"");
  assert_extra (data.extras, "display_date", "15 March 44 BC");

  get_event (doc, "The year 2011", &data);
  g_assert_cmpint (data.precision, ==, CM_PRECISION_YEAR);
  get_event (doc, "May 2011", &data);
  g_assert_cmpint (data.precision, ==, CM_PRECISION_MONTH);
  g_assert_cmpstr (data.description, ==, "Line one\nline two");

  /* "1:00 PM", seconds in the end time, HTML turned into text. */
  get_event (doc, "G8 summit opens", &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 26, 13, 0, 0));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_MINUTE);
  g_assert_cmpint (data.end, ==, cm_time_from_civil (2011, 5, 27, 16, 30, 5));
  g_assert_cmpint (data.end_precision, ==, CM_PRECISION_SECOND);
  g_assert_cmpstr (data.description, ==, "Leaders meet in Deauville.");
  assert_extra (data.extras, "headline_html", "G8 summit <em>opens</em>");
  assert_extra (data.extras, "media_url", "https://example.org/g8.jpg");
  assert_extra (data.extras, "media_credit", "Élysée");
  assert_extra (data.extras, "media_caption", "Leaders");
  assert_extra (data.extras, "media_thumbnail", "https://example.org/g8-small.jpg");
  assert_extra (data.extras, "background_url", "https://example.org/beach.jpg");
  g_assert_cmpstr (name_of_group (doc, &data), ==, "Summit");

  get_event (doc, "Moneygall", &data);
  assert_extra (data.extras, "background_color", "#00ff00");
}

static void
test_generic_guessed (void)
{
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  const char * const skipped[] = {
    "line 6: “2011-13-01” is not a date",
    "line 7: no date",
    "line 8: “95” is not a latitude",
  };
  CmEventData data;

  /* French headers, ";" and decimal commas, a BOM, CR LF line ends. */
  doc = load_fixture ("csv-generic-fr.csv", NULL, NULL, report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpuint (report->n_imported, ==, 4);
  assert_skipped (report, skipped, G_N_ELEMENTS (skipped));

  get_event (doc, "Sommet du G8", &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 26, 0, 0, 0));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_DAY);
  g_assert_cmpstr (data.place, ==, "Deauville");
  g_assert_cmpfloat (data.lat, ==, 49.3578);
  g_assert_cmpfloat (data.lon, ==, 0.0689);
  g_assert_cmpstr (name_of_category (doc, &data), ==, "Sommet");
  g_assert_cmpstr (data.description, ==, "Ouverture du sommet");

  get_event (doc, "Conférence de presse", &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 27, 11, 0, 0));
  g_assert_cmpint (data.utc_offset, ==, 120);
  g_assert_cmpint (data.precision, ==, CM_PRECISION_MINUTE);

  get_event (doc, "Le mois de mai", &data);
  g_assert_cmpint (data.precision, ==, CM_PRECISION_MONTH);

  get_event (doc, "Mort de César", &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (-43, 1, 1, 0, 0, 0));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_YEAR);
  g_assert_cmpstr (data.description, ==, "Assassinat; Ides de mars");
}

static void
test_generic_mapping (void)
{
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  CmCsvMapping mapping = { -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, '\t', CM_CSV_DATE_ORDER_AUTO };
  CmEventData data;

  /* The user's choice: "Notes" as the place, no description, no group. */
  mapping.start = 0;
  mapping.end = 1;
  mapping.title = 2;
  mapping.latitude = 3;
  mapping.longitude = 4;
  mapping.place = 6;
  doc = load_fixture ("csv-generic.tsv", cm_format_by_id ("csv"), &mapping, report, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_imported, ==, 3);
  g_assert_cmpuint (report->n_skipped, ==, 0);

  get_event (doc, "European tour", &data);
  g_assert_cmpint (data.end, ==, cm_time_from_civil (2011, 5, 28, 0, 0, 0));
  g_assert_cmpstr (data.place, ==, "Four nations");
  g_assert_cmpuint (data.group, ==, CM_NONE);
  g_assert_true (isnan (data.lat));
  /* Columns the mapping leaves out are kept under their names. */
  assert_extra (data.extras, "Group", "Tour");
  assert_extra (data.extras, "Source", "White House");

  get_event (doc, "London", &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 24, 10, 30, 0));
  g_assert_cmpfloat (data.lon, ==, -0.1276);
}

static void
test_guess_mapping (void)
{
  const char * const english[] = { "ID", "Start Date", "End_Date", "Headline", "Lat", "Lng",
                                    "Location", "Type", "Group", "Text", "Other" };
  const char * const french[] = { "Titre", "Date de début", "Date de fin", "Lieu", "LATITUDE",
                                  "Longitude", "Catégorie", "Groupe", "Résumé" };
  const char * const loose[] = { "when", "what", "Event date", "long", "lat" };
  const char * const none[] = { "a", "b" };
  CmCsvMapping m = { 0 };

  m.separator = ';';
  cm_csv_guess_mapping (english, G_N_ELEMENTS (english), &m);
  g_assert_cmpint (m.start, ==, 1);
  g_assert_cmpint (m.end, ==, 2);
  g_assert_cmpint (m.title, ==, 3);
  g_assert_cmpint (m.latitude, ==, 4);
  g_assert_cmpint (m.longitude, ==, 5);
  g_assert_cmpint (m.place, ==, 6);
  g_assert_cmpint (m.category, ==, 7);
  g_assert_cmpint (m.group, ==, 8);
  g_assert_cmpint (m.description, ==, 9);
  g_assert_cmpint (m.separator, ==, ';');

  cm_csv_guess_mapping (french, G_N_ELEMENTS (french), &m);
  g_assert_cmpint (m.title, ==, 0);
  g_assert_cmpint (m.start, ==, 1);
  g_assert_cmpint (m.end, ==, 2);
  g_assert_cmpint (m.place, ==, 3);
  g_assert_cmpint (m.latitude, ==, 4);
  g_assert_cmpint (m.longitude, ==, 5);
  g_assert_cmpint (m.category, ==, 6);
  g_assert_cmpint (m.group, ==, 7);
  g_assert_cmpint (m.description, ==, 8);

  cm_csv_guess_mapping (loose, G_N_ELEMENTS (loose), &m);
  g_assert_cmpint (m.start, ==, 0);
  g_assert_cmpint (m.title, ==, -1);
  g_assert_cmpint (m.longitude, ==, 3);
  g_assert_cmpint (m.latitude, ==, 4);
  g_assert_cmpint (m.end, ==, -1);

  cm_csv_guess_mapping (none, G_N_ELEMENTS (none), &m);
  g_assert_cmpint (m.start, ==, -1);
  g_assert_cmpint (m.title, ==, -1);
  cm_csv_guess_mapping (NULL, 0, &m);
  g_assert_cmpint (m.start, ==, -1);
}

static void
test_helpers (void)
{
  const char *template = "Year,Month,Day,Time,Headline,Text\n2011,5,26,,x,y\n";
  const char *template_semicolons = "\xef\xbb\xbf\"year\";\"month\";\"day\"\r\n";
  const char *generic = "date\ttitle\tplace\n2011\tx\ty\n\"a\nb\"\tc\td\n";
  g_autoptr(GPtrArray) rows = NULL;
  char separator = 0;
  char **row;

  g_assert_true (cm_csv_is_timelinejs_template (template, strlen (template)));
  g_assert_true (cm_csv_is_timelinejs_template (template_semicolons, strlen (template_semicolons)));
  g_assert_false (cm_csv_is_timelinejs_template (generic, strlen (generic)));
  g_assert_false (cm_csv_is_timelinejs_template ("", 0));

  g_assert_cmpint (cm_csv_detect_separator ("a,b;c", 5), ==, ',');
  g_assert_cmpint (cm_csv_detect_separator ("a;b;c,d", 7), ==, ';');
  g_assert_cmpint (cm_csv_detect_separator ("a\tb\tc", 5), ==, '\t');
  g_assert_cmpint (cm_csv_detect_separator ("\"a;b;c\",d\n;;;", 13), ==, ',');
  g_assert_cmpint (cm_csv_detect_separator ("abc", 3), ==, ',');

  rows = cm_csv_preview (generic, strlen (generic), 10, 2, &separator);
  g_assert_cmpint (separator, ==, '\t');
  g_assert_cmpuint (rows->len, ==, 3);
  row = rows->pdata[2];
  g_assert_cmpuint (g_strv_length (row), ==, 2);
  g_assert_cmpstr (row[0], ==, "a\nb");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* A record cut by the end of the data is dropped, unless alone. */
  rows = cm_csv_preview ("a,b\nc,\"d", 8, 10, 10, NULL);
  g_assert_cmpuint (rows->len, ==, 1);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = cm_csv_preview ("a,b", 3, 10, 10, NULL);
  g_assert_cmpuint (rows->len, ==, 1);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = cm_csv_preview ("h\n\xff\xfe,x\n", 7, 10, 10, NULL);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_true (g_utf8_validate (((char **) rows->pdata[1])[0], -1, NULL));

  g_assert_true (cm_format_detect (template, strlen (template), "t.txt") == csv ());
  g_assert_true (cm_format_detect (generic, strlen (generic), "t.tsv") == csv ());
  g_assert_true (cm_format_by_extension ("x.TSV") == csv ());
  g_assert_cmpint (csv ()->sniff ("{\"events\": []}", 14, "x.csv"), ==, 0);
}

static void
test_errors (void)
{
  const struct
  {
    const char *text;
    gssize      length;
    int         code;
    const char *message;
  } cases[] = {
    { "", 0, CM_FORMAT_ERROR_SYNTAX, "x.csv:1:1: The file is empty" },
    { "\n\n,,\n", -1, CM_FORMAT_ERROR_SYNTAX, "x.csv:1:1: The file is empty" },
    { "a,b\n1,2\n", -1, CM_FORMAT_ERROR_MISSING_FIELD, "x.csv:1:1: No column holds the dates" },
    { "\n\nDate,Title\nnot a date,x\n", -1, CM_FORMAT_ERROR_BAD_DATE,
      "x.csv:4:1: No event could be read (“not a date” is not a date)" },
    { "Date,Title\n2011,caf\xc3", -1, CM_FORMAT_ERROR_SYNTAX, "x.csv:2:9: The file is not valid UTF-8 text" },
    { "Date,Title\n\"2011\n\",\xff", -1, CM_FORMAT_ERROR_SYNTAX, "x.csv:3:3: The file is not valid UTF-8 text" },
    { "Date,Title\r\n2011,a\0b\r\n", 20, CM_FORMAT_ERROR_SYNTAX, "x.csv:2:7: The file contains a NUL byte" },
    { "Year,Headline\n2011,x\n\xc3\x28", -1, CM_FORMAT_ERROR_SYNTAX, "x.csv:3:1: The file is not valid UTF-8 text" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CmDocument) doc = NULL;

      doc = load_data (csv (), cases[i].text, cases[i].length, "x.csv", NULL, NULL, &error);
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
test_invalid_utf8_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;

  doc = load_fixture ("csv-invalid-utf8.csv", NULL, NULL, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_SYNTAX);
  g_assert_true (g_str_has_suffix (error->message, "csv-invalid-utf8.csv:3:15: The file is not valid UTF-8 text"));
}

/* A file whose every row is skipped is an error that names the file, the
 * line of the first row skipped and why. */
static void
test_all_skipped_file (void)
{
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;

  doc = load_fixture ("csv-all-skipped.csv", NULL, NULL, report, &error);
  g_assert_null (doc);
  g_assert_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_BAD_DATE);
  g_assert_nonnull (strstr (error->message, "csv-all-skipped.csv:2:1: No event could be read (“soon” is not a date)"));
  g_assert_cmpuint (report->n_skipped, ==, 2);
}

/* A bad byte far into the file, in a later reading chunk after quoted
 * line breaks and multi-byte characters: its line and column are right. */
static void
test_invalid_utf8_late (void)
{
  g_autoptr(GString) text = g_string_new ("Date,Title,Text\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  g_autofree char *expected = NULL;
  guint line = 2;

  while (text->len < 700000)
    {
      g_string_append (text, "2011-05-01,Été,\"deux\nlignes\"\n");
      line += 2;
    }
  g_string_append (text, "2011-05-02,Là,ab\xe9\n");
  doc = load_data (csv (), text->str, (gssize) text->len, "late.csv", NULL, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_SYNTAX);
  expected = g_strdup_printf ("late.csv:%u:17: The file is not valid UTF-8 text", line);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_limits (void)
{
  g_autoptr(GString) text = g_string_new ("Date,Title\n2011,\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;

  /* A field over 1 MB (an unclosed quote eating the file). */
  for (guint i = 0; i < 300000; i++)
    g_string_append (text, "abcdefgh");
  doc = load_data (csv (), text->str, (gssize) text->len, "big.csv", NULL, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_LIMIT);
  g_assert_true (g_str_has_prefix (error->message, "big.csv:2:1: A field is longer than 1 MB"));
  g_clear_error (&error);

  /* Too many columns. */
  g_string_assign (text, "Date");
  for (guint i = 0; i < 2000; i++)
    g_string_append (text, ",x");
  doc = load_data (csv (), text->str, (gssize) text->len, "wide.csv", NULL, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, CM_FORMAT_ERROR, CM_FORMAT_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "wide.csv:1:1: More than 1024 columns");
}

/* Multi-byte characters across the reading chunks (at three offsets), and
 * line numbers that stay right far into a file with quoted line breaks. */
static void
test_chunks (void)
{
  for (guint shift = 0; shift < 3; shift++)
    {
      g_autoptr(CmImportReport) report = cm_import_report_new ();
      g_autoptr(GString) text = g_string_new ("Date,Title,Text\n");
      g_autoptr(GError) error = NULL;
      g_autoptr(CmDocument) doc = NULL;
      g_autofree char *expected = NULL;
      guint line = 2, rows = 0;

      g_string_append_printf (text, "2011-01-01,%.*s,pad\n", (int) shift + 1, "xyz");
      line++;
      while (text->len < 600000)
        {
          g_string_append_printf (text, "2011-05-%02u,Événement %u,\"deux\nlignes é\"\n", rows % 28 + 1, rows);
          line += 2;
          rows++;
        }
      g_string_append (text, "2011-05-40,Bad,x\n");
      g_string_append (text, "2011-05-01,Last,\xc3\xa9\xc3\xa9\xc3\xa9\n");

      doc = load_data (csv (), text->str, (gssize) text->len, "chunks.csv", NULL, report, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (report->n_imported, ==, rows + 2);
      g_assert_cmpuint (report->n_skipped, ==, 1);
      expected = g_strdup_printf ("line %u: “2011-05-40” is not a date", line);
      if (report->skipped->len > 0)
        g_assert_cmpstr (report->skipped->pdata[0], ==, expected);
    }
}

/* Dates other than ISO: year first with "/" or ".", day and month as
 * numbers in the order the column's values decide (here "26.10.2012":
 * day first, which also decides "03/04/2012" read before it), month
 * names, a time after a space. */
static void
test_date_forms (void)
{
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  const char * const skipped[] = {
    "line 13: “10/24/2012” is not a date",
    "line 14: “31/02/2012” is not a date",
  };
  const struct
  {
    const char *title;
    int         month, day, hour, minute, second;
    CmPrecision precision;
  } expected[] = {
    { "Ambiguous first", 4, 3, 0, 0, 0, CM_PRECISION_DAY },
    { "Year first with slashes", 10, 24, 0, 0, 0, CM_PRECISION_DAY },
    { "Year first with dots", 10, 25, 0, 0, 0, CM_PRECISION_DAY },
    { "Day first with dots", 10, 26, 0, 0, 0, CM_PRECISION_DAY },
    { "Day and month name", 10, 27, 0, 0, 0, CM_PRECISION_DAY },
    { "Month name first", 10, 28, 0, 0, 0, CM_PRECISION_DAY },
    { "Month name without comma", 10, 29, 0, 0, 0, CM_PRECISION_DAY },
    { "ISO with a space", 10, 30, 13, 45, 0, CM_PRECISION_MINUTE },
    { "Day first with a time", 10, 31, 8, 15, 30, CM_PRECISION_SECOND },
    { "With the weekday", 11, 1, 0, 0, 0, CM_PRECISION_DAY },
    { "Dashes and a month name", 11, 2, 0, 0, 0, CM_PRECISION_DAY },
  };

  doc = load_fixture ("csv-dates-day-first.csv", NULL, NULL, report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpuint (report->n_imported, ==, G_N_ELEMENTS (expected));
  assert_skipped (report, skipped, G_N_ELEMENTS (skipped));

  for (guint i = 0; doc != NULL && i < G_N_ELEMENTS (expected); i++)
    {
      CmEventData data;

      g_test_message ("%s", expected[i].title);
      get_event (doc, expected[i].title, &data);
      g_assert_cmpint (data.start, ==, cm_time_from_civil (2012, expected[i].month, expected[i].day,
                                                           expected[i].hour, expected[i].minute,
                                                           expected[i].second));
      g_assert_cmpint (data.precision, ==, expected[i].precision);
      g_assert_cmpint (data.utc_offset, ==, CM_UTC_OFFSET_NONE);
    }
}

/* A value such as 12/25/2012 makes the column month first, for the rows
 * before it too, and for the end column. */
static void
test_date_month_first (void)
{
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  CmEventData data;

  doc = load_fixture ("csv-dates-month-first.csv", NULL, NULL, report, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_imported, ==, 2);
  g_assert_cmpuint (report->n_skipped, ==, 0);

  get_event (doc, "Ambiguous span", &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2012, 3, 4, 0, 0, 0));
  g_assert_cmpint (data.end, ==, cm_time_from_civil (2012, 3, 5, 0, 0, 0));
  get_event (doc, "Christmas evening", &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2012, 12, 25, 18, 30, 0));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_MINUTE);
}

/* When every value fits both orders only the user can tell: the mapping's
 * order is used, and cm_csv_dates_are_ambiguous() says to ask. */
static void
test_date_order_ambiguous (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "csv-dates-ambiguous.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *decided = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) decided_rows = NULL;
  const struct
  {
    int order;
    int month, day;
  } cases[] = {
    { CM_CSV_DATE_ORDER_DAY_FIRST, 2, 1 },
    { CM_CSV_DATE_ORDER_MONTH_FIRST, 1, 2 },
  };
  CmCsvMapping mapping;
  gsize length;
  char **header;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  rows = cm_csv_preview (contents, length, 100, 64, &mapping.separator);
  header = rows->pdata[0];
  cm_csv_guess_mapping ((const char * const *) header, g_strv_length (header), &mapping);
  g_assert_cmpint (mapping.date_order, ==, CM_CSV_DATE_ORDER_AUTO);
  g_assert_true (cm_csv_dates_are_ambiguous (rows, &mapping));

  g_clear_pointer (&path, g_free);
  path = g_test_build_filename (G_TEST_DIST, "data", "csv-dates-day-first.csv", NULL);
  g_assert_true (g_file_get_contents (path, &decided, &length, NULL));
  decided_rows = cm_csv_preview (decided, length, 100, 64, NULL);
  g_assert_false (cm_csv_dates_are_ambiguous (decided_rows, &mapping));
  /* No column of dates, nothing to ask. */
  mapping.start = -1;
  g_assert_false (cm_csv_dates_are_ambiguous (rows, &mapping));
  mapping.start = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CmDocument) doc = NULL;
      CmEventData data;

      mapping.date_order = cases[i].order;
      doc = load_fixture ("csv-dates-ambiguous.csv", csv (), &mapping, NULL, &error);
      g_assert_no_error (error);
      get_event (doc, "First", &data);
      g_assert_cmpint (data.start, ==, cm_time_from_civil (2012, cases[i].month, cases[i].day, 0, 0, 0));
    }

  /* Without a choice the file is still read, in one order for all rows. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CmDocument) doc = NULL;
    CmEventData first, second;
    CmCivil a, b;

    doc = load_fixture ("csv-dates-ambiguous.csv", NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    get_event (doc, "First", &first);
    get_event (doc, "Second", &second);
    cm_time_to_civil (first.start, CM_UTC_OFFSET_NONE, &a);
    cm_time_to_civil (second.start, CM_UTC_OFFSET_NONE, &b);
    g_assert_true ((a.day == 1 && b.day == 3) || (a.day == 2 && b.day == 4));
  }
}

/* gpsbabel's unicsv: a Date column and a Time column. */
static void
test_time_column (void)
{
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  const char * const skipped[] = {
    "line 7: “25:61” is not a time of day",
    "line 8: “2011-05-23T10:00” already has a time of day",
  };
  CmEventData data;

  doc = load_fixture ("csv-unicsv-date-time.csv", NULL, NULL, report, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_imported, ==, 5);
  assert_skipped (report, skipped, G_N_ELEMENTS (skipped));

  get_event (doc, "Deauville", &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 26, 13, 45, 10));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_SECOND);
  g_assert_cmpint (data.utc_offset, ==, CM_UTC_OFFSET_NONE);
  g_assert_cmpfloat (data.lat, ==, 49.3578);
  assert_extra (data.extras, "Altitude", "5.0");

  get_event (doc, "Paris", &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 27, 9, 30, 0));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_MINUTE);

  get_event (doc, "London", &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 24, 10, 0, 0));
  g_assert_cmpint (data.utc_offset, ==, 0);

  get_event (doc, "Warsaw", &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 28, 6, 15, 0));
  g_assert_cmpint (data.utc_offset, ==, 120);
  g_assert_cmpint (data.precision, ==, CM_PRECISION_SECOND);

  get_event (doc, "Dublin", &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (2011, 5, 23, 0, 0, 0));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_DAY);
}

static void
test_guess_time (void)
{
  const char * const unicsv[] = { "No", "Latitude", "Longitude", "Name", "Altitude", "Date", "Time" };
  const char * const time_only[] = { "Time", "Title" };
  const char * const french[] = { "Date", "Heure", "Titre" };
  CmCsvMapping m;

  cm_csv_guess_mapping (unicsv, G_N_ELEMENTS (unicsv), &m);
  g_assert_cmpint (m.start, ==, 5);
  g_assert_cmpint (m.time, ==, 6);
  g_assert_cmpint (m.title, ==, 3);
  cm_csv_guess_mapping (time_only, G_N_ELEMENTS (time_only), &m);
  g_assert_cmpint (m.start, ==, 0);
  g_assert_cmpint (m.time, ==, -1);
  cm_csv_guess_mapping (french, G_N_ELEMENTS (french), &m);
  g_assert_cmpint (m.start, ==, 0);
  g_assert_cmpint (m.time, ==, 1);
}

/* Columns a generic table may have, found by their names: how the
 * category is drawn, whether a group is an itinerary, what is
 * approximate. */
static void
test_generic_extra_columns (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  const CmCategory *category;
  CmEventData data;

  doc = load_fixture ("csv-approximate-colors.csv", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);

  get_event (doc, "Dublin", &data);
  g_assert_cmpint (data.flags, ==, CM_EVENT_START_APPROXIMATE | CM_EVENT_COORDINATES_APPROXIMATE);
  g_assert_cmpuint (data.category, !=, CM_NONE);
  category = cm_document_get_category (doc, data.category);
  g_assert_cmpstr (category->name, ==, "Stage");
  g_assert_cmpfloat_with_epsilon (category->red, 0x35 / 255.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (category->green, 0x84 / 255.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (category->blue, 0xe4 / 255.0, 1e-9);
  g_assert_cmpuint (data.group, !=, CM_NONE);
  g_assert_cmpint (cm_document_get_group (doc, data.group)->kind, ==, CM_GROUP_ITINERARY);
  /* The columns are read, not kept as extras. */
  assert_extra (data.extras, "Category_Color", NULL);
  assert_extra (data.extras, "Approximate", NULL);

  get_event (doc, "London", &data);
  g_assert_cmpint (data.flags, ==, CM_EVENT_START_APPROXIMATE);
  get_event (doc, "Moneygall", &data);
  g_assert_cmpint (data.flags, ==, CM_EVENT_END_APPROXIMATE);
  g_assert_cmpint (cm_document_get_group (doc, data.group)->kind, ==, CM_GROUP_LANE);
  category = cm_document_get_category (doc, data.category);
  g_assert_cmpfloat_with_epsilon (category->red, 0xe0 / 255.0, 1e-9);
  /* What is not understood stays as it was written. */
  get_event (doc, "Deauville", &data);
  g_assert_cmpint (data.flags, ==, 0);
  assert_extra (data.extras, "Approximate", "maybe");
}

/* The same columns in the template, where Chronomap writes them: a value
 * that says nothing known skips the row; a bad colour or kind is left out. */
static void
test_template_extra_columns (void)
{
  const char *text =
    "Year,Month,Day,Headline,Group,Category,Approximate,Category Color,Group Kind\r\n"
    "2011,5,23,Dublin,Tour,Stage,start coordinates,#3584e4,itinerary\r\n"
    "2011,5,24,London,Lane,Visit,,#zzz,nonsense\r\n"
    "2011,5,25,Moneygall,Tour,Stage,bogus,,\r\n";
  const char * const skipped[] = { "line 4: “bogus” does not say what is approximate" };
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  CmEventData data;

  doc = load_data (csv (), text, -1, "extra.csv", NULL, report, &error);
  g_assert_no_error (error);
  assert_skipped (report, skipped, G_N_ELEMENTS (skipped));

  get_event (doc, "Dublin", &data);
  g_assert_cmpint (data.flags, ==, CM_EVENT_START_APPROXIMATE | CM_EVENT_COORDINATES_APPROXIMATE);
  g_assert_cmpint (cm_document_get_group (doc, data.group)->kind, ==, CM_GROUP_ITINERARY);
  g_assert_cmpfloat_with_epsilon (cm_document_get_category (doc, data.category)->blue, 0xe4 / 255.0, 1e-9);
  get_event (doc, "London", &data);
  g_assert_cmpint (data.flags, ==, 0);
  g_assert_cmpint (cm_document_get_group (doc, data.group)->kind, ==, CM_GROUP_LANE);
  g_assert_cmpuint (data.category, !=, CM_NONE);
}

/* Categories and groups of two documents, by name: colour and kind. */
static void
assert_same_categories_and_groups (CmDocument *a,
                                   CmDocument *b)
{
  CmEventStore *sa = cm_document_get_store (a);
  CmEventStore *sb = cm_document_get_store (b);

  for (guint i = 0; i < cm_event_store_get_n_events (sa) && i < cm_event_store_get_n_events (sb); i++)
    {
      CmEventData da, db;

      cm_event_store_get_data (sa, i, &da);
      cm_event_store_get_data (sb, i, &db);
      g_assert_cmpint (da.category == CM_NONE, ==, db.category == CM_NONE);
      if (da.category != CM_NONE && db.category != CM_NONE)
        {
          const CmCategory *ca = cm_document_get_category (a, da.category);
          const CmCategory *cb = cm_document_get_category (b, db.category);

          g_assert_cmpstr (ca->name, ==, cb->name);
          g_assert_cmpfloat_with_epsilon (ca->red, cb->red, 1e-9);
          g_assert_cmpfloat_with_epsilon (ca->green, cb->green, 1e-9);
          g_assert_cmpfloat_with_epsilon (ca->blue, cb->blue, 1e-9);
        }
      g_assert_cmpint (da.group == CM_NONE, ==, db.group == CM_NONE);
      if (da.group != CM_NONE && db.group != CM_NONE)
        {
          const CmGroup *ga = cm_document_get_group (a, da.group);
          const CmGroup *gb = cm_document_get_group (b, db.group);

          g_assert_cmpstr (ga->name, ==, gb->name);
          g_assert_cmpint (ga->kind, ==, gb->kind);
        }
    }
}

/* The bundled dataset, native -> CSV -> native: everything the CSV holds
 * (all but category and group ids) comes back, field by field. */
static void
test_round_trip_dataset (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "deauville-2011.chronomap", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  g_autoptr(CmDocument) again = NULL;
  g_autoptr(CmDocument) native = NULL;
  guint n_flagged = 0;

  doc = cm_format_load_file (file, cm_format_by_id ("native"), NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);

  again = reload (csv (), doc, NULL);
  native = reload (cm_format_by_id ("native"), again, NULL);
  assert_same_documents (doc, native, COMPARE_NO_TABLES);
  assert_same_categories_and_groups (doc, native);

  /* The dataset does use what used to be lost. */
  for (guint i = 0; i < cm_event_store_get_n_events (cm_document_get_store (doc)); i++)
    {
      CmEventData data;

      cm_event_store_get_data (cm_document_get_store (doc), i, &data);
      n_flagged += data.flags != 0;
    }
  g_assert_cmpuint (n_flagged, >, 0);
}

static void
test_round_trip_rich (void)
{
  g_autoptr(CmDocument) doc = make_rich_document ();
  g_autoptr(CmDocument) again = NULL;
  g_autoptr(CmDocument) third = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;

  /* Everything the template and Chronomap's columns hold comes back,
   * flags, colours and group kinds too; category and group ids and
   * foreign extras have no column. */
  again = reload (csv (), doc, NULL);
  assert_same_documents (doc, again, COMPARE_NO_TABLES | COMPARE_NO_EXTRAS);
  assert_same_categories_and_groups (doc, again);

  /* From then on the file is stable. */
  third = reload (csv (), again, NULL);
  assert_same_documents (again, third, COMPARE_ALL);
  first = save_data (csv (), again);
  second = save_data (csv (), third);
  g_assert_true (g_bytes_equal (first, second));
}

static void
test_round_trip_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  g_autoptr(CmDocument) again = NULL;
  g_autoptr(CmDocument) json = NULL;
  g_autoptr(CmDocument) back = NULL;

  doc = load_fixture ("csv-timelinejs-template.csv", NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  /* Rows are written in time order, which gives lanes in another order. */
  again = reload (csv (), doc, NULL);
  assert_same_documents (doc, again, COMPARE_NO_TABLES);

  /* Spreadsheet -> TimelineJS JSON -> spreadsheet: media, eras, title. */
  json = reload (cm_format_by_id ("timelinejs"), doc, NULL);
  assert_same_documents (doc, json, COMPARE_ALL);
  back = reload (csv (), json, NULL);
  assert_same_documents (doc, back, COMPARE_NO_TABLES);
}

/* A year alone reads as billions of years when large; a file may still say
 * it is precise to the year (found by fuzzing). */
static void
test_deep_year_precision (void)
{
  const char *formats[] = { "csv", "timelinejs", "native" };
  g_autoptr(CmDocument) doc = cm_document_new ();
  CmEventStore *store = cm_document_get_store (doc);
  CmEventData data;

  cm_event_data_init (&data);
  data.title = "Big Bang, to the year";
  data.start = cm_time_from_civil (-13800000000, 1, 1, 0, 0, 0);
  data.precision = CM_PRECISION_YEAR;
  cm_event_store_insert (store, &data);
  data.title = "Dinosaurs, by the decade";
  data.start = cm_time_from_civil (-66000000, 1, 1, 0, 0, 0);
  data.precision = CM_PRECISION_DECADE;
  cm_event_store_insert (store, &data);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(CmDocument) again = reload (cm_format_by_id (formats[i]), doc, NULL);

      assert_same_documents (doc, again, COMPARE_ALL);
    }
}

static void
test_quoting (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  g_autoptr(CmDocument) again = NULL;
  g_autoptr(GBytes) bytes = NULL;
  CmEventStore *store = cm_document_get_store (doc);
  const char *titles[] = {
    "comma, inside", "\"quoted\"", "  leading and trailing  ", "multi\nline", "semi;colon",
    "tab\there", "=1+2", "Élysée — 東京",
  };

  cm_event_store_begin_bulk (store, G_N_ELEMENTS (titles));
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      CmEventData data;

      cm_event_data_init (&data);
      data.title = titles[i];
      data.place = titles[i];
      data.start = cm_time_from_civil (2000 + i, 1, 1, 0, 0, 0);
      data.precision = CM_PRECISION_YEAR;
      cm_event_store_add (store, &data);
    }
  cm_event_store_end_bulk (store);

  again = reload (csv (), doc, NULL);
  /* Fields are read trimmed: spaces at the ends go. */
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (titles[i]));
      CmEventData data;

      cm_event_store_get_data (cm_document_get_store (again), i, &data);
      g_assert_cmpstr (data.place, ==, trimmed);
      g_assert_cmpstr (data.title, ==, trimmed);
    }

  bytes = save_data (csv (), doc);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes),
                                  "\"\"\"quoted\"\"\""));
}

/* TimelineJS counts years before 1 as BCE: its Year -300 is 300 BCE, the
 * astronomical year -299, and is written back as -300. */
static void
test_timelinejs_bce_year (void)
{
  const char *text = "Year,Month,Day,Time,Headline\r\n-300,,,,Successors of Alexander\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) doc = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *written = NULL;
  CmEventData data;

  doc = load_data (csv (), text, -1, "bce.csv", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  get_event (doc, "Successors of Alexander", &data);
  g_assert_cmpint (data.start, ==, cm_time_from_civil (-299, 1, 1, 0, 0, 0));
  g_assert_cmpint (data.precision, ==, CM_PRECISION_YEAR);

  bytes = save_data (csv (), doc);
  written = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_nonnull (strstr (written, "\r\n-300,"));
}

int
main (int   argc,
      char *argv[])
{
  cm_test_init (&argc, &argv);

  g_test_add_func ("/io/csv/template", test_template);
  g_test_add_func ("/io/csv/generic-guessed", test_generic_guessed);
  g_test_add_func ("/io/csv/generic-mapping", test_generic_mapping);
  g_test_add_func ("/io/csv/guess-mapping", test_guess_mapping);
  g_test_add_func ("/io/csv/helpers", test_helpers);
  g_test_add_func ("/io/csv/errors", test_errors);
  g_test_add_func ("/io/csv/invalid-utf8-file", test_invalid_utf8_file);
  g_test_add_func ("/io/csv/all-skipped-file", test_all_skipped_file);
  g_test_add_func ("/io/csv/invalid-utf8-late", test_invalid_utf8_late);
  g_test_add_func ("/io/csv/limits", test_limits);
  g_test_add_func ("/io/csv/chunks", test_chunks);
  g_test_add_func ("/io/csv/date-forms", test_date_forms);
  g_test_add_func ("/io/csv/date-month-first", test_date_month_first);
  g_test_add_func ("/io/csv/date-order-ambiguous", test_date_order_ambiguous);
  g_test_add_func ("/io/csv/time-column", test_time_column);
  g_test_add_func ("/io/csv/guess-time", test_guess_time);
  g_test_add_func ("/io/csv/generic-extra-columns", test_generic_extra_columns);
  g_test_add_func ("/io/csv/template-extra-columns", test_template_extra_columns);
  g_test_add_func ("/io/csv/round-trip-rich", test_round_trip_rich);
  g_test_add_func ("/io/csv/round-trip-dataset", test_round_trip_dataset);
  g_test_add_func ("/io/csv/round-trip-template", test_round_trip_template);
  g_test_add_func ("/io/csv/quoting", test_quoting);
  g_test_add_func ("/io/csv/deep-year-precision", test_deep_year_precision);

  g_test_add_func ("/io/csv/timelinejs-bce-year", test_timelinejs_bce_year);

  return g_test_run ();
}
