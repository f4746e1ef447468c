/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Helpers every test program may use: waiting on the main loop, running
 * other programs, probing pixels of image surfaces, temporary folders.
 * GLib and Cairo only, so the tests without a display can use them too. */

#include <cairo.h>
#include <glib.h>

#include "cm-document.h"
#include "cm-style.h"

G_BEGIN_DECLS

/* Set-up ------------------------------------------------------------------- */

void     cm_test_init         (int         *argc,
                               char      ***argv);

/* Main loop ---------------------------------------------------------------- */

typedef struct
{
  gboolean timed_out;
  guint    source;
} CmTestWait;

void     cm_test_wait_start   (CmTestWait *wait,
                               guint       seconds);
gboolean cm_test_wait_iterate (CmTestWait *wait);
void     cm_test_wait_stop    (CmTestWait *wait);

/* Runs the main loop until @cond holds; fails the test when it still does
 * not after @seconds (a guard for a hung test, not a measure of speed). */
#define CM_TEST_WAIT_UNTIL(cond, seconds)                                      \
  G_STMT_START {                                                               \
    CmTestWait wait_;                                                          \
    cm_test_wait_start (&wait_, (seconds));                                    \
    while (!(cond) && cm_test_wait_iterate (&wait_))                           \
      ;                                                                        \
    cm_test_wait_stop (&wait_);                                                \
    if (!(cond))                                                               \
      g_error ("Timed out waiting for: %s", #cond);                            \
  } G_STMT_END

void     cm_test_wait_ms      (guint       ms);

/* Other programs ----------------------------------------------------------- */

void     cm_test_spawn        (const char * const  *argv,
                               char               **out,
                               int                 *status);
gboolean cm_test_run_tool     (const char * const  *argv,
                               char               **out,
                               int                 *status);

/* Pixels of image surfaces ------------------------------------------------- */

void     cm_test_get_pixel      (cairo_surface_t *surface,
                                 int              x,
                                 int              y,
                                 double           rgb[3]);
guint    cm_test_get_alpha      (cairo_surface_t *surface,
                                 int              x,
                                 int              y);
double   cm_test_color_distance (const double     rgb[3],
                                 const CmColor   *color);
double   cm_test_nearest_color  (cairo_surface_t *surface,
                                 double           x,
                                 double           y,
                                 int              radius,
                                 const CmColor   *color);

/* Process ------------------------------------------------------------------ */

void     cm_test_release_fonts  (void);

/* Temporary folders -------------------------------------------------------- */

char    *cm_test_make_temp_dir  (const char      *name);
void     cm_test_remove_tree    (const char      *path);

/* Documents ---------------------------------------------------------------- */

/* A document of @n events "Event 0"…, a minute apart from 26 May 2011, all
 * in Deauville. */
CmDocument *cm_test_make_events (guint            n);
/* Adds events to @store until it holds @n: one a minute from 1900 (to the
 * minute), out of the way of the others, with no place (a large
 * document). */
void        cm_test_pad_events  (CmEventStore    *store,
                                 guint            n);

/* @text as cm_time_parse_iso() reads it; the test fails when it cannot. */
CmTime      cm_test_parse_time  (const char      *text);

G_END_DECLS
