/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-event-row"

#include "config.h"

#include "cm-event-row.h"

#include "cm-event-text.h"
#include "cm-swatch.h"

#include <math.h>
#include <string.h>

/* One widget that draws its swatch and three lines of text itself, rather
 * than a box of labels: a search at a million events binds a screenful of
 * new rows on every keystroke, and a label measures its text several times
 * over (each measure shapes it anew). A row shapes each text once for the
 * width it is given and draws the same layouts. */

#define SWATCH_SIZE    10
#define SWATCH_TOP     3
#define SWATCH_SPACING 10
#define LINE_SPACING   2
/* The captions (date, place) against the row's font: the theme's caption
 * size (9 pt) against its text size (11 pt). */
#define CAPTION_SCALE  (9. / 11.)
#define CAPTION_ALPHA  0.55f
/* The narrowest text column, in widths of the font's size. */
#define MIN_TEXT_EMS   6
#define NATURAL_TEXT_EMS 16

struct _CmEventRow
{
  GtkWidget    parent_instance;

  PangoLayout *date;
  PangoLayout *title;
  PangoLayout *place;   /* drawn only when the event has a place */
  gboolean     has_place;
  GdkRGBA      swatch;  /* transparent: no category */
};

G_DEFINE_FINAL_TYPE (CmEventRow, cm_event_row, GTK_TYPE_WIDGET)

/* The size of the row's font, px, at the screen's resolution. */
static int
font_pixels (CmEventRow *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *font = pango_context_get_font_description (context);
  double size = font != NULL ? pango_font_description_get_size (font) / (double) PANGO_SCALE : 11;
  double dpi = pango_cairo_context_get_resolution (context);

  if (font == NULL || !pango_font_description_get_size_is_absolute (font))
    size *= (dpi > 0 ? dpi : 96.) / 72.;

  return MAX (1, (int) ceil (size));
}

/* The layouts take the row's font (the caption ones smaller, the title
 * bolder), as it is now. */
static void
update_fonts (CmEventRow *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *base = pango_context_get_font_description (context);
  g_autoptr(PangoFontDescription) title = base != NULL ? pango_font_description_copy (base)
                                                       : pango_font_description_new ();
  g_autoptr(PangoFontDescription) caption = pango_font_description_copy (title);
  int size = pango_font_description_get_size (caption);

  pango_font_description_set_weight (title, PANGO_WEIGHT_SEMIBOLD);
  if (size > 0)
    {
      int scaled = (int) (size * CAPTION_SCALE);

      if (pango_font_description_get_size_is_absolute (caption))
        pango_font_description_set_absolute_size (caption, scaled);
      else
        pango_font_description_set_size (caption, scaled);
    }

  pango_layout_context_changed (self->date);
  pango_layout_context_changed (self->title);
  pango_layout_context_changed (self->place);
  pango_layout_set_font_description (self->date, caption);
  pango_layout_set_font_description (self->place, caption);
  pango_layout_set_font_description (self->title, title);
}

/* The layouts start at the side the widget's direction reads from. */
static void
update_alignment (CmEventRow *self)
{
  PangoAlignment alignment = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL
                               ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;

  pango_layout_set_alignment (self->date, alignment);
  pango_layout_set_alignment (self->title, alignment);
  pango_layout_set_alignment (self->place, alignment);
}

/* The text column of a row @width wide. */
static int
text_width_for (CmEventRow *self,
                int         width)
{
  return MAX (1, width - SWATCH_SIZE - SWATCH_SPACING);
}

/* Lays the texts out @width px wide (Pango does nothing for the width a
 * layout has already). */
static void
lay_out (CmEventRow *self,
         int         width)
{
  pango_layout_set_width (self->date, width * PANGO_SCALE);
  pango_layout_set_width (self->title, width * PANGO_SCALE);
  pango_layout_set_width (self->place, width * PANGO_SCALE);
}

static int
layout_height (PangoLayout *layout)
{
  int height = 0;

  pango_layout_get_pixel_size (layout, NULL, &height);

  return height;
}

/* The height of the texts laid out for the width they have. */
static int
texts_height (CmEventRow *self,
              int        *date_height,
              int        *title_height)
{
  int date = layout_height (self->date);
  int title = layout_height (self->title);
  int height = date + LINE_SPACING + title;

  if (self->has_place)
    height += LINE_SPACING + layout_height (self->place);
  if (date_height != NULL)
    *date_height = date;
  if (title_height != NULL)
    *title_height = title;

  return MAX (height, SWATCH_TOP + SWATCH_SIZE);
}

static void
cm_event_row_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  CmEventRow *self = CM_EVENT_ROW (widget);
  int em = font_pixels (self);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Long texts are wrapped or ellipsized: the row asks for no more than
       * a comfortable column, whatever the text. */
      *minimum = SWATCH_SIZE + SWATCH_SPACING + MIN_TEXT_EMS * em;
      *natural = SWATCH_SIZE + SWATCH_SPACING + NATURAL_TEXT_EMS * em;
      return;
    }

  lay_out (self, text_width_for (self, for_size >= 0 ? for_size
                                                     : SWATCH_SIZE + SWATCH_SPACING + NATURAL_TEXT_EMS * em));
  *minimum = *natural = texts_height (self, NULL, NULL);
}

static void
cm_event_row_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  lay_out (CM_EVENT_ROW (widget), text_width_for (CM_EVENT_ROW (widget), width));
}

