/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-autosave.h"
#include "cm-details.h"
#include "cm-loader.h"
#include "cm-map-view.h"
#include "cm-playback.h"
#include "cm-playback-bar.h"
#include "cm-sidebar.h"
#include "cm-timeline-view.h"
#include "cm-window.h"

G_BEGIN_DECLS

/* What to do once the user has agreed, or once a save has succeeded. */
typedef void (*CmWindowContinuation) (CmWindow *self);

/* A separator whose position is kept in the settings: read once, written
 * only when the user moves it (see cm-window.c). */
typedef struct
{
  GtkPaned   *paned;
  GSettings  *settings;    /* the window's */
  const char *key;
  int         pressed_at;  /* its position when a button went down on it, or -1 */
} CmPanedMemory;

struct _CmWindow
{
  AdwApplicationWindow  parent_instance;

  CmSession            *session;          /* what the views share */
  CmDocument           *document;         /* the session's */
  CmViewport           *viewport;         /* the session's */
  CmPlayback           *playback;         /* the session's */
  GSettings            *settings;
  GCancellable         *cancellable;      /* everything the window starts */
  GtkNativeDialog      *file_chooser;     /* the one open, or NULL */
  GtkWindow            *error_dialog;     /* weak */

  /* Loading */
  CmLoader             *loader;           /* the load running, or NULL */
  GCancellable         *load_cancellable;
  GBinding             *fraction_binding;
  guint                 loading_bar_source;
  CmDocument           *pending_document; /* loaded during a save */

  /* Saving */
  CmLoader             *saver;            /* the save running, or NULL */
  GCancellable         *save_cancellable;
  GBinding             *save_binding;     /* its fraction on the progress bar */
  guint                 saving_bar_source;

  /* Crash recovery (cm-window-autosave.c) */
  CmAutosave           *autosave;         /* the unsaved changes, kept */
  guint                 autosave_failure_shown : 1;

  guint                 n_errors;
  guint                 n_reports;
  guint                 places_offered;  /* loads looked at for places */
  GtkWidget            *places_dialog;   /* the review of proposed places, if shown */
  AdwToast             *places_toast;    /* the offer to place them, if shown */
  CmPanedMemory         paned_memory[2];   /* the sidebar's width, the map's height */
  GFile                *file_to_open;    /* once the unsaved changes are settled */
  GPtrArray            *import_queue;    /* GFile: imported one after the other */
  GMenu                *recent_menu;     /* the Open button's recent files */
  GtkDropTarget        *drop_target;
  AdwToast             *delete_toast;    /* the last offer to undo a delete, if shown */
  guint                 saving : 1;
  guint                 fresh : 1;       /* no load started yet */
  guint                 close_confirmed : 1;
  guint                 close_after_save : 1;
  guint                 reopening : 1;   /* the last document, on start */
  guint                 choosing_columns : 1;  /* of a CSV file, before its load */

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GMenu                *edit_section;   /* of the main menu: Undo, Redo, … */
  AdwWindowTitle       *window_title;
  GtkWidget            *open_button;
  GtkMenuButton        *recent_button;
  GtkWidget            *cancel_button;
  GtkWidget            *empty_open_button;
  GtkWidget            *empty_example_button;
  GtkRevealer          *loading_revealer;
  GtkLabel             *loading_label;
  GtkProgressBar       *progress_bar;
  AdwFlap              *details_flap;
  GtkPaned             *sidebar_paned;
  GtkPaned             *views_paned;
  GtkStack             *views_stack;
  CmSidebar            *sidebar;
  CmDetails            *details;
  CmMapView            *map;
  CmPlaybackBar        *playback_bar;
  CmTimelineView       *timeline;
};

/* cm-window-files.c */
/* Shows @error in a dialog headed @heading, and counts it. */
/* Saves the document to @file in a thread (a copy in the format its name
 * says when @copy), then runs @then. */
void       _cm_window_start_save             (CmWindow             *self,
                                              GFile                *file,
                                              gboolean              copy,
                                              CmWindowContinuation  then);
/* Shows the error @text in a dialog headed @heading. */
void       _cm_window_show_error_text        (CmWindow             *self,
                                              const char           *heading,
                                              const char           *text);
void       _cm_window_show_error             (CmWindow             *self,
                                              const char           *heading,
                                              const GError         *error);
/* Asks what to do with unsaved changes, then runs @then unless the user
 * cancels (or the save fails). */
void       _cm_window_confirm_discard        (CmWindow             *self,
                                              CmWindowContinuation  then);
/* Ends the load running, if any, and hides its progress. */
void       _cm_window_stop_loading           (CmWindow             *self);
/* Moves @loaded into the window's document and shows where its story is. */
void       _cm_window_install_document       (CmWindow             *self,
                                              CmDocument           *loaded);
/* Loads @file (the bundled example when @bundled) in place of the document. */
void       _cm_window_start_load             (CmWindow             *self,
                                              GFile                *file,
                                              gboolean              bundled);
/* Opens or imports @file, asking for the columns of a generic CSV first. */
void       _cm_window_load_file              (CmWindow             *self,
                                              GFile                *file,
                                              gboolean              import);
/* Saves to the document's file, or asks for one; then runs @then. */
void       _cm_window_save_document          (CmWindow             *self,
                                              CmWindowContinuation  then);
