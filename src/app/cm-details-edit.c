/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-details"

#include "config.h"

#include "cm-details-private.h"

#include "cm-properties.h"
#include "cm-time-window.h"
#include "cm-utc-offset.h"
#include "cm-zone.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

/* Edit mode of the details pane: a form over every field of the event.
 * Each change is one step of the session's history, named by the field
 * (cm_history_change_event()), so that Undo gives it back. */

static const char *const precision_names[CM_N_PRECISIONS] = {
  N_("Billions of Years"),
  N_("Millions of Years"),
  N_("Millennium"),
  N_("Century"),
  N_("Decade"),
  N_("Year"),
  N_("Month"),
  N_("Day"),
  N_("Hour"),
  N_("Minute"),
  N_("Second"),
};

static gboolean
is_blank (const char *text)
{
  return text == NULL || text[strspn (text, " \t\n")] == '\0';
}

/* The name a message about the field starts with. */
static const char *
entry_name (CmDetailsEntryKind kind)
{
  switch (kind)
    {
    case CM_DETAILS_TITLE:
      return _("Title");
    case CM_DETAILS_START:
      return _("Start");
    case CM_DETAILS_END:
      return _("End");
    case CM_DETAILS_OFFSET:
      return _("UTC offset");
    case CM_DETAILS_PLACE:
      return _("Place");
    case CM_DETAILS_LATITUDE:
      return _("Latitude");
    case CM_DETAILS_LONGITUDE:
      return _("Longitude");
    case CM_DETAILS_LINK:
    case CM_DETAILS_N_ENTRIES:
    default:
      return _("Link");
    }
}

static const char *
entry_text (CmDetails          *self,
            CmDetailsEntryKind  kind)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->entries[kind].row));
}

/* Shows the messages of every field sharing @label, one a line. */
static void
update_error_label (CmDetails *self,
                    GtkLabel  *label)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < CM_DETAILS_N_ENTRIES; i++)
    {
      CmDetailsEntry *entry = &self->entries[i];

      if (entry->error_label != label || entry->error == NULL)
        continue;

      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: a field's name and why what was typed in it is not applied */
      g_string_append_printf (text, _("%s: %s"), entry_name (i), entry->error);
    }

  gtk_label_set_text (label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (label), text->len > 0);
}

/* Marks the field as invalid with @message, or as valid (NULL). */
static void
set_error (CmDetails          *self,
           CmDetailsEntryKind  kind,
           const char         *message)
{
  CmDetailsEntry *entry = &self->entries[kind];

  if (g_strcmp0 (entry->error, message) == 0)
    return;

  g_free (entry->error);
  entry->error = g_strdup (message);

  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (entry->row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (entry->row), "error");

  update_error_label (self, entry->error_label);
}

static gboolean
is_changed (CmDetails          *self,
            CmDetailsEntryKind  kind)
{
  return g_strcmp0 (entry_text (self, kind), self->entries[kind].shown) != 0;
}

/* The event being edited as it is now, with the store's strings; FALSE
 * when it is gone. */
static gboolean
get_data (CmDetails   *self,
          CmEventData *data)
{
  CmEventStore *store;
  guint position;

  if (self->document == NULL || self->edited_serial == CM_NONE)
    return FALSE;

  store = cm_document_get_store (self->document);
  position = cm_event_store_find_serial (store, self->edited_serial);
  if (position == CM_NONE)
    return FALSE;

  cm_event_store_get_data (store, position, data);
  return TRUE;
}

/* One step of the history; the store's items-changed fills the form anew. */
static void
apply_data (CmDetails         *self,
            const CmEventData *data)
{
  cm_history_change_event (cm_session_get_history (self->session), self->edited_serial, data);
}

/* Reads a date the way the timeline's Go to Date does: written without an
 * offset, it is a date and time of the zone the timeline shows. */
static gboolean
parse_date (CmDetails    *self,
            const char   *text,
            CmTime       *time,
            CmPrecision  *precision,
            char        **message)
{
  g_autoptr(GError) error = NULL;
  int utc_offset;

  if (!cm_time_parse (text, time, precision, &utc_offset, &error))
    {
      *message = g_strdup (error->message);
      return FALSE;
    }

  if (utc_offset == CM_UTC_OFFSET_NONE)
    {
      g_autoptr(CmZone) zone = cm_zone_new_for_kind (cm_session_get_time_zone (self->session),
                                                     cm_document_get_store (self->document));

      utc_offset = cm_zone_get_offset (zone, *time);
      *time = cm_time_window_time_from_double ((double) *time - utc_offset * 60.0);
    }

  return TRUE;
}

