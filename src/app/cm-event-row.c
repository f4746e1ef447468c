/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-event-row"

#include "config.h"

#include "cm-event-row.h"

#include "cm-event-text.h"
#include "cm-swatch.h"

struct _CmEventRow
{
  GtkWidget  parent_instance;

  GtkWidget *swatch;
  GtkWidget *date_label;
  GtkWidget *title_label;
  GtkWidget *place_label;
};

G_DEFINE_FINAL_TYPE (CmEventRow, cm_event_row, GTK_TYPE_WIDGET)

static void
cm_event_row_dispose (GObject *object)
{
  CmEventRow *self = CM_EVENT_ROW (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  self->swatch = NULL;
  self->date_label = NULL;
  self->title_label = NULL;
  self->place_label = NULL;

  G_OBJECT_CLASS (cm_event_row_parent_class)->dispose (object);
}

static void
cm_event_row_class_init (CmEventRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_event_row_dispose;

  gtk_widget_class_set_css_name (widget_class, "eventrow");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static GtkWidget *
make_label (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static void
cm_event_row_init (CmEventRow *self)
{
  GtkBoxLayout *layout = GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self)));
  GtkWidget *text_box;

  gtk_box_layout_set_spacing (layout, 10);

  self->swatch = cm_swatch_new ();
  gtk_widget_set_valign (self->swatch, GTK_ALIGN_START);
  gtk_widget_set_parent (self->swatch, GTK_WIDGET (self));

  text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (text_box, TRUE);
  gtk_widget_set_parent (text_box, GTK_WIDGET (self));

  self->date_label = make_label ("date");
  gtk_widget_add_css_class (self->date_label, "caption");
  gtk_widget_add_css_class (self->date_label, "dim-label");
  gtk_box_append (GTK_BOX (text_box), self->date_label);

  self->title_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->title_label), 0.f);
  gtk_label_set_wrap (GTK_LABEL (self->title_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->title_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (self->title_label), 2);
  gtk_label_set_ellipsize (GTK_LABEL (self->title_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (self->title_label, "title");
  gtk_box_append (GTK_BOX (text_box), self->title_label);

  self->place_label = make_label ("place");
  gtk_widget_add_css_class (self->place_label, "caption");
  gtk_widget_add_css_class (self->place_label, "dim-label");
  gtk_box_append (GTK_BOX (text_box), self->place_label);
}

GtkWidget *
cm_event_row_new (void)
{
  return g_object_new (CM_TYPE_EVENT_ROW, NULL);
}

/* The row says "Title, date, place"; so does the list's row around it, the
 * one that takes the focus (a GtkListItem's widget, a GtkListBoxRow). */
static void
update_accessible_label (CmEventRow *self,
                         CmEvent    *event)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));
  g_autofree char *label = event != NULL ? cm_event_dup_accessible_label (event) : NULL;

  if (label != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);

  if (parent == NULL)
    return;

  if (label != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (parent), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (parent), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

void
cm_event_row_set_event (CmEventRow *self,
                        CmEvent    *event,
                        CmDocument *document)
{
  const CmCategory *category = NULL;
  g_autofree char *date = NULL;
  const char *place;

  g_return_if_fail (CM_IS_EVENT_ROW (self));
  g_return_if_fail (event == NULL || CM_IS_EVENT (event));
  g_return_if_fail (document == NULL || CM_IS_DOCUMENT (document));

  update_accessible_label (self, event);

  if (event == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->date_label), NULL);
      gtk_label_set_text (GTK_LABEL (self->title_label), NULL);
      gtk_label_set_text (GTK_LABEL (self->place_label), NULL);
      gtk_widget_set_visible (self->place_label, FALSE);
      cm_swatch_set_rgba (CM_SWATCH (self->swatch), NULL);
      return;
    }

  date = cm_event_format_date (event);
  gtk_label_set_text (GTK_LABEL (self->date_label), date);
  gtk_label_set_text (GTK_LABEL (self->title_label), cm_event_get_title (event));

  place = cm_event_get_place (event);
  gtk_label_set_text (GTK_LABEL (self->place_label), place);
  gtk_widget_set_visible (self->place_label, place != NULL && *place != '\0');

  if (document != NULL)
    {
      guint index = cm_event_get_category (event);

      if (index != CM_NONE && index < cm_document_get_n_categories (document))
        category = cm_document_get_category (document, index);
    }

  if (category != NULL)
    cm_swatch_set_color (CM_SWATCH (self->swatch), category->red, category->green, category->blue);
  else
    cm_swatch_set_rgba (CM_SWATCH (self->swatch), NULL);
}
