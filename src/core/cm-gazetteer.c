/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-gazetteer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "cm-gazetteer-private.h"
#include "cm-core.h"
#include "cm-event-filter.h"

/* The file (see build-aux/generate-places): UTF-8 lines of tab-separated
 * fields, "chronomap-places\t3" first, then C (countries), A (subdivisions)
 * and P (places, most populous first, with their French name if they have
 * another, then their other names: "Moskva", "Moskau", "Москва") records.
 * The text is copied once and cut in place: every string of the gazetteer
 * points into that copy. Lookups go through folded names (cm_fold_text),
 * kept in a string chunk: a place's name, its French name when that folds
 * to something else, and its other names, each an entry of the name index
 * by its canonical form (_cm_gazetteer_canonical_into()), in place order. */

#define FORMAT_HEADER "chronomap-places\t3"

G_DEFINE_BOXED_TYPE (CmGazetteer, cm_gazetteer, cm_gazetteer_ref, cm_gazetteer_unref)
G_DEFINE_QUARK (cm-gazetteer-error-quark, cm_gazetteer_error)

/* Splits @line at tabs into at most @max fields; returns how many. */
static guint
split_fields (char   *line,
              char  **fields,
              guint   max)
{
  guint n = 0;

  fields[n++] = line;
  for (char *p = line; *p != '\0' && n < max; p++)
    {
      if (*p == '\t')
        {
          *p = '\0';
          fields[n++] = p + 1;
        }
    }

  return n;
}

static gboolean
parse_double (const char *text,
              double      min,
              double      max,
              double     *value)
{
  char *end = NULL;

  *value = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && *value >= min && *value <= max;
}

static const char *
fold_into_chunk (CmGazetteer *self,
                 GString     *scratch,
                 const char  *text)
{
  cm_fold_into (scratch, text);
  return g_string_chunk_insert_const (self->folded, scratch->str);
}

static void
add_country_name (CmGazetteer *self,
                  GString     *scratch,
                  const char  *name,
                  guint        index)
{
  const char *key;

  if (name == NULL || *name == '\0')
    return;

  key = fold_into_chunk (self, scratch, name);
  if (!g_hash_table_contains (self->country_names, key))
    g_hash_table_insert (self->country_names, (gpointer) key, GUINT_TO_POINTER (index + 1));
}

static void
add_admin_name (CmGazetteer *self,
                GString     *scratch,
                const char  *country_code,
                const char  *name,
                guint        index)
{
  g_autofree char *folded = cm_fold_text (name);
  const char *key;

  g_string_printf (scratch, "%s\t%s", country_code, folded);
  key = g_string_chunk_insert_const (self->folded, scratch->str);
  if (!g_hash_table_contains (self->admin_names, key))
    g_hash_table_insert (self->admin_names, (gpointer) key, GUINT_TO_POINTER (index + 1));

  g_string_printf (scratch, "\t%s", folded);
  key = g_string_chunk_insert_const (self->folded, scratch->str);
  if (!g_hash_table_contains (self->admin_names, key))
    g_hash_table_insert (self->admin_names, (gpointer) key, GUINT_TO_POINTER (index + 1));
}

