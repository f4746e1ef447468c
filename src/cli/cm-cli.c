/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "chronomap"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cm-cli.h"
#include "cm-core.h"
#include "cm-export.h"
#include "cm-format.h"
#include "cm-geocode.h"

/* The headless commands: export and convert with the core library only,
 * without GTK and without a display. Exit status: 0 done, 1 failed (a file
 * could not be read or written), 2 bad command line. And the options every
 * build of chronomap documents, with or without its window. */

#define EXIT_FAILED 1
#define EXIT_USAGE 2

typedef struct
{
  char    *export_path;
  char    *convert_path;
  char    *view;
  char    *from;
  char    *to;
  char    *size;
  double   scale;
  char    *theme;
  char    *projection;
  gboolean geocode;
  char   **files;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->export_path);
  g_free (options->convert_path);
  g_free (options->view);
  g_free (options->from);
  g_free (options->to);
  g_free (options->size);
  g_free (options->theme);
  g_free (options->projection);
  g_strfreev (options->files);
}

gboolean
cm_cli_wanted (int    argc,
               char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--"))
        break;
      if (g_str_has_prefix (argv[i], "--export") || g_str_has_prefix (argv[i], "--convert"))
        return TRUE;
    }

  return FALSE;
}

G_GNUC_PRINTF (1, 2)
static int
usage_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("chronomap: %s\n", message);
  g_printerr ("%s\n", _("Run “chronomap --help” to see the options."));

  return EXIT_USAGE;
}

static int
failure (GError *error)
{
  g_printerr ("chronomap: %s\n", error->message);
  return EXIT_FAILED;
}

/* "1920x1080", "297x210mm", "8.5x11in", "842x595pt", or a preset name. */
static gboolean
parse_size (const char     *text,
            CmExportFormat  format,
            double         *width,
            double         *height)
{
  static const struct { const char *name; double width, height; gboolean paper; } presets[] = {
    { "hd", 1920, 1080, FALSE },
    { "1080p", 1920, 1080, FALSE },
    { "4k", 3840, 2160, FALSE },
    { "a4", 297, 210, TRUE },     /* mm, landscape */
    { "a3", 420, 297, TRUE },
    { "letter", 279.4, 215.9, TRUE },
  };
  g_autofree char *lower = g_ascii_strdown (text, -1);
  char *end = NULL;
  const char *rest;
  double w, h, factor = 1.0;

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (g_str_equal (lower, presets[i].name))
      {
        factor = presets[i].paper
          ? (format == CM_EXPORT_PDF ? 72.0 / 25.4 : 96.0 / 25.4)
          : 1.0;
        *width = presets[i].width * factor;
        *height = presets[i].height * factor;
        return TRUE;
      }

  w = g_ascii_strtod (lower, &end);
  if (end == lower || *end != 'x')
    return FALSE;
  rest = end + 1;
  h = g_ascii_strtod (rest, &end);
  if (end == rest)
    return FALSE;

  /* Units: px for PNG and SVG, pt for PDF unless written. */
  if (*end == '\0')
    factor = 1.0;
  else if (g_str_equal (end, "mm"))
    factor = format == CM_EXPORT_PDF ? 72.0 / 25.4 : 96.0 / 25.4;
  else if (g_str_equal (end, "in"))
    factor = format == CM_EXPORT_PDF ? 72.0 : 96.0;
  else if (g_str_equal (end, "pt"))
    factor = format == CM_EXPORT_PDF ? 1.0 : 96.0 / 72.0;
  else if (g_str_equal (end, "px"))
    factor = format == CM_EXPORT_PDF ? 72.0 / 96.0 : 1.0;
  else
    return FALSE;

  if (!isfinite (w) || !isfinite (h) || w <= 0 || h <= 0)
    return FALSE;

  *width = w * factor;
  *height = h * factor;

  return TRUE;
}

static gboolean
parse_date (const char *option,
            const char *text,
            gboolean    is_end,
            CmTime     *time,
            int        *status)
{
  g_autoptr(GError) error = NULL;
  CmPrecision precision;
  int offset;

  if (!cm_time_parse (text, time, &precision, &offset, &error))
    {
      *status = usage_error (_("%s: “%s” is not a date: %s"), option, text, error->message);
      return FALSE;
    }

  /* "--to=2011" means to the end of 2011. */
  if (is_end)
    *time = cm_time_unit_end (*time, precision, offset);

  return TRUE;
}

