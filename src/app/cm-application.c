/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-application"

#include "config.h"

#include "cm-application.h"

#include "cm-core.h"
#include "cm-ui-resources.h"
#include "cm-window.h"

#include <glib/gi18n.h>

struct _CmApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (CmApplication, cm_application, ADW_TYPE_APPLICATION)

/* Command-line options handled in the first instance, before any window.
 * The headless --export and --convert paths belong here too. */
/* The headless commands run before GTK starts (see main.c and cm-cli.c);
 * they are listed here so that --help documents them. */
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
  { NULL }
};

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  g_autoptr(GList) windows = NULL;

  /* Each window asks about unsaved changes; the application quits when the
   * last one is gone. */
  windows = g_list_copy (gtk_application_get_windows (app));
  for (const GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { _("The Chronomap developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "modal", TRUE,
                        "application-name", _("Chronomap"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Chronomap developers"),
                        "developers", developers,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);

  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about),
                                      _("Map Data"),
                                      _("Made with Natural Earth (1:50m land and countries, version 4.1.0)."),
                                      GTK_LICENSE_CUSTOM,
                                      _("Natural Earth data is in the public domain. It reaches "
                                        "Chronomap through the world-atlas package (ISC licence)."));

  gtk_window_present (GTK_WINDOW (about));
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  CmWindow *window = cm_window_new (CM_APPLICATION (user_data));

  cm_window_open_default (window);
  gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "shortcuts", shortcuts_action },
  { "new-window", new_window_action },
};

static const struct
{
  const char *action;
  const char *accels[3];
} accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.new-window", { "<Control>n", NULL } },
  { "win.open", { "<Control>o", NULL } },
  { "win.save", { "<Control>s", NULL } },
  { "win.save-as", { "<Control><Shift>s", NULL } },
  { "win.import", { "<Control>i", NULL } },
  { "win.export", { "<Control>e", NULL } },
  { "win.go-to-date", { "<Control>l", NULL } },
  { "win.find", { "<Control>f", NULL } },
  { "win.show-details", { "F9", NULL } },
  { "window.close", { "<Control>w", NULL } },
};

static int
cm_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  static const char * const export_only[] = { "view", "from", "to", "size", "scale", "theme", "projection" };

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "chronomap", PACKAGE_VERSION);
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (export_only); i++)
    if (g_variant_dict_contains (options, export_only[i]))
      {
        g_printerr (_("chronomap: --%s applies to --export only\n"), export_only[i]);
        return 2;
      }

  return -1; /* go on */
}

static void
cm_application_startup (GApplication *application)
{
  CmApplication *self = CM_APPLICATION (application);

  G_APPLICATION_CLASS (cm_application_parent_class)->startup (application);

  cm_core_init ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);

  gtk_window_set_default_icon_name (APP_ID);
}

static void
cm_application_activate (GApplication *application)
{
  CmApplication *self = CM_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      CmWindow *cm_window = cm_window_new (self);

      cm_window_open_default (cm_window);
      window = GTK_WINDOW (cm_window);
    }

  gtk_window_present (window);
}

static void
cm_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  CmApplication *self = CM_APPLICATION (application);

  for (int i = 0; i < n_files; i++)
    {
      CmWindow *window = cm_window_new (self);

      cm_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
cm_application_class_init (CmApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->handle_local_options = cm_application_handle_local_options;
  app_class->startup = cm_application_startup;
  app_class->activate = cm_application_activate;
  app_class->open = cm_application_open;

  /* Templates, style.css and gtk/help-overlay.ui: needed from startup on. */
  cm_ui_register_resource ();
}

static void
cm_application_init (CmApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  /* Translators: in "chronomap [OPTION…] [FILE…]" */
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Explore dated, geolocated events on a timeline and a map."));
}

CmApplication *
cm_application_new (void)
{
  return g_object_new (CM_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}