/* Degrees within ±@limit, with a point or a comma before the decimals. */
static gboolean
parse_degrees (const char  *text,
               double       limit,
               double      *degrees,
               char       **message)
{
  g_autofree char *copy = g_strstrip (g_strdelimit (g_strdup (text), ",", '.'));
  char *end = NULL;
  double value = g_ascii_strtod (copy, &end);

  if (end == copy || *end != '\0' || !isfinite (value))
    {
      *message = g_strdup (_("Not a number of degrees"));
      return FALSE;
    }

  if (fabs (value) > limit)
    {
      /* Translators: the limit of a latitude (90) or a longitude (180) */
      *message = g_strdup_printf (_("Must be between −%g and %g"), limit, limit);
      return FALSE;
    }

  *degrees = value;
  return TRUE;
}

/* Latitude and longitude go together: both or none. @explicit when the
 * user pressed Enter, and is told that the other one is missing. */
static gboolean
parse_coordinates (CmDetails   *self,
                   gboolean     explicit,
                   CmEventData *data)
{
  const char *lat_text = entry_text (self, CM_DETAILS_LATITUDE);
  const char *lon_text = entry_text (self, CM_DETAILS_LONGITUDE);
  g_autofree char *lat_message = NULL;
  g_autofree char *lon_message = NULL;
  double lat = NAN, lon = NAN;
  gboolean valid;

  if (is_blank (lat_text) && is_blank (lon_text))
    {
      set_error (self, CM_DETAILS_LATITUDE, NULL);
      set_error (self, CM_DETAILS_LONGITUDE, NULL);
      data->lat = data->lon = NAN;
      return TRUE;
    }

  if (!is_blank (lat_text))
    parse_degrees (lat_text, 90, &lat, &lat_message);
  else if (explicit)
    lat_message = g_strdup (_("Enter the latitude too"));

  if (!is_blank (lon_text))
    parse_degrees (lon_text, 180, &lon, &lon_message);
  else if (explicit)
    lon_message = g_strdup (_("Enter the longitude too"));

  set_error (self, CM_DETAILS_LATITUDE, lat_message);
  set_error (self, CM_DETAILS_LONGITUDE, lon_message);

  valid = !isnan (lat) && !isnan (lon);
  if (valid)
    {
      data->lat = lat;
      data->lon = lon;
    }
  return valid;
}

/* Applies what was typed in the field, when it changed and reads well;
 * otherwise says why under the field's group. */
static void
apply_entry (CmDetails          *self,
             CmDetailsEntryKind  kind,
             gboolean            explicit)
{
  const char *text = entry_text (self, kind);
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *message = NULL;
  g_autofree char *extras = NULL;
  CmEventData data;
  CmPrecision precision;
  CmTime time;
  int minutes;

  if (self->filling || !is_changed (self, kind) || !get_data (self, &data))
    return;

  switch (kind)
    {
    case CM_DETAILS_TITLE:
      if (*stripped == '\0')
        message = g_strdup (_("An event needs a title"));
      data.title = stripped;
      break;

    case CM_DETAILS_START:
      if (is_blank (text))
        message = g_strdup (_("An event needs a start date"));
      else if (parse_date (self, text, &time, &precision, &message))
        {
          if (data.end != CM_TIME_INVALID && time > data.end)
            message = g_strdup (_("Comes after the end: change the end first"));
          data.start = time;
          data.precision = precision;
        }
      break;

    case CM_DETAILS_END:
      if (is_blank (text))
        data.end = CM_TIME_INVALID;
      else if (parse_date (self, text, &time, &precision, &message))
        {
          if (time < data.start)
            message = g_strdup (_("Comes before the start"));
          if (data.end == CM_TIME_INVALID && (data.flags & CM_EVENT_START_APPROXIMATE) != 0)
            data.flags |= CM_EVENT_END_APPROXIMATE;
          data.end = time;
          data.end_precision = precision;
        }
      break;

    case CM_DETAILS_OFFSET:
      /* The instants stay: the offset says how they read where they happened. */
      if (*stripped == '\0')
        data.utc_offset = CM_UTC_OFFSET_NONE;
      else if (cm_utc_offset_parse (stripped, -1, &minutes))
        data.utc_offset = minutes;
      else
        message = g_strdup (_("Not a UTC offset: write it as “+02:00”"));
      break;

    case CM_DETAILS_PLACE:
      data.place = *stripped != '\0' ? stripped : NULL;
      break;

    case CM_DETAILS_LATITUDE:
    case CM_DETAILS_LONGITUDE:
      if (!parse_coordinates (self, explicit, &data))
        return;
      g_clear_pointer (&self->entries[CM_DETAILS_LATITUDE].shown, g_free);
      g_clear_pointer (&self->entries[CM_DETAILS_LONGITUDE].shown, g_free);
      self->entries[CM_DETAILS_LATITUDE].shown = g_strdup (entry_text (self, CM_DETAILS_LATITUDE));
      self->entries[CM_DETAILS_LONGITUDE].shown = g_strdup (entry_text (self, CM_DETAILS_LONGITUDE));
      apply_data (self, &data);
      _cm_details_edit_fill (self, FALSE);
      return;

    case CM_DETAILS_LINK:
      if (*stripped != '\0' && g_uri_peek_scheme (stripped) == NULL)
        message = g_strdup (_("Not a web address: it starts with “https://” or another scheme"));
      extras = cm_properties_set (data.extras, CM_DETAILS_LINK_KEY, *stripped != '\0' ? stripped : NULL);
      data.extras = extras;
      break;

    case CM_DETAILS_N_ENTRIES:
    default:
      g_assert_not_reached ();
    }

  set_error (self, kind, message);
  if (message != NULL)
    return;

  /* What was typed is now what the event says: the fill below may write
   * it in its usual form ("may 2011" as "May 2011"). */
  g_free (self->entries[kind].shown);
  self->entries[kind].shown = g_strdup (text);
  apply_data (self, &data);
  _cm_details_edit_fill (self, FALSE);
}