static CmDocument *
load_document (const char  *path,
               GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(CmImportReport) report = cm_import_report_new ();
  CmDocument *document;

  if (path == NULL)
    file = g_file_new_for_uri ("resource://" CM_DEFAULT_DATASET_RESOURCE);
  else
    file = g_file_new_for_commandline_arg (path);

  document = cm_format_load_file (file, NULL, NULL, report, NULL, NULL, NULL, error);
  if (document == NULL)
    return NULL;

  if (cm_import_report_has_news (report))
    {
      g_autofree char *summary = cm_import_report_dup_summary (report);

      g_printerr ("chronomap: %s\n", summary);
      for (guint i = 0; i < report->skipped->len && i < 20; i++)
        g_printerr ("  %s\n", (const char *) g_ptr_array_index (report->skipped, i));
      for (guint i = 0; i < report->warnings->len && i < 20; i++)
        g_printerr ("  %s\n", (const char *) g_ptr_array_index (report->warnings, i));
    }

  return document;
}

static int
run_export (Options    *options,
            CmDocument *document)
{
  g_autoptr(GFile) out = g_file_new_for_commandline_arg (options->export_path);
  g_autoptr(GError) error = NULL;
  CmExportOptions export;
  int status = 0;

  cm_export_options_init (&export, document);

  if (!cm_export_format_from_name (options->export_path, &export.format))
    return usage_error (_("--export: “%s” must end in .png, .svg or .pdf"), options->export_path);

  if (export.format == CM_EXPORT_PDF)
    {
      /* A4 landscape. */
      export.width = 297 * 72.0 / 25.4;
      export.height = 210 * 72.0 / 25.4;
    }

  if (options->view == NULL || g_str_equal (options->view, "both"))
    export.view = CM_EXPORT_VIEW_BOTH;
  else if (g_str_equal (options->view, "timeline"))
    export.view = CM_EXPORT_VIEW_TIMELINE;
  else if (g_str_equal (options->view, "map"))
    export.view = CM_EXPORT_VIEW_MAP;
  else
    return usage_error (_("--view must be timeline, map or both, not “%s”"), options->view);

  if (options->theme == NULL || g_str_equal (options->theme, "light"))
    export.dark = FALSE;
  else if (g_str_equal (options->theme, "dark"))
    export.dark = TRUE;
  else
    return usage_error (_("--theme must be light or dark, not “%s”"), options->theme);

  if (options->projection != NULL && !cm_projection_from_string (options->projection, &export.projection))
    return usage_error (_("--projection must be equirectangular, web-mercator or natural-earth, not “%s”"),
                        options->projection);

  if (options->size != NULL && !parse_size (options->size, export.format, &export.width, &export.height))
    return usage_error (_("--size: “%s” is not a size such as 1920x1080, 297x210mm or a4"), options->size);

  if (options->scale != 0)
    {
      if (export.format != CM_EXPORT_PNG)
        return usage_error (_("--scale applies to PNG only"));
      if (options->scale != 1 && options->scale != 2 && options->scale != 3)
        return usage_error (_("--scale must be 1, 2 or 3"));
      export.scale = options->scale;
    }

  if (options->from != NULL && !parse_date ("--from", options->from, FALSE, &export.start, &status))
    return status;
  if (options->to != NULL && !parse_date ("--to", options->to, TRUE, &export.end, &status))
    return status;
  if (export.end <= export.start)
    return usage_error (options->to != NULL
                        ? _("--to must come after --from")
                        : _("--from must come before the end of the timeline: add --to"));

  if (!cm_export_to_file (document, NULL, &export, out, NULL, NULL, NULL, &error))
    {
      if (error->domain == CM_EXPORT_ERROR && error->code == CM_EXPORT_ERROR_BAD_SIZE)
        return usage_error ("%s", error->message);
      g_prefix_error (&error, "%s: ", options->export_path);
      return failure (error);
    }

  return 0;
}

/* --geocode: coordinates from the offline gazetteer for the events that
 * name a place and have none, marked approximate; says on stderr how many
 * were placed and which places were not found. */