static gboolean
parse_line (CmGazetteer *self,
            GHashTable  *codes,
            GString     *scratch,
            char        *line)
{
  char *f[11];  /* one more than any record has: a line with more is not valid */
  guint n = split_fields (line, f, G_N_ELEMENTS (f));

  if (n == 7 && g_str_equal (f[0], "C") && self->n_places == 0)
    {
      CmCountry country = { f[1], f[2], f[3], 0, 0 };
      guint index = self->countries->len;
      g_auto(GStrv) aliases = NULL;

      if (strlen (f[1]) != 2 || *f[2] == '\0' || g_hash_table_contains (codes, f[1])
          || !parse_double (f[4], -90, 90, &country.lat)
          || !parse_double (f[5], -180, 180, &country.lon))
        return FALSE;

      g_array_append_val (self->countries, country);
      g_hash_table_insert (codes, f[1], GUINT_TO_POINTER (index + 1));
      add_country_name (self, scratch, f[2], index);
      add_country_name (self, scratch, f[3], index);
      aliases = g_strsplit (f[6], "|", -1);
      for (guint i = 0; aliases[i] != NULL; i++)
        add_country_name (self, scratch, aliases[i], index);
      return TRUE;
    }

  if (n == 4 && g_str_equal (f[0], "A") && self->n_places == 0)
    {
      guint country = GPOINTER_TO_UINT (g_hash_table_lookup (codes, f[1]));
      Admin admin = { country - 1, f[2] };

      if (country == 0 || *f[2] == '\0' || *f[3] == '\0')
        return FALSE;

      g_array_append_val (self->admins, admin);
      add_admin_name (self, scratch, f[1], f[3], self->admins->len - 1);
      add_admin_name (self, scratch, f[1], f[2], self->admins->len - 1);
      return TRUE;
    }

  if (n >= 8 && n <= 10 && g_str_equal (f[0], "P"))
    {
      CmPlace place = { .name = f[1], .admin = f[3], .kind = CM_PLACE_TOWN };
      guint country = GPOINTER_TO_UINT (g_hash_table_lookup (codes, f[2]));
      double population;

      /* Empty, or the name itself: none other. */
      if (n >= 9 && *f[8] != '\0' && !g_str_equal (f[8], f[1]))
        place.name_fr = f[8];
      if (n == 10 && *f[9] != '\0')
        place.aliases = f[9];

      if (country == 0 || *f[1] == '\0'
          || !parse_double (f[4], 0, G_MAXUINT32, &population)
          || !parse_double (f[5], -90, 90, &place.lat)
          || !parse_double (f[6], -180, 180, &place.lon))
        return FALSE;

      place.country = country - 1;
      place.population = (guint) population;
      if (g_str_equal (f[7], "c"))
        place.kind = CM_PLACE_CAPITAL;
      else if (g_str_equal (f[7], "a"))
        place.kind = CM_PLACE_SEAT;
      else if (!g_str_equal (f[7], "-"))
        return FALSE;

      self->places[self->n_places++] = place;
      return TRUE;
    }

  return FALSE;
}

/* Words written short as often as not: each long form, and the short
 * form names match by. */
static const struct
{
  const char *word;
  const char *canonical;
} short_words[] = {
  { "saint", "st" }, { "sainte", "ste" }, { "mount", "mt" }, { "fort", "ft" },
};

/* The form of the folded name @folded that names are matched by, into
 * @out: dots, hyphens and runs of spaces one space ("St. Petersburg",
 * "Saint-Petersburg" and "Saint Petersburg" all "st petersburg"), the
 * words of short_words in their short form. */
void
_cm_gazetteer_canonical_into (GString    *out,
                              const char *folded)
{
  g_auto(GStrv) words = g_strsplit_set (folded, " .-\t", -1);

  g_string_truncate (out, 0);
  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *word = words[i];

      if (*word == '\0')
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (short_words); k++)
        {
          if (g_str_equal (word, short_words[k].word))
            word = short_words[k].canonical;
        }
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, word);
    }
}

static const char *
canonical_in_chunk (CmGazetteer *self,
                    GString     *scratch,
                    const char  *folded)
{
  _cm_gazetteer_canonical_into (scratch, folded);
  return g_string_chunk_insert_const (self->folded, scratch->str);
}

/* Adds an entry for place @place under @key, unless the place has it
 * already (chunk strings are unique: the same pointer, the same text). */
static void
add_entry (GArray     *entry_place,
           GPtrArray  *entry_key,
           guint       first_of_place,
           guint       place,
           const char *key)
{
  for (guint e = first_of_place; e < entry_key->len; e++)
    {
      if (g_ptr_array_index (entry_key, e) == key)
        return;
    }

  g_array_append_val (entry_place, place);
  g_ptr_array_add (entry_key, (gpointer) key);
}

