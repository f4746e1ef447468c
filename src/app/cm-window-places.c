/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-window"

#include "config.h"

#include <glib/gi18n.h>

#include "cm-geocode.h"
#include "cm-window-private.h"

/* Places for events named without coordinates: after a load, the window
 * says how many the offline gazetteer can place and lets the user review
 * and accept them; nothing is placed without that. */

/* Rows the review lists at most; the rest follow the "place" answer. */
#define MAX_ROWS 400

typedef struct
{
  CmWindow        *self;
  CmGeocodeReport *report;
  GPtrArray       *checks;   /* GtkCheckButton, one per listed proposal */
} Review;

static void
review_free (gpointer data)
{
  Review *review = data;

  g_clear_object (&review->self);
  g_clear_pointer (&review->report, cm_geocode_report_free);
  g_clear_pointer (&review->checks, g_ptr_array_unref);
  g_free (review);
}

/* "Dublin, Ireland" for what a proposal matched. */
static char *
dup_match_name (const CmGazetteerMatch *match)
{
  CmGazetteer *gazetteer = cm_gazetteer_get_default ();
  const char *language = g_get_language_names ()[0];
  const char *country = NULL;

  if (gazetteer == NULL)
    return g_strdup ("");
  /* In the user's language where the data has it. */
  if (match->country != G_MAXUINT)
    country = cm_gazetteer_get_country_name (gazetteer, match->country, language);
  if (match->place != G_MAXUINT && match->kind != CM_GAZETTEER_MATCH_COUNTRY)
    {
      const char *place = cm_gazetteer_get_place_name (gazetteer, match->place, language);

      return country != NULL ? g_strdup_printf ("%s, %s", place, country) : g_strdup (place);
    }

  return g_strdup (country != NULL ? country : "");
}

static void
review_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    Review           *review)
{
  CmWindow *self = review->self;
  g_autofree gboolean *accepted = NULL;
  CmEventStore *store;
  guint n, placed;
  g_autofree char *text = NULL;

  if (g_strcmp0 (response, "place") != 0 || self->document == NULL)
    return;

  n = review->report->proposals->len;
  accepted = g_new (gboolean, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    accepted[i] = i < review->checks->len
                  ? gtk_check_button_get_active (g_ptr_array_index (review->checks, i))
                  : TRUE;

  store = cm_document_get_store (self->document);
  placed = cm_geocode_apply (store, review->report, accepted);
  if (placed > 0)
    cm_document_set_dirty (self->document, TRUE);

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event placed, marked approximate",
                                       "%u events placed, marked approximate", placed),
                          placed);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* The list of proposals, each with a check box, placed or not. */
static void
review_places_cb (AdwToast *toast,
                  gpointer  user_data)
{
  Review *review = g_object_get_data (G_OBJECT (toast), "review");
  CmWindow *self;
  GtkWidget *dialog, *scrolled, *list;
  g_autofree char *body = NULL;
  guint n;

  if (review == NULL)
    return;
  /* The dialog owns it from now on. */
  g_object_steal_data (G_OBJECT (toast), "review");
  self = review->self;
  n = review->report->proposals->len;

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The offline gazetteer proposes coordinates for %u event named "
                                       "without them. Placed events are marked approximate.",
                                       "The offline gazetteer proposes coordinates for %u events named "
                                       "without them. Placed events are marked approximate.", n),
                          n);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Place Events on the Map"), body);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  review->checks = g_ptr_array_new ();
  for (guint i = 0; i < n && i < MAX_ROWS; i++)
    {
      const CmGeocodeProposal *proposal = &g_array_index (review->report->proposals,
                                                          CmGeocodeProposal, i);
      g_autofree char *name = dup_match_name (&proposal->match);
      g_autofree char *label = g_strdup_printf ("%s → %s (%.2f, %.2f)", proposal->place, name,
                                                proposal->match.lat, proposal->match.lon);
      GtkWidget *check = gtk_check_button_new_with_label (label);

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      gtk_list_box_append (GTK_LIST_BOX (list), check);
      g_ptr_array_add (review->checks, check);
    }
  if (n > MAX_ROWS)
    {
      g_autofree char *more = g_strdup_printf (_("… and %u more, placed with the others"), n - MAX_ROWS);

      gtk_list_box_append (GTK_LIST_BOX (list), gtk_label_new (more));
    }
  if (review->report->unmatched->len > 0)
    {
      g_autofree char *missing = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%u place name was not found",
                                                               "%u place names were not found",
                                                               review->report->unmatched->len),
                                                  review->report->unmatched->len);

      gtk_list_box_append (GTK_LIST_BOX (list), gtk_label_new (missing));
    }

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Not Now"),
                                    "place", _("_Place Selected"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "place",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "place");
  g_signal_connect_data (dialog, "response", G_CALLBACK (review_response_cb), review,
                         (GClosureNotify) (void (*) (void)) review_free, 0);
  self->places_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->places_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_cm_window_offer_places (CmWindow *self)
{
  g_autoptr(CmGeocodeReport) report = NULL;
  g_autofree char *title = NULL;
  Review *review;
  AdwToast *toast;

  report = cm_geocode_propose (cm_document_get_store (self->document), NULL);
  self->places_offered++;
  if (report->n_candidates == 0)
    return;

  if (report->proposals->len == 0)
    {
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u event has a place but no coordinates; none could be placed",
                                            "%u events have a place but no coordinates; none could be placed",
                                            report->n_candidates),
                               report->n_candidates);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
      return;
    }

  /* TRANSLATORS: "3 of 5 events can be placed on the map from their place names" */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u of %u event can be placed on the map from its place name",
                                        "%u of %u events can be placed on the map from their place names",
                                        report->n_candidates),
                           report->proposals->len, report->n_candidates);
  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_button_label (toast, _("_Review…"));
  review = g_new0 (Review, 1);
  review->self = g_object_ref (self);
  review->report = g_steal_pointer (&report);
  g_object_set_data_full (G_OBJECT (toast), "review", review, review_free);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (review_places_cb), NULL);
  self->places_toast = toast;
  g_object_add_weak_pointer (G_OBJECT (toast), (gpointer *) &self->places_toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