static CmDetailsEntryKind
entry_kind (CmDetails   *self,
            AdwEntryRow *row)
{
  for (guint i = 0; i < CM_DETAILS_N_ENTRIES; i++)
    if (self->entries[i].row == row)
      return i;

  g_assert_not_reached ();
}

static void
entry_activated_cb (CmDetails   *self,
                    AdwEntryRow *row)
{
  g_assert (CM_IS_DETAILS (self));

  apply_entry (self, entry_kind (self, row), TRUE);
}

static void
entry_leave_cb (CmDetails               *self,
                GtkEventControllerFocus *controller)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));

  g_assert (CM_IS_DETAILS (self));

  if (self->editing)
    apply_entry (self, entry_kind (self, row), FALSE);
}

/* Typing in a field the user is correcting takes its error away. */
static void
entry_changed_cb (CmDetails   *self,
                  AdwEntryRow *row)
{
  g_assert (CM_IS_DETAILS (self));

  if (!self->filling)
    set_error (self, entry_kind (self, row), NULL);
}

static char *
dup_description (CmDetails *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
apply_description (CmDetails *self)
{
  g_autofree char *text = dup_description (self);
  CmEventData data;

  if (self->filling || g_strcmp0 (text, self->description_shown) == 0 || !get_data (self, &data))
    return;

  g_free (self->description_shown);
  self->description_shown = g_strdup (text);
  data.description = !is_blank (text) ? text : NULL;
  apply_data (self, &data);
}

static void
description_leave_cb (CmDetails *self)
{
  g_assert (CM_IS_DETAILS (self));

  if (self->editing)
    apply_description (self);
}

static void
precision_selected_cb (CmDetails *self)
{
  guint selected = adw_combo_row_get_selected (self->precision_row);
  CmEventData data;

  g_assert (CM_IS_DETAILS (self));

  if (self->filling || selected >= CM_N_PRECISIONS || !get_data (self, &data))
    return;

  data.precision = selected;
  data.end_precision = selected;
  apply_data (self, &data);
}

static void
approximate_cb (CmDetails *self)
{
  CmEventData data;

  g_assert (CM_IS_DETAILS (self));

  if (self->filling || !get_data (self, &data))
    return;

  data.flags &= ~(CM_EVENT_START_APPROXIMATE | CM_EVENT_END_APPROXIMATE | CM_EVENT_COORDINATES_APPROXIMATE);
  if (gtk_switch_get_active (self->approximate_switch))
    data.flags |= CM_EVENT_START_APPROXIMATE | (data.end != CM_TIME_INVALID ? CM_EVENT_END_APPROXIMATE : 0);
  if (gtk_switch_get_active (self->position_approximate_switch))
    data.flags |= CM_EVENT_COORDINATES_APPROXIMATE;
  apply_data (self, &data);
}

/* Row 0 is "None", row i + 1 category (or group) i. */
static void
organize_selected_cb (CmDetails   *self,
                      GParamSpec  *pspec,
                      AdwComboRow *row)
{
  guint selected = adw_combo_row_get_selected (row);
  guint index = selected == 0 || selected == GTK_INVALID_LIST_POSITION ? CM_NONE : selected - 1;
  CmEventData data;

  g_assert (CM_IS_DETAILS (self));

  if (self->filling || !get_data (self, &data))
    return;

  if (row == self->category_row)
    data.category = index;
  else
    data.group = index;
  apply_data (self, &data);
}

/* Gives the combo row "None" and these names, unless it has them already
 * (rebuilding the model would close its list under the pointer). */
static void
set_choices (AdwComboRow *row,
             GPtrArray   *names)
{
  GListModel *model = adw_combo_row_get_model (row);
  g_autoptr(GtkStringList) list = NULL;
  gboolean same = model != NULL && g_list_model_get_n_items (model) == names->len + 1;

  for (guint i = 0; same && i < names->len; i++)
    same = g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i + 1),
                      g_ptr_array_index (names, i)) == 0;
  if (same)
    return;

  list = gtk_string_list_new (NULL);
  gtk_string_list_append (list, C_("category or group", "None"));
  for (guint i = 0; i < names->len; i++)
    gtk_string_list_append (list, g_ptr_array_index (names, i));
  adw_combo_row_set_model (row, G_LIST_MODEL (list));
}

