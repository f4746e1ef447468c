/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cm-test-gui.h"

#include "cm-core.h"
#include "cm-ui-resources.h"

#include <adwaita.h>

/* Sets what a GUI test runs with, whoever starts it: UTC, settings in
 * memory, Cairo drawing, no accessibility bus. */
static void
set_environment (void)
{
  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  /* GTK's own test backend: accessible properties are kept (tests check
   * them), and nothing reaches an accessibility bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  /* Without a session bus, do not let D-Bus autolaunch one through X11
   * (it would outlive the test): the application then runs unregistered. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/chronomap-test-bus", FALSE);
}

/* Points GSettings at the schema compiled into the build's data/ folder,
 * unless the caller chose a folder. Once the test framework is set up. */
static void
set_schema_dir (void)
{
  const char *schema_dir = g_getenv ("GSETTINGS_SCHEMA_DIR");

  if (schema_dir == NULL || *schema_dir == '\0')
    {
      g_autofree char *dir = g_test_build_filename (G_TEST_BUILT, "..", "data", NULL);

      g_setenv ("GSETTINGS_SCHEMA_DIR", dir, TRUE);
    }
}

/* Sets up a program testing widgets on their own: the environment, the
 * test framework with GTK, libadwaita, the core and the UI resources. */
void
cm_test_init_gui (int    *argc,
                  char ***argv)
{
  set_environment ();
  gtk_test_init (argc, argv, NULL);
  set_schema_dir ();
  adw_init ();
  cm_core_init ();
  cm_ui_register_resource ();
}

/* The user's data folder of the application tests: the recent files the
 * windows add go there, not into the user's list. */
static char *data_home;

/* Sets up a program testing the whole application: the environment, the
 * test framework and the core; returns a new CmApplication, registered
 * (not unique, so tests may run side by side). GTK starts with it. */
CmApplication *
cm_test_init_app (int    *argc,
                  char ***argv)
{
  g_autoptr(GError) error = NULL;
  CmApplication *app;

  set_environment ();
  /* Before GLib reads it. */
  data_home = g_dir_make_tmp ("cm-test-data-XXXXXX", &error);
  if (data_home == NULL)
    g_error ("Could not make a data folder: %s", error->message);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  /* The recovery files of the windows' unsaved changes too (unless the
   * test chose a folder). */
  {
    g_autofree char *state_home = g_build_filename (data_home, "state", NULL);

    g_setenv ("XDG_STATE_HOME", state_home, TRUE);
  }

  g_test_init (argc, argv, NULL);
  set_schema_dir ();
  cm_core_init ();

  app = cm_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Could not register the application: %s", error->message);

  return app;
}

/* Runs the tests, then lets @app go; returns what g_test_run () does. */
int
cm_test_run_app (CmApplication *app)
{
  int ret = g_test_run ();

  g_object_unref (app);
  cm_test_remove_tree (data_home);
  g_clear_pointer (&data_home, g_free);

  return ret;
}

/* A new window of @app showing the default dataset, once loaded (within
 * @seconds) and drawn. */
CmWindow *
cm_test_open_default_window (CmApplication *app,
                             guint          seconds)
{
  CmWindow *window = cm_window_new (app);

  cm_window_open_default (window);
  gtk_window_present (GTK_WINDOW (window));
  CM_TEST_WAIT_UNTIL (!cm_window_get_busy (window), seconds);
  cm_test_wait_ms (100);

  return window;
}

/* The first menu button under @root showing the icon @icon_name, or NULL. */
GtkWidget *
cm_test_find_menu_button (GtkWidget  *root,
                          const char *icon_name)
{
  if (GTK_IS_MENU_BUTTON (root) &&
      g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (root)), icon_name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = cm_test_find_menu_button (child, icon_name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The visible message dialog over @window, or NULL. */
AdwMessageDialog *
cm_test_find_message_dialog (CmWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) &&
          gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window) &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }

  return NULL;
}

/* As clicking the button of @response in @dialog does. */
void
cm_test_respond (AdwMessageDialog *dialog,
                 const char       *response)
{
  g_object_ref (dialog);
  adw_message_dialog_response (dialog, response);
  if (gtk_widget_get_visible (GTK_WIDGET (dialog)))
    gtk_window_close (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}
