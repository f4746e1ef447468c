/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-details"

#include "config.h"

#include "cm-details-private.h"

#include "cm-organize-dialog.h"

#include <glib/gi18n.h>
#include <math.h>

enum {
  PROP_0,
  PROP_SESSION,
  PROP_EVENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CmDetails, cm_details, GTK_TYPE_WIDGET)

static gboolean
is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}

static char *
format_coordinates (double   lat,
                    double   lon,
                    gboolean approximate)
{
  g_autofree char *latitude = NULL;
  g_autofree char *longitude = NULL;

  /* Translators: a latitude in degrees, north or south */
  latitude = g_strdup_printf (lat >= 0 ? _("%.4f° N") : _("%.4f° S"), fabs (lat));
  /* Translators: a longitude in degrees, east or west */
  longitude = g_strdup_printf (lon >= 0 ? _("%.4f° E") : _("%.4f° W"), fabs (lon));

  if (approximate)
    {
      /* Translators: latitude, longitude, for a point that stands for a wider place */
      return g_strdup_printf (_("%s, %s (approximate)"), latitude, longitude);
    }

  /* Translators: latitude, longitude */
  return g_strdup_printf (_("%s, %s"), latitude, longitude);
}

static const char *
describe_precision (CmEventFlags flags,
                    gboolean     is_span)
{
  gboolean start = (flags & CM_EVENT_START_APPROXIMATE) != 0;
  gboolean end = is_span && (flags & CM_EVENT_END_APPROXIMATE) != 0;

  if (start && end)
    return _("Both dates are approximate");
  else if (start && is_span)
    return _("The start date is approximate");
  else if (start)
    return _("The date is approximate");
  else if (end)
    return _("The end date is approximate");
  else
    return NULL;
}

static const char *
describe_group_kind (CmGroupKind kind)
{
  switch (kind)
    {
    case CM_GROUP_ITINERARY:
      return _("Itinerary");

    case CM_GROUP_LANE:
    default:
      return _("Lane");
    }
}

static void
show_event (CmDetails *self,
            CmEvent   *event)
{
  g_autofree char *date = NULL;
  const char *place, *description, *precision;
  const CmCategory *category = NULL;
  const CmGroup *group = NULL;
  double lat, lon;
  gboolean has_coordinates;
  guint index;

  date = cm_event_format_date (event);

  gtk_label_set_text (self->title_label, cm_event_get_title (event));
  gtk_label_set_text (self->date_label, date);

  precision = describe_precision (cm_event_get_flags (event), cm_event_is_span (event));
  gtk_label_set_text (self->precision_label, precision);
  gtk_widget_set_visible (GTK_WIDGET (self->precision_label), precision != NULL);

  place = cm_event_get_place (event);
  has_coordinates = cm_event_get_coordinates (event, &lat, &lon);
  gtk_label_set_text (self->place_label, place);
  gtk_widget_set_visible (GTK_WIDGET (self->place_label), !is_empty (place));
  if (has_coordinates)
    {
      gboolean approximate = (cm_event_get_flags (event) & CM_EVENT_COORDINATES_APPROXIMATE) != 0;
      g_autofree char *text = format_coordinates (lat, lon, approximate);

      gtk_label_set_text (self->coordinates_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->coordinates_label), has_coordinates);
  gtk_widget_set_visible (self->place_box, !is_empty (place) || has_coordinates);

  index = cm_event_get_category (event);
  if (index != CM_NONE && index < cm_document_get_n_categories (self->document))
    category = cm_document_get_category (self->document, index);
  if (category != NULL)
    {
      gtk_label_set_text (self->category_label, category->name);
      cm_swatch_set_color (self->category_swatch, category->red, category->green, category->blue);
    }
  gtk_widget_set_visible (self->category_box, category != NULL);

  index = cm_event_get_group (event);
  if (index != CM_NONE && index < cm_document_get_n_groups (self->document))
    group = cm_document_get_group (self->document, index);
  if (group != NULL)
    {
      /* Translators: a group name and its kind, e.g. "Obama in Europe (Itinerary)" */
      g_autofree char *text = g_strdup_printf (_("%s (%s)"), group->name, describe_group_kind (group->kind));

      gtk_label_set_text (self->group_label, text);
    }
  gtk_widget_set_visible (self->group_box, group != NULL);

  description = cm_event_get_description (event);
  gtk_label_set_text (self->description_label, description);
  gtk_widget_set_visible (self->description_box, !is_empty (description));

  gtk_stack_set_visible_child_name (self->stack, "event");
}

static void
update_actions (CmDetails *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.edit",
                                 self->event != NULL && !self->editing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.cancel", self->editing);
}