static void
fill_choices (CmDetails *self,
              guint      category,
              guint      group)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint n;

  n = cm_document_get_n_categories (self->document);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (names, cm_document_get_category (self->document, i)->name);
  set_choices (self->category_row, names);
  adw_combo_row_set_selected (self->category_row, category < n ? category + 1 : 0);

  g_ptr_array_set_size (names, 0);
  n = cm_document_get_n_groups (self->document);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (names, cm_document_get_group (self->document, i)->name);
  set_choices (self->group_row, names);
  adw_combo_row_set_selected (self->group_row, group < n ? group + 1 : 0);
}

static void
fill_entry (CmDetails          *self,
            CmDetailsEntryKind  kind,
            const char         *text,
            gboolean            force)
{
  CmDetailsEntry *entry = &self->entries[kind];

  if (text == NULL)
    text = "";

  if (!force && is_changed (self, kind))
    return;

  gtk_editable_set_text (GTK_EDITABLE (entry->row), text);
  g_free (entry->shown);
  entry->shown = g_strdup (text);
  set_error (self, kind, NULL);
}

void
_cm_details_edit_fill (CmDetails *self,
                       gboolean   force)
{
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *lat_text = NULL;
  g_autofree char *lon_text = NULL;
  g_autofree char *link = NULL;
  char offset[CM_UTC_OFFSET_FORMAT_SIZE];
  CmEventData data;

  if (!get_data (self, &data))
    return;

  self->filling = TRUE;

  start = cm_time_format (data.start, data.precision, data.utc_offset);
  if (data.end != CM_TIME_INVALID)
    end = cm_time_format (data.end, data.end_precision, data.utc_offset);
  cm_utc_offset_format (data.utc_offset, offset);
  if (!isnan (data.lat) && !isnan (data.lon))
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      /* 15 digits give the decimals of the file back ("38.322", not
       * "38.322000000000003") and keep far more than a metre. */
      lat_text = g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.15g", data.lat));
      lon_text = g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.15g", data.lon));
    }
  link = cm_properties_get (data.extras, CM_DETAILS_LINK_KEY);

  fill_entry (self, CM_DETAILS_TITLE, data.title, force);
  fill_entry (self, CM_DETAILS_START, start, force);
  fill_entry (self, CM_DETAILS_END, end, force);
  fill_entry (self, CM_DETAILS_OFFSET, offset, force);
  fill_entry (self, CM_DETAILS_PLACE, data.place, force);
  fill_entry (self, CM_DETAILS_LATITUDE, lat_text, force);
  fill_entry (self, CM_DETAILS_LONGITUDE, lon_text, force);
  fill_entry (self, CM_DETAILS_LINK, link, force);

  adw_combo_row_set_selected (self->precision_row, data.precision);
  gtk_switch_set_active (self->approximate_switch, (data.flags & CM_EVENT_START_APPROXIMATE) != 0);
  gtk_switch_set_active (self->position_approximate_switch,
                         (data.flags & CM_EVENT_COORDINATES_APPROXIMATE) != 0);
  fill_choices (self, data.category, data.group);

  {
    g_autofree char *typed = dup_description (self);

    if (force || g_strcmp0 (typed, self->description_shown) == 0)
      {
        const char *description = data.description != NULL ? data.description : "";

        gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view), description, -1);
        g_free (self->description_shown);
        self->description_shown = g_strdup (description);
      }
  }

  self->filling = FALSE;
}

