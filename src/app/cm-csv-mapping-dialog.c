/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-csv-mapping-dialog"

#include "config.h"

#include "cm-csv-mapping-dialog.h"

#include "cm-csv.h"

#include <glib/gi18n.h>

/* Enough of the file for the header and a glimpse: 64 KiB, 6 rows shown,
 * more looked at to tell how dates are written. */
#define PREVIEW_BYTES (64 * 1024)
#define PREVIEW_ROWS 7
#define PREVIEW_COLUMNS 64
#define SAMPLE_ROWS 2000

typedef enum
{
  ROLE_START,
  ROLE_END,
  ROLE_TIME,
  ROLE_TITLE,
  ROLE_LATITUDE,
  ROLE_LONGITUDE,
  ROLE_PLACE,
  ROLE_CATEGORY,
  ROLE_GROUP,
  ROLE_DESCRIPTION,
  N_ROLES
} Role;

struct _CmCsvMappingDialog
{
  AdwWindow            parent_instance;

  GTask               *task;          /* answered once, then NULL */
  char                 separator;
  GtkDropDown         *drop_downs[N_ROLES];
  GPtrArray           *sample;        /* GStrv: the first rows, header first */
  AdwComboRow         *order_row;     /* shown when the dates do not tell */

  /* Template widgets */
  AdwWindowTitle      *window_title;
  AdwPreferencesGroup *roles_group;
  GtkGrid             *preview_grid;
  GtkButton           *import_button;
};

G_DEFINE_FINAL_TYPE (CmCsvMappingDialog, cm_csv_mapping_dialog, ADW_TYPE_WINDOW)

/* Translators: what a column of an imported table holds */
static const char *
role_name (Role role)
{
  switch (role)
    {
    case ROLE_START:
      return _("Date");
    case ROLE_END:
      return _("End");
    case ROLE_TIME:
      return _("Time of Day");
    case ROLE_TITLE:
      return _("Title");
    case ROLE_LATITUDE:
      return _("Latitude");
    case ROLE_LONGITUDE:
      return _("Longitude");
    case ROLE_PLACE:
      return _("Place");
    case ROLE_CATEGORY:
      return _("Category");
    case ROLE_GROUP:
      return _("Group");
    case ROLE_DESCRIPTION:
      return _("Description");
    case N_ROLES:
    default:
      g_assert_not_reached ();
    }
}

static int *
mapping_field (CmCsvMapping *mapping,
               Role          role)
{
  switch (role)
    {
    case ROLE_START:
      return &mapping->start;
    case ROLE_END:
      return &mapping->end;
    case ROLE_TIME:
      return &mapping->time;
    case ROLE_TITLE:
      return &mapping->title;
    case ROLE_LATITUDE:
      return &mapping->latitude;
    case ROLE_LONGITUDE:
      return &mapping->longitude;
    case ROLE_PLACE:
      return &mapping->place;
    case ROLE_CATEGORY:
      return &mapping->category;
    case ROLE_GROUP:
      return &mapping->group;
    case ROLE_DESCRIPTION:
      return &mapping->description;
    case N_ROLES:
    default:
      g_assert_not_reached ();
    }
}

/* Items of the day and month order row, in this order. */
static const int orders[] = { CM_CSV_DATE_ORDER_DAY_FIRST, CM_CSV_DATE_ORDER_MONTH_FIRST };

/* The column a drop-down names (item 0 is "None"), or -1. */
static int
selected_column (CmCsvMappingDialog *self,
                 Role                role)
{
  guint selected = gtk_drop_down_get_selected (self->drop_downs[role]);

  return selected == GTK_INVALID_LIST_POSITION || selected == 0 ? -1 : (int) selected - 1;
}

/* Returns the answer to the caller, once. */
static void
answer (CmCsvMappingDialog *self,
        gboolean            import)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  CmCsvMapping *mapping;

  if (task == NULL)
    return;

  if (!import)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", _("The import was cancelled"));
      return;
    }

  mapping = g_new0 (CmCsvMapping, 1);
  mapping->separator = self->separator;
  for (Role role = 0; role < N_ROLES; role++)
    *mapping_field (mapping, role) = selected_column (self, role);
  mapping->date_order = CM_CSV_DATE_ORDER_AUTO;
  if (gtk_widget_get_visible (GTK_WIDGET (self->order_row)))
    {
      guint selected = adw_combo_row_get_selected (self->order_row);

      if (selected < G_N_ELEMENTS (orders))
        mapping->date_order = orders[selected];
    }
  g_task_return_pointer (task, mapping, g_free);
}

