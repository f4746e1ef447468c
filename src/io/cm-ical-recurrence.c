/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-format-ical"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cm-ical-private.h"
#include "cm-properties.h"

/* Recurring iCalendar events expanded within a bounded window, with their
 * exceptions and overridden occurrences. */

gboolean
_cm_ical_budget_left (Loader *loader)
{
  if (loader->n_events < MAX_TOTAL_EVENTS)
    return TRUE;

  if (!loader->budget_reported)
    {
      loader->budget_reported = TRUE;
      cm_import_report_skip (loader->target.report,
                             _("Only the first %d events were imported: the file holds more"),
                             MAX_TOTAL_EVENTS);
    }
  return FALSE;
}

char *
_cm_ical_occurrence_id (const EventInfo *info,
                        const Moment    *start)
{
  g_autofree char *iso = NULL;

  if (info->uid == NULL)
    return NULL;

  iso = cm_time_to_iso (start->time, start->is_date ? CM_PRECISION_DAY : CM_PRECISION_SECOND,
                        start->is_date ? CM_UTC_OFFSET_NONE : 0);
  return g_strdup_printf ("%s#%s", info->uid, iso);
}

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  CmTime x = ((const Moment *) a)->time, y = ((const Moment *) b)->time;

  return x < y ? -1 : x > y ? 1 : 0;
}

typedef struct
{
  Loader              *loader;
  icalcomponent       *event;
  const EventInfo     *info;
  struct icaltimetype  dtstart;
  CmTime               limit;
  GArray              *moments;     /* Moment */
  GHashTable          *seen;        /* CmTime * */
  GHashTable          *excluded;    /* _cm_ical_override_key() of EXDATE values, with "" */
  gboolean             has_exrule;
  int                  fallback_offset;
  gboolean             by_count;
  gboolean             by_time;
  guint                n_replaced;
} Expansion;

/* EXDATE values of @expansion's event, as _cm_ical_override_key()s with no UID.
 * libical's icalproperty_recurrence_is_excluded() compares a date with
 * the day in UTC, not the local day; it still serves for EXRULE. */
static void
collect_exclusions (Expansion *expansion)
{
  icalcomponent *event = expansion->event;

  for (icalproperty *prop = icalcomponent_get_first_property (event, ICAL_EXDATE_PROPERTY);
       prop != NULL;
       prop = icalcomponent_get_next_property (event, ICAL_EXDATE_PROPERTY))
    {
      Moment moment;
      char kind;

      if (_cm_ical_read_occurrence_value (event, prop, icalproperty_get_exdate (prop), &moment, &kind))
        g_hash_table_add (expansion->excluded, _cm_ical_override_key ("", kind, moment.time));
    }

  expansion->has_exrule = icalcomponent_get_first_property (event, ICAL_EXRULE_PROPERTY) != NULL;
}

static void
add_moment (Expansion           *expansion,
            struct icaltimetype  t)
{
  Moment moment;

  if (!_cm_ical_convert_time (t, expansion->fallback_offset, &moment)
      || _cm_ical_matches_occurrence (expansion->excluded, "", t, &moment)
      || (expansion->has_exrule
          && icalproperty_recurrence_is_excluded (expansion->event, &expansion->dtstart, &t)))
    return;

  if (moment.time > expansion->limit)
    {
      expansion->by_time = TRUE;
      return;
    }
  if (expansion->moments->len >= MAX_OCCURRENCES)
    {
      expansion->by_count = TRUE;
      return;
    }
  if (g_hash_table_contains (expansion->seen, &moment.time))
    return;

  g_hash_table_add (expansion->seen, g_memdup2 (&moment.time, sizeof moment.time));

  /* Replaced by an event of its own (RECURRENCE-ID). */
  if (expansion->info->uid != NULL
      && _cm_ical_matches_occurrence (expansion->loader->overrides, expansion->info->uid, t, &moment))
    {
      expansion->n_replaced++;
      return;
    }

  g_array_append_val (expansion->moments, moment);
}

/* Occurrences of a recurring event: DTSTART, RRULE and RDATE, less EXDATE
 * and the occurrences that RECURRENCE-ID events replace, within
 * MAX_REPEAT_YEARS and MAX_OCCURRENCES. */
