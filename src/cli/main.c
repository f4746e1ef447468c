/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "chronomap"

#include "config.h"

#include "cm-cli.h"

/* chronomap built without its window (-Dgui=false): the headless commands
 * only. The full program's main() is src/main.c. */
int
main (int   argc,
      char *argv[])
{
  cm_cli_init ();

  return cm_cli_main (argc, argv);
}