static void
import_clicked_cb (CmCsvMappingDialog *self)
{
  g_assert (CM_IS_CSV_MAPPING_DIALOG (self));

  answer (self, TRUE);
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
close_request_cb (CmCsvMappingDialog *self)
{
  g_assert (CM_IS_CSV_MAPPING_DIALOG (self));

  answer (self, FALSE);

  return GDK_EVENT_PROPAGATE;
}

static void
cancelled_cb (CmCsvMappingDialog *self)
{
  g_assert (CM_IS_CSV_MAPPING_DIALOG (self));

  answer (self, FALSE);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Importing needs a date column. */
static void
start_selected_cb (CmCsvMappingDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), selected_column (self, ROLE_START) >= 0);
}

/* Asks for the order of day and month only when no date of the chosen
 * columns tells (03/04/2012, but no 24/10/2012). */
static void
date_columns_selected_cb (CmCsvMappingDialog *self)
{
  CmCsvMapping mapping = { 0 };

  mapping.start = selected_column (self, ROLE_START);
  mapping.end = selected_column (self, ROLE_END);
  gtk_widget_set_visible (GTK_WIDGET (self->order_row),
                          cm_csv_dates_are_ambiguous (self->sample, &mapping));
}

static void
cm_csv_mapping_dialog_dispose (GObject *object)
{
  CmCsvMappingDialog *self = CM_CSV_MAPPING_DIALOG (object);

  answer (self, FALSE);
  g_clear_pointer (&self->sample, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), CM_TYPE_CSV_MAPPING_DIALOG);

  G_OBJECT_CLASS (cm_csv_mapping_dialog_parent_class)->dispose (object);
}

static void
cm_csv_mapping_dialog_class_init (CmCsvMappingDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cm_csv_mapping_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/cm-csv-mapping-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CmCsvMappingDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CmCsvMappingDialog, roles_group);
  gtk_widget_class_bind_template_child (widget_class, CmCsvMappingDialog, preview_grid);
  gtk_widget_class_bind_template_child (widget_class, CmCsvMappingDialog, import_button);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_request_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cm_csv_mapping_dialog_init (CmCsvMappingDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static GtkWidget *
cell_label (const char *text,
            gboolean    header)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* Wide enough to recognise a value; the preview scrolls sideways. */
  gtk_label_set_width_chars (GTK_LABEL (label), (int) MIN (g_utf8_strlen (text, -1), 12));
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (header)
    gtk_widget_add_css_class (label, "heading");

  return label;
}

/* The header names, "Column N" for empty ones, after "None". */
static GtkStringList *
column_choices (char **header)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  gtk_string_list_append (list, C_("column", "None"));
  for (guint i = 0; header[i] != NULL; i++)
    {
      g_autofree char *name = NULL;

      if (*g_strstrip (header[i]) != '\0')
        name = g_strdup (header[i]);
      else
        /* Translators: a column of a table that has no name */
        name = g_strdup_printf (_("Column %u"), i + 1);
      gtk_string_list_append (list, name);
    }

  return list;
}

/* The row that asks how dates such as 03/04/2012 are written, preset to
 * the locale's order. */