void
_cm_ical_expand (Loader              *loader,
                 icalcomponent       *event,
                 guint                line,
                 EventInfo           *info,
                 struct icaltimetype  dtstart)
{
  g_autoptr(GArray) moments = g_array_new (FALSE, FALSE, sizeof (Moment));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) excluded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  icalproperty *rrule = icalcomponent_get_first_property (event, ICAL_RRULE_PROPERTY);
  Expansion expansion = { loader, event, info, dtstart, 0, moments, seen, excluded, FALSE,
                          info->fallback_offset, FALSE, FALSE, 0 };

  collect_exclusions (&expansion);

  /* MAX_REPEAT_YEARS calendar years after DTSTART. */
  expansion.limit = info->start.time
                  + (cm_time_from_civil (dtstart.year + MAX_REPEAT_YEARS, dtstart.month,
                                         dtstart.day, 0, 0, 0)
                     - cm_time_from_civil (dtstart.year, dtstart.month, dtstart.day, 0, 0, 0));

  add_moment (&expansion, dtstart);

  for (icalproperty *prop = rrule; prop != NULL;
       prop = icalcomponent_get_next_property (event, ICAL_RRULE_PROPERTY))
    {
      struct icalrecurrencetype rule = icalproperty_get_rrule (prop);
      icalrecur_iterator *iterator;

      if (rule.freq == ICAL_NO_RECURRENCE)
        continue;
      iterator = icalrecur_iterator_new (rule, dtstart);
      if (iterator == NULL)
        {
          cm_import_report_skip (loader->target.report,
                                 _("line %u: ignored a recurrence rule that libical cannot expand"),
                                 line);
          continue;
        }

      for (guint steps = 0;
           steps < MAX_RULE_STEPS && !expansion.by_count && !expansion.by_time;
           steps++)
        {
          struct icaltimetype next = icalrecur_iterator_next (iterator);

          if (icaltime_is_null_time (next))
            break;
          next.zone = dtstart.zone;
          next.is_date = dtstart.is_date;
          add_moment (&expansion, next);
        }
      icalrecur_iterator_free (iterator);
    }

  for (icalproperty *prop = icalcomponent_get_first_property (event, ICAL_RDATE_PROPERTY);
       prop != NULL;
       prop = icalcomponent_get_next_property (event, ICAL_RDATE_PROPERTY))
    {
      struct icaldatetimeperiodtype value = icalproperty_get_rdate (prop);
      struct icaltimetype t = icaltime_is_null_time (value.time) ? value.period.start : value.time;
      icalparameter *tzid = icalproperty_get_first_parameter (prop, ICAL_TZID_PARAMETER);

      if (!icaltime_is_utc (t) && !t.is_date)
        t.zone = tzid != NULL && icalparameter_get_tzid (tzid) != NULL
               ? _cm_ical_find_zone (event, icalparameter_get_tzid (tzid)) : dtstart.zone;
      add_moment (&expansion, t);
    }

  g_array_sort (moments, compare_times);

  if (expansion.by_count || expansion.by_time)
    {
      g_autofree char *last = NULL;

      if (moments->len > 0)
        {
          const Moment *m = &g_array_index (moments, Moment, moments->len - 1);

          last = cm_time_format (m->time, CM_PRECISION_DAY, m->offset);
        }
      cm_import_report_skip (loader->target.report,
                             expansion.by_count
                             ? _("line %u: “%s” repeats more than %d times: only the first %u "
                                 "occurrences were imported (until %s)")
                             : _("line %u: “%s” repeats beyond %d years: only the %u occurrences "
                                 "of the first years were imported (until %s)"),
                             line, info->fields.title ? info->fields.title : "",
                             expansion.by_count ? MAX_OCCURRENCES : MAX_REPEAT_YEARS,
                             moments->len, last ? last : "—");
    }
  else if (moments->len == 0 && expansion.n_replaced == 0)
    _cm_ical_skip_event (loader, line, CM_FORMAT_ERROR_BAD_DATE,
                _("“%s” has no occurrence left: EXDATE excludes every one"),
                info->fields.title ? info->fields.title : "");

  if (rrule != NULL)
    {
      g_autofree char *text = icalproperty_get_value_as_string_r (rrule);
      char *extras = cm_properties_set (info->extras, EXTRA_RRULE, text);

      g_free (info->extras);
      info->extras = extras;
    }
  if (info->uid != NULL)
    {
      char *extras = cm_properties_set (info->extras, EXTRA_UID, info->uid);

      g_free (info->extras);
      info->extras = extras;
    }

  for (guint i = 0; i < moments->len && _cm_ical_budget_left (loader); i++)
    {
      const Moment *m = &g_array_index (moments, Moment, i);
      g_autofree char *id = _cm_ical_occurrence_id (info, m);

      _cm_ical_add_occurrence (loader, info, m, id);
    }
}
