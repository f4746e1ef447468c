/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-playback-bar"

#include "config.h"

#include "cm-playback-bar.h"

#include "cm-session-signals.h"
#include "cm-stops-dialog.h"

#include "cm-time-window.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

/* The timeline follows the playback once it leaves the middle of the
 * window by more than this fraction of its width on either side. */
#define FOLLOW_EDGE 0.1
/* Playing from a window this many times as wide as the itinerary shows
 * the itinerary, in the middle 80% the time is kept in (margins of 1/8
 * of its span on each side). */
#define SHOW_ITINERARY_FACTOR 4.0
#define SHOW_ITINERARY_MARGIN (FOLLOW_EDGE / (1 - 2 * FOLLOW_EDGE))
/* A frame that comes late (a stall, a hidden window) advances no more. */
#define MAX_FRAME_SECONDS 0.25

struct _CmPlaybackBar
{
  GtkWidget      parent_instance;

  CmSession     *session;
  CmPlayback    *playback;          /* the session's */
  CmViewport    *viewport;          /* the session's */
  CmSessionSignals signals;
  GArray        *groups;            /* guint: group index of each dropdown item */
  guint          tick_id;
  gint64         last_frame_time;   /* µs, 0 before the first frame */
  gboolean       updating;          /* setting the dropdowns from the playback */

  /* Template widgets */
  GtkDropDown   *itinerary_dropdown;
  GtkStringList *itinerary_list;
  GtkButton     *previous_button;
  GtkButton     *play_button;
  GtkButton     *next_button;
  GtkScale      *scale;
  GtkAdjustment *adjustment;
  GtkLabel      *stage_label;
  GtkLabel      *date_label;
  GtkDropDown   *speed_dropdown;
  GtkWidget     *stops_button;
  GtkWidget     *stops_dialog;      /* weak: the open "Reorder Stops" window */
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CmPlaybackBar, cm_playback_bar, GTK_TYPE_WIDGET)

/* Helpers --------------------------------------------------------------- */

/* "Buckingham Palace, London, United Kingdom" → "Buckingham Palace". */
static char *
dup_short_place (const char *place)
{
  const char *comma;

  if (place == NULL || *place == '\0')
    return NULL;

  comma = strchr (place, ',');
  if (comma == NULL || comma == place)
    return g_strdup (place);

  return g_strndup (place, comma - place);
}

static void
update_actions (CmPlaybackBar *self)
{
  CmPlayback *playback = self->playback;
  gboolean available = playback != NULL && cm_playback_get_itinerary (playback) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "playback.toggle", available);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "playback.previous",
                                 available && cm_playback_can_step_previous (playback));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "playback.next",
                                 available && cm_playback_can_step_next (playback));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "playback.reorder-stops", available);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scale), available);
  gtk_widget_set_sensitive (GTK_WIDGET (self->speed_dropdown), available);
}

