/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-timeline-renderer"

#include "config.h"

#include "cm-timeline-renderer-private.h"

#include <math.h>

G_DEFINE_FINAL_TYPE (CmTimelineRenderer, cm_timeline_renderer, G_TYPE_OBJECT)

static guint changed_signal;

double
cm_timeline_time_to_x (CmTime time,
                       CmTime start,
                       CmTime end,
                       double width)
{
  double span = time_diff (start, end);

  if (!(span > 0))
    return 0;

  return time_diff (start, time) * (width / span);
}

CmTime
cm_timeline_x_to_time (double x,
                       CmTime start,
                       CmTime end,
                       double width)
{
  double span = time_diff (start, end);
  double offset;

  if (!(span > 0) || !(width > 0))
    return start;

  offset = round (x * (span / width));
  if (offset >= 9.2e18)
    return G_MAXINT64;
  if (offset <= -9.2e18)
    return G_MININT64 + 1;

  return sat_add (start, (gint64) offset);
}

/* The document's zone is found again, when next needed. */
static void
invalidate_document_zone (CmTimelineRenderer *self)
{
  if (self->zone_kind == CM_ZONE_KIND_DOCUMENT)
    g_clear_pointer (&self->zone, cm_zone_unref);
}

static void
store_items_changed_cb (CmTimelineRenderer *self,
                        guint               position,
                        guint               removed,
                        guint               added,
                        GListModel         *model)
{
  g_assert (CM_IS_TIMELINE_RENDERER (self));

  _cm_timeline_renderer_invalidate_lanes (self, TRUE);
  /* Titles may have changed with the events, and so may their zone */
  g_hash_table_remove_all (self->titles);
  invalidate_document_zone (self);
}

static void
document_changed_cb (CmTimelineRenderer *self,
                     CmDocument         *document)
{
  g_assert (CM_IS_TIMELINE_RENDERER (self));

  _cm_timeline_renderer_invalidate_lanes (self, TRUE);
  g_hash_table_remove_all (self->titles);
  invalidate_document_zone (self);
}

static void
cm_timeline_renderer_dispose (GObject *object)
{
  CmTimelineRenderer *self = CM_TIMELINE_RENDERER (object);

  cm_document_watch_clear (&self->watch);
  self->document = NULL;
  self->store = NULL;
  g_clear_pointer (&self->matches, cm_match_set_unref);
  _cm_timeline_renderer_invalidate_lanes (self, TRUE);

  G_OBJECT_CLASS (cm_timeline_renderer_parent_class)->dispose (object);
}

static void
cm_timeline_renderer_finalize (GObject *object)
{
  CmTimelineRenderer *self = CM_TIMELINE_RENDERER (object);

  _cm_timeline_renderer_clear_lanes (self);
  g_clear_pointer (&self->table, _cm_timeline_event_table_unref);
  _cm_timeline_renderer_clear_fonts (self);
  g_clear_pointer (&self->texts, g_hash_table_unref);
  g_clear_pointer (&self->titles, g_hash_table_unref);
  g_clear_pointer (&self->collapsed, g_hash_table_unref);
  g_clear_pointer (&self->lanes, g_array_unref);
  g_clear_pointer (&self->lane_frames, g_array_unref);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->labels, g_array_unref);
  g_clear_pointer (&self->hits, g_array_unref);
  g_clear_pointer (&self->fine_ticks, g_array_unref);
  g_clear_pointer (&self->context_ticks, g_array_unref);
  g_clear_pointer (&self->fine_texts, g_ptr_array_unref);
  g_clear_pointer (&self->context_texts, g_ptr_array_unref);
  g_clear_pointer (&self->order, g_array_unref);
  g_clear_pointer (&self->bins, g_array_unref);
  g_clear_pointer (&self->overview_sums, g_free);
  g_clear_pointer (&self->occupancy, g_ptr_array_unref);
  g_clear_pointer (&self->scratch, cairo_surface_destroy);
  g_clear_pointer (&self->zone, cm_zone_unref);
  g_clear_pointer (&self->level_zone, cm_zone_unref);
  g_free (self->font_family);

  G_OBJECT_CLASS (cm_timeline_renderer_parent_class)->finalize (object);
}

void
_cm_timeline_renderer_emit_changed (CmTimelineRenderer *self)
{
  g_signal_emit (self, changed_signal, 0);
}

static void
cm_timeline_renderer_class_init (CmTimelineRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cm_timeline_renderer_dispose;
  object_class->finalize = cm_timeline_renderer_finalize;

  /**
   * CmTimelineRenderer::changed:
   *
   * Lanes built in a thread were swapped in: the frame is to be drawn
   * again (see cm_timeline_renderer_set_async_scene()).
   */
  changed_signal = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cm_timeline_renderer_init (CmTimelineRenderer *self)
{
  self->selection = CM_NONE;
  self->hover = CM_NONE;
  self->now = CM_TIME_INVALID;
  self->zone_kind = CM_ZONE_KIND_DOCUMENT;
  self->show_legend = TRUE;
  self->show_disclosure = TRUE;
  self->collapsed = g_hash_table_new (NULL, NULL);
  self->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, _cm_timeline_text_entry_free);
  self->titles = g_hash_table_new_full (NULL, NULL, NULL, _cm_timeline_text_entry_free);
  self->lanes = g_array_new (FALSE, FALSE, sizeof (Lane));
  self->lane_frames = g_array_new (FALSE, FALSE, sizeof (LaneFrame));
  self->items = g_array_new (FALSE, FALSE, sizeof (Item));
  self->labels = g_array_new (FALSE, FALSE, sizeof (CmTimelineLabel));
  self->hits = g_array_new (FALSE, FALSE, sizeof (guint));
  self->fine_ticks = g_array_new (FALSE, FALSE, sizeof (CmTime));
  self->context_ticks = g_array_new (FALSE, FALSE, sizeof (CmTime));
  self->fine_texts = g_ptr_array_new ();
  self->context_texts = g_ptr_array_new ();
  self->order = g_array_new (FALSE, FALSE, sizeof (guint));
  self->bins = g_array_new (FALSE, FALSE, sizeof (guint));
  self->occupancy = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  cm_timeline_renderer_set_style (self, NULL);
}

