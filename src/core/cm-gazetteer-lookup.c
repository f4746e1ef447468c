/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-gazetteer"

#include "config.h"

#include <string.h>

#include "cm-event-filter.h"
#include "cm-gazetteer-private.h"

/* Finding a place by the name an event gives it ("Dublin, Ireland",
 * "London Stansted Airport", "Lazarevo, near Zrenjanin, Vojvodina,
 * Serbia"): its parts, the country and subdivision among them, then the
 * most populous place the others name; and places by the start of their
 * name, for completion. */

typedef struct
{
  char     *folded;   /* owned */
  gboolean  used;     /* taken as the country or subdivision */
  gboolean  bracket;  /* from inside parentheses */
  gboolean  weak;     /* "near Zrenjanin": only when no other part names a place */
} Part;

static void
clear_part (gpointer data)
{
  Part *part = data;

  g_free (part->folded);
}

static void
add_part (GArray     *parts,
          const char *text,
          gsize       length,
          gboolean    bracket)
{
  static const char *const fillers[] = { "near ", "outside ", "off ", "in " };
  g_autofree char *raw = g_strndup (text, length);
  char *folded = cm_fold_text (g_strstrip (raw));
  char *start = g_strstrip (folded);
  Part part = { NULL, FALSE, bracket, FALSE };

  for (guint i = 0; i < G_N_ELEMENTS (fillers); i++)
    {
      if (g_str_has_prefix (start, fillers[i]))
        {
          start = g_strstrip (start + strlen (fillers[i]));
          part.weak = TRUE;
        }
    }

  if (*start == '\0')
    {
      g_free (folded);
      return;
    }

  part.folded = g_strdup (start);
  g_free (folded);
  g_array_append_val (parts, part);
}

/* The comma-separated parts of @text, then those inside parentheses. */
static GArray *
split_parts (const char *text)
{
  GArray *parts = g_array_new (FALSE, FALSE, sizeof (Part));
  g_autoptr(GString) outside = g_string_new (NULL);
  g_autoptr(GString) inside = g_string_new (NULL);
  int depth = 0;

  g_array_set_clear_func (parts, clear_part);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '(' || *p == '[')
        depth++;
      else if ((*p == ')' || *p == ']') && depth > 0)
        {
          if (--depth == 0)
            g_string_append_c (inside, ',');
        }
      else if (depth > 0)
        g_string_append_c (inside, *p);
      else
        g_string_append_c (outside, *p);
    }

  for (guint pass = 0; pass < 2; pass++)
    {
      const char *s = pass == 0 ? outside->str : inside->str;

      for (const char *comma; *s != '\0'; s = *comma == '\0' ? comma : comma + 1)
        {
          comma = strchr (s, ',');
          if (comma == NULL)
            comma = s + strlen (s);
          add_part (parts, s, comma - s, pass == 1);
        }
    }

  return parts;
}

static guint
find_country (CmGazetteer *self,
              const char  *folded)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->country_names, folded)) - 1;
}

static const Admin *
find_admin (CmGazetteer *self,
            guint        country,
            const char  *folded)
{
  g_autofree char *key = NULL;
  guint index;

  key = g_strdup_printf ("%s\t%s",
                         country != G_MAXUINT
                         ? g_array_index (self->countries, CmCountry, country).code : "",
                         folded);
  index = GPOINTER_TO_UINT (g_hash_table_lookup (self->admin_names, key));

  return index > 0 ? &g_array_index (self->admins, Admin, index - 1) : NULL;
}

/* The most populous place named @folded in @country (G_MAXUINT: any) and
 * @admin (NULL: any), or G_MAXUINT. */
static guint
find_place (CmGazetteer *self,
            const char  *folded,
            guint        country,
            const Admin *admin)
{
  g_autoptr(GString) key = g_string_new (NULL);
  guint head;

  _cm_gazetteer_canonical_into (key, folded);
  head = GPOINTER_TO_UINT (g_hash_table_lookup (self->by_name, key->str));

  for (guint e = head - 1; head > 0 && e != G_MAXUINT; e = self->next_same[e])
    {
      guint i = self->entry_place[e];
      const CmPlace *place = &self->places[i];

      if (country != G_MAXUINT && place->country != country)
        continue;
      if (admin != NULL && (place->country != admin->country || !g_str_equal (place->admin, admin->code)))
        continue;
      return i;
    }

  return G_MAXUINT;
}