static void
update_play_button (CmPlaybackBar *self)
{
  gboolean playing = self->playback != NULL && cm_playback_get_playing (self->playback);
  const char *label = playing ? _("Pause") : _("Play");

  gtk_button_set_icon_name (self->play_button,
                            playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
update_position (CmPlaybackBar *self)
{
  CmPlayback *playback = self->playback;
  CmItinerary *itinerary = playback != NULL ? cm_playback_get_itinerary (playback) : NULL;
  CmTime time = playback != NULL ? cm_playback_get_time (playback) : CM_TIME_INVALID;
  g_autofree char *stage = NULL;
  g_autofree char *date = NULL;

  if (itinerary != NULL && time != CM_TIME_INVALID)
    {
      guint index = cm_playback_get_stop (playback);
      guint n_stops = cm_itinerary_get_n_stops (itinerary);
      const CmStop *stop = cm_itinerary_get_stop (itinerary, index);
      g_autofree char *place = dup_short_place (stop->place);
      int utc_offset = CM_UTC_OFFSET_NONE;
      CmDocument *document = cm_playback_get_document (playback);
      CmEventStore *store = cm_document_get_store (document);

      if (stop->first < cm_event_store_get_n_events (store))
        {
          CmEventData data;

          cm_event_store_get_data (store, stop->first, &data);
          utc_offset = data.utc_offset;
        }

      if (place != NULL)
        /* Translators: the stage of an itinerary being played: stop number, number of stops, place */
        stage = g_strdup_printf (_("%u/%u · %s"), index + 1, n_stops, place);
      else
        /* Translators: the stage of an itinerary being played: stop number, number of stops */
        stage = g_strdup_printf (_("%u/%u"), index + 1, n_stops);
      date = cm_time_format (time, CM_PRECISION_MINUTE, utc_offset);

      gtk_adjustment_set_value (self->adjustment, (double) time);
    }
  else
    {
      stage = g_strdup (_("No Itinerary"));
    }

  gtk_label_set_text (self->stage_label, stage);
  gtk_label_set_text (self->date_label, date != NULL ? date : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->stage_label), stage);

  update_actions (self);
}

/* Marks beyond this many would merge into a bar (and GtkScale adds each
 * in linear time, and widens its minimum by each): a long itinerary shows
 * every n-th stop. */
#define MAX_MARKS 100

/* The scrubber's range and marks, one per stop. */
static void
update_range (CmPlaybackBar *self)
{
  CmTime start, end;
  CmItinerary *itinerary;
  guint n_stops, step;

  gtk_scale_clear_marks (self->scale);

  if (self->playback != NULL && cm_playback_get_range (self->playback, &start, &end))
    {
      itinerary = cm_playback_get_itinerary (self->playback);
      gtk_adjustment_configure (self->adjustment,
                                (double) cm_playback_get_time (self->playback),
                                (double) start, (double) MAX (end, start + 1),
                                3600, 86400, 0);
      n_stops = cm_itinerary_get_n_stops (itinerary);
      step = n_stops / MAX_MARKS + 1;

      for (guint i = 0; i < n_stops; i += step)
        gtk_scale_add_mark (self->scale, (double) cm_itinerary_get_stop (itinerary, i)->arrive,
                            GTK_POS_BOTTOM, NULL);
    }
  else
    {
      gtk_adjustment_configure (self->adjustment, 0, 0, 1, 3600, 86400, 0);
    }
}

/* The dropdown of the document's itinerary groups. */
static void
update_groups (CmPlaybackBar *self)
{
  CmDocument *document = self->playback != NULL ? cm_playback_get_document (self->playback) : NULL;
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->itinerary_list));
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint selected = GTK_INVALID_LIST_POSITION;

  g_array_set_size (self->groups, 0);

  if (document != NULL)
    {
      guint current = cm_playback_get_group (self->playback);

      for (guint i = 0; i < cm_document_get_n_groups (document); i++)
        {
          const CmGroup *group = cm_document_get_group (document, i);

          if (group->kind != CM_GROUP_ITINERARY)
            continue;

          if (i == current)
            selected = self->groups->len;
          g_array_append_val (self->groups, i);
          g_ptr_array_add (names, group->name);
        }
    }
  g_ptr_array_add (names, NULL);

  self->updating = TRUE;
  gtk_string_list_splice (self->itinerary_list, 0, n_old, (const char * const *) names->pdata);
  gtk_drop_down_set_selected (self->itinerary_dropdown, selected);
  self->updating = FALSE;

  /* Nothing to choose from with a single itinerary. */
  gtk_widget_set_visible (GTK_WIDGET (self->itinerary_dropdown), self->groups->len > 1);
}

static void
update_speed (CmPlaybackBar *self)
{
  if (self->playback == NULL)
    return;

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->speed_dropdown, cm_playback_get_speed (self->playback));
  self->updating = FALSE;
}

/* Keeps the playback time within the shared time window, keeping its
 * width: while playing, the window moves just enough to keep the time in
 * its middle 80% (so a window that shows the itinerary mostly stays);
 * otherwise, when the time is outside it, it is centred on the time. */
