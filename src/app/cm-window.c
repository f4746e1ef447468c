/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-window"

#include "config.h"

#include "cm-window-private.h"

#include "cm-app-util.h"
#include "cm-core.h"

#define SETTINGS_SCHEMA_ID "io.github.chronomap.Chronomap"

G_DEFINE_FINAL_TYPE (CmWindow, cm_window, ADW_TYPE_APPLICATION_WINDOW)

/* The title bar: the document's name, marked when modified, and its folder. */
static void
update_title (CmWindow *self)
{
  g_autofree char *name = cm_document_dup_display_name (self->document);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GFile *file = cm_document_get_file (self->document);

  /* A modified document is marked with a bullet, as GNOME editors do. */
  if (cm_document_get_dirty (self->document))
    title = g_strdup_printf ("• %s", name);
  else
    title = g_steal_pointer (&name);

  if (file != NULL)
    subtitle = _cm_window_dup_folder_display_name (file);

  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

/* Callbacks ------------------------------------------------------------- */

/* The document's title, file or state changed. */
static void
document_notify_cb (CmWindow   *self,
                    GParamSpec *pspec,
                    CmDocument *document)
{
  update_title (self);
}

/* An event was activated in the sidebar: shows its details. */
static void
sidebar_event_activated_cb (CmWindow  *self,
                            guint      serial,
                            CmSidebar *sidebar)
{
  if (!adw_flap_get_reveal_flap (self->details_flap))
    g_action_group_activate_action (G_ACTION_GROUP (self), "show-details", NULL);

  cm_details_focus (self->details);
}

/* The store's events changed. */
static void
store_items_changed_cb (CmWindow   *self,
                        guint       position,
                        guint       removed,
                        guint       added,
                        GListModel *store)
{
  _cm_window_update_empty_state (self);
}

/* Shows the views, or the empty state when there are no events to show:
 * no axis at 1970, no empty world; nothing while the first ones load. */
void
_cm_window_update_empty_state (CmWindow *self)
{
  CmEventStore *store = cm_document_get_store (self->document);
  const char *page = "views";

  if (cm_event_store_get_n_events (store) == 0)
    page = self->loader != NULL ? "loading" : "empty";

  gtk_stack_set_visible_child_name (self->views_stack, page);
}

/* The details pane --------------------------------------------------------
 *
 * Side by side with the views when the window is wide enough for both;
 * below that, folded over them, and then only when asked for: a folded
 * pane would cover the map's controls. Whether it is shown side by side is
 * the user's choice ("show-details"), kept for every window; showing it
 * folded is for the moment. */

void
_cm_window_show_details (CmWindow *self,
                         gboolean  show)
{
  if (!adw_flap_get_folded (self->details_flap))
    g_settings_set_boolean (self->settings, "show-details", show);
  adw_flap_set_reveal_flap (self->details_flap, show);
}

/* The pane folded or unfolded. */
static void
details_folded_cb (CmWindow   *self,
                   GParamSpec *pspec,
                   AdwFlap    *flap)
{
  if (adw_flap_get_folded (flap))
    adw_flap_set_reveal_flap (flap, FALSE);
  else
    adw_flap_set_reveal_flap (flap, g_settings_get_boolean (self->settings, "show-details"));
}

/* The pane came or went (the button, F9, Escape or a click beside it). */
static void
details_revealed_cb (CmWindow   *self,
                     GParamSpec *pspec,
                     AdwFlap    *flap)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "show-details");

  g_simple_action_set_state (G_SIMPLE_ACTION (action),
                             g_variant_new_boolean (adw_flap_get_reveal_flap (flap)));
}

/* Another window changed the choice. */
static void
show_details_changed_cb (CmWindow   *self,
                         const char *key,
                         GSettings  *settings)
{
  if (self->details_flap == NULL) /* disposed */
    return;

  if (!adw_flap_get_folded (self->details_flap))
    adw_flap_set_reveal_flap (self->details_flap, g_settings_get_boolean (settings, key));
}

