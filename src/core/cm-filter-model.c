/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-filter-model"

#include "config.h"

#include "cm-filter-model.h"

/* Stores this small are filtered at once. */
#define SYNC_LIMIT 20000
/* Time one main-loop step may take. */
#define STEP_USEC 6000

struct _CmFilterModel
{
  GObject        parent_instance;

  CmEventStore  *store;
  CmEventFilter *filter;

  /* The published result: every store position (identity) or matches. */
  GArray        *matches;      /* guint store positions, ascending */
  gboolean       identity;

  /* A result being built. */
  GArray        *candidates;   /* positions to test, or NULL for all */
  GArray        *building;
  guint          next;         /* next candidate index */
  guint          idle_id;
};

enum {
  PROP_0,
  PROP_PENDING,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CmFilterModel, cm_filter_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static guint
n_published (CmFilterModel *self)
{
  return self->identity ? cm_event_store_get_n_events (self->store) : self->matches->len;
}

static GType
cm_filter_model_get_item_type (GListModel *model)
{
  return CM_TYPE_EVENT;
}

static guint
cm_filter_model_get_n_items (GListModel *model)
{
  return n_published (CM_FILTER_MODEL (model));
}

static gpointer
cm_filter_model_get_item (GListModel *model,
                          guint       index)
{
  CmFilterModel *self = CM_FILTER_MODEL (model);

  if (index >= n_published (self))
    return NULL;

  return cm_event_store_get_event (self->store, cm_filter_model_get_position (self, index));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = cm_filter_model_get_item_type;
  iface->get_n_items = cm_filter_model_get_n_items;
  iface->get_item = cm_filter_model_get_item;
}

static void
publish (CmFilterModel *self,
         GArray        *matches)
{
  guint old_n = n_published (self);
  guint new_n;

  if (matches != NULL)
    {
      g_array_unref (self->matches);
      self->matches = matches;
      self->identity = FALSE;
    }
  else
    {
      g_array_set_size (self->matches, 0);
      self->identity = TRUE;
    }

  new_n = n_published (self);
  if (old_n > 0 || new_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, new_n);
  if (old_n != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* Tests candidates until done or the step's time is up; TRUE when done. */
static gboolean
build_step (CmFilterModel *self,
            gint64         deadline)
{
  guint n = self->candidates ? self->candidates->len : cm_event_store_get_n_events (self->store);

  while (self->next < n)
    {
      guint end = MIN (n, self->next + 256);

      for (; self->next < end; self->next++)
        {
          guint position = self->candidates
            ? g_array_index (self->candidates, guint, self->next)
            : self->next;

          if (cm_event_filter_matches (self->filter, self->store, position))
            g_array_append_val (self->building, position);
        }

      if (deadline > 0 && g_get_monotonic_time () > deadline)
        return FALSE;
    }

  return TRUE;
}

static void
finish_building (CmFilterModel *self)
{
  GArray *result = g_steal_pointer (&self->building);

  g_clear_pointer (&self->candidates, g_array_unref);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  publish (self, result);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static gboolean
build_idle (gpointer user_data)
{
  CmFilterModel *self = user_data;

  if (!build_step (self, g_get_monotonic_time () + STEP_USEC))
    return G_SOURCE_CONTINUE;

  self->idle_id = 0;
  finish_building (self);

  return G_SOURCE_REMOVE;
}

static void
refilter (CmFilterModel  *self,
          CmFilterChange  change)
{
  gboolean was_pending = self->building != NULL;

  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_pointer (&self->candidates, g_array_unref);
  g_clear_pointer (&self->building, g_array_unref);

  if (!cm_event_filter_is_active (self->filter))
    {
      publish (self, NULL);
      if (was_pending)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
      return;
    }

  /* A stricter filter only needs to look at what matched before. */
  if (change == CM_FILTER_CHANGE_MORE_STRICT && !self->identity && !was_pending)
    self->candidates = g_array_ref (self->matches);

  self->building = g_array_new (FALSE, FALSE, sizeof (guint));
  self->next = 0;

  if (cm_event_store_get_n_events (self->store) <= SYNC_LIMIT)
    {
      build_step (self, 0);
      /* "pending" went TRUE and FALSE at once: one notification. */
      finish_building (self);
      return;
    }

  if (!was_pending)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
  self->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, build_idle, self, NULL);
}

static void
filter_changed_cb (CmFilterModel  *self,
                   int             change,
                   CmEventFilter  *filter)
{
  refilter (self, (CmFilterChange) change);
}

static void
store_items_changed_cb (CmFilterModel *self,
                        guint          position,
                        guint          removed,
                        guint          added,
                        GListModel    *store)
{
  if (self->identity && self->building == NULL)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      if (removed != added)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
      return;
    }

  refilter (self, CM_FILTER_CHANGE_DIFFERENT);
}

static void
cm_filter_model_dispose (GObject *object)
{
  CmFilterModel *self = (CmFilterModel *)object;

  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  g_clear_object (&self->store);
  g_clear_object (&self->filter);

  G_OBJECT_CLASS (cm_filter_model_parent_class)->dispose (object);
}

static void
cm_filter_model_finalize (GObject *object)
{
  CmFilterModel *self = (CmFilterModel *)object;

  g_clear_pointer (&self->matches, g_array_unref);
  g_clear_pointer (&self->candidates, g_array_unref);
  g_clear_pointer (&self->building, g_array_unref);

  G_OBJECT_CLASS (cm_filter_model_parent_class)->finalize (object);
}

static void
cm_filter_model_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CmFilterModel *self = CM_FILTER_MODEL (object);

  switch (prop_id)
    {
    case PROP_PENDING:
      g_value_set_boolean (value, cm_filter_model_get_pending (self));
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, n_published (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_filter_model_class_init (CmFilterModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cm_filter_model_dispose;
  object_class->finalize = cm_filter_model_finalize;
  object_class->get_property = cm_filter_model_get_property;

  properties[PROP_PENDING] =
    g_param_spec_boolean ("pending", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cm_filter_model_init (CmFilterModel *self)
{
  self->matches = g_array_new (FALSE, FALSE, sizeof (guint));
  self->identity = TRUE;
}

CmFilterModel *
cm_filter_model_new (CmEventStore  *store,
                     CmEventFilter *filter)
{
  CmFilterModel *self;

  g_return_val_if_fail (CM_IS_EVENT_STORE (store), NULL);
  g_return_val_if_fail (CM_IS_EVENT_FILTER (filter), NULL);

  self = g_object_new (CM_TYPE_FILTER_MODEL, NULL);
  self->store = g_object_ref (store);
  self->filter = g_object_ref (filter);
  g_signal_connect_object (store, "items-changed", G_CALLBACK (store_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (filter, "changed", G_CALLBACK (filter_changed_cb),
                           self, G_CONNECT_SWAPPED);

  if (cm_event_filter_is_active (filter))
    refilter (self, CM_FILTER_CHANGE_DIFFERENT);

  return self;
}

gboolean
cm_filter_model_get_pending (CmFilterModel *self)
{
  g_return_val_if_fail (CM_IS_FILTER_MODEL (self), FALSE);

  return self->building != NULL;
}

guint
cm_filter_model_get_position (CmFilterModel *self,
                              guint          index)
{
  g_return_val_if_fail (CM_IS_FILTER_MODEL (self), CM_NONE);
  g_return_val_if_fail (index < n_published (self), CM_NONE);

  return self->identity ? index : g_array_index (self->matches, guint, index);
}

guint
cm_filter_model_find (CmFilterModel *self,
                      guint          position)
{
  guint lo = 0, hi;

  g_return_val_if_fail (CM_IS_FILTER_MODEL (self), CM_NONE);

  if (self->identity)
    return position < cm_event_store_get_n_events (self->store) ? position : CM_NONE;

  hi = self->matches->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      guint value = g_array_index (self->matches, guint, mid);

      if (value == position)
        return mid;
      if (value < position)
        lo = mid + 1;
      else
        hi = mid;
    }

  return CM_NONE;
}

void
cm_filter_model_flush (CmFilterModel *self)
{
  g_return_if_fail (CM_IS_FILTER_MODEL (self));

  if (self->building == NULL)
    return;

  build_step (self, 0);
  finish_building (self);
}
