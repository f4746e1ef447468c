/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-window"

#include "config.h"

#include "cm-window-private.h"

#include "cm-app-util.h"

#include <glib/gi18n.h>

/* Crash recovery in the window: the document's unsaved changes kept in a
 * recovery file (CmAutosave) for as long as the window lives, and the
 * offer, on start, of what a Chronomap that ended without saving left
 * behind. */

/* A write failed: said once, until one succeeds again. The document is
 * untouched; only its recovery copy is missing. */
static void
autosave_failed_cb (CmWindow     *self,
                    const GError *error,
                    CmAutosave   *autosave)
{
  g_autofree char *title = NULL;

  if (self->autosave_failure_shown || self->toast_overlay == NULL)
    return;

  self->autosave_failure_shown = TRUE;
  title = g_strdup_printf (_("Unsaved changes cannot be kept for recovery: %s"), error->message);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static void
autosave_written_cb (CmWindow   *self,
                     CmAutosave *autosave)
{
  self->autosave_failure_shown = FALSE;
}

/* The window closes: its document was saved, or the user gave up its
 * changes (the window asked): nothing is left to recover. */
static void
window_destroy_cb (CmWindow *self)
{
  if (self->autosave == NULL)
    return;

  cm_autosave_close (self->autosave);
  g_clear_object (&self->autosave);
}

/* Run after the window's own handler, which stops the emission while it
 * asks about unsaved changes: reached, the window is going away now
 * (destroy may come later, once the last reference goes). */
static gboolean
close_request_cb (CmWindow *self)
{
  window_destroy_cb (self);

  return GDK_EVENT_PROPAGATE;
}

/* The document's unsaved changes, kept in a recovery file. */
void
_cm_window_init_autosave (CmWindow *self)
{
  self->autosave = cm_autosave_new (self->document, NULL);
  g_signal_connect_object (self->autosave, "failed",
                           G_CALLBACK (autosave_failed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->autosave, "written",
                           G_CALLBACK (autosave_written_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_after (self, "close-request", G_CALLBACK (close_request_cb), NULL);
  g_signal_connect (self, "destroy", G_CALLBACK (window_destroy_cb), NULL);
}

/* Restoring --------------------------------------------------------------- */

typedef struct
{
  CmWindow        *self;
  CmLoader        *loader;
  CmRecoveryEntry *entry;
  gulong           written_id;
} Restore;

static void
restore_free (Restore *restore)
{
  g_clear_object (&restore->self);
  g_clear_object (&restore->loader);
  g_clear_pointer (&restore->entry, cm_recovery_entry_free);
  g_free (restore);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Restore, restore_free)

/* The window keeps the restored changes in its own recovery file now:
 * the entry they came from can go. */
static void
restored_written_cb (CmAutosave *autosave,
                     Restore    *restore)
{
  g_autoptr(GError) error = NULL;

  if (!cm_recovery_remove (restore->entry, &error))
    g_debug ("Could not delete the recovered entry %s: %s", restore->entry->id, error->message);

  g_signal_handler_disconnect (autosave, restore->written_id);
}

static void
restore_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Restore) restore = user_data;
  CmWindow *self = restore->self;
  g_autoptr(CmDocument) loaded = NULL;
  g_autoptr(GError) error = NULL;

  loaded = cm_loader_load_finish (CM_LOADER (object), result, &error);
  if (self->document == NULL || self->autosave == NULL) /* closed meanwhile */
    return;

  _cm_window_update_empty_state (self);
  if (loaded == NULL)
    {
      g_autofree char *heading = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* The entry stays: the next start offers it again. */
      heading = g_strdup_printf (_("Could Not Restore “%s”"), restore->entry->display_name);
      _cm_window_show_error (self, heading, error);
      return;
    }

  /* The document as it was: its own file (Save writes there), unsaved. */
  if (restore->entry->original_uri != NULL)
    {
      g_autoptr(GFile) original = g_file_new_for_uri (restore->entry->original_uri);

      cm_document_set_file (loaded, original);
    }
  else
    {
      cm_document_set_file (loaded, NULL);
    }
  cm_document_set_dirty (loaded, TRUE);

  _cm_window_install_document (self, loaded);

  /* The handler below lives as long as the autosave: not the window. */
  g_clear_object (&restore->self);
  {
    Restore *waiting = g_steal_pointer (&restore);

    waiting->written_id = g_signal_connect_data (self->autosave, "written",
                                                 G_CALLBACK (restored_written_cb), waiting,
                                                 (GClosureNotify) restore_free, 0);
  }
  cm_autosave_flush (self->autosave);
}

/* Loads the document of @entry in place of the window's, unsaved. */
void
_cm_window_restore (CmWindow              *self,
                    const CmRecoveryEntry *entry)
{
  Restore *restore = g_new0 (Restore, 1);

  self->fresh = FALSE;
  restore->self = g_object_ref (self);
  restore->loader = cm_loader_new ();
  restore->entry = cm_recovery_entry_copy (entry);
  cm_loader_load_async (restore->loader, entry->document, self->cancellable, restore_cb, restore);
}

/* The offer ------------------------------------------------------------------ */

typedef struct
{
  CmWindow  *window;
  GPtrArray *entries;     /* CmRecoveryEntry, the latest first */
  guint      next;
  gboolean   open_last;   /* when every entry is discarded */
  gboolean   restored;    /* the window shows one */
} Offer;

static void
offer_free (Offer *offer)
{
  g_clear_object (&offer->window);
  g_clear_pointer (&offer->entries, g_ptr_array_unref);
  g_free (offer);
}

static void offer_next (Offer *offer);

/* "26/05/11 13:05", or the time alone for today. */
static char *
format_modified (GDateTime *modified)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (g_date_time_get_year (now) == g_date_time_get_year (modified) &&
      g_date_time_get_day_of_year (now) == g_date_time_get_day_of_year (modified))
    {
      g_autofree char *time = g_date_time_format (modified, "%X");

      /* Translators: when an unsaved document was last changed, today */
      return g_strdup_printf (_("today at %s"), time);
    }

  return g_date_time_format (modified, "%c");
}

static void
offer_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   Offer            *offer)
{
  const CmRecoveryEntry *entry = g_ptr_array_index (offer->entries, offer->next);

  /* One answer per dialog: closing it after a button would be another. */
  g_signal_handlers_disconnect_by_func (dialog, offer_response_cb, offer);
  offer->next++;

  if (offer->window->document == NULL) /* closed */
    ;
  else if (g_strcmp0 (response, "restore") == 0)
    {
      CmWindow *target = offer->window;

      /* The first into the window it was offered over; the others, or
       * when that window shows a document of its own, into new ones. */
      if (offer->restored || !cm_window_is_replaceable (target))
        {
          GtkApplication *app = gtk_window_get_application (GTK_WINDOW (offer->window));

          target = cm_window_new (CM_APPLICATION (app));
          gtk_window_present (GTK_WINDOW (target));
        }
      offer->restored = TRUE;
      _cm_window_restore (target, entry);
    }
  else if (g_strcmp0 (response, "discard") == 0)
    {
      g_autoptr(GError) error = NULL;

      if (!cm_recovery_remove (entry, &error))
        g_debug ("Could not delete the entry %s: %s", entry->id, error->message);
    }
  /* Else closed: offered again on the next start. */

  offer_next (offer);
}