/* Asks for a file, saves to it, then runs @then. */
void       _cm_window_save_as                (CmWindow             *self,
                                              CmWindowContinuation  then);
/* The file chooser of Open (or of Import, when @import). */
void       _cm_window_show_load_chooser      (CmWindow             *self,
                                              gboolean              import);
/* The file chooser of Open. */
void       _cm_window_show_open_chooser      (CmWindow             *self);
/* The file chooser of Save a Copy. */
void       _cm_window_show_save_copy_chooser (CmWindow             *self);
/* Opens @file as Open does: after asking about unsaved changes. */
void       _cm_window_open_asking            (CmWindow             *self,
                                              GFile                *file);
/* Imports @files (GFile) one after the other. */
void       _cm_window_import_files           (CmWindow             *self,
                                              GPtrArray            *files);

/* cm-window-recent.c */
/* The Open button's recent files and the last document, kept up to date. */
void       _cm_window_init_recent            (CmWindow             *self);
/* @file was opened, imported or saved: it is recent, and the last document
 * when it is the document's file (@as_document), not an import or a copy. */
void       _cm_window_note_file_used         (CmWindow             *self,
                                              GFile                *file,
                                              gboolean              as_document);
/* @file could not be read: it leaves the recent files when it is gone. */
void       _cm_window_note_file_failed       (CmWindow             *self,
                                              GFile                *file,
                                              const GError         *error);
/* The example was opened: there is no last document to reopen. */
void       _cm_window_forget_last_document   (CmWindow             *self);
/* The folder of @file, for display, with the home folder written "~". */
char      *_cm_window_dup_folder_display_name (GFile               *file);

/* cm-window-autosave.c */
/* The document's unsaved changes, kept in a recovery file until it is
 * saved or the window closes. */
void       _cm_window_init_autosave          (CmWindow             *self);
/* Loads the unsaved document of @entry in place of the window's, with
 * the file it had; the entry goes once the window keeps it itself. */
void       _cm_window_restore                (CmWindow              *self,
                                              const CmRecoveryEntry *entry);

/* cm-window-drop.c */
/* Files dropped on the window open or import. */
void       _cm_window_init_drop              (CmWindow             *self);

/* cm-window-actions.c */
/* Adds the window's actions (win.*). */
void       _cm_window_init_actions           (CmWindow             *self);
/* After a load: offers to place the events named without coordinates. */
void       _cm_window_offer_places           (CmWindow             *self);

/* Enables the actions that the running load or save allows. */
void       _cm_window_update_actions         (CmWindow             *self);
/* Enables or disables the window action @name. */
void       _cm_window_set_action_enabled     (CmWindow             *self,
                                              const char           *name,
                                              gboolean              enabled);

/* cm-window-edit.c */
/* Adds the edit actions (win.undo, win.redo, win.new-event,
 * win.new-event-at-time, win.new-event-at-place, win.delete-event,
 * win.undo-delete), the
 * Undo and Redo menu items and the Delete key. */
void       _cm_window_init_edit              (CmWindow             *self);
/* Enables the edits that the history, the selection and the running load
 * or save allow. */
void       _cm_window_update_edit_actions    (CmWindow             *self);

/* cm-window.c */
/* Shows the views, or the empty state when there are no events to show. */
void       _cm_window_update_empty_state     (CmWindow             *self);
/* Shows or hides the details pane, as the user asked (win.show-details). */
void       _cm_window_show_details           (CmWindow             *self,
                                              gboolean              show);

/* Accessors for tests. */

CmSidebar *cm_window_get_sidebar     (CmWindow *self);
CmDetails *cm_window_get_details     (CmWindow *self);
/* How many errors (failed loads or saves) the window has shown. */
guint      cm_window_get_error_count (CmWindow *self);
/* The error dialog being shown, or NULL. */
GtkWindow *cm_window_get_error_dialog (CmWindow *self);
/* How many "N imported, M skipped" reports the window has shown. */
guint      cm_window_get_report_count (CmWindow *self);
GtkWidget *cm_window_get_timeline    (CmWindow *self);
GtkWidget *cm_window_get_map         (CmWindow *self);
/* Whether the views are replaced by the "No Events" page. */
gboolean   cm_window_get_showing_empty_state (CmWindow *self);
/* How many loads were looked at for places to propose. */
guint      cm_window_get_places_offered (CmWindow *self);
/* The offer to place events and its review, while shown, or NULL. */
AdwToast  *cm_window_get_places_toast   (CmWindow *self);
GtkWidget *cm_window_get_places_dialog  (CmWindow *self);
/* The recent files the Open button lists, and the window's drop target. */
GMenuModel    *cm_window_get_recent_menu  (CmWindow *self);
GtkDropTarget *cm_window_get_drop_target  (CmWindow *self);
/* The toast offering to undo the last delete, while shown, or NULL. */
AdwToast      *cm_window_get_delete_toast (CmWindow    *self);
/* Prints the window's page (to @export_filename, a PDF, without a dialog,
 * when given); FALSE and @error when it fails. */
gboolean       cm_window_print            (CmWindow    *self,
                                           const char  *export_filename,
                                           GError     **error);

G_END_DECLS
