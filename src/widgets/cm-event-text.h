/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cm-event.h"

G_BEGIN_DECLS

/* What the views show of one event in a tooltip: the title in bold, the
 * date, and the place when it has one (Pango markup, escaped). */
char *cm_event_dup_tooltip_markup   (CmEvent *event);
/* What a screen reader says of the event: "Title, date, place". */
char *cm_event_dup_accessible_label (CmEvent *event);

G_END_DECLS
