/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-filter-model"

#include "config.h"

#include "cm-filter-model.h"

struct _CmFilterModel
{
  GObject     parent_instance;

  CmSession  *session;
  CmMatchSet *matches;  /* the set the list shows */
  /* Rows left out while a long change in place is announced in two steps
   * (see store_items_changed_cb()). */
  guint       gap_position;
  guint       gap_size;
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
n_shown (CmFilterModel *self)
{
  return self->matches != NULL ? cm_match_set_get_n_matches (self->matches) - self->gap_size : 0;
}

static GType
cm_filter_model_get_item_type (GListModel *model)
{
  return CM_TYPE_EVENT;
}

static guint
cm_filter_model_get_n_items (GListModel *model)
{
  return n_shown (CM_FILTER_MODEL (model));
}

static gpointer
cm_filter_model_get_item (GListModel *model,
                          guint       index)
{
  CmFilterModel *self = CM_FILTER_MODEL (model);
  CmEventStore *store;
  guint position;

  if (index >= n_shown (self))
    return NULL;
  if (index >= self->gap_position)
    index += self->gap_size;

  /* The set may describe the store as it was until the session's next
   * result: nothing past its end. */
  store = cm_session_get_store (self->session);
  position = cm_match_set_get_position (self->matches, index);
  if (position >= cm_event_store_get_n_events (store))
    return NULL;

  return cm_event_store_get_event (store, position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = cm_filter_model_get_item_type;
  iface->get_n_items = cm_filter_model_get_n_items;
  iface->get_item = cm_filter_model_get_item;
}

/* A new result replaces every item, in two steps: all removed, then all
 * added. One change (0, old, new) would make a list view that follows a
 * row (focus, scroll anchor, selection) among the removed ones look for
 * that row's item among every added item, up to a million of them; after
 * "all removed" it follows nothing, and "all added" removes nothing. Both
 * steps run before the main loop does, so no frame shows an empty list. */
static void
matches_notify_cb (CmFilterModel *self)
{
  CmMatchSet *matches = cm_session_get_matches (self->session);
  guint old_n = n_shown (self);
  guint new_n;

  if (matches == self->matches)
    return;

  g_clear_pointer (&self->matches, cm_match_set_unref);
  if (old_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);

  self->matches = cm_match_set_ref (matches);
  new_n = n_shown (self);
  if (new_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, new_n);

  if (old_n != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* An edit that keeps the number of events (a move, a change) replaces a
 * range of the store in place. While every event is shown, the rows are
 * the store's positions, and that range is what changed; when something is
 * filtered, the session publishes a new result instead. */
/* Up to this many rows, a change in place is one items-changed. */
#define SHORT_CHANGE 256

static void
store_items_changed_cb (CmFilterModel *self,
                        guint          position,
                        guint          removed,
                        guint          added)
{
  CmEventStore *store = cm_session_get_store (self->session);

  if (removed != added || added == 0 || !cm_match_set_is_all (self->matches) ||
      cm_match_set_get_n_events (self->matches) != cm_event_store_get_n_events (store))
    return;

  /* A long range goes in two steps, as a new result does (see below). */
  if (added > SHORT_CHANGE)
    {
      /* Between the two, the range is a gap the rows skip. */
      self->gap_position = position;
      self->gap_size = added;
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, 0);
      self->gap_size = 0;
      self->gap_position = G_MAXUINT;
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, added);
      return;
    }

  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
pending_notify_cb (CmFilterModel *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static void
cm_filter_model_dispose (GObject *object)
{
  CmFilterModel *self = (CmFilterModel *)object;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cm_filter_model_parent_class)->dispose (object);
}

static void
cm_filter_model_finalize (GObject *object)
{
  CmFilterModel *self = (CmFilterModel *)object;

  g_clear_pointer (&self->matches, cm_match_set_unref);

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
      g_value_set_uint (value, n_shown (self));
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
  self->gap_position = G_MAXUINT;
}

CmFilterModel *
cm_filter_model_new (CmSession *session)
{
  CmFilterModel *self;

  g_return_val_if_fail (CM_IS_SESSION (session), NULL);

  self = g_object_new (CM_TYPE_FILTER_MODEL, NULL);
  self->session = g_object_ref (session);
  self->matches = cm_match_set_ref (cm_session_get_matches (session));
  g_signal_connect_object (session, "notify::matches", G_CALLBACK (matches_notify_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::pending", G_CALLBACK (pending_notify_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (cm_session_get_store (session), "items-changed",
                           G_CALLBACK (store_items_changed_cb), self, G_CONNECT_SWAPPED);

  return self;
}

gboolean
cm_filter_model_get_pending (CmFilterModel *self)
{
  g_return_val_if_fail (CM_IS_FILTER_MODEL (self), FALSE);

  return cm_session_get_pending (self->session);
}

guint
cm_filter_model_get_position (CmFilterModel *self,
                              guint          index)
{
  g_return_val_if_fail (CM_IS_FILTER_MODEL (self), CM_NONE);
  g_return_val_if_fail (index < n_shown (self), CM_NONE);

  return cm_match_set_get_position (self->matches, index);
}

guint
cm_filter_model_find (CmFilterModel *self,
                      guint          position)
{
  g_return_val_if_fail (CM_IS_FILTER_MODEL (self), CM_NONE);

  /* Between the two steps of a new result, the list is empty. */
  if (self->matches == NULL)
    return CM_NONE;

  return cm_match_set_find (self->matches, position);
}

void
cm_filter_model_flush (CmFilterModel *self)
{
  g_return_if_fail (CM_IS_FILTER_MODEL (self));

  cm_session_flush (self->session);
}