/* Enters or leaves edit mode; leaving applies what was typed and is valid. */
static void
set_editing (CmDetails *self,
             gboolean   editing)
{
  editing = editing && self->event != NULL;
  if (self->editing == editing)
    return;

  if (editing)
    {
      self->edited_serial = cm_event_get_serial (self->event);
      _cm_details_edit_fill (self, TRUE);
    }
  else
    _cm_details_edit_apply_all (self);

  self->editing = editing;
  if (!editing)
    self->edited_serial = CM_NONE;

  gtk_stack_set_visible_child_name (self->mode_stack, editing ? "edit" : "view");
  /* The focus may pass through the title on its way out of the form, and
   * a selectable label selects all its text when focused: undo that. */
  if (!editing)
    gtk_label_select_region (self->title_label, 0, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->mode_label), editing);
  gtk_button_set_label (GTK_BUTTON (self->edit_button), editing ? _("_Done") : _("_Edit"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->edit_button),
                               editing ? _("Stop Editing") : _("Edit the Event (F2)"));
  if (editing)
    gtk_widget_add_css_class (GTK_WIDGET (self->edit_button), "suggested-action");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->edit_button), "suggested-action");
  gtk_toggle_button_set_active (self->edit_button, editing);

  update_actions (self);
}

static void
edit_toggled_cb (CmDetails       *self,
                 GtkToggleButton *button)
{
  g_assert (CM_IS_DETAILS (self));

  set_editing (self, gtk_toggle_button_get_active (button));
}

static void
organize_clicked_cb (CmDetails *self)
{
  GtkWidget *dialog;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_assert (CM_IS_DETAILS (self));

  if (self->session == NULL)
    return;

  dialog = cm_organize_dialog_new (self->session);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  cm_details_edit (CM_DETAILS (widget));
}

/* Escape: leaves edit mode, dropping what was typed and not applied. */
static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CmDetails *self = CM_DETAILS (widget);

  if (!self->editing)
    return;

  _cm_details_edit_fill (self, TRUE);
  set_editing (self, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->edit_button));
}

static void
refresh (CmDetails *self)
{
  g_autoptr(CmEvent) event = NULL;

  if (self->document != NULL && self->viewport != NULL)
    {
      guint serial = cm_viewport_get_selection (self->viewport);
      CmEventStore *store = cm_document_get_store (self->document);
      guint position = serial != CM_NONE ? cm_event_store_find_serial (store, serial) : CM_NONE;

      if (position != CM_NONE)
        event = cm_event_store_get_event (store, position);
    }

  if (event != NULL)
    show_event (self, event);
  else
    gtk_stack_set_visible_child_name (self->stack, "empty");

  if (g_set_object (&self->event, event))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT]);

  if (self->editing && event == NULL)
    set_editing (self, FALSE);
  else if (self->editing)
    {
      /* Another event selected: the form is its own, nothing typed is kept. */
      gboolean other = cm_event_get_serial (event) != self->edited_serial;

      self->edited_serial = cm_event_get_serial (event);
      _cm_details_edit_fill (self, other);
    }

  update_actions (self);
}

static void
document_changed_cb (CmDetails  *self,
                     CmDocument *document)
{
  g_assert (CM_IS_DETAILS (self));

  refresh (self);
}

static void
store_items_changed_cb (CmDetails    *self,
                        guint         position,
                        guint         removed,
                        guint         added,
                        CmEventStore *store)
{
  g_assert (CM_IS_DETAILS (self));

  refresh (self);
}

static void
viewport_selection_cb (CmDetails  *self,
                       GParamSpec *pspec,
                       CmViewport *viewport)
{
  g_assert (CM_IS_DETAILS (self));

  refresh (self);
}

/* Takes the new session's document and viewport (none without one), then
 * notifies "session". */