static void
run_geocode (CmDocument *document)
{
  CmEventStore *store = cm_document_get_store (document);
  g_autoptr(CmGeocodeReport) report = cm_geocode_propose (store, NULL);
  guint placed = cm_geocode_apply (store, report, NULL);
  guint countries = cm_geocode_report_count_countries (report);

  if (report->n_candidates == 0)
    {
      g_printerr ("chronomap: %s\n", _("--geocode: every event with a place has coordinates"));
      return;
    }

  g_printerr (g_dngettext (GETTEXT_PACKAGE,
                           "chronomap: --geocode: placed %u of %u event without coordinates "
                           "(approximate; %u only at its country)\n",
                           "chronomap: --geocode: placed %u of %u events without coordinates "
                           "(approximate; %u only at their country)\n",
                           report->n_candidates),
              placed, report->n_candidates, countries);

  for (guint i = 0; i < report->unmatched->len; i++)
    g_printerr (_("chronomap: --geocode: not found: “%s”\n"),
                (const char *) g_ptr_array_index (report->unmatched, i));
}

static int
run_convert (Options    *options,
             CmDocument *document)
{
  g_autoptr(GFile) out = g_file_new_for_commandline_arg (options->convert_path);
  g_autoptr(GError) error = NULL;
  const CmFormat *format = cm_format_by_extension (options->convert_path);

  if (format == NULL || format->save == NULL)
    return usage_error (_("--convert: Chronomap cannot write “%s” (use .chronomap, .json, .csv, "
                          ".ics, .geojson or .kml)"), options->convert_path);

  if (!cm_format_save_file (document, out, format, NULL, NULL, NULL, &error))
    {
      g_prefix_error (&error, "%s: ", options->convert_path);
      return failure (error);
    }

  {
    g_autofree char *first = NULL;
    guint n_left_out = cm_format_count_unwritable (format, document, &first);

    if (n_left_out > 0)
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "chronomap: %s: %u event was left out: %s cannot hold its date (“%s”)\n",
                               "chronomap: %s: %u events were left out: %s cannot hold their dates "
                               "(first: “%s”)\n",
                               n_left_out),
                  options->convert_path, n_left_out, _(format->name), first);
  }

  return 0;
}

int
cm_cli_run (int    argc,
            char **argv)
{
  Options options = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CmDocument) document = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "export", 0, 0, G_OPTION_ARG_FILENAME, &options.export_path, NULL, NULL },
    { "convert", 0, 0, G_OPTION_ARG_FILENAME, &options.convert_path, NULL, NULL },
    { "view", 0, 0, G_OPTION_ARG_STRING, &options.view, NULL, NULL },
    { "from", 0, 0, G_OPTION_ARG_STRING, &options.from, NULL, NULL },
    { "to", 0, 0, G_OPTION_ARG_STRING, &options.to, NULL, NULL },
    { "size", 0, 0, G_OPTION_ARG_STRING, &options.size, NULL, NULL },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &options.scale, NULL, NULL },
    { "theme", 0, 0, G_OPTION_ARG_STRING, &options.theme, NULL, NULL },
    { "projection", 0, 0, G_OPTION_ARG_STRING, &options.projection, NULL, NULL },
    { "geocode", 0, 0, G_OPTION_ARG_NONE, &options.geocode, NULL, NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options.files, NULL, NULL },
    { NULL }
  };

  cm_core_init ();

  context = g_option_context_new (NULL);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      status = usage_error ("%s", error->message);
      goto out;
    }

  if (options.export_path != NULL && options.convert_path != NULL)
    {
      status = usage_error (_("--export and --convert cannot be used together"));
      goto out;
    }
  if ((options.export_path != NULL && options.export_path[0] == '\0')
      || (options.convert_path != NULL && options.convert_path[0] == '\0'))
    {
      status = usage_error (_("An output file name is needed"));
      goto out;
    }
  if (options.files != NULL && g_strv_length (options.files) > 1)
    {
      status = usage_error (_("Only one input file can be given"));
      goto out;
    }
  if (options.convert_path != NULL && (options.view || options.from || options.to || options.size
                                       || options.scale != 0 || options.theme || options.projection))
    {
      status = usage_error (_("--view, --from, --to, --size, --scale, --theme and --projection "
                              "apply to --export only"));
      goto out;
    }

  document = load_document (options.files ? options.files[0] : NULL, &error);
  if (document == NULL)
    {
      status = failure (error);
      goto out;
    }

  if (options.geocode)
    run_geocode (document);

  if (options.export_path != NULL)
    status = run_export (&options, document);
  else
    status = run_convert (&options, document);

