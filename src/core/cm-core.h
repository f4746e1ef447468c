/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Registers the core's resources (bundled dataset, later the basemap).
 * Safe to call many times; every entry point calls it first. */
void cm_core_init (void);

/* Called first by every function a worker thread runs: the thread then
 * yields to the main thread (the window's frames). */
void cm_core_lower_thread_priority (void);

/* Large blocks were freed: what is free goes back to the system once such
 * calls stop for a while. Main thread only. */
void cm_core_release_memory_later (void);

/* The resource path of the bundled "Deauville, May 2011" dataset. */
#define CM_DEFAULT_DATASET_RESOURCE "/io/github/chronomap/Chronomap/deauville-2011.chronomap"

G_END_DECLS