static void
append_layout (GtkSnapshot   *snapshot,
               PangoLayout   *layout,
               double         x,
               double         y,
               const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
cm_event_row_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  CmEventRow *self = CM_EVENT_ROW (widget);
  int width = gtk_widget_get_width (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  double text_x = rtl ? 0 : SWATCH_SIZE + SWATCH_SPACING;
  double swatch_x = rtl ? width - SWATCH_SIZE : 0;
  int date_height, title_height;
  GdkRGBA color, dim;
  double y = 0;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  dim = color;
  dim.alpha *= CAPTION_ALPHA;

  lay_out (self, text_width_for (self, width));
  texts_height (self, &date_height, &title_height);

  cm_swatch_append (snapshot, &self->swatch,
                    &GRAPHENE_RECT_INIT (swatch_x, SWATCH_TOP, SWATCH_SIZE, SWATCH_SIZE));

  append_layout (snapshot, self->date, text_x, y, &dim);
  y += date_height + LINE_SPACING;
  append_layout (snapshot, self->title, text_x, y, &color);
  y += title_height + LINE_SPACING;
  if (self->has_place)
    append_layout (snapshot, self->place, text_x, y, &dim);
}

static void
cm_event_row_system_setting_changed (GtkWidget        *widget,
                                     GtkSystemSetting  setting)
{
  CmEventRow *self = CM_EVENT_ROW (widget);

  GTK_WIDGET_CLASS (cm_event_row_parent_class)->system_setting_changed (widget, setting);

  update_fonts (self);
  gtk_widget_queue_resize (widget);
}

static void
cm_event_row_direction_changed (GtkWidget        *widget,
                                GtkTextDirection  previous)
{
  update_alignment (CM_EVENT_ROW (widget));
  gtk_widget_queue_draw (widget);
}

static void
cm_event_row_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (cm_event_row_parent_class)->root (widget);

  /* The font the row's style gives it, now that it has one. */
  update_fonts (CM_EVENT_ROW (widget));
}

static void
cm_event_row_finalize (GObject *object)
{
  CmEventRow *self = CM_EVENT_ROW (object);

  g_clear_object (&self->date);
  g_clear_object (&self->title);
  g_clear_object (&self->place);

  G_OBJECT_CLASS (cm_event_row_parent_class)->finalize (object);
}

static void
cm_event_row_class_init (CmEventRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = cm_event_row_finalize;

  widget_class->measure = cm_event_row_measure;
  widget_class->size_allocate = cm_event_row_size_allocate;
  widget_class->snapshot = cm_event_row_snapshot;
  widget_class->system_setting_changed = cm_event_row_system_setting_changed;
  widget_class->direction_changed = cm_event_row_direction_changed;
  widget_class->root = cm_event_row_root;

  gtk_widget_class_set_css_name (widget_class, "eventrow");
}

static PangoLayout *
make_layout (CmEventRow *self,
             int         lines)
{
  PangoLayout *layout = pango_layout_new (gtk_widget_get_pango_context (GTK_WIDGET (self)));

  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  /* A negative height is a number of lines */
  pango_layout_set_height (layout, -lines);

  return layout;
}

static void
cm_event_row_init (CmEventRow *self)
{
  self->date = make_layout (self, 1);
  self->title = make_layout (self, 2);
  self->place = make_layout (self, 1);
  update_fonts (self);
  update_alignment (self);
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

/* Sets @layout's text; whether it changed. */
static gboolean
set_text (PangoLayout *layout,
          const char  *text)
{
  if (text == NULL)
    text = "";
  if (strcmp (pango_layout_get_text (layout), text) == 0)
    return FALSE;

  pango_layout_set_text (layout, text, -1);
  return TRUE;
}

void
cm_event_row_set_event (CmEventRow *self,
                        CmEvent    *event,
                        CmDocument *document)
{
  const CmCategory *category = NULL;
  g_autofree char *date = NULL;
  const char *place = NULL;
  gboolean changed = FALSE;
  gboolean has_place;
  GdkRGBA swatch = { 0.f, 0.f, 0.f, 0.f };

  g_return_if_fail (CM_IS_EVENT_ROW (self));
  g_return_if_fail (event == NULL || CM_IS_EVENT (event));
  g_return_if_fail (document == NULL || CM_IS_DOCUMENT (document));

  update_accessible_label (self, event);

  if (event != NULL)
    {
      date = cm_event_format_date (event);
      place = cm_event_get_place (event);

      if (document != NULL)
        {
          guint index = cm_event_get_category (event);

          if (index != CM_NONE && index < cm_document_get_n_categories (document))
            category = cm_document_get_category (document, index);
        }
    }

  changed |= set_text (self->date, date);
  changed |= set_text (self->title, event != NULL ? cm_event_get_title (event) : NULL);
  changed |= set_text (self->place, place);
  has_place = place != NULL && *place != '\0';
  changed |= has_place != self->has_place;
  self->has_place = has_place;

  if (category != NULL)
    swatch = (GdkRGBA) { category->red, category->green, category->blue, 1.f };
  if (!gdk_rgba_equal (&swatch, &self->swatch))
    {
      self->swatch = swatch;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }

  if (changed)
    gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * cm_event_row_get_text:
 * @line: 0 the date, 1 the title, 2 the place
 *
 * Returns: the text the row shows on @line ("" for none)
 */
const char *
cm_event_row_get_text (CmEventRow *self,
                       guint       line)
{
  g_return_val_if_fail (CM_IS_EVENT_ROW (self), NULL);
  g_return_val_if_fail (line <= 2, NULL);

  if (line == 2 && !self->has_place)
    return "";

  return pango_layout_get_text (line == 0 ? self->date : line == 1 ? self->title : self->place);
}
