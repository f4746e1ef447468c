/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The key file beside a recovery copy (ID.recovery), shared by the writer
 * (cm-autosave.c) and the reader (cm-recovery.c). */
#define CM_RECOVERY_GROUP        "Recovery"
#define CM_RECOVERY_KEY_VERSION  "Version"
#define CM_RECOVERY_KEY_DOCUMENT "Document"   /* ID.chronomap, beside it */
#define CM_RECOVERY_KEY_FILE     "File"       /* the document's own file, a URI */
#define CM_RECOVERY_KEY_NAME     "Name"
#define CM_RECOVERY_KEY_PID      "Pid"
#define CM_RECOVERY_KEY_BOOT_ID  "BootId"     /* a process of another boot is gone */
#define CM_RECOVERY_KEY_MODIFIED "Modified"   /* µs since 1970, UTC */

/* This boot's id (Linux), or NULL. */
char *_cm_recovery_dup_boot_id (void);

G_END_DECLS
