/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cm-document.h"

G_BEGIN_DECLS

/* Crash recovery. While a document has unsaved changes, a CmAutosave
 * writes it, a little after the last change, to a recovery file of its
 * own: ID.chronomap (the native format) in the recovery folder, beside
 * ID.recovery, a key file saying whose it is (the document's file, its
 * name, the process, when). Both are written atomically in a worker. A
 * document saved or given up (clean again, or the autosave closed)
 * leaves nothing behind; one whose process died is offered back on the
 * next start (cm_recovery_list()). */

/* Overrides the recovery folder ($XDG_STATE_HOME/chronomap/recovery). */
#define CM_RECOVERY_DIR_ENV "CHRONOMAP_RECOVERY_DIR"

/* The suffixes of the two files of an entry. */
#define CM_RECOVERY_DOCUMENT_SUFFIX ".chronomap"
#define CM_RECOVERY_INFO_SUFFIX     ".recovery"

/* After the last change, and at most after the first of a run of changes. */
#define CM_AUTOSAVE_DELAY_MS    2000
#define CM_AUTOSAVE_MAX_WAIT_MS 10000

/* An unsaved document a process left behind. */
typedef struct
{
  char      *id;            /* the files' base name */
  GFile     *document;      /* ID.chronomap: the events, categories, groups */
  GFile     *info;          /* ID.recovery */
  char      *original_uri;  /* the document's own file (nullable: never saved) */
  char      *display_name;  /* the document's name, as its window showed it */
  GDateTime *modified;      /* when it was last written (local time) */
  GPid       pid;           /* the process that wrote it */
} CmRecoveryEntry;

#define CM_TYPE_RECOVERY_ENTRY (cm_recovery_entry_get_type ())
GType            cm_recovery_entry_get_type (void) G_GNUC_CONST;
CmRecoveryEntry *cm_recovery_entry_copy     (const CmRecoveryEntry *entry);
void             cm_recovery_entry_free     (CmRecoveryEntry       *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmRecoveryEntry, cm_recovery_entry_free)

/* The recovery folder: $CHRONOMAP_RECOVERY_DIR, else
 * $XDG_STATE_HOME/chronomap/recovery. */
char            *cm_recovery_dup_default_directory (void);
/* The entries in @directory (NULL: the default) that no running Chronomap
 * process owns, the latest first (transfer full, CmRecoveryEntry). A
 * missing folder has none; unreadable or half-written entries are left
 * out. */
GPtrArray       *cm_recovery_list                  (const char            *directory,
                                                    GError               **error);
/* Deletes both files of @entry; a file already gone is no error. */
gboolean         cm_recovery_remove                (const CmRecoveryEntry *entry,
                                                    GError               **error);
/* Whether @pid is a running Chronomap process (this one included). */
gboolean         cm_recovery_process_is_running    (GPid                   pid);

#define CM_TYPE_AUTOSAVE (cm_autosave_get_type ())
G_DECLARE_FINAL_TYPE (CmAutosave, cm_autosave, CM, AUTOSAVE, GObject)

/* Follows @document from now on, writing to @directory (NULL: the
 * default folder, made when first needed). */
CmAutosave *cm_autosave_new           (CmDocument  *document,
                                       const char  *directory);
CmDocument *cm_autosave_get_document  (CmAutosave  *self);
const char *cm_autosave_get_directory (CmAutosave  *self);
/* This document's recovery files (they may not exist). */
GFile      *cm_autosave_get_file      (CmAutosave  *self);
GFile      *cm_autosave_get_info_file (CmAutosave  *self);
/* The wait after a change, and the longest wait during changes (ms). */
void        cm_autosave_set_delays    (CmAutosave  *self,
                                       guint        delay_ms,
                                       guint        max_wait_ms);
/* TRUE while a write is running in the worker. */
gboolean    cm_autosave_get_busy      (CmAutosave  *self);
/* The last write's error, or NULL once one succeeded. */
const GError *cm_autosave_get_error   (CmAutosave  *self);
/* Writes now when the document has unsaved changes (after the write
 * running, if any). */
void        cm_autosave_flush         (CmAutosave  *self);
/* Stops following the document and deletes its recovery files: the
 * session ended cleanly (saved, or its changes given up). */
void        cm_autosave_close         (CmAutosave  *self);

G_END_DECLS
