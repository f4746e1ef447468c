/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "chronomap"

#include "config.h"

#include "cm-application.h"
#include "cm-cli.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CmApplication) app = NULL;

  cm_cli_init ();

  /* --export and --convert run headless, with the core library only: GTK
   * is never initialised and no display is needed. */
  if (cm_cli_wanted (argc, argv))
    return cm_cli_run (argc, argv);

  /* The other options (--version, and the documentation of the headless
   * ones in --help) are CmApplication's. */
  app = cm_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
