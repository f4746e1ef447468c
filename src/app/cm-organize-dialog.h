/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cm-session.h"

G_BEGIN_DECLS

/* "Categories and Groups": the document's categories (name, colour) and
 * groups (name, lane or itinerary), added, renamed and removed through the
 * session's history, so that each change can be undone. A name is applied
 * on Enter or when the focus leaves it; a colour or a kind at once. */

#define CM_TYPE_ORGANIZE_DIALOG (cm_organize_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CmOrganizeDialog, cm_organize_dialog, CM, ORGANIZE_DIALOG, AdwWindow)

/* Not transient for any window: the caller sets that and presents it. */
GtkWidget   *cm_organize_dialog_new                (CmSession        *session);
CmSession   *cm_organize_dialog_get_session        (CmOrganizeDialog *self);

/* For tests: the rows of category (or group) @index, or NULL. */
AdwEntryRow *cm_organize_dialog_get_category_row   (CmOrganizeDialog *self,
                                                    guint             index);
GtkColorChooser *cm_organize_dialog_get_color_button (CmOrganizeDialog *self,
                                                      guint             index);
AdwEntryRow *cm_organize_dialog_get_group_row      (CmOrganizeDialog *self,
                                                    guint             index);
GtkDropDown *cm_organize_dialog_get_kind_drop_down (CmOrganizeDialog *self,
                                                    guint             index);

G_END_DECLS