static AdwComboRow *
order_row_new (void)
{
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
  int order = cm_csv_default_date_order ();

  G_STATIC_ASSERT (G_N_ELEMENTS (orders) == 2);
  /* Translators: how a date such as 03/04/2012 is read; keep the example dates */
  gtk_string_list_append (choices, _("Day First (24/10/2012)"));
  gtk_string_list_append (choices, _("Month First (10/24/2012)"));
  adw_combo_row_set_model (row, G_LIST_MODEL (choices));
  adw_combo_row_set_selected (row, order == orders[0] ? 0 : 1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Day and Month"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("The dates fit both orders"));
  gtk_widget_set_visible (GTK_WIDGET (row), FALSE);

  return row;
}

static void
fill (CmCsvMappingDialog *self,
      GFile              *file,
      GPtrArray          *rows)
{
  g_autoptr(GtkStringList) choices = NULL;
  g_autofree char *basename = g_file_get_basename (file);
  char **header = rows->pdata[0];
  CmCsvMapping guess;

  adw_window_title_set_subtitle (self->window_title, basename);

  guess.separator = self->separator;
  cm_csv_guess_mapping ((const char * const *) header, g_strv_length (header), &guess);
  choices = column_choices (header);

  for (Role role = 0; role < N_ROLES; role++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *drop_down = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (choices)), NULL);
      int column = *mapping_field (&guess, role);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), role_name (role));
      if (role == ROLE_START)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Required"));
      gtk_widget_set_valign (drop_down, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (drop_down, "flat");
      gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), column >= 0 ? (guint) column + 1 : 0);
      gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, role_name (role),
                                      -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), drop_down);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), drop_down);
      adw_preferences_group_add (self->roles_group, row);
      self->drop_downs[role] = GTK_DROP_DOWN (drop_down);

      if (role == ROLE_TIME)
        {
          self->order_row = order_row_new ();
          adw_preferences_group_add (self->roles_group, GTK_WIDGET (self->order_row));
        }
    }

  g_signal_connect_object (self->drop_downs[ROLE_START], "notify::selected",
                           G_CALLBACK (start_selected_cb), self, G_CONNECT_SWAPPED);
  start_selected_cb (self);
  g_signal_connect_object (self->drop_downs[ROLE_START], "notify::selected",
                           G_CALLBACK (date_columns_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->drop_downs[ROLE_END], "notify::selected",
                           G_CALLBACK (date_columns_selected_cb), self, G_CONNECT_SWAPPED);
  date_columns_selected_cb (self);

  for (guint r = 0; r < rows->len && r < PREVIEW_ROWS; r++)
    {
      char **fields = rows->pdata[r];

      for (guint c = 0; fields[c] != NULL; c++)
        gtk_grid_attach (self->preview_grid, cell_label (fields[c], r == 0), (int) c, (int) r, 1, 1);
    }
}

typedef struct
{
  GtkWindow *parent;
  GFile     *file;
} RunData;

static void
run_data_free (gpointer data)
{
  RunData *run = data;

  g_clear_object (&run->parent);
  g_clear_object (&run->file);
  g_free (run);
}

/* Reads no more than the preview needs. */
static gboolean
read_more_cb (const char *contents,
              goffset     size,
              gpointer    user_data)
{
  return size < PREVIEW_BYTES;
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *contents = NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);
  RunData *run = g_task_get_task_data (task);
  CmCsvMappingDialog *self;
  gsize length = 0;

  if (!g_file_load_partial_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  rows = cm_csv_preview (contents, length, SAMPLE_ROWS, PREVIEW_COLUMNS, NULL);
  if (rows->len == 0)
    {
      g_autofree char *name = g_file_get_parse_name (run->file);

      g_task_return_new_error (task, CM_FORMAT_ERROR, CM_FORMAT_ERROR_SYNTAX,
                               _("%s: The file is empty"), name);
      return;
    }

  self = g_object_new (CM_TYPE_CSV_MAPPING_DIALOG,
                       "transient-for", run->parent,
                       "modal", TRUE,
                       NULL);
  self->separator = cm_csv_detect_separator (contents, length);
  self->task = g_steal_pointer (&task);
  self->sample = g_ptr_array_ref (rows);
  fill (self, run->file, rows);
  if (cancellable != NULL)
    g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (cancelled_cb), self, G_CONNECT_SWAPPED);

  gtk_window_present (GTK_WINDOW (self));
}

void
cm_csv_mapping_dialog_run_async (GtkWindow           *parent,
                                 GFile               *file,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *run;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  run = g_new0 (RunData, 1);
  run->parent = parent != NULL ? g_object_ref (parent) : NULL;
  run->file = g_object_ref (file);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cm_csv_mapping_dialog_run_async);
  g_task_set_task_data (task, run, run_data_free);

  g_file_load_partial_contents_async (file, cancellable, read_more_cb, loaded_cb, g_steal_pointer (&task));
}

gboolean
cm_csv_mapping_dialog_run_finish (GAsyncResult  *result,
                                  CmCsvMapping  *mapping,
                                  GError       **error)
{
  g_autofree CmCsvMapping *chosen = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cm_csv_mapping_dialog_run_async, FALSE);
  g_return_val_if_fail (mapping != NULL, FALSE);

  chosen = g_task_propagate_pointer (G_TASK (result), error);
  if (chosen == NULL)
    return FALSE;

  *mapping = *chosen;
  return TRUE;
}