static void
build_name_index (CmGazetteer *self,
                  GString     *scratch)
{
  guint n = self->n_places;
  g_autoptr(GArray) entry_place = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) entry_key = g_ptr_array_new ();
  g_autoptr(GString) folded = g_string_new (NULL);

  self->place_folded = g_new (const char *, MAX (n, 1));
  self->place_folded_fr = g_new0 (const char *, MAX (n, 1));

  /* Entries in place order: each place's name, its French name, then its
   * other names, each by its canonical form. */
  for (guint i = 0; i < n; i++)
    {
      const CmPlace *place = &self->places[i];
      guint first = entry_key->len;

      self->place_folded[i] = fold_into_chunk (self, scratch, place->name);
      add_entry (entry_place, entry_key, first, i, canonical_in_chunk (self, scratch, self->place_folded[i]));
      if (place->name_fr != NULL)
        {
          const char *key = fold_into_chunk (self, scratch, place->name_fr);

          if (key != self->place_folded[i])
            {
              self->place_folded_fr[i] = key;
              add_entry (entry_place, entry_key, first, i, canonical_in_chunk (self, scratch, key));
            }
        }
      for (const char *alias = place->aliases; alias != NULL && *alias != '\0';)
        {
          const char *bar = strchr (alias, '|');
          gsize length = bar != NULL ? (gsize) (bar - alias) : strlen (alias);
          g_autofree char *name = g_strndup (alias, length);

          cm_fold_into (folded, name);
          if (folded->len > 0)
            add_entry (entry_place, entry_key, first, i, canonical_in_chunk (self, scratch, folded->str));
          alias = bar != NULL ? bar + 1 : alias + length;
        }
    }

  self->n_entries = entry_key->len;
  self->next_same = g_new (guint, MAX (self->n_entries, 1));
  self->entry_place = (guint *) (void *) g_array_free (g_steal_pointer (&entry_place), FALSE);

  /* Backwards, so that each chain runs most populous first. */
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint e = self->n_entries; e-- > 0;)
    {
      const char *key = g_ptr_array_index (entry_key, e);
      guint head = GPOINTER_TO_UINT (g_hash_table_lookup (self->by_name, key));

      self->next_same[e] = head == 0 ? G_MAXUINT : head - 1;
      g_hash_table_insert (self->by_name, (gpointer) key, GUINT_TO_POINTER (e + 1));
    }
}

static CmGazetteer *
gazetteer_new (void)
{
  CmGazetteer *self = g_new0 (CmGazetteer, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->countries = g_array_new (FALSE, FALSE, sizeof (CmCountry));
  self->admins = g_array_new (FALSE, FALSE, sizeof (Admin));
  self->folded = g_string_chunk_new (256 * 1024);
  self->country_names = g_hash_table_new (g_str_hash, g_str_equal);
  self->admin_names = g_hash_table_new (g_str_hash, g_str_equal);

  return self;
}

CmGazetteer *
cm_gazetteer_new_from_bytes (GBytes  *bytes,
                             GError **error)
{
  g_autoptr(CmGazetteer) self = gazetteer_new ();
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) scratch = g_string_new (NULL);
  const char *data;
  gsize length;
  char *line;
  guint line_number = 1;
  gsize n_lines = 1;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &length);
  if (data == NULL || memchr (data, '\0', length) != NULL || !g_utf8_validate_len (data, length, NULL))
    {
      g_set_error (error, CM_GAZETTEER_ERROR, CM_GAZETTEER_ERROR_CORRUPT,
                   _("The place data is damaged: it is not UTF-8 text"));
      return NULL;
    }
  self->text = g_strndup (data, length);
  /* Room for a place a line, given back to fit below. */
  for (const char *p = self->text; (p = strchr (p, '\n')) != NULL; p++)
    n_lines++;
  self->places = g_new (CmPlace, n_lines);

  line = self->text;
  for (char *end; line != NULL && *line != '\0'; line = end, line_number++)
    {
      end = strchr (line, '\n');
      if (end != NULL)
        *end++ = '\0';

      if (line_number == 1
          ? !g_str_equal (line, FORMAT_HEADER)
          : !parse_line (self, codes, scratch, line))
        {
          g_set_error (error, CM_GAZETTEER_ERROR, CM_GAZETTEER_ERROR_CORRUPT,
                       /* Translators: %u is a line number */
                       _("The place data is damaged: line %u is not valid"), line_number);
          return NULL;
        }
    }

  if (line_number == 1)
    {
      g_set_error (error, CM_GAZETTEER_ERROR, CM_GAZETTEER_ERROR_CORRUPT,
                   _("The place data is damaged: it is empty"));
      return NULL;
    }

  self->places = g_renew (CmPlace, self->places, MAX (self->n_places, 1));
  build_name_index (self, scratch);

  return g_steal_pointer (&self);
}