static void
bind_session (CmDetails *self)
{
  CmSession *session = self->session;

  g_set_object (&self->document, (session != NULL ? cm_session_get_document (session) : NULL));
  g_set_object (&self->viewport, (session != NULL ? cm_session_get_viewport (session) : NULL));

  refresh (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
cm_details_dispose (GObject *object)
{
  CmDetails *self = CM_DETAILS (object);
  GtkWidget *child;

  cm_session_signals_clear (&self->signals);

  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_DETAILS);
  /* Children without an id in the template are not disposed with it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->event);
  g_clear_object (&self->document);
  g_clear_object (&self->viewport);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cm_details_parent_class)->dispose (object);
}

static void
cm_details_finalize (GObject *object)
{
  _cm_details_edit_finalize (CM_DETAILS (object));

  G_OBJECT_CLASS (cm_details_parent_class)->finalize (object);
}

static void
cm_details_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CmDetails *self = CM_DETAILS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, cm_details_get_session (self));
      break;

    case PROP_EVENT:
      g_value_set_object (value, cm_details_get_event (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_details_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CmDetails *self = CM_DETAILS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      cm_details_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_details_class_init (CmDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_details_dispose;
  object_class->finalize = cm_details_finalize;
  object_class->get_property = cm_details_get_property;
  object_class->set_property = cm_details_set_property;

  properties[PROP_SESSION] = cm_session_param_spec_new ();
  properties[PROP_EVENT] =
    g_param_spec_object ("event", NULL, NULL,
                         CM_TYPE_EVENT,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/cm-details.ui");
  gtk_widget_class_bind_template_child (widget_class, CmDetails, stack);
  gtk_widget_class_bind_template_child (widget_class, CmDetails, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CmDetails, title_label);
  gtk_widget_class_bind_template_child (widget_class, CmDetails, date_label);
  gtk_widget_class_bind_template_child (widget_class, CmDetails, precision_label);
  gtk_widget_class_bind_template_child (widget_class, CmDetails, place_box);
  gtk_widget_class_bind_template_child (widget_class, CmDetails, place_label);
  gtk_widget_class_bind_template_child (widget_class, CmDetails, coordinates_label);
  gtk_widget_class_bind_template_child (widget_class, CmDetails, category_box);
  gtk_widget_class_bind_template_child (widget_class, CmDetails, category_swatch);
  gtk_widget_class_bind_template_child (widget_class, CmDetails, category_label);
  gtk_widget_class_bind_template_child (widget_class, CmDetails, group_box);
  gtk_widget_class_bind_template_child (widget_class, CmDetails, group_label);
  gtk_widget_class_bind_template_child (widget_class, CmDetails, description_box);
  gtk_widget_class_bind_template_child (widget_class, CmDetails, description_label);

  gtk_widget_class_bind_template_child (widget_class, CmDetails, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, CmDetails, mode_label);
  gtk_widget_class_bind_template_child (widget_class, CmDetails, edit_button);
  gtk_widget_class_bind_template_child (widget_class, CmDetails, edit_scroller);
  gtk_widget_class_bind_template_callback (widget_class, edit_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, organize_clicked_cb);
  _cm_details_edit_class_init (widget_class);

  gtk_widget_class_install_action (widget_class, "details.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "details.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "details.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "details.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "details.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "details.cancel", NULL);

  gtk_widget_class_set_css_name (widget_class, "details");
}

static void
cm_details_init (CmDetails *self)
{
  g_type_ensure (CM_TYPE_SWATCH);

  gtk_widget_init_template (GTK_WIDGET (self));
  _cm_details_edit_init (self);
  update_actions (self);

  cm_session_signals_init (&self->signals);
  g_signal_group_connect_object (self->signals.document, "changed",
                                 G_CALLBACK (document_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals.store, "items-changed",
                                 G_CALLBACK (store_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals.viewport, "notify::selection",
                                 G_CALLBACK (viewport_selection_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
cm_details_new (void)
{
  return g_object_new (CM_TYPE_DETAILS, NULL);
}

/**
 * cm_details_get_session:
 *
 * Returns: (transfer none) (nullable): the session whose selection is shown
 */
CmSession *
cm_details_get_session (CmDetails *self)
{
  g_return_val_if_fail (CM_IS_DETAILS (self), NULL);

  return self->session;
}

void
cm_details_set_session (CmDetails *self,
                        CmSession *session)
{
  g_return_if_fail (CM_IS_DETAILS (self));

  if (cm_session_signals_replace (&self->signals, &self->session, session))
    bind_session (self);
}

/**
 * cm_details_get_event:
 *
 * Returns: (transfer none) (nullable): the event shown
 */
CmEvent *
cm_details_get_event (CmDetails *self)
{
  g_return_val_if_fail (CM_IS_DETAILS (self), NULL);

  return self->event;
}

void
cm_details_focus (CmDetails *self)
{
  g_return_if_fail (CM_IS_DETAILS (self));

  if (self->event == NULL)
    return;

  /* A selectable label selects all its text when focused: undo that. */
  if (gtk_widget_grab_focus (GTK_WIDGET (self->title_label)))
    gtk_label_select_region (self->title_label, 0, 0);
}

/**
 * cm_details_get_title_label:
 *
 * Returns: (transfer none): the label showing the event's title
 */
GtkLabel *
cm_details_get_title_label (CmDetails *self)
{
  g_return_val_if_fail (CM_IS_DETAILS (self), NULL);

  return self->title_label;
}

/**
 * cm_details_edit:
 *
 * Enters edit mode for the event shown, and puts the focus in its title
 * (all of it selected, so that typing replaces it). Nothing without one.
 */
void
cm_details_edit (CmDetails *self)
{
  GtkWidget *title_row;

  g_return_if_fail (CM_IS_DETAILS (self));

  if (self->event == NULL)
    return;

  set_editing (self, TRUE);

  title_row = GTK_WIDGET (self->entries[CM_DETAILS_TITLE].row);
  gtk_widget_grab_focus (title_row);
  gtk_editable_select_region (GTK_EDITABLE (title_row), 0, -1);
}

gboolean
cm_details_get_editing (CmDetails *self)
{
  g_return_val_if_fail (CM_IS_DETAILS (self), FALSE);

  return self->editing;
}