/* The separators --------------------------------------------------------
 *
 * Their positions are read once; they are written when the user moves a
 * separator: its position when a button pressed on it, or a key (F8, then
 * the arrows: the paned has the focus), is released differs from that at
 * the press. Never when the window's layout squeezes a pane narrower than
 * the user made it. */

static void
save_paned_position (CmPanedMemory *memory)
{
  g_settings_set_int (memory->settings, memory->key, gtk_paned_get_position (memory->paned));
}

/* Whether @event (with a position) is on the separator of @paned, not in
 * one of its panes. */
static gboolean
event_on_separator (GtkPaned *paned,
                    GdkEvent *event)
{
  GtkWidget *widget = GTK_WIDGET (paned);
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t point;
  GtkWidget *picked;
  double x, y, surface_x, surface_y;

  if (native == NULL || !gdk_event_get_position (event, &x, &y))
    return FALSE;

  gtk_native_get_surface_transform (native, &surface_x, &surface_y);
  if (!gtk_widget_compute_point (GTK_WIDGET (native), widget,
                                 &GRAPHENE_POINT_INIT (x - surface_x, y - surface_y), &point))
    return FALSE;

  /* The separator's handle is a child of the paned of its own (a little
   * wider than it looks). */
  picked = gtk_widget_pick (widget, point.x, point.y, GTK_PICK_DEFAULT);

  return picked != NULL && gtk_widget_get_parent (picked) == widget &&
         picked != gtk_paned_get_start_child (paned) && picked != gtk_paned_get_end_child (paned);
}

static gboolean
paned_event_cb (GtkEventControllerLegacy *controller,
                GdkEvent                 *event,
                CmPanedMemory            *memory)
{
  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
      if (gtk_widget_is_focus (GTK_WIDGET (memory->paned)) && memory->pressed_at < 0)
        memory->pressed_at = gtk_paned_get_position (memory->paned);
      break;

    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
      if (event_on_separator (memory->paned, event))
        memory->pressed_at = gtk_paned_get_position (memory->paned);
      break;

    case GDK_KEY_RELEASE:
    case GDK_BUTTON_RELEASE:
    case GDK_TOUCH_END:
    case GDK_TOUCH_CANCEL:
      if (memory->pressed_at >= 0 && memory->pressed_at != gtk_paned_get_position (memory->paned))
        save_paned_position (memory);
      memory->pressed_at = -1;
      break;

    default:
      break;
    }

  return GDK_EVENT_PROPAGATE;
}

static void
remember_paned_position (CmWindow      *self,
                         CmPanedMemory *memory,
                         GtkPaned      *paned,
                         const char    *key)
{
  GtkEventController *controller = gtk_event_controller_legacy_new ();

  memory->paned = paned;
  memory->settings = self->settings;
  memory->key = key;
  memory->pressed_at = -1;

  gtk_paned_set_position (paned, g_settings_get_int (self->settings, key));

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "event", G_CALLBACK (paned_event_cb), memory);
  gtk_widget_add_controller (GTK_WIDGET (paned), controller);
}

/* Closes the window, the unsaved changes given up. */
static void
close_confirmed (CmWindow *self)
{
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

/* GObject --------------------------------------------------------------- */

static gboolean
cm_window_close_request (GtkWindow *window)
{
  CmWindow *self = CM_WINDOW (window);

  if (self->saving)
    {
      /* Close once the save is done (and asks again if it failed). */
      self->close_after_save = TRUE;
      return TRUE;
    }

  if (!self->close_confirmed && cm_document_get_dirty (self->document))
    {
      _cm_window_confirm_discard (self, close_confirmed);
      return TRUE;
    }

  if (GTK_WINDOW_CLASS (cm_window_parent_class)->close_request != NULL)
    return GTK_WINDOW_CLASS (cm_window_parent_class)->close_request (window);

  return FALSE;
}

static void
cm_window_dispose (GObject *object)
{
  CmWindow *self = CM_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  _cm_window_stop_loading (self);
  if (self->save_cancellable != NULL)
    g_cancellable_cancel (self->save_cancellable);
  g_clear_handle_id (&self->saving_bar_source, g_source_remove);

  if (self->file_chooser != NULL)
    gtk_native_dialog_destroy (self->file_chooser);
  g_clear_object (&self->file_chooser);
  g_clear_weak_pointer (&self->error_dialog);
  g_clear_object (&self->file_to_open);
  g_clear_pointer (&self->import_queue, g_ptr_array_unref);
  g_clear_object (&self->recent_menu);
  g_clear_object (&self->delete_toast);
  self->drop_target = NULL;  /* the window's controller */

  /* The actions of the settings follow them for as long as they live:
   * not after the window. */
  g_action_map_remove_action (G_ACTION_MAP (self), "time-zone");
  g_action_map_remove_action (G_ACTION_MAP (self), "reopen-last");

  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_WINDOW);

  g_clear_object (&self->pending_document);
  g_clear_object (&self->playback);
  g_clear_object (&self->document);
  g_clear_object (&self->viewport);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (cm_window_parent_class)->dispose (object);
}