CmGazetteer *
cm_gazetteer_get_default (void)
{
  static CmGazetteer *gazetteer = NULL;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;

      cm_core_init ();
      bytes = g_resources_lookup_data (CM_GAZETTEER_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      if (bytes != NULL)
        gazetteer = cm_gazetteer_new_from_bytes (bytes, &error);
      if (gazetteer == NULL)
        g_critical ("Cannot load the places: %s", error->message);
      g_once_init_leave (&initialized, 1);
    }

  return gazetteer;
}

CmGazetteer *
cm_gazetteer_ref (CmGazetteer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
cm_gazetteer_unref (CmGazetteer *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_pointer (&self->country_names, g_hash_table_unref);
  g_clear_pointer (&self->admin_names, g_hash_table_unref);
  g_string_chunk_free (self->folded);
  g_free (self->place_folded);
  g_free (self->place_folded_fr);
  g_free (self->entry_place);
  g_free (self->next_same);
  g_free (self->places);
  g_array_unref (self->countries);
  g_array_unref (self->admins);
  g_free (self->text);
  g_free (self);
}

guint
cm_gazetteer_get_n_places (CmGazetteer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_places;
}

const CmPlace *
cm_gazetteer_get_place (CmGazetteer *self,
                        guint        index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_places, NULL);

  return &self->places[index];
}

guint
cm_gazetteer_get_n_countries (CmGazetteer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->countries->len;
}

const CmCountry *
cm_gazetteer_get_country (CmGazetteer *self,
                          guint        index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->countries->len, NULL);

  return &g_array_index (self->countries, CmCountry, index);
}

/* "fr", "fr_BE.UTF-8": a language name as g_get_language_names() gives them. */
static gboolean
is_french (const char *language)
{
  return language != NULL && g_str_has_prefix (language, "fr")
         && (language[2] == '\0' || language[2] == '_' || language[2] == '.' || language[2] == '@');
}

const char *
cm_gazetteer_get_country_name (CmGazetteer *self,
                               guint        index,
                               const char  *language)
{
  const CmCountry *country = cm_gazetteer_get_country (self, index);

  if (country == NULL)
    return NULL;
  if (is_french (language))
    return country->name_fr;
  return country->name;
}

const char *
cm_gazetteer_get_place_name (CmGazetteer *self,
                             guint        index,
                             const char  *language)
{
  const CmPlace *place = cm_gazetteer_get_place (self, index);

  if (place == NULL)
    return NULL;
  if (place->name_fr != NULL && is_french (language))
    return place->name_fr;
  return place->name;
}

guint
cm_gazetteer_find_country (CmGazetteer *self,
                           const char  *name)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (self != NULL, G_MAXUINT);

  if (name == NULL)
    return G_MAXUINT;
  folded = cm_fold_text (name);
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->country_names, g_strstrip (folded))) - 1;
}

const char *
cm_gazetteer_get_credit (void)
{
  return _("Places: GeoNames");
}
