/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-sidebar"

#include "config.h"

#include "cm-sidebar.h"

#include "cm-event-filter.h"
#include "cm-event-row.h"
#include "cm-filter-model.h"
#include "cm-session-signals.h"
#include "cm-swatch.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

struct _CmSidebar
{
  GtkWidget           parent_instance;

  CmSession          *session;
  CmDocument         *document;      /* the session's */
  CmViewport         *viewport;      /* the session's */
  CmEventStore       *store;         /* the session's */
  CmEventFilter      *filter;        /* the session's: what the user chose */
  CmSessionSignals    signals;

  CmFilterModel      *filter_model;  /* NULL without a session */
  GtkSingleSelection *selection;
  guint              *category_counts; /* per category, then uncategorized */
  guint               n_counted;       /* categories counted */
  guint               recount_source;  /* idle: the events changed */

  char               *category_id;   /* filtered category's id, kept across documents */

  guint               loading : 1;
  guint               syncing : 1;
  guint               updating_categories : 1;

  /* Template widgets */
  GtkSearchEntry     *search_entry;
  GtkFlowBox         *category_box;
  /* A one-column grid rather than a GtkListView: a list view keeps 200
   * rows bound and measured whatever its height, and a new result rebinds
   * them all (some 130 ms at a million matches); a grid keeps about 30. */
  GtkGridView        *list_view;
  GtkStack           *stack;
  AdwStatusPage      *empty_page;
  GtkLabel           *count_label;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

enum {
  EVENT_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CmSidebar, cm_sidebar, GTK_TYPE_WIDGET)

static void update_status (CmSidebar *self);

/* Searching ------------------------------------------------------------ */

static gboolean
filter_active (CmSidebar *self)
{
  return self->filter != NULL && cm_event_filter_is_active (self->filter);
}

static void
set_search (CmSidebar  *self,
            const char *text)
{
  if (self->filter != NULL)
    cm_event_filter_set_search (self->filter, text);
  /* Nothing else tells when the list was empty already. */
  update_status (self);
}

static void
set_category (CmSidebar *self,
              guint      category)
{
  g_clear_pointer (&self->category_id, g_free);
  if (category != CM_NONE && self->document != NULL)
    self->category_id = g_strdup (cm_document_get_category (self->document, category)->id);

  if (self->filter != NULL)
    cm_event_filter_set_category (self->filter, category);
  update_status (self);
}

/* Selection ------------------------------------------------------------ */

/* Position in the filtered list of the event with @serial, or
 * GTK_INVALID_LIST_POSITION. The filtered list keeps the store's order, so
 * a binary search on store positions finds it in O(log n). */
static guint
find_filtered_position (CmSidebar *self,
                        guint      serial)
{
  guint position, index;

  if (self->store == NULL || self->filter_model == NULL || serial == CM_NONE)
    return GTK_INVALID_LIST_POSITION;

  position = cm_event_store_find_serial (self->store, serial);
  if (position == CM_NONE)
    return GTK_INVALID_LIST_POSITION;

  index = cm_filter_model_find (self->filter_model, position);

  return index == CM_NONE ? GTK_INVALID_LIST_POSITION : index;
}

static void
sync_selection_from_viewport (CmSidebar *self)
{
  guint serial, position;

  if (self->viewport == NULL)
    return;

  serial = cm_viewport_get_selection (self->viewport);
  position = find_filtered_position (self, serial);

  if (position == gtk_single_selection_get_selected (self->selection))
    return;

  self->syncing = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->syncing = FALSE;

  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

static void
selection_changed_cb (CmSidebar          *self,
                      guint               position,
                      guint               n_items,
                      GtkSelectionModel  *model)
{
  CmEvent *event;

  g_assert (CM_IS_SIDEBAR (self));

  if (self->syncing || self->viewport == NULL)
    return;

  event = gtk_single_selection_get_selected_item (self->selection);

  self->syncing = TRUE;
  cm_viewport_set_selection (self->viewport, event != NULL ? cm_event_get_serial (event) : CM_NONE);
  self->syncing = FALSE;
}

/* State of the list ---------------------------------------------------- */

static void
update_status (CmSidebar *self)
{
  guint total = self->store != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->store)) : 0;
  guint shown = self->filter_model ? g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) : 0;
  gboolean pending = self->session != NULL && cm_session_get_pending (self->session);
  g_autofree char *count = NULL;

  /* %'u groups thousands as the locale does. */
  if (!filter_active (self))
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u event", "%'u events", total), total);
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u of %'u event", "%'u of %'u events", total),
                             shown, total);
  gtk_label_set_text (self->count_label, count);

  if (shown == 0 && total == 0 && self->loading)
    {
      gtk_label_set_text (self->count_label, _("Loading…"));
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }
  else if (shown == 0 && !pending)
    {
      if (total == 0 && !filter_active (self))
        {
          adw_status_page_set_icon_name (self->empty_page, "x-office-calendar-symbolic");
          adw_status_page_set_title (self->empty_page, _("No Events"));
          adw_status_page_set_description (self->empty_page, _("This timeline has no events yet"));
        }
      else
        {
          adw_status_page_set_icon_name (self->empty_page, "system-search-symbolic");
          adw_status_page_set_title (self->empty_page, _("No Events Found"));
          adw_status_page_set_description (self->empty_page, _("Try a different search or category"));
        }
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
    }
}