/* Asks about the next entry, or ends the offer. */
static void
offer_next (Offer *offer)
{
  const CmRecoveryEntry *entry;
  g_autofree char *when = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (offer->next >= offer->entries->len || offer->window->document == NULL)
    {
      if (offer->open_last && !offer->restored && offer->window->document != NULL)
        cm_window_open_last (offer->window);
      offer_free (offer);
      return;
    }

  entry = g_ptr_array_index (offer->entries, offer->next);
  when = format_modified (entry->modified);
  /* Translators: the second is when, e.g. "today at 18:22:37" */
  body = g_strdup_printf (_("Chronomap closed before the changes to “%s” were saved. The changes, "
                            "last made %s, can be restored."),
                          entry->display_name, when);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (offer->window),
                                                       _("Restore Unsaved Changes?"), body));
  adw_message_dialog_add_responses (dialog,
                                    "discard", _("_Discard"),
                                    "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "restore", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "restore");
  /* Escape decides nothing: the changes wait for the next start. */
  adw_message_dialog_set_close_response (dialog, "later");
  g_signal_connect (dialog, "response", G_CALLBACK (offer_response_cb), offer);

  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
cm_window_offer_recovery (CmWindow *self,
                          gboolean  open_last)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  Offer *offer;

  g_return_val_if_fail (CM_IS_WINDOW (self), FALSE);

  if (self->autosave == NULL) /* closed */
    return FALSE;

  entries = cm_recovery_list (cm_autosave_get_directory (self->autosave), &error);
  if (entries == NULL)
    {
      g_debug ("No recovery: %s", error->message);
      return FALSE;
    }
  if (entries->len == 0)
    return FALSE;

  offer = g_new0 (Offer, 1);
  offer->window = g_object_ref (self);
  offer->entries = g_steal_pointer (&entries);
  offer->open_last = open_last;
  offer_next (offer);

  return TRUE;
}