static void
set_place (CmGazetteer      *self,
           guint             index,
           CmGazetteerMatch *match)
{
  const CmPlace *place = &self->places[index];

  match->kind = CM_GAZETTEER_MATCH_PLACE;
  match->place = index;
  match->country = place->country;
  match->lat = place->lat;
  match->lon = place->lon;
}

/* The leading words of @folded, longest first, as places of @country. */
static guint
find_by_leading_words (CmGazetteer *self,
                       const char  *folded,
                       guint        country,
                       const Admin *admin)
{
  g_autofree char *copy = g_strdup (folded);

  for (char *space = strrchr (copy, ' '); space != NULL; space = strrchr (copy, ' '))
    {
      guint found;

      *space = '\0';
      g_strchomp (copy);
      if (strlen (copy) < 3)
        break;
      found = find_place (self, copy, country, admin);
      if (found != G_MAXUINT)
        return found;
    }

  return G_MAXUINT;
}

/* Words that say what a site is, not where. */
static gboolean
is_designator (const char *word)
{
  static const char *const designators[] = {
    "airport", "abbey", "base", "bridge", "castle", "cathedral", "centre", "center", "church",
    "hall", "headquarters", "house", "museum", "palace", "park", "plant", "site", "square",
    "station", "street", "terminal", "university",
  };

  for (guint i = 0; i < G_N_ELEMENTS (designators); i++)
    {
      if (g_str_equal (word, designators[i]))
        return TRUE;
    }

  return FALSE;
}

/* Below this, a place found by the start of its name alone, in no given
 * country, is more likely another place than the one meant. */
#define NAME_START_POPULATION 100000

/* A city named by the first words of its name ("Frankfurt" for GeoNames'
 * "Frankfurt am Main"): the most populous place of @country whose name,
 * or French name, starts with the words of @folded; in any country, only a
 * city of NAME_START_POPULATION or more. */
static guint
find_by_name_start (CmGazetteer *self,
                    const char  *folded,
                    guint        country)
{
  g_autofree char *start = NULL;

  if (g_utf8_strlen (folded, -1) < 4)
    return G_MAXUINT;

  start = g_strconcat (folded, " ", NULL);
  for (guint i = 0; i < self->n_places; i++)
    {
      const CmPlace *place = &self->places[i];

      if (country != G_MAXUINT ? place->country != country : place->population < NAME_START_POPULATION)
        continue;
      if (g_str_has_prefix (self->place_folded[i], start)
          || (self->place_folded_fr[i] != NULL && g_str_has_prefix (self->place_folded_fr[i], start)))
        return i;
    }

  return G_MAXUINT;
}

/* A site named for the city it serves, then for where it is ("London
 * Stansted Airport", "Paris-Orly Airport"): the first word after the
 * first that is a place of @country, by itself or as the start of its
 * name ("Stansted" for Stansted Mountfitchet), most populous first. */
static guint
find_by_later_words (CmGazetteer *self,
                     const char  *folded,
                     guint        country)
{
  g_auto(GStrv) words = g_strsplit_set (folded, " -", -1);

  for (guint k = 1; words[0] != NULL && words[k] != NULL; k++)
    {
      guint found;

      if (g_utf8_strlen (words[k], -1) < 4 || is_designator (words[k]))
        continue;
      found = find_place (self, words[k], country, NULL);
      if (found == G_MAXUINT)
        found = find_by_name_start (self, words[k], country);
      if (found != G_MAXUINT)
        return found;
    }

  return G_MAXUINT;
}

