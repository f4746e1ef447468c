/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The command line of chronomap, with the core library only (no GTK): the
 * headless commands --export and --convert, and the options every build
 * documents in --help. */

/* What every entry point does first: the locale, the translations and the
 * core library. */
void     cm_cli_init                 (void);

/* TRUE when the command line asks for a headless command (--export,
 * --convert): then main() runs cm_cli_run() and never starts GTK. */
gboolean cm_cli_wanted               (int           argc,
                                      char        **argv);
int      cm_cli_run                  (int           argc,
                                      char        **argv);

/* The options of chronomap (--version and the headless ones, documented in
 * --help), its parameter string and summary, added to @application. */
void     cm_cli_add_options          (GApplication *application);
/* For GApplication::handle-local-options: --version, and the options that
 * only --export takes. -1 to go on, else the exit status. */
int      cm_cli_handle_local_options (GVariantDict *options);

/* The whole program when it is built without its window (-Dgui=false): the
 * headless commands, --help and --version; anything else says that the
 * window is not built. */
int      cm_cli_main                 (int           argc,
                                      char        **argv);

G_END_DECLS
