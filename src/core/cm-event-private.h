/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-event.h"
#include "cm-event-store.h"

G_BEGIN_DECLS

CmEvent *_cm_event_new (guint              position,
                        guint              serial,
                        const CmEventData *data);

G_END_DECLS