gboolean
cm_gazetteer_lookup (CmGazetteer      *self,
                     const char       *text,
                     CmGazetteerMatch *match)
{
  g_autoptr(GArray) parts = NULL;
  guint country = G_MAXUINT, best = G_MAXUINT, n_main = 0;
  const Admin *admin = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (match != NULL, FALSE);

  match->kind = CM_GAZETTEER_MATCH_NONE;
  match->place = match->country = G_MAXUINT;
  match->lat = match->lon = 0;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  parts = split_parts (text);
  for (guint i = 0; i < parts->len; i++)
    {
      if (!g_array_index (parts, Part, i).bracket)
        n_main++;
    }
  if (parts->len == 0)
    return FALSE;

  /* The country: the last part outside parentheses. */
  if (n_main > 0)
    {
      Part *last = &g_array_index (parts, Part, n_main - 1);

      country = find_country (self, last->folded);
      last->used = country != G_MAXUINT;
    }

  /* A subdivision, of that country or any. */
  for (guint i = n_main; i-- > 0 && admin == NULL;)
    {
      Part *part = &g_array_index (parts, Part, i);

      if (part->used || i == 0)
        continue;
      admin = find_admin (self, country, part->folded);
      part->used = admin != NULL;
    }
  if (admin != NULL && country == G_MAXUINT)
    country = admin->country;

  /* The most populous place any part but the country names; within the
   * subdivision if one was given, else anywhere in the country. The parts
   * that named neither first ("Mt. Vernon, New York": not New York City). */
  for (guint pass = 0; pass < 8 && best == G_MAXUINT; pass++)
    {
      gboolean weak = pass % 2 == 1;
      gboolean within = pass % 4 < 2;
      gboolean used = pass >= 4;

      if (!within && admin == NULL)
        continue;
      for (guint i = 0; i < parts->len; i++)
        {
          const Part *part = &g_array_index (parts, Part, i);
          guint found;

          if (part->weak != weak)
            continue;

          /* The part naming the subdivision may name a city too ("New
           * York"), not the one naming the country. */
          if (part->used == used
              && !(part->used && i + 1 == n_main && country != G_MAXUINT && !part->bracket
                   && find_country (self, part->folded) == country))
            {
              found = find_place (self, part->folded, country, within ? admin : NULL);
              if (found != G_MAXUINT && (best == G_MAXUINT || found < best))
                best = found;
            }

          /* Names with a comma: "Washington, D.C.". */
          if (!used && i + 1 < n_main && !(i + 2 == n_main && country != G_MAXUINT))
            {
              g_autofree char *pair = g_strconcat (part->folded, ", ",
                                                   g_array_index (parts, Part, i + 1).folded, NULL);

              found = find_place (self, pair, country, NULL);
              if (found != G_MAXUINT && (best == G_MAXUINT || found < best))
                best = found;
            }
        }
    }

  /* "New York" for GeoNames' "New York City". */
  for (guint i = 0; i < parts->len && best == G_MAXUINT; i++)
    {
      const Part *part = &g_array_index (parts, Part, i);
      g_autofree char *city = g_strconcat (part->folded, " city", NULL);

      best = find_place (self, city, country, admin);
    }

  /* "London Stansted Airport, United Kingdom": a later word, only within
   * a country, before the city the leading words name. */
  for (guint i = 0; i < parts->len && best == G_MAXUINT && country != G_MAXUINT; i++)
    {
      const Part *part = &g_array_index (parts, Part, i);

      if (!part->used)
        best = find_by_later_words (self, part->folded, country);
    }

  /* "Dublin Airport, Ireland": leading words, only within a country. */
  for (guint i = 0; i < parts->len && best == G_MAXUINT && country != G_MAXUINT; i++)
    {
      const Part *part = &g_array_index (parts, Part, i);

      if (!part->used)
        best = find_by_leading_words (self, part->folded, country, NULL);
    }

  /* "Frankfurt": the first words of a city's name. */
  for (guint i = 0; i < parts->len && best == G_MAXUINT; i++)
    {
      const Part *part = &g_array_index (parts, Part, i);

      if (!part->used)
        best = find_by_name_start (self, part->folded, country);
    }

  if (best != G_MAXUINT)
    {
      set_place (self, best, match);
      return TRUE;
    }

  /* Only a subdivision: its most populous place. */
  if (admin != NULL)
    {
      for (guint i = 0; i < self->n_places; i++)
        {
          const CmPlace *place = &self->places[i];

          if (place->country == admin->country && g_str_equal (place->admin, admin->code))
            {
              set_place (self, i, match);
              match->kind = CM_GAZETTEER_MATCH_REGION;
              return TRUE;
            }
        }
    }

  if (country != G_MAXUINT)
    {
      const CmCountry *c = &g_array_index (self->countries, CmCountry, country);

      match->kind = CM_GAZETTEER_MATCH_COUNTRY;
      match->country = country;
      match->lat = c->lat;
      match->lon = c->lon;
      return TRUE;
    }

  return FALSE;
}

void
cm_gazetteer_complete (CmGazetteer *self,
                       const char  *prefix,
                       guint        max,
                       GArray      *indexes)
{
  g_autofree char *folded = NULL;
  guint added = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (prefix != NULL);
  g_return_if_fail (indexes != NULL);

  folded = cm_fold_text (prefix);
  g_strstrip (folded);
  if (*folded == '\0')
    return;

  for (guint i = 0; i < self->n_places && added < max; i++)
    {
      if (g_str_has_prefix (self->place_folded[i], folded)
          || (self->place_folded_fr[i] != NULL && g_str_has_prefix (self->place_folded_fr[i], folded)))
        {
          g_array_append_val (indexes, i);
          added++;
        }
    }
}
