/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-organize-dialog"

#include "config.h"

#include "cm-organize-dialog.h"

#include <glib/gi18n.h>

struct _CmOrganizeDialog
{
  AdwWindow             parent_instance;

  CmSession            *session;
  CmDocument           *document;    /* the session's */
  GPtrArray            *categories;  /* AdwEntryRow, one per category, in order */
  GPtrArray            *groups;      /* AdwEntryRow, one per group */
  gboolean              filling;     /* changes of the widgets are not edits */

  /* Template widgets */
  AdwPreferencesGroup  *categories_group;
  AdwPreferencesGroup  *groups_group;
  GtkWidget            *add_category_button;
  GtkWidget            *add_group_button;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CmOrganizeDialog, cm_organize_dialog, ADW_TYPE_WINDOW)

/* What a row keeps: the widgets beside its name and the name last shown. */
#define ROW_SHOWN "cm-shown"
#define ROW_COLOR "cm-color"
#define ROW_KIND "cm-kind"

static CmHistory *
get_history (CmOrganizeDialog *self)
{
  return cm_session_get_history (self->session);
}

static guint
row_index (CmOrganizeDialog *self,
           AdwEntryRow      *row,
           gboolean         *is_group)
{
  guint index;

  if (g_ptr_array_find (self->categories, row, &index))
    {
      *is_group = FALSE;
      return index;
    }
  if (g_ptr_array_find (self->groups, row, &index))
    {
      *is_group = TRUE;
      return index;
    }
  return CM_NONE;
}

/* Renames the category or group of @row to what it says, when that is a
 * name and a new one. */
static void
apply_name (CmOrganizeDialog *self,
            AdwEntryRow      *row,
            gboolean          explicit)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  gboolean is_group;
  guint index = row_index (self, row, &is_group);
  const char *current;

  if (self->filling || index == CM_NONE)
    return;

  current = is_group ? cm_document_get_group (self->document, index)->name
                     : cm_document_get_category (self->document, index)->name;

  if (*name == '\0')
    {
      /* Enter on an empty name says so; leaving it gives the name back. */
      if (explicit)
        gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      else
        {
          self->filling = TRUE;
          gtk_editable_set_text (GTK_EDITABLE (row), current);
          self->filling = FALSE;
          gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
        }
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  if (g_strcmp0 (name, current) == 0)
    return;

  /* The name is the document's now: an undo may put the old one back. */
  g_object_set_data_full (G_OBJECT (row), ROW_SHOWN, g_strdup (name), g_free);
  if (is_group)
    cm_history_rename_group (get_history (self), index, name);
  else
    cm_history_rename_category (get_history (self), index, name);
}

static void
name_activated_cb (CmOrganizeDialog *self,
                   AdwEntryRow      *row)
{
  apply_name (self, row, TRUE);
}

static void
name_leave_cb (CmOrganizeDialog        *self,
               GtkEventControllerFocus *controller)
{
  apply_name (self, ADW_ENTRY_ROW (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller))),
              FALSE);
}

