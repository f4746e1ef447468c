/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-properties"

#include "config.h"

#include <string.h>

#include "cm-properties.h"

#define KEY_END '\x1f'
#define PAIR_END '\x1e'

static void
append_clean_len (GString    *out,
                  const char *text,
                  gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (text[i] != KEY_END && text[i] != PAIR_END)
      g_string_append_c (out, text[i]);
}

static void
append_clean (GString    *out,
              const char *text)
{
  append_clean_len (out, text, strlen (text));
}

void
cm_properties_append (GString    *properties,
                      const char *key,
                      const char *value,
                      gssize      value_length)
{
  g_return_if_fail (properties != NULL);
  g_return_if_fail (key != NULL);

  if (value == NULL)
    return;
  if (value_length < 0)
    value_length = (gssize) strlen (value);
  if (value_length == 0)
    return;

  append_clean (properties, key);
  g_string_append_c (properties, KEY_END);
  append_clean_len (properties, value, (gsize) value_length);
  g_string_append_c (properties, PAIR_END);
}

gboolean
cm_properties_next (const char **iter,
                    char       **key,
                    char       **value)
{
  const char *p, *key_end, *pair_end;

  g_return_val_if_fail (iter != NULL, FALSE);

  p = *iter;
  if (p == NULL || *p == '\0')
    return FALSE;

  key_end = strchr (p, KEY_END);
  if (key_end == NULL)
    return FALSE;
  pair_end = strchr (key_end + 1, PAIR_END);
  if (pair_end == NULL)
    return FALSE;

  if (key != NULL)
    *key = g_strndup (p, (gsize) (key_end - p));
  if (value != NULL)
    *value = g_strndup (key_end + 1, (gsize) (pair_end - key_end - 1));
  *iter = pair_end + 1;

  return TRUE;
}

char *
cm_properties_get (const char *properties,
                   const char *key)
{
  const char *iter = properties;
  char *k, *v;

  g_return_val_if_fail (key != NULL, NULL);

  while (cm_properties_next (&iter, &k, &v))
    {
      gboolean found = g_str_equal (k, key);

      g_free (k);
      if (found)
        return v;
      g_free (v);
    }

  return NULL;
}

char *
cm_properties_set (const char *properties,
                   const char *key,
                   const char *value)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GString) clean_key = g_string_new (NULL);
  const char *iter = properties;
  gboolean replaced = FALSE;
  char *k, *v;

  g_return_val_if_fail (key != NULL, NULL);

  append_clean (clean_key, key);

  while (cm_properties_next (&iter, &k, &v))
    {
      if (g_str_equal (k, clean_key->str))
        {
          if (value != NULL && !replaced)
            {
              g_string_append_printf (out, "%s%c", k, KEY_END);
              append_clean (out, value);
              g_string_append_c (out, PAIR_END);
            }
          replaced = TRUE;
        }
      else
        {
          g_string_append_printf (out, "%s%c%s%c", k, KEY_END, v, PAIR_END);
        }
      g_free (k);
      g_free (v);
    }

  if (!replaced && value != NULL)
    {
      g_string_append_printf (out, "%s%c", clean_key->str, KEY_END);
      append_clean (out, value);
      g_string_append_c (out, PAIR_END);
    }

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  return g_string_free (out, FALSE);
}

guint
cm_properties_count (const char *properties)
{
  guint n = 0;

  for (const char *p = properties; p != NULL && *p != '\0'; p++)
    if (*p == PAIR_END)
      n++;

  return n;
}