static void
cm_window_class_init (CmWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cm_window_dispose;

  window_class->close_request = cm_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/cm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CmWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, edit_section);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, recent_button);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, empty_open_button);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, empty_example_button);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, loading_revealer);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, details_flap);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, sidebar_paned);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, views_paned);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, views_stack);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, details);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, map);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, playback_bar);
  gtk_widget_class_bind_template_child (widget_class, CmWindow, timeline);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_event_activated_cb);
}

static void
cm_window_init (CmWindow *self)
{
  g_type_ensure (CM_TYPE_SIDEBAR);
  g_type_ensure (CM_TYPE_DETAILS);
  g_type_ensure (CM_TYPE_MAP_VIEW);
  g_type_ensure (CM_TYPE_PLAYBACK_BAR);
  g_type_ensure (CM_TYPE_TIMELINE_VIEW);

  gtk_widget_init_template (GTK_WIDGET (self));

#if DEVELOPMENT
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  cm_app_name_buttons (self->open_button, self->cancel_button, self->empty_open_button,
                       self->empty_example_button, NULL);

  /* The views share the document, the viewport (time window, selection),
   * the sidebar's search and category filter and their matches, and the
   * playback. */
  self->session = cm_session_new (NULL);
  self->document = g_object_ref (cm_session_get_document (self->session));
  self->viewport = g_object_ref (cm_session_get_viewport (self->session));
  self->playback = g_object_ref (cm_session_get_playback (self->session));
  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (SETTINGS_SCHEMA_ID);
  self->fresh = TRUE;

  _cm_window_init_actions (self);
  _cm_window_init_recent (self);
  _cm_window_init_drop (self);
  _cm_window_init_edit (self);
  _cm_window_init_autosave (self);

  /* Read once, written when the user changes them; other windows do not
   * follow (G_SETTINGS_BIND_GET_NO_CHANGES). */
  g_settings_bind (self->settings, "window-width", self, "default-width",
                   G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_GET_NO_CHANGES);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_GET_NO_CHANGES);
  g_settings_bind (self->settings, "window-maximized", self, "maximized",
                   G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_GET_NO_CHANGES);
  remember_paned_position (self, &self->paned_memory[0], self->sidebar_paned, "sidebar-position");
  remember_paned_position (self, &self->paned_memory[1], self->views_paned, "views-position");

  adw_flap_set_reveal_flap (self->details_flap, g_settings_get_boolean (self->settings, "show-details"));
  g_signal_connect_object (self->details_flap, "notify::folded",
                           G_CALLBACK (details_folded_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->details_flap, "notify::reveal-flap",
                           G_CALLBACK (details_revealed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::show-details",
                           G_CALLBACK (show_details_changed_cb), self, G_CONNECT_SWAPPED);
  details_revealed_cb (self, NULL, self->details_flap);

  g_signal_connect_object (self->document, "notify::title",
                           G_CALLBACK (document_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->document, "notify::file",
                           G_CALLBACK (document_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->document, "notify::dirty",
                           G_CALLBACK (document_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (cm_document_get_store (self->document), "items-changed",
                           G_CALLBACK (store_items_changed_cb), self, G_CONNECT_SWAPPED);

  cm_sidebar_set_session (self->sidebar, self->session);
  cm_details_set_session (self->details, self->session);

  /* Space plays and pauses, unless a focused widget (the search entry, a
   * button) takes it first. */
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_BUBBLE);
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_space, 0),
                                                            gtk_named_action_new ("win.toggle-playback")));
    gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  }
  cm_timeline_view_set_session (self->timeline, self->session);
  cm_map_view_set_session (self->map, self->session);
  cm_playback_bar_set_session (self->playback_bar, self->session);
  g_settings_bind (self->settings, "map-projection", self->map, "projection", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "map-outside-events", self->map, "outside-mode", G_SETTINGS_BIND_DEFAULT);

  update_title (self);
  _cm_window_update_actions (self);
  _cm_window_update_empty_state (self);
}