static void
name_changed_cb (CmOrganizeDialog *self,
                 AdwEntryRow      *row)
{
  if (!self->filling)
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
color_changed_cb (CmOrganizeDialog *self,
                  GParamSpec       *pspec,
                  GtkColorChooser  *button)
{
  AdwEntryRow *row = g_object_get_data (G_OBJECT (button), "cm-row");
  gboolean is_group;
  guint index = row_index (self, row, &is_group);
  GdkRGBA rgba;

  if (self->filling || index == CM_NONE || is_group)
    return;

  gtk_color_chooser_get_rgba (button, &rgba);
  cm_history_recolor_category (get_history (self), index, rgba.red, rgba.green, rgba.blue);
}

static void
kind_selected_cb (CmOrganizeDialog *self,
                  GParamSpec       *pspec,
                  GtkDropDown      *drop_down)
{
  AdwEntryRow *row = g_object_get_data (G_OBJECT (drop_down), "cm-row");
  guint selected = gtk_drop_down_get_selected (drop_down);
  gboolean is_group;
  guint index = row_index (self, row, &is_group);

  if (self->filling || index == CM_NONE || !is_group || selected == GTK_INVALID_LIST_POSITION)
    return;

  cm_history_set_group_kind (get_history (self), index,
                             selected == 1 ? CM_GROUP_ITINERARY : CM_GROUP_LANE);
}

static void
remove_clicked_cb (CmOrganizeDialog *self,
                   GtkButton        *button)
{
  AdwEntryRow *row = g_object_get_data (G_OBJECT (button), "cm-row");
  gboolean is_group;
  guint index = row_index (self, row, &is_group);

  if (index == CM_NONE)
    return;

  /* Its events keep their place and lose the category (or group); Undo
   * gives it back to them. */
  if (is_group)
    cm_history_remove_group (get_history (self), index);
  else
    cm_history_remove_category (get_history (self), index);
}

static GtkWidget *
new_name_row (CmOrganizeDialog *self,
              const char       *title)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkEventController *controller = gtk_event_controller_focus_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_signal_connect_object (row, "entry-activated", G_CALLBACK (name_activated_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "changed", G_CALLBACK (name_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "leave", G_CALLBACK (name_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (row, controller);

  return row;
}

/* Last in the row, after what else it has. */
static void
add_remove_button (CmOrganizeDialog *self,
                   GtkWidget        *row,
                   const char       *remove_tooltip)
{
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, remove_tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_tooltip, -1);
  g_object_set_data (G_OBJECT (remove), "cm-row", row);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);
}

static GtkWidget *
new_category_row (CmOrganizeDialog *self)
{
  GtkWidget *row = new_name_row (self, _("Category Name"));
  GtkWidget *color = gtk_color_button_new ();

  gtk_widget_set_valign (color, GTK_ALIGN_CENTER);
  gtk_color_chooser_set_use_alpha (GTK_COLOR_CHOOSER (color), FALSE);
  gtk_color_button_set_title (GTK_COLOR_BUTTON (color), _("Category Colour"));
  gtk_widget_set_tooltip_text (color, _("Colour"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (color),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Colour"), -1);
  g_object_set_data (G_OBJECT (color), "cm-row", row);
  g_signal_connect_object (color, "notify::rgba", G_CALLBACK (color_changed_cb), self, G_CONNECT_SWAPPED);
  adw_entry_row_add_prefix (ADW_ENTRY_ROW (row), color);
  g_object_set_data (G_OBJECT (row), ROW_COLOR, color);
  add_remove_button (self, row, _("Remove Category"));

  return row;
}

static GtkWidget *
new_group_row (CmOrganizeDialog *self)
{
  static const char *const kinds[] = { N_("Lane"), N_("Itinerary"), NULL };
  GtkWidget *row = new_name_row (self, _("Group Name"));
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *kind;

  for (guint i = 0; kinds[i] != NULL; i++)
    gtk_string_list_append (names, _(kinds[i]));
  kind = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
  gtk_widget_set_valign (kind, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (kind, _("A lane on the timeline, or an itinerary: also a route on the map"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (kind),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Kind"), -1);
  g_object_set_data (G_OBJECT (kind), "cm-row", row);
  g_signal_connect_object (kind, "notify::selected", G_CALLBACK (kind_selected_cb), self, G_CONNECT_SWAPPED);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), kind);
  g_object_set_data (G_OBJECT (row), ROW_KIND, kind);
  add_remove_button (self, row, _("Remove Group"));

  return row;
}

/* Gives @row the name, unless the user is typing another one. */
static void
fill_name (AdwEntryRow *row,
           const char  *name,
           gboolean     fresh)
{
  const char *shown = g_object_get_data (G_OBJECT (row), ROW_SHOWN);

  if (!fresh && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), shown) != 0)
    return;

  gtk_editable_set_text (GTK_EDITABLE (row), name);
  g_object_set_data_full (G_OBJECT (row), ROW_SHOWN, g_strdup (name), g_free);
}

/* Makes the rows of @group as many as @n, new ones at the end. */
static void
resize_rows (CmOrganizeDialog    *self,
             AdwPreferencesGroup *group,
             GPtrArray           *rows,
             guint                n,
             gboolean             groups)
{
  while (rows->len > n)
    {
      adw_preferences_group_remove (group, g_ptr_array_index (rows, rows->len - 1));
      g_ptr_array_set_size (rows, rows->len - 1);
    }
  while (rows->len < n)
    {
      GtkWidget *row = groups ? new_group_row (self) : new_category_row (self);

      adw_preferences_group_add (group, row);
      g_ptr_array_add (rows, row);
    }
}

static void
fill (CmOrganizeDialog *self)
{
  guint n_categories = cm_document_get_n_categories (self->document);
  guint n_groups = cm_document_get_n_groups (self->document);
  guint old_categories = self->categories->len, old_groups = self->groups->len;

  self->filling = TRUE;

  resize_rows (self, self->categories_group, self->categories, n_categories, FALSE);
  for (guint i = 0; i < n_categories; i++)
    {
      const CmCategory *category = cm_document_get_category (self->document, i);
      AdwEntryRow *row = g_ptr_array_index (self->categories, i);
      GdkRGBA rgba = { category->red, category->green, category->blue, 1.0 };

      /* A removal shifts the names up: every row is filled anew then. */
      fill_name (row, category->name, n_categories != old_categories || i >= old_categories);
      gtk_color_chooser_set_rgba (g_object_get_data (G_OBJECT (row), ROW_COLOR), &rgba);
    }

  resize_rows (self, self->groups_group, self->groups, n_groups, TRUE);
  for (guint i = 0; i < n_groups; i++)
    {
      const CmGroup *group = cm_document_get_group (self->document, i);
      AdwEntryRow *row = g_ptr_array_index (self->groups, i);

      fill_name (row, group->name, n_groups != old_groups || i >= old_groups);
      gtk_drop_down_set_selected (g_object_get_data (G_OBJECT (row), ROW_KIND),
                                  group->kind == CM_GROUP_ITINERARY ? 1 : 0);
    }

  self->filling = FALSE;
}

static void
document_changed_cb (CmOrganizeDialog *self,
                     CmDocument       *document)
{
  fill (self);
}

/* The first of "@base", "@base 2", "@base 3"… that no category (or
 * group) has as its id or its name. */
static char *
new_name (CmOrganizeDialog *self,
          const char       *base,
          gboolean          groups,
          gboolean          as_id)
{
  for (guint i = 1;; i++)
    {
      g_autofree char *candidate = i == 1 ? g_strdup (base) : g_strdup_printf ("%s %u", base, i);
      guint n = groups ? cm_document_get_n_groups (self->document)
                       : cm_document_get_n_categories (self->document);
      gboolean taken = FALSE;

      if (as_id)
        g_strdelimit (candidate, " ", '-');
      for (guint j = 0; j < n && !taken; j++)
        {
          const char *id = groups ? cm_document_get_group (self->document, j)->id
                                  : cm_document_get_category (self->document, j)->id;
          const char *name = groups ? cm_document_get_group (self->document, j)->name
                                    : cm_document_get_category (self->document, j)->name;

          taken = g_strcmp0 (as_id ? id : name, candidate) == 0;
        }
      if (!taken)
        return g_steal_pointer (&candidate);
    }
}

/* Puts the focus in the new row's name, all selected: typing names it. */
static void
focus_row (GtkWidget *row)
{
  gtk_widget_grab_focus (row);
  gtk_editable_select_region (GTK_EDITABLE (row), 0, -1);
}

static void
add_category_clicked_cb (CmOrganizeDialog *self)
{
  g_autofree char *name = new_name (self, _("New Category"), FALSE, FALSE);
  g_autofree char *id = new_name (self, "category", FALSE, TRUE);
  guint index = cm_history_add_category (get_history (self), id, name, NULL);

  if (index < self->categories->len)
    focus_row (g_ptr_array_index (self->categories, index));
}

static void
add_group_clicked_cb (CmOrganizeDialog *self)
{
  g_autofree char *name = new_name (self, _("New Group"), TRUE, FALSE);
  g_autofree char *id = new_name (self, "group", TRUE, TRUE);
  guint index = cm_history_add_group (get_history (self), id, name, CM_GROUP_LANE);

  if (index < self->groups->len)
    focus_row (g_ptr_array_index (self->groups, index));
}

static void
cm_organize_dialog_constructed (GObject *object)
{
  CmOrganizeDialog *self = CM_ORGANIZE_DIALOG (object);

  G_OBJECT_CLASS (cm_organize_dialog_parent_class)->constructed (object);

  g_assert (CM_IS_SESSION (self->session));

  self->document = g_object_ref (cm_session_get_document (self->session));
  g_signal_connect_object (self->document, "changed",
                           G_CALLBACK (document_changed_cb), self, G_CONNECT_SWAPPED);
  fill (self);
}

static void
cm_organize_dialog_dispose (GObject *object)
{
  CmOrganizeDialog *self = CM_ORGANIZE_DIALOG (object);

  g_clear_object (&self->document);
  g_clear_object (&self->session);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);

  G_OBJECT_CLASS (cm_organize_dialog_parent_class)->dispose (object);
}

static void
cm_organize_dialog_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CmOrganizeDialog *self = CM_ORGANIZE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_organize_dialog_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CmOrganizeDialog *self = CM_ORGANIZE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_organize_dialog_class_init (CmOrganizeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cm_organize_dialog_constructed;
  object_class->dispose = cm_organize_dialog_dispose;
  object_class->get_property = cm_organize_dialog_get_property;
  object_class->set_property = cm_organize_dialog_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         CM_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/cm-organize-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CmOrganizeDialog, categories_group);
  gtk_widget_class_bind_template_child (widget_class, CmOrganizeDialog, groups_group);
  gtk_widget_class_bind_template_child (widget_class, CmOrganizeDialog, add_category_button);
  gtk_widget_class_bind_template_child (widget_class, CmOrganizeDialog, add_group_button);
  gtk_widget_class_bind_template_callback (widget_class, add_category_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_group_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cm_organize_dialog_init (CmOrganizeDialog *self)
{
  self->categories = g_ptr_array_new ();
  self->groups = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cm_organize_dialog_new (CmSession *session)
{
  g_return_val_if_fail (CM_IS_SESSION (session), NULL);

  return g_object_new (CM_TYPE_ORGANIZE_DIALOG, "session", session, NULL);
}

/**
 * cm_organize_dialog_get_session:
 *
 * Returns: (transfer none): the session whose document is organized
 */
CmSession *
cm_organize_dialog_get_session (CmOrganizeDialog *self)
{
  g_return_val_if_fail (CM_IS_ORGANIZE_DIALOG (self), NULL);

  return self->session;
}

/* Row @index of @rows, or what it keeps under @key (NULL: the row). */
static gpointer
get_row (GPtrArray  *rows,
         guint       index,
         const char *key)
{
  GObject *row = rows != NULL && index < rows->len ? g_ptr_array_index (rows, index) : NULL;

  return row != NULL && key != NULL ? g_object_get_data (row, key) : row;
}

/**
 * cm_organize_dialog_get_category_row:
 *
 * Returns: (transfer none) (nullable): the row naming category @index
 */
AdwEntryRow *
cm_organize_dialog_get_category_row (CmOrganizeDialog *self,
                                     guint             index)
{
  g_return_val_if_fail (CM_IS_ORGANIZE_DIALOG (self), NULL);

  return get_row (self->categories, index, NULL);
}

/**
 * cm_organize_dialog_get_color_button:
 *
 * Returns: (transfer none) (nullable): the colour of category @index
 */
GtkColorChooser *
cm_organize_dialog_get_color_button (CmOrganizeDialog *self,
                                     guint             index)
{
  g_return_val_if_fail (CM_IS_ORGANIZE_DIALOG (self), NULL);

  return get_row (self->categories, index, ROW_COLOR);
}

/**
 * cm_organize_dialog_get_group_row:
 *
 * Returns: (transfer none) (nullable): the row naming group @index
 */
AdwEntryRow *
cm_organize_dialog_get_group_row (CmOrganizeDialog *self,
                                  guint             index)
{
  g_return_val_if_fail (CM_IS_ORGANIZE_DIALOG (self), NULL);

  return get_row (self->groups, index, NULL);
}

/**
 * cm_organize_dialog_get_kind_drop_down:
 *
 * Returns: (transfer none) (nullable): the kind of group @index
 */
GtkDropDown *
cm_organize_dialog_get_kind_drop_down (CmOrganizeDialog *self,
                                       guint             index)
{
  g_return_val_if_fail (CM_IS_ORGANIZE_DIALOG (self), NULL);

  return get_row (self->groups, index, ROW_KIND);
}