CmTimelineRenderer *
cm_timeline_renderer_new (void)
{
  return g_object_new (CM_TYPE_TIMELINE_RENDERER, NULL);
}

void
cm_timeline_renderer_set_document (CmTimelineRenderer *self,
                                   CmDocument         *document)
{
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));

  if (!cm_document_watch_set (&self->watch, document, G_CALLBACK (store_items_changed_cb),
                              G_CALLBACK (document_changed_cb), self))
    return;
  self->document = self->watch.document;
  self->store = self->watch.store;

  g_hash_table_remove_all (self->titles);
  _cm_timeline_renderer_invalidate_lanes (self, TRUE);
  invalidate_document_zone (self);
  if (self->document != NULL)
    _cm_timeline_renderer_start_document_build (self);
}

void
cm_timeline_renderer_set_matches (CmTimelineRenderer *self,
                                  CmMatchSet         *matches)
{
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));

  if (self->matches == matches)
    return;

  if (matches != NULL)
    cm_match_set_ref (matches);
  g_clear_pointer (&self->matches, cm_match_set_unref);
  self->matches = matches;

  _cm_timeline_renderer_invalidate_lanes (self, FALSE);
}

void
cm_timeline_renderer_set_style (CmTimelineRenderer *self,
                                const CmStyle      *style)
{
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));

  if (style == NULL)
    style = cm_style_get_light ();

  if (self->font_family == NULL ||
      g_strcmp0 (self->font_family, style->font_family) != 0 ||
      self->style.font_size != style->font_size)
    _cm_timeline_renderer_clear_fonts (self);

  g_free (self->font_family);
  self->font_family = g_strdup (style->font_family != NULL ? style->font_family : "sans-serif");
  self->style = *style;
  self->style.font_family = self->font_family;
  if (!(self->style.font_size > 0))
    self->style.font_size = 9;

  /* Category colours keep; the uncategorized one follows the style */
  if (self->colors != NULL)
    self->colors[self->n_colors - 1] = self->style.uncategorized;
}

void
cm_timeline_renderer_set_selection (CmTimelineRenderer *self,
                                    guint               serial)
{
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));

  self->selection = serial;
}

void
cm_timeline_renderer_set_hover (CmTimelineRenderer *self,
                                guint               serial)
{
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));

  self->hover = serial;
}

void
cm_timeline_renderer_set_hover_overlay (CmTimelineRenderer *self,
                                        gboolean            overlay)
{
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));

  self->hover_overlay = !!overlay;
}

void
cm_timeline_renderer_set_collapsed (CmTimelineRenderer *self,
                                    guint               group,
                                    gboolean            collapsed)
{
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));

  if (group == CM_NONE)
    self->default_collapsed = !!collapsed;
  else if (collapsed)
    g_hash_table_add (self->collapsed, GUINT_TO_POINTER (group + 1));
  else
    g_hash_table_remove (self->collapsed, GUINT_TO_POINTER (group + 1));
}

gboolean
cm_timeline_renderer_get_collapsed (CmTimelineRenderer *self,
                                    guint               group)
{
  g_return_val_if_fail (CM_IS_TIMELINE_RENDERER (self), FALSE);

  return lane_collapsed (self, group);
}

void
cm_timeline_renderer_set_now (CmTimelineRenderer *self,
                              CmTime              now)
{
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));

  self->now = now;
}

void
cm_timeline_renderer_set_show_legend (CmTimelineRenderer *self,
                                      gboolean            show_legend)
{
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));

  self->show_legend = !!show_legend;
}

gboolean
cm_timeline_renderer_get_show_legend (CmTimelineRenderer *self)
{
  g_return_val_if_fail (CM_IS_TIMELINE_RENDERER (self), FALSE);

  return self->show_legend;
}

void
cm_timeline_renderer_set_show_disclosure (CmTimelineRenderer *self,
                                          gboolean            show_disclosure)
{
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));

  self->show_disclosure = !!show_disclosure;
}

void
cm_timeline_renderer_set_right_inset (CmTimelineRenderer *self,
                                      double              inset)
{
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));

  self->right_inset = MAX (inset, 0);
}

void
cm_timeline_renderer_set_zone_kind (CmTimelineRenderer *self,
                                    CmZoneKind          kind)
{
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));

  if (self->zone_kind == kind)
    return;

  self->zone_kind = kind;
  g_clear_pointer (&self->zone, cm_zone_unref);
}

CmZoneKind
cm_timeline_renderer_get_zone_kind (CmTimelineRenderer *self)
{
  g_return_val_if_fail (CM_IS_TIMELINE_RENDERER (self), CM_ZONE_KIND_DOCUMENT);

  return self->zone_kind;
}

const CmZone *
cm_timeline_renderer_get_zone (CmTimelineRenderer *self)
{
  g_return_val_if_fail (CM_IS_TIMELINE_RENDERER (self), NULL);

  /* One pass over the events for the document's zone, once per change */
  if (self->zone == NULL)
    self->zone = cm_zone_new_for_kind (self->zone_kind, self->store);

  return self->zone;
}

void
cm_timeline_renderer_set_scroll_offset (CmTimelineRenderer *self,
                                        double              offset)
{
  g_return_if_fail (CM_IS_TIMELINE_RENDERER (self));

  self->scroll = MAX (offset, 0);
}
