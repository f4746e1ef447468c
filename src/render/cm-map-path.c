/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-map-renderer"

#include "config.h"

#include <math.h>
#include <string.h>

#include "cm-map-path.h"

/* Path building ---------------------------------------------------------- */

void
_cm_path_builder_init (CmPathBuilder      *builder,
                       const CmMapContext *ctx,
                       double              tolerance)
{
  memset (builder, 0, sizeof *builder);
  builder->cr = ctx->cr;
  builder->x0 = -ctx->guard;
  builder->y0 = -ctx->guard;
  builder->x1 = ctx->width + ctx->guard;
  builder->y1 = ctx->height + ctx->guard;
  builder->tolerance = tolerance;
}

void
_cm_path_builder_begin (CmPathBuilder *builder,
                        gboolean       clip)
{
  builder->clip = clip;
  builder->started = FALSE;
  builder->pending = FALSE;
  for (guint s = 0; s < G_N_ELEMENTS (builder->stages); s++)
    builder->stages[s].has_first = FALSE;
}

static inline void
emit (CmPathBuilder *builder,
      double         x,
      double         y)
{
  if (!builder->started)
    {
      cairo_move_to (builder->cr, x, y);
      builder->started = TRUE;
      builder->pending = FALSE;
      builder->last_x = x;
      builder->last_y = y;
      return;
    }

  if (fabs (x - builder->last_x) + fabs (y - builder->last_y) < builder->tolerance)
    {
      builder->pending = TRUE;
      builder->pending_x = x;
      builder->pending_y = y;
      return;
    }

  cairo_line_to (builder->cr, x, y);
  builder->pending = FALSE;
  builder->last_x = x;
  builder->last_y = y;
}

static inline gboolean
stage_inside (const CmPathBuilder *builder,
              guint                stage,
              double               x,
              double               y)
{
  switch (stage)
    {
    case 0:
      return x >= builder->x0;
    case 1:
      return x <= builder->x1;
    case 2:
      return y >= builder->y0;
    default:
      return y <= builder->y1;
    }
}

static void
stage_point (CmPathBuilder *builder,
             guint          stage,
             double         x,
             double         y)
{
  CmClipStage *s;
  gboolean inside;

  if (stage == G_N_ELEMENTS (builder->stages))
    {
      emit (builder, x, y);
      return;
    }

  s = &builder->stages[stage];
  inside = stage_inside (builder, stage, x, y);

  if (!s->has_first)
    {
      s->has_first = TRUE;
      s->first_x = x;
      s->first_y = y;
    }
  else if (inside != s->prev_inside)
    {
      double ix, iy;

      if (stage < 2)
        {
          ix = stage == 0 ? builder->x0 : builder->x1;
          iy = s->prev_y + (y - s->prev_y) * (ix - s->prev_x) / (x - s->prev_x);
        }
      else
        {
          iy = stage == 2 ? builder->y0 : builder->y1;
          ix = s->prev_x + (x - s->prev_x) * (iy - s->prev_y) / (y - s->prev_y);
        }
      stage_point (builder, stage + 1, ix, iy);
    }

  if (inside)
    stage_point (builder, stage + 1, x, y);

  s->prev_x = x;
  s->prev_y = y;
  s->prev_inside = inside;
}

void
_cm_path_builder_point (CmPathBuilder *builder,
                        double         x,
                        double         y)
{
  if (builder->clip)
    stage_point (builder, 0, x, y);
  else
    emit (builder, x, y);
}

void
_cm_path_builder_end (CmPathBuilder *builder,
                      gboolean       close)
{
  if (builder->clip && close)
    {
      /* Each stage sends its closing edge through the stages after it. */
      for (guint s = 0; s < G_N_ELEMENTS (builder->stages); s++)
        {
          if (builder->stages[s].has_first)
            stage_point (builder, s, builder->stages[s].first_x, builder->stages[s].first_y);
        }
    }

  if (builder->pending)
    {
      cairo_line_to (builder->cr, builder->pending_x, builder->pending_y);
      builder->pending = FALSE;
    }
  if (close && builder->started)
    cairo_close_path (builder->cr);
  builder->started = FALSE;
}
