/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cm-details.h"
#include "cm-session-signals.h"
#include "cm-swatch.h"

G_BEGIN_DECLS

/* The text fields of edit mode: each is applied on Enter or when the focus
 * leaves it, and only once it reads as a valid value. */
typedef enum
{
  CM_DETAILS_TITLE,
  CM_DETAILS_START,
  CM_DETAILS_END,
  CM_DETAILS_OFFSET,
  CM_DETAILS_PLACE,
  CM_DETAILS_LATITUDE,
  CM_DETAILS_LONGITUDE,
  CM_DETAILS_LINK,
  CM_DETAILS_N_ENTRIES
} CmDetailsEntryKind;

typedef struct
{
  AdwEntryRow *row;
  GtkLabel    *error_label; /* under the row's group, shared with its neighbours */
  char        *shown;       /* the text last filled in from the event */
  char        *error;       /* why the text is not applied, or NULL */
} CmDetailsEntry;

struct _CmDetails
{
  GtkWidget         parent_instance;

  CmSession        *session;
  CmDocument       *document;     /* the session's */
  CmViewport       *viewport;     /* the session's */
  CmEvent          *event;
  CmSessionSignals  signals;

  CmDetailsEntry    entries[CM_DETAILS_N_ENTRIES];
  char             *description_shown;
  guint             edited_serial;  /* the event the form was filled from, or CM_NONE */
  guint             filling : 1;    /* the form is being filled: changes are not edits */
  guint             editing : 1;

  /* Template widgets: view mode */
  GtkStack         *stack;
  AdwStatusPage    *empty_page;
  GtkLabel         *title_label;
  GtkLabel         *date_label;
  GtkLabel         *precision_label;
  GtkWidget        *place_box;
  GtkLabel         *place_label;
  GtkLabel         *coordinates_label;
  GtkWidget        *category_box;
  CmSwatch         *category_swatch;
  GtkLabel         *category_label;
  GtkWidget        *group_box;
  GtkLabel         *group_label;
  GtkWidget        *description_box;
  GtkLabel         *description_label;

  /* Template widgets: edit mode */
  GtkStack         *mode_stack;
  GtkLabel         *mode_label;
  GtkToggleButton  *edit_button;
  GtkScrolledWindow *edit_scroller;
  AdwComboRow      *precision_row;
  GtkSwitch        *approximate_switch;
  GtkSwitch        *position_approximate_switch;
  AdwComboRow      *category_row;
  AdwComboRow      *group_row;
  GtkButton        *organize_button;
  GtkTextView      *description_view;
  GtkLabel         *time_error;
  GtkLabel         *place_error;
  GtkLabel         *link_error;
};

/* cm-details-edit.c: the form of edit mode. */
void     _cm_details_edit_class_init (GtkWidgetClass *widget_class);
void     _cm_details_edit_init       (CmDetails      *self);
void     _cm_details_edit_finalize   (CmDetails      *self);
/* Fills the form from the event shown. Fields being typed in (their text
 * differs from what was filled in) keep their text unless @force. */
void     _cm_details_edit_fill       (CmDetails      *self,
                                      gboolean        force);
/* Applies every field whose text was changed and is valid. */
void     _cm_details_edit_apply_all  (CmDetails      *self);

/* The key of the extras an event's web link is kept under (the one the
 * iCalendar URL property also uses). */
#define CM_DETAILS_LINK_KEY "url"

G_END_DECLS