static void
items_changed_cb (CmSidebar  *self,
                         guint       position,
                         guint       removed,
                         guint       added,
                         GListModel *model)
{
  g_assert (CM_IS_SIDEBAR (self));

  update_status (self);
  /* An event filtered back in is selected again. */
  sync_selection_from_viewport (self);
}

/* A new result replaces the whole list. A selected row would make the
 * selection model look for its item among every new one (an object made
 * for each of up to a million events): the selection is let go while the
 * list still shows the old result, and set again from the viewport once
 * it shows the new one (items_changed_cb). */
static void
before_matches_cb (CmSidebar  *self,
                   GParamSpec *pspec,
                   CmSession  *session)
{
  if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
    return;

  self->syncing = TRUE;
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->syncing = FALSE;
}

static void
session_pending_cb (CmSidebar  *self,
                    GParamSpec *pspec,
                    CmSession  *session)
{
  g_assert (CM_IS_SIDEBAR (self));

  update_status (self);
}

/* The events of each category, once per change of the document or its
 * events (one pass over the store's categories: a few ms at a million). */
static void
count_categories (CmSidebar *self)
{
  guint n_categories = self->document != NULL ? cm_document_get_n_categories (self->document) : 0;
  guint n = self->store != NULL ? cm_event_store_get_n_events (self->store) : 0;

  g_free (self->category_counts);
  self->category_counts = g_new0 (guint, n_categories + 1);
  self->n_counted = n_categories;
  for (guint i = 0; i < n; i++)
    self->category_counts[MIN (cm_event_store_get_category (self->store, i), n_categories)]++;
}

/* A chip of the legend: the category's colour (none for "All
 * Categories"), name and count, named for screen readers as "Summit, 3
 * events". */
static GtkWidget *
new_category_chip (const char       *name,
                   const CmCategory *category,
                   guint             count)
{
  GtkWidget *child = gtk_flow_box_child_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (name);
  g_autofree char *number = g_strdup_printf ("%'u", count);
  GtkWidget *count_label = gtk_label_new (number);
  /* Translators: a category of the legend and its number of events */
  g_autofree char *accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %'u event",
                                                              "%s, %'u events", count),
                                                 name, count);

  if (category != NULL)
    {
      GtkWidget *swatch = cm_swatch_new ();

      cm_swatch_set_color (CM_SWATCH (swatch), category->red, category->green, category->blue);
      gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), swatch);
    }
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 18);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (count_label, "dim-label");
  gtk_widget_add_css_class (count_label, "numeric");
  gtk_box_append (GTK_BOX (box), count_label);

  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), box);
  gtk_widget_set_tooltip_text (child, accessible);
  gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  return child;
}

/* The legend: "All Categories", then each category with events (or the
 * one chosen). */
