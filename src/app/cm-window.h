/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cm-application.h"
#include "cm-document.h"
#include "cm-session.h"
#include "cm-viewport.h"

G_BEGIN_DECLS

#define CM_TYPE_WINDOW (cm_window_get_type ())
G_DECLARE_FINAL_TYPE (CmWindow, cm_window, CM, WINDOW, AdwApplicationWindow)

CmWindow   *cm_window_new              (CmApplication *application);

/* The window keeps one document for its lifetime: a successful load moves
 * the loaded document into it (cm_document_take()), a failed one leaves it
 * as it was. */
CmDocument *cm_window_get_document     (CmWindow      *self);
CmViewport *cm_window_get_viewport     (CmWindow      *self);
/* What the window's views share: the document, the viewport, the filter
 * and its matches, the playback. */
CmSession  *cm_window_get_session      (CmWindow      *self);

/* Loads @file in the background; errors are shown in the window. */
void        cm_window_open_file        (CmWindow      *self,
                                        GFile         *file);
/* Adds the events of @file to the open document. */
void            cm_window_import_file   (CmWindow *self,
                                         GFile    *file);
/* Loads the bundled example (not attached to a file: saving asks where). */
void        cm_window_open_default     (CmWindow      *self);
/* Loads the document opened or saved last, when the settings say so and
 * it still exists; else the bundled example. */
void        cm_window_open_last        (CmWindow      *self);

/* On start: offers, one dialog each, to restore the unsaved documents a
 * Chronomap that ended without saving them left behind. FALSE when there
 * are none. With @open_last, the last document opens (as
 * cm_window_open_last()) once every one is discarded. */
gboolean    cm_window_offer_recovery   (CmWindow      *self,
                                        gboolean       open_last);

/* TRUE while a load or a save is running. */
gboolean    cm_window_get_busy         (CmWindow      *self);
/* TRUE when opening a file in the window loses nothing: it is idle, and
 * shows the example or nothing, unmodified. */
gboolean    cm_window_is_replaceable   (CmWindow      *self);

G_END_DECLS
