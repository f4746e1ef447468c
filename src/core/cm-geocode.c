/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-geocode"

#include "config.h"

#include <math.h>

#include "cm-geocode.h"

static void
clear_proposal (gpointer data)
{
  CmGeocodeProposal *proposal = data;

  g_free (proposal->place);
}

CmGeocodeReport *
cm_geocode_propose (CmEventStore *store,
                    CmGazetteer  *gazetteer)
{
  g_autoptr(GHashTable) unmatched = g_hash_table_new (g_str_hash, g_str_equal);
  CmGeocodeReport *report;
  guint n;

  g_return_val_if_fail (CM_IS_EVENT_STORE (store), NULL);

  if (gazetteer == NULL)
    gazetteer = cm_gazetteer_get_default ();

  report = g_new0 (CmGeocodeReport, 1);
  report->proposals = g_array_new (FALSE, FALSE, sizeof (CmGeocodeProposal));
  g_array_set_clear_func (report->proposals, clear_proposal);
  report->unmatched = g_ptr_array_new_with_free_func (g_free);

  n = cm_event_store_get_n_events (store);
  for (guint i = 0; i < n; i++)
    {
      CmEventData data;
      CmGeocodeProposal proposal = { 0 };

      cm_event_store_get_data (store, i, &data);
      if (data.place == NULL || *data.place == '\0' || (!isnan (data.lat) && !isnan (data.lon)))
        continue;

      report->n_candidates++;
      if (gazetteer != NULL && cm_gazetteer_lookup (gazetteer, data.place, &proposal.match))
        {
          proposal.serial = cm_event_store_get_serial (store, i);
          proposal.place = g_strdup (data.place);
          g_array_append_val (report->proposals, proposal);
        }
      else if (!g_hash_table_contains (unmatched, data.place))
        {
          char *place = g_strdup (data.place);

          g_ptr_array_add (report->unmatched, place);
          g_hash_table_add (unmatched, place);
        }
    }

  return report;
}

guint
cm_geocode_report_count_countries (const CmGeocodeReport *report)
{
  guint count = 0;

  g_return_val_if_fail (report != NULL, 0);

  for (guint i = 0; i < report->proposals->len; i++)
    {
      if (g_array_index (report->proposals, CmGeocodeProposal, i).match.kind == CM_GAZETTEER_MATCH_COUNTRY)
        count++;
    }

  return count;
}

void
cm_geocode_report_free (CmGeocodeReport *report)
{
  if (report == NULL)
    return;

  g_array_unref (report->proposals);
  g_ptr_array_unref (report->unmatched);
  g_free (report);
}

guint
cm_geocode_apply (CmEventStore          *store,
                  const CmGeocodeReport *report,
                  const gboolean        *accepted)
{
  guint changed = 0;

  g_return_val_if_fail (CM_IS_EVENT_STORE (store), 0);
  g_return_val_if_fail (report != NULL, 0);

  for (guint i = 0; i < report->proposals->len; i++)
    {
      const CmGeocodeProposal *proposal = &g_array_index (report->proposals, CmGeocodeProposal, i);
      g_autofree char *id = NULL, *title = NULL, *description = NULL, *place = NULL, *extras = NULL;
      guint position;
      CmEventData data;

      if (accepted != NULL && !accepted[i])
        continue;

      position = cm_event_store_find_serial (store, proposal->serial);
      if (position == CM_NONE)
        continue;

      cm_event_store_get_data (store, position, &data);
      if (!isnan (data.lat) && !isnan (data.lon))
        continue;

      /* The strings point into the store, which the replacement rewrites. */
      data.id = id = g_strdup (data.id);
      data.title = title = g_strdup (data.title);
      data.description = description = g_strdup (data.description);
      data.place = place = g_strdup (data.place);
      data.extras = extras = g_strdup (data.extras);
      data.lat = proposal->match.lat;
      data.lon = proposal->match.lon;
      data.flags |= CM_EVENT_COORDINATES_APPROXIMATE;
      cm_event_store_replace (store, position, &data);
      changed++;
    }

  return changed;
}