void
_cm_details_edit_apply_all (CmDetails *self)
{
  g_assert (CM_IS_DETAILS (self));

  for (guint i = 0; i < CM_DETAILS_N_ENTRIES; i++)
    apply_entry (self, i, FALSE);
  apply_description (self);
}

void
_cm_details_edit_class_init (GtkWidgetClass *widget_class)
{
  static const struct
  {
    CmDetailsEntryKind kind;
    const char *name;
  } rows[] = {
    { CM_DETAILS_TITLE, "title_row" },
    { CM_DETAILS_START, "start_row" },
    { CM_DETAILS_END, "end_row" },
    { CM_DETAILS_OFFSET, "offset_row" },
    { CM_DETAILS_PLACE, "place_row" },
    { CM_DETAILS_LATITUDE, "latitude_row" },
    { CM_DETAILS_LONGITUDE, "longitude_row" },
    { CM_DETAILS_LINK, "link_row" },
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (rows) == CM_DETAILS_N_ENTRIES);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_class_bind_template_child_full (widget_class, rows[i].name, FALSE,
                                               G_STRUCT_OFFSET (CmDetails, entries) +
                                               rows[i].kind * sizeof (CmDetailsEntry) +
                                               G_STRUCT_OFFSET (CmDetailsEntry, row));

  gtk_widget_class_bind_template_child (widget_class, CmDetails, precision_row);
  gtk_widget_class_bind_template_child (widget_class, CmDetails, approximate_switch);
  gtk_widget_class_bind_template_child (widget_class, CmDetails, position_approximate_switch);
  gtk_widget_class_bind_template_child (widget_class, CmDetails, category_row);
  gtk_widget_class_bind_template_child (widget_class, CmDetails, group_row);
  gtk_widget_class_bind_template_child (widget_class, CmDetails, organize_button);
  gtk_widget_class_bind_template_child (widget_class, CmDetails, description_view);
  gtk_widget_class_bind_template_child (widget_class, CmDetails, time_error);
  gtk_widget_class_bind_template_child (widget_class, CmDetails, place_error);
  gtk_widget_class_bind_template_child (widget_class, CmDetails, link_error);
}

void
_cm_details_edit_init (CmDetails *self)
{
  g_autoptr(GtkStringList) precisions = gtk_string_list_new (NULL);
  GtkEventController *controller;

  self->edited_serial = CM_NONE;

  for (guint i = 0; i < CM_DETAILS_N_ENTRIES; i++)
    {
      CmDetailsEntry *entry = &self->entries[i];

      if (i <= CM_DETAILS_OFFSET)
        entry->error_label = self->time_error;
      else if (i <= CM_DETAILS_LONGITUDE)
        entry->error_label = self->place_error;
      else
        entry->error_label = self->link_error;

      g_signal_connect_object (entry->row, "entry-activated",
                               G_CALLBACK (entry_activated_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (entry->row, "changed",
                               G_CALLBACK (entry_changed_cb), self, G_CONNECT_SWAPPED);
      controller = gtk_event_controller_focus_new ();
      g_signal_connect_object (controller, "leave",
                               G_CALLBACK (entry_leave_cb), self, G_CONNECT_SWAPPED);
      gtk_widget_add_controller (GTK_WIDGET (entry->row), controller);
    }

  controller = gtk_event_controller_focus_new ();
  g_signal_connect_object (controller, "leave",
                           G_CALLBACK (description_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->description_view), controller);

  for (guint i = 0; i < CM_N_PRECISIONS; i++)
    gtk_string_list_append (precisions, _(precision_names[i]));
  adw_combo_row_set_model (self->precision_row, G_LIST_MODEL (precisions));

  g_signal_connect_object (self->precision_row, "notify::selected",
                           G_CALLBACK (precision_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->approximate_switch, "notify::active",
                           G_CALLBACK (approximate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->position_approximate_switch, "notify::active",
                           G_CALLBACK (approximate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->category_row, "notify::selected",
                           G_CALLBACK (organize_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->group_row, "notify::selected",
                           G_CALLBACK (organize_selected_cb), self, G_CONNECT_SWAPPED);
}

void
_cm_details_edit_finalize (CmDetails *self)
{
  for (guint i = 0; i < CM_DETAILS_N_ENTRIES; i++)
    {
      g_clear_pointer (&self->entries[i].shown, g_free);
      g_clear_pointer (&self->entries[i].error, g_free);
    }
  g_clear_pointer (&self->description_shown, g_free);
}