static void
follow_time (CmPlaybackBar *self)
{
  CmTime time, start, end, width, margin;

  if (self->viewport == NULL || self->playback == NULL)
    return;

  time = cm_playback_get_time (self->playback);
  if (time == CM_TIME_INVALID)
    return;

  start = cm_viewport_get_start (self->viewport);
  end = cm_viewport_get_end (self->viewport);
  width = end - start;

  if (!cm_playback_get_playing (self->playback))
    {
      if (time < start || time > end)
        cm_viewport_set_window (self->viewport, time - width / 2, time - width / 2 + width);
      return;
    }

  margin = (CmTime) (width * FOLLOW_EDGE);
  if (time < start + margin)
    cm_viewport_set_window (self->viewport, time - margin, time - margin + width);
  else if (time > end - margin)
    cm_viewport_set_window (self->viewport, time + margin - width, time + margin);
}

/* Playing starts with the timeline far wider than the itinerary, where
 * the time would hardly move: shows the itinerary's time instead. A
 * closer window is kept (and followed). */
static void
show_itinerary (CmPlaybackBar *self)
{
  CmTime start, end;

  if (self->viewport == NULL || !cm_playback_get_range (self->playback, &start, &end))
    return;

  cm_time_window_add_margins (&start, &end, SHOW_ITINERARY_MARGIN);
  if (cm_time_window_span (cm_viewport_get_start (self->viewport), cm_viewport_get_end (self->viewport)) >
      cm_time_window_span (start, end) * SHOW_ITINERARY_FACTOR && end > start)
    cm_viewport_set_window (self->viewport, start, end);
}

/* Playing --------------------------------------------------------------- */

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  CmPlaybackBar *self = CM_PLAYBACK_BAR (widget);
  gint64 now = gdk_frame_clock_get_frame_time (frame_clock);

  if (self->last_frame_time != 0 && self->playback != NULL)
    {
      double elapsed = (now - self->last_frame_time) / (double) G_USEC_PER_SEC;

      cm_playback_advance (self->playback, CLAMP (elapsed, 0, MAX_FRAME_SECONDS));
    }
  self->last_frame_time = now;

  return G_SOURCE_CONTINUE;
}

static void
update_ticking (CmPlaybackBar *self)
{
  gboolean playing = self->playback != NULL && cm_playback_get_playing (self->playback);

  if (playing && self->tick_id == 0)
    {
      self->last_frame_time = 0;
      self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
    }
  else if (!playing && self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
}

/* Callbacks ------------------------------------------------------------- */

static void
playback_time_cb (CmPlaybackBar *self,
                  GParamSpec    *pspec,
                  CmPlayback    *playback)
{
  g_assert (CM_IS_PLAYBACK_BAR (self));

  update_position (self);
  follow_time (self);
}

static void
playback_itinerary_cb (CmPlaybackBar *self,
                       GParamSpec    *pspec,
                       CmPlayback    *playback)
{
  g_assert (CM_IS_PLAYBACK_BAR (self));

  update_range (self);
  update_groups (self);
  update_position (self);
}

static void
playback_playing_cb (CmPlaybackBar *self,
                     GParamSpec    *pspec,
                     CmPlayback    *playback)
{
  g_assert (CM_IS_PLAYBACK_BAR (self));

  update_play_button (self);
  update_ticking (self);
  if (cm_playback_get_playing (playback))
    show_itinerary (self);
  follow_time (self);
}

static void
playback_speed_cb (CmPlaybackBar *self,
                   GParamSpec    *pspec,
                   CmPlayback    *playback)
{
  g_assert (CM_IS_PLAYBACK_BAR (self));

  update_speed (self);
}

static void
playback_document_cb (CmPlaybackBar *self,
                      GParamSpec    *pspec,
                      CmPlayback    *playback)
{
  g_assert (CM_IS_PLAYBACK_BAR (self));

  g_signal_group_set_target (self->signals.document, cm_playback_get_document (playback));
  update_groups (self);
}

static void
document_changed_cb (CmPlaybackBar *self,
                     CmDocument    *document)
{
  g_assert (CM_IS_PLAYBACK_BAR (self));

  update_groups (self);
}

static void
itinerary_selected_cb (CmPlaybackBar *self,
                       GParamSpec    *pspec,
                       GtkDropDown   *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  g_assert (CM_IS_PLAYBACK_BAR (self));

  if (self->updating || self->playback == NULL || selected >= self->groups->len)
    return;

  cm_playback_set_group (self->playback, g_array_index (self->groups, guint, selected));
}

static void
speed_selected_cb (CmPlaybackBar *self,
                   GParamSpec    *pspec,
                   GtkDropDown   *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  g_assert (CM_IS_PLAYBACK_BAR (self));

  if (self->updating || self->playback == NULL || selected >= CM_N_PLAYBACK_SPEEDS)
    return;

  cm_playback_set_speed (self->playback, selected);
}

static gboolean
scale_change_value_cb (CmPlaybackBar *self,
                       GtkScrollType  scroll,
                       double         value,
                       GtkRange      *range)
{
  g_assert (CM_IS_PLAYBACK_BAR (self));

  if (self->playback != NULL && isfinite (value))
    cm_playback_seek (self->playback, (CmTime) llround (value));

  /* The scale follows the playback's time (clamped). */
  return TRUE;
}

static void
toggle_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CmPlaybackBar *self = CM_PLAYBACK_BAR (widget);

  if (self->playback != NULL)
    cm_playback_toggle (self->playback);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CmPlaybackBar *self = CM_PLAYBACK_BAR (widget);

  if (self->playback != NULL)
    cm_playback_step_previous_stop (self->playback);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CmPlaybackBar *self = CM_PLAYBACK_BAR (widget);

  if (self->playback != NULL)
    cm_playback_step_next_stop (self->playback);
}

