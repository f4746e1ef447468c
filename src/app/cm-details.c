/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-details"

#include "config.h"

#include "cm-details.h"

#include "cm-session-signals.h"
#include "cm-swatch.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

struct _CmDetails
{
  GtkWidget      parent_instance;

  CmSession     *session;
  CmDocument    *document;          /* the session's */
  CmViewport    *viewport;          /* the session's */
  CmEvent       *event;
  CmSessionSignals signals;

  /* Template widgets */
  GtkStack      *stack;
  AdwStatusPage *empty_page;
  GtkLabel      *title_label;
  GtkLabel      *date_label;
  GtkLabel      *precision_label;
  GtkWidget     *place_box;
  GtkLabel      *place_label;
  GtkLabel      *coordinates_label;
  GtkWidget     *category_box;
  CmSwatch      *category_swatch;
  GtkLabel      *category_label;
  GtkWidget     *group_box;
  GtkLabel      *group_label;
  GtkWidget     *description_box;
  GtkLabel      *description_label;
};

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

  gtk_widget_class_set_css_name (widget_class, "details");
}

static void
cm_details_init (CmDetails *self)
{
  g_type_ensure (CM_TYPE_SWATCH);

  gtk_widget_init_template (GTK_WIDGET (self));

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

/* Placeholder until the details editor: the window's New Event calls it. */
void
cm_details_edit (CmDetails *self)
{
  g_return_if_fail (CM_IS_DETAILS (self));

  cm_details_focus (self);
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