out:
  options_clear (&options);
  return status;
}

/* The options of chronomap as --help shows them. The headless commands run
 * before any GApplication (see main.c and cm_cli_run()); they are listed
 * here so that --help documents them. */
static const GOptionEntry main_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  { "export", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Export FILE (or the example timeline) as an image, without a display: OUT.png, OUT.svg or OUT.pdf"), N_("OUT") },
  { "view", 0, 0, G_OPTION_ARG_STRING, NULL, N_("With --export: timeline, map or both (the default)"), N_("VIEW") },
  { "from", 0, 0, G_OPTION_ARG_STRING, NULL, N_("With --export: start of the time range, e.g. 2011-05-23 or “May 2011”"), N_("DATE") },
  { "to", 0, 0, G_OPTION_ARG_STRING, NULL, N_("With --export: end of the time range"), N_("DATE") },
  { "size", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --export: WxH in px for PNG and SVG, in pt for PDF (or add mm, in, pt, px), or a4, letter, hd, 4k"), N_("SIZE") },
  { "scale", 0, 0, G_OPTION_ARG_DOUBLE, NULL, N_("With --export to PNG: 1, 2 or 3 pixels per unit"), N_("N") },
  { "theme", 0, 0, G_OPTION_ARG_STRING, NULL, N_("With --export: light (the default) or dark"), N_("THEME") },
  { "projection", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --export: natural-earth (the default), equirectangular or web-mercator"), N_("NAME") },
  { "convert", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Convert FILE to OUT without a display; the ending of OUT sets the format: .chronomap, .json (TimelineJS), .csv, .ics, .geojson, .kml"),
    N_("OUT") },
  { "geocode", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --convert or --export: give events that name a place but have no coordinates approximate ones from the offline place index, and say which places were not found"),
    NULL },
  { NULL }
};

void
cm_cli_init (void)
{
  /* CHRONOMAP_LOCALEDIR: the build tree's catalogues (build-aux/run sets
   * it), so that a run before installing speaks the user's language. */
  const char *localedir = g_getenv ("CHRONOMAP_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && localedir[0] != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  cm_core_init ();
}

void
cm_cli_add_options (GApplication *application)
{
  g_return_if_fail (G_IS_APPLICATION (application));

  g_application_add_main_option_entries (application, main_entries);
  /* Translators: in "chronomap [OPTION…] [FILE…]" */
  g_application_set_option_context_parameter_string (application, _("[FILE…]"));
  g_application_set_option_context_summary (application,
                                            _("Explore dated, geolocated events on a timeline and a map."));
}

int
cm_cli_handle_local_options (GVariantDict *options)
{
  static const char * const export_only[] = { "view", "from", "to", "size", "scale", "theme", "projection" };

  g_return_val_if_fail (options != NULL, EXIT_USAGE);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "chronomap", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_contains (options, "geocode"))
    {
      g_printerr (_("chronomap: --geocode applies to --convert and --export only\n"));
      return EXIT_USAGE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (export_only); i++)
    if (g_variant_dict_contains (options, export_only[i]))
      {
        g_printerr (_("chronomap: --%s applies to --export only\n"), export_only[i]);
        return EXIT_USAGE;
      }

  return -1; /* go on */
}

/* Without the window there is nothing to go on to. */
static int
headless_handle_local_options_cb (GApplication *application,
                                  GVariantDict *options,
                                  gpointer      user_data)
{
  int status = cm_cli_handle_local_options (options);

  if (status >= 0)
    return status;

  g_printerr ("chronomap: %s\n",
              _("This build has no window (it was built with -Dgui=false): "
                "only --export and --convert can be used."));
  g_printerr ("%s\n", _("Run “chronomap --help” to see the options."));

  return EXIT_USAGE;
}

int
cm_cli_main (int    argc,
             char **argv)
{
  g_autoptr(GApplication) application = NULL;

  if (cm_cli_wanted (argc, argv))
    return cm_cli_run (argc, argv);

  /* Only for its --help: it never registers, the options decide first */
  application = g_application_new (APP_ID, G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  cm_cli_add_options (application);
  g_signal_connect (application, "handle-local-options",
                    G_CALLBACK (headless_handle_local_options_cb), NULL);

  return g_application_run (application, argc, argv);
}