CmWindow *
cm_window_new (CmApplication *application)
{
  g_return_val_if_fail (CM_IS_APPLICATION (application), NULL);

  return g_object_new (CM_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * cm_window_get_document:
 *
 * Returns: (transfer none): the window's document
 */
CmDocument *
cm_window_get_document (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);

  return self->document;
}

/**
 * cm_window_get_viewport:
 *
 * Returns: (transfer none): the selection and visible window all views share
 */
CmViewport *
cm_window_get_viewport (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);

  return self->viewport;
}

/**
 * cm_window_get_session:
 *
 * Returns: (transfer none): what the window's views share
 */
CmSession *
cm_window_get_session (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);

  return self->session;
}

void
cm_window_open_file (CmWindow *self,
                     GFile    *file)
{
  g_return_if_fail (CM_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  _cm_window_load_file (self, file, FALSE);
}

void
cm_window_import_file (CmWindow *self,
                       GFile    *file)
{
  g_return_if_fail (CM_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  _cm_window_load_file (self, file, TRUE);
}

void
cm_window_open_default (CmWindow *self)
{
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (CM_IS_WINDOW (self));

  cm_core_init ();
  file = g_file_new_for_uri ("resource://" CM_DEFAULT_DATASET_RESOURCE);
  _cm_window_start_load (self, file, TRUE);
}

gboolean
cm_window_is_replaceable (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), FALSE);

  return !cm_window_get_busy (self) && !cm_document_get_dirty (self->document) &&
         cm_document_get_file (self->document) == NULL;
}

gboolean
cm_window_get_busy (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), FALSE);

  return self->loader != NULL || self->saving;
}

/**
 * cm_window_get_sidebar:
 *
 * Returns: (transfer none): the sidebar
 */
CmSidebar *
cm_window_get_sidebar (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);

  return self->sidebar;
}

/**
 * cm_window_get_details:
 *
 * Returns: (transfer none): the details pane
 */
CmDetails *
cm_window_get_details (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);

  return self->details;
}

guint
cm_window_get_error_count (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), 0);

  return self->n_errors;
}

/**
 * cm_window_get_error_dialog:
 *
 * Returns: (transfer none) (nullable): the error dialog shown
 */
GtkWindow *
cm_window_get_error_dialog (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);

  return self->error_dialog;
}

guint
cm_window_get_report_count (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), 0);

  return self->n_reports;
}

GtkWidget *
cm_window_get_timeline (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->timeline);
}

gboolean
cm_window_get_showing_empty_state (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->views_stack), "empty") == 0;
}

GtkWidget *
cm_window_get_map (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->map);
}

guint
cm_window_get_places_offered (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), 0);
  return self->places_offered;
}

GtkWidget *
cm_window_get_places_dialog (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);
  return self->places_dialog;
}

AdwToast *
cm_window_get_places_toast (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);
  return self->places_toast;
}

/**
 * cm_window_get_recent_menu:
 *
 * Returns: (transfer none): the recent files under the Open button
 */
GMenuModel *
cm_window_get_recent_menu (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);
  return G_MENU_MODEL (self->recent_menu);
}

/**
 * cm_window_get_drop_target:
 *
 * Returns: (transfer none): what takes the files dropped on the window
 */
GtkDropTarget *
cm_window_get_drop_target (CmWindow *self)
{
  g_return_val_if_fail (CM_IS_WINDOW (self), NULL);
  return self->drop_target;
}
