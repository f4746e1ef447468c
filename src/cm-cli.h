/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when the command line asks for a headless command (--export,
 * --convert): then main() runs cm_cli_run() and never starts GTK. */
gboolean cm_cli_wanted (int    argc,
                        char **argv);
int      cm_cli_run    (int    argc,
                        char **argv);

G_END_DECLS