/* One window per bar: a second activation brings it forward. */
static void
reorder_stops_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CmPlaybackBar *self = CM_PLAYBACK_BAR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->session == NULL)
    return;

  if (self->stops_dialog == NULL)
    {
      self->stops_dialog = cm_stops_dialog_new (self->session);
      g_object_add_weak_pointer (G_OBJECT (self->stops_dialog), (gpointer *) &self->stops_dialog);
      if (GTK_IS_WINDOW (root))
        gtk_window_set_transient_for (GTK_WINDOW (self->stops_dialog), GTK_WINDOW (root));
      gtk_window_set_destroy_with_parent (GTK_WINDOW (self->stops_dialog), TRUE);
    }

  gtk_window_present (GTK_WINDOW (self->stops_dialog));
}

/* Takes the new session's playback and viewport (none without one), then
 * notifies "session". The document followed is the playback's. */
static void
bind_session (CmPlaybackBar *self)
{
  CmSession *session = self->session;

  g_set_object (&self->playback, (session != NULL ? cm_session_get_playback (session) : NULL));
  g_set_object (&self->viewport, (session != NULL ? cm_session_get_viewport (session) : NULL));
  g_signal_group_set_target (self->signals.document,
                             self->playback != NULL ? cm_playback_get_document (self->playback) : NULL);

  update_groups (self);
  update_range (self);
  update_speed (self);
  update_position (self);
  update_play_button (self);
  update_ticking (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/* GObject --------------------------------------------------------------- */

static void
cm_playback_bar_dispose (GObject *object)
{
  CmPlaybackBar *self = CM_PLAYBACK_BAR (object);
  GtkWidget *child;

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }

  cm_session_signals_clear (&self->signals);

  /* Its session goes with the bar's. */
  if (self->stops_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->stops_dialog), (gpointer *) &self->stops_dialog);
      gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->stops_dialog)));
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_PLAYBACK_BAR);
  /* Children without an id in the template are not disposed with it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->playback);
  g_clear_object (&self->viewport);
  g_clear_object (&self->session);
  g_clear_pointer (&self->groups, g_array_unref);

  G_OBJECT_CLASS (cm_playback_bar_parent_class)->dispose (object);
}

static void
cm_playback_bar_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CmPlaybackBar *self = CM_PLAYBACK_BAR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, cm_playback_bar_get_session (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_playback_bar_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CmPlaybackBar *self = CM_PLAYBACK_BAR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      cm_playback_bar_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_playback_bar_class_init (CmPlaybackBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_playback_bar_dispose;
  object_class->get_property = cm_playback_bar_get_property;
  object_class->set_property = cm_playback_bar_set_property;

  properties[PROP_SESSION] = cm_session_param_spec_new ();

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/cm-playback-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, CmPlaybackBar, itinerary_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CmPlaybackBar, itinerary_list);
  gtk_widget_class_bind_template_child (widget_class, CmPlaybackBar, previous_button);
  gtk_widget_class_bind_template_child (widget_class, CmPlaybackBar, play_button);
  gtk_widget_class_bind_template_child (widget_class, CmPlaybackBar, next_button);
  gtk_widget_class_bind_template_child (widget_class, CmPlaybackBar, scale);
  gtk_widget_class_bind_template_child (widget_class, CmPlaybackBar, adjustment);
  gtk_widget_class_bind_template_child (widget_class, CmPlaybackBar, stage_label);
  gtk_widget_class_bind_template_child (widget_class, CmPlaybackBar, date_label);
  gtk_widget_class_bind_template_child (widget_class, CmPlaybackBar, speed_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CmPlaybackBar, stops_button);
  gtk_widget_class_bind_template_callback (widget_class, scale_change_value_cb);

  gtk_widget_class_install_action (widget_class, "playback.toggle", NULL, toggle_action);
  gtk_widget_class_install_action (widget_class, "playback.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "playback.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "playback.reorder-stops", NULL, reorder_stops_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "playback.toggle", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Space, 0, "playback.toggle", NULL);

  gtk_widget_class_set_css_name (widget_class, "playbackbar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TOOLBAR);
}

static void
cm_playback_bar_init (CmPlaybackBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* A drop-down's button, which takes the focus, has no name of its own in
   * GTK 4.8: it is read as "GtkToggleButton". */
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_first_child (GTK_WIDGET (self->itinerary_dropdown))),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Itinerary"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_first_child (GTK_WIDGET (self->speed_dropdown))),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Playback Speed"),
                                  -1);

  self->groups = g_array_new (FALSE, FALSE, sizeof (guint));

  cm_session_signals_init (&self->signals);
  g_signal_group_connect_object (self->signals.playback, "notify::time",
                                 G_CALLBACK (playback_time_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals.playback, "notify::stop",
                                 G_CALLBACK (playback_time_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals.playback, "notify::itinerary",
                                 G_CALLBACK (playback_itinerary_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals.playback, "notify::playing",
                                 G_CALLBACK (playback_playing_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals.playback, "notify::speed",
                                 G_CALLBACK (playback_speed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals.playback, "notify::document",
                                 G_CALLBACK (playback_document_cb), self, G_CONNECT_SWAPPED);

  g_signal_group_connect_object (self->signals.document, "changed",
                                 G_CALLBACK (document_changed_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->itinerary_dropdown, "notify::selected",
                           G_CALLBACK (itinerary_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->speed_dropdown, "notify::selected",
                           G_CALLBACK (speed_selected_cb), self, G_CONNECT_SWAPPED);

  update_groups (self);
  update_range (self);
  update_position (self);
  update_play_button (self);
}

/* Public API ------------------------------------------------------------ */

GtkWidget *
cm_playback_bar_new (void)
{
  return g_object_new (CM_TYPE_PLAYBACK_BAR, NULL);
}

/**
 * cm_playback_bar_get_session:
 *
 * Returns: (transfer none) (nullable): the session whose playback is controlled
 */
CmSession *
cm_playback_bar_get_session (CmPlaybackBar *self)
{
  g_return_val_if_fail (CM_IS_PLAYBACK_BAR (self), NULL);

  return self->session;
}

void
cm_playback_bar_set_session (CmPlaybackBar *self,
                             CmSession     *session)
{
  g_return_if_fail (CM_IS_PLAYBACK_BAR (self));

  if (cm_session_signals_replace (&self->signals, &self->session, session))
    bind_session (self);
}
