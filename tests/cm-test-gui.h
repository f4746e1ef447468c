/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Set-up shared by the GUI test programs (they link the GTK layer; the
 * tests without a display use cm-test-util.h alone). */

#include "cm-application.h"
#include "cm-test-util.h"
#include "cm-window.h"

G_BEGIN_DECLS

void           cm_test_init_gui (int    *argc,
                                 char ***argv);
CmApplication *cm_test_init_app (int    *argc,
                                 char ***argv);
int            cm_test_run_app  (CmApplication *app);

CmWindow      *cm_test_open_default_window (CmApplication *app,
                                            guint          seconds);

/* The first menu button under @root showing the icon @icon_name, or NULL. */
GtkWidget     *cm_test_find_menu_button    (GtkWidget     *root,
                                            const char    *icon_name);

/* The visible message dialog over @window, or NULL. */
AdwMessageDialog *cm_test_find_message_dialog (CmWindow         *window);
/* As clicking the button of @response in @dialog does. */
void              cm_test_respond             (AdwMessageDialog *dialog,
                                               const char       *response);

G_END_DECLS