static void
update_categories (CmSidebar *self)
{
  guint n_categories = self->document != NULL ? cm_document_get_n_categories (self->document) : 0;
  guint category = CM_NONE;
  guint total = self->store != NULL ? cm_event_store_get_n_events (self->store) : 0;
  GtkWidget *child;

  g_clear_handle_id (&self->recount_source, g_source_remove);
  count_categories (self);

  if (self->category_id != NULL && self->document != NULL)
    category = cm_document_find_category (self->document, self->category_id);

  self->updating_categories = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->category_box))) != NULL)
    gtk_flow_box_remove (self->category_box, child);

  child = new_category_chip (_("All Categories"), NULL, total);
  g_object_set_data (G_OBJECT (child), "category", GUINT_TO_POINTER (CM_NONE));
  gtk_flow_box_append (self->category_box, child);
  if (category == CM_NONE)
    gtk_flow_box_select_child (self->category_box, GTK_FLOW_BOX_CHILD (child));

  for (guint i = 0; i < n_categories; i++)
    {
      const CmCategory *c = cm_document_get_category (self->document, i);

      if (self->category_counts[i] == 0 && i != category)
        continue;
      child = new_category_chip (c->name, c, self->category_counts[i]);
      g_object_set_data (G_OBJECT (child), "category", GUINT_TO_POINTER (i));
      gtk_flow_box_append (self->category_box, child);
      if (i == category)
        gtk_flow_box_select_child (self->category_box, GTK_FLOW_BOX_CHILD (child));
    }
  self->updating_categories = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->category_box), n_categories > 0);

  /* The index may have moved even when the id is the same; a category
   * that is gone shows all events again. */
  if (self->filter != NULL && category != cm_event_filter_get_category (self->filter))
    set_category (self, category);
}

static gboolean
recount_cb (gpointer user_data)
{
  CmSidebar *self = user_data;

  self->recount_source = 0;
  update_categories (self);

  return G_SOURCE_REMOVE;
}

/* Counted once for a burst of changes (an import adds events in steps). */
static void
store_items_changed_cb (CmSidebar    *self,
                        guint         position,
                        guint         removed,
                        guint         added,
                        CmEventStore *store)
{
  g_assert (CM_IS_SIDEBAR (self));

  if (self->recount_source == 0)
    self->recount_source = g_idle_add (recount_cb, self);
}

static void
document_changed_cb (CmSidebar  *self,
                     CmDocument *document)
{
  g_assert (CM_IS_SIDEBAR (self));

  update_categories (self);
  update_status (self);
}

static void
viewport_selection_cb (CmSidebar  *self,
                       GParamSpec *pspec,
                       CmViewport *viewport)
{
  g_assert (CM_IS_SIDEBAR (self));

  if (!self->syncing)
    sync_selection_from_viewport (self);
}

/* Takes the new session's objects and lists its matches (nothing without
 * one), then notifies "session". The search and category shown are
 * written to its filter. */
static void
bind_session (CmSidebar *self)
{
  CmSession *session = self->session;

  g_set_object (&self->document, (session != NULL ? cm_session_get_document (session) : NULL));
  g_set_object (&self->viewport, (session != NULL ? cm_session_get_viewport (session) : NULL));
  g_set_object (&self->store, (session != NULL ? cm_session_get_store (session) : NULL));
  g_set_object (&self->filter, (session != NULL ? cm_session_get_filter (session) : NULL));

  /* The list model is made after the session's signal group connected
   * before_matches_cb(): that runs before the model changes. */
  g_clear_object (&self->filter_model);
  if (session != NULL)
    self->filter_model = cm_filter_model_new (session);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->filter_model));

  /* The list shows what the entry and the category filter say. */
  if (self->filter != NULL)
    cm_event_filter_set_search (self->filter, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  update_categories (self);
  update_status (self);
  sync_selection_from_viewport (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/* Template callbacks --------------------------------------------------- */

static void
search_changed_cb (CmSidebar      *self,
                   GtkSearchEntry *entry)
{
  set_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
search_activate_cb (CmSidebar      *self,
                    GtkSearchEntry *entry)
{
  guint position;

  /* Enter in the search entry: apply the search now and go to the list. */
  set_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));

  if (self->filter_model == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0)
    return;

  position = gtk_single_selection_get_selected (self->selection);
  if (position == GTK_INVALID_LIST_POSITION)
    {
      gtk_single_selection_set_selected (self->selection, 0);
      position = 0;
    }

  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
search_stop_cb (CmSidebar      *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  set_search (self, "");
}

static void
category_selected_cb (CmSidebar  *self,
                      GtkFlowBox *box)
{
  g_autoptr(GList) selected = NULL;

  if (self->updating_categories)
    return;

  selected = gtk_flow_box_get_selected_children (box);
  set_category (self, selected != NULL
                        ? GPOINTER_TO_UINT (g_object_get_data (selected->data, "category"))
                        : CM_NONE);
}

static void
list_activate_cb (CmSidebar   *self,
                  guint        position,
                  GtkGridView *list_view)
{
  g_autoptr(CmEvent) event = NULL;

  if (self->filter_model == NULL)
    return;

  event = g_list_model_get_item (G_LIST_MODEL (self->filter_model), position);
  if (event == NULL)
    return;

  gtk_single_selection_set_selected (self->selection, position);
  g_signal_emit (self, signals[EVENT_ACTIVATED], 0, cm_event_get_serial (event));
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (item, cm_event_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             CmSidebar                *self)
{
  cm_event_row_set_event (CM_EVENT_ROW (gtk_list_item_get_child (item)),
                          gtk_list_item_get_item (item),
                          self->document);
}

/* GObject -------------------------------------------------------------- */

static void
cm_sidebar_dispose (GObject *object)
{
  CmSidebar *self = CM_SIDEBAR (object);
  GtkWidget *child;

  cm_session_signals_clear (&self->signals);
  g_clear_handle_id (&self->recount_source, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_SIDEBAR);
  /* Children without an id in the template are not disposed with it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->store);
  g_clear_object (&self->document);
  g_clear_object (&self->viewport);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cm_sidebar_parent_class)->dispose (object);
}

static void
cm_sidebar_finalize (GObject *object)
{
  CmSidebar *self = CM_SIDEBAR (object);

  g_clear_pointer (&self->category_id, g_free);
  g_clear_pointer (&self->category_counts, g_free);

  G_OBJECT_CLASS (cm_sidebar_parent_class)->finalize (object);
}

static void
cm_sidebar_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CmSidebar *self = CM_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, cm_sidebar_get_session (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_sidebar_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CmSidebar *self = CM_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      cm_sidebar_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
cm_sidebar_grab_focus (GtkWidget *widget)
{
  CmSidebar *self = CM_SIDEBAR (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
cm_sidebar_class_init (CmSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_sidebar_dispose;
  object_class->finalize = cm_sidebar_finalize;
  object_class->get_property = cm_sidebar_get_property;
  object_class->set_property = cm_sidebar_set_property;

  widget_class->grab_focus = cm_sidebar_grab_focus;

  properties[PROP_SESSION] = cm_session_param_spec_new ();

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CmSidebar::event-activated:
   * @serial: the serial of the event
   *
   * A row was activated (Enter or double click).
   */
  signals[EVENT_ACTIVATED] =
    g_signal_new ("event-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/cm-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, CmSidebar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CmSidebar, category_box);
  gtk_widget_class_bind_template_child (widget_class, CmSidebar, list_view);
  gtk_widget_class_bind_template_child (widget_class, CmSidebar, stack);
  gtk_widget_class_bind_template_child (widget_class, CmSidebar, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CmSidebar, count_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, category_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);

  gtk_widget_class_set_css_name (widget_class, "sidebar");
}

static void
cm_sidebar_init (CmSidebar *self)
{
  GtkListItemFactory *factory;

  g_type_ensure (CM_TYPE_EVENT_ROW);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  /* After the list view has seen the change: selecting before would tell it
   * about rows it does not know yet. */
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_row_cb), self, 0);
  gtk_grid_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_grid_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  cm_session_signals_init (&self->signals);
  g_signal_group_connect_object (self->signals.document, "changed",
                                 G_CALLBACK (document_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals.store, "items-changed",
                                 G_CALLBACK (store_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals.viewport, "notify::selection",
                                 G_CALLBACK (viewport_selection_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals.session, "notify::pending",
                                 G_CALLBACK (session_pending_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->signals.session, "notify::matches",
                                 G_CALLBACK (before_matches_cb), self, G_CONNECT_SWAPPED);

  update_categories (self);
  update_status (self);
}

GtkWidget *
cm_sidebar_new (void)
{
  return g_object_new (CM_TYPE_SIDEBAR, NULL);
}

/**
 * cm_sidebar_get_session:
 *
 * Returns: (transfer none) (nullable): the session listed
 */
CmSession *
cm_sidebar_get_session (CmSidebar *self)
{
  g_return_val_if_fail (CM_IS_SIDEBAR (self), NULL);

  return self->session;
}

void
cm_sidebar_set_session (CmSidebar *self,
                        CmSession *session)
{
  g_return_if_fail (CM_IS_SIDEBAR (self));

  if (cm_session_signals_replace (&self->signals, &self->session, session))
    bind_session (self);
}

void
cm_sidebar_focus_search (CmSidebar *self)
{
  g_return_if_fail (CM_IS_SIDEBAR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

/**
 * cm_sidebar_get_search_entry:
 *
 * Returns: (transfer none): the search entry
 */
GtkSearchEntry *
cm_sidebar_get_search_entry (CmSidebar *self)
{
  g_return_val_if_fail (CM_IS_SIDEBAR (self), NULL);

  return self->search_entry;
}

/**
 * cm_sidebar_get_category_box:
 *
 * Returns: (transfer none): the legend and category filter; child 0 is
 *   "All Categories", then each category with events, in the
 *   document's order
 */
GtkFlowBox *
cm_sidebar_get_category_box (CmSidebar *self)
{
  g_return_val_if_fail (CM_IS_SIDEBAR (self), NULL);

  return self->category_box;
}

/* The category of a child of the category box (CM_NONE: all). */
guint
cm_sidebar_get_chip_category (GtkFlowBoxChild *child)
{
  g_return_val_if_fail (GTK_IS_FLOW_BOX_CHILD (child), CM_NONE);

  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (child), "category"));
}

/* The events of @category in the document, as the legend counts them. */
guint
cm_sidebar_get_category_count (CmSidebar *self,
                               guint      category)
{
  g_return_val_if_fail (CM_IS_SIDEBAR (self), 0);

  if (self->category_counts == NULL)
    return 0;

  return self->category_counts[MIN (category, self->n_counted)];
}

/**
 * cm_sidebar_get_filter_model:
 *
 * Returns: (transfer none) (nullable): the filtered events, as shown
 */
GListModel *
cm_sidebar_get_filter_model (CmSidebar *self)
{
  g_return_val_if_fail (CM_IS_SIDEBAR (self), NULL);

  return G_LIST_MODEL (self->filter_model);
}

/**
 * cm_sidebar_get_selection_model:
 *
 * Returns: (transfer none): the selection of the list
 */
GtkSingleSelection *
cm_sidebar_get_selection_model (CmSidebar *self)
{
  g_return_val_if_fail (CM_IS_SIDEBAR (self), NULL);

  return self->selection;
}

/* While the window loads a document into an empty one, the list says so
 * rather than "No Events". */
void
cm_sidebar_set_loading (CmSidebar *self,
                        gboolean   loading)
{
  g_return_if_fail (CM_IS_SIDEBAR (self));

  loading = !!loading;
  if (self->loading == loading)
    return;

  self->loading = loading;
  update_status (self);
}

gboolean
cm_sidebar_get_filter_pending (CmSidebar *self)
{
  g_return_val_if_fail (CM_IS_SIDEBAR (self), FALSE);

  return self->session != NULL && cm_session_get_pending (self->session);
}
