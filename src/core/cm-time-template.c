/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "cm-time"

#include "config.h"

#include "cm-time-private.h"

#include <string.h>

/* The template engine of the human forms (see cm-time-private.h): split a
 * template into literals and placeholders, check a translation against its
 * original, expand it, and match folded text against it backwards. */

/* Splits @tmpl into @segments; FALSE when it is not a usable template
 * (unknown directive, two placeholders in a row, arguments not 0 … n-1). */
gboolean
_cm_time_split_template (const char    *tmpl,
                         CmTimeSegment *segments,
                         guint         *n_segments,
                         guint         *n_args)
{
  guint n = 0, next_arg = 0, seen = 0;
  const char *p = tmpl;

  while (*p != '\0')
    {
      if (n == CM_TIME_MAX_SEGMENTS)
        return FALSE;

      if (*p == '%')
        {
          int arg;

          if (p[1] == '%')
            {
              segments[n++] = (CmTimeSegment) { p + 1, 1, -1 };
              p += 2;
              continue;
            }
          else if (p[1] == 's')
            {
              arg = next_arg++;
              p += 2;
            }
          else if (p[1] >= '1' && p[1] <= '9' && p[2] == '$' && p[3] == 's')
            {
              arg = p[1] - '1';
              p += 4;
            }
          else
            return FALSE;

          if (arg >= CM_TIME_MAX_ARGS || (seen & (1u << arg)) != 0)
            return FALSE;
          seen |= 1u << arg;

          /* Two placeholders in a row could not be told apart */
          if (n > 0 && segments[n - 1].literal == NULL)
            return FALSE;

          segments[n++] = (CmTimeSegment) { NULL, 0, arg };
        }
      else
        {
          const char *start = p;

          while (*p != '\0' && *p != '%')
            p++;
          segments[n++] = (CmTimeSegment) { start, p - start, -1 };
        }
    }

  /* Arguments must be 0 … n-1, each once */
  *n_segments = n;
  *n_args = g_bit_nth_msf (seen, -1) + 1;

  return seen == (1u << *n_args) - 1;
}

/* A translated template, or the original when the translation is unusable */
const char *
_cm_time_checked_template (const char *translated,
                           const char *original,
                           guint       n_args)
{
  CmTimeSegment segments[CM_TIME_MAX_SEGMENTS];
  guint n_segments, n;

  if (translated != original &&
      (!_cm_time_split_template (translated, segments, &n_segments, &n) || n != n_args))
    return original;

  return translated;
}

/* @tmpl with each placeholder replaced by its argument */
char *
_cm_time_expand_template (const char        *tmpl,
                          const char *const *args)
{
  CmTimeSegment segments[CM_TIME_MAX_SEGMENTS];
  guint n_segments, n_args;
  GString *s;

  if (!_cm_time_split_template (tmpl, segments, &n_segments, &n_args))
    g_return_val_if_reached (g_strdup (""));

  s = g_string_new (NULL);
  for (guint i = 0; i < n_segments; i++)
    {
      if (segments[i].literal != NULL)
        g_string_append_len (s, segments[i].literal, segments[i].length);
      else
        g_string_append (s, args[segments[i].arg]);
    }

  return g_string_free (s, FALSE);
}

/* Case-folded, compatibility-normalised (no-break spaces become spaces) */
char *
_cm_time_fold (const char *text,
               gssize      length)
{
  g_autofree char *folded = NULL;
  gsize n = length < 0 ? strlen (text) : (gsize) length;
  gsize i;

  /* Fast path: templates and most input are ASCII */
  for (i = 0; i < n && (guchar) text[i] < 0x80; i++)
    ;
  if (i == n)
    return g_ascii_strdown (text, n);

  folded = g_utf8_casefold (text, length);

  return g_utf8_normalize (folded, -1, G_NORMALIZE_ALL_COMPOSE);
}

/* Matches @text from @pos against segments @i … of a template, binding the
 * placeholders to @args and @lengths; @func decides on a complete match. */
static gboolean
match_segments (CmTimeParser        *parser,
                const CmTimeSegment *segments,
                guint                n_segments,
                guint                i,
                const char          *text,
                gsize                length,
                gsize                pos,
                const char         **args,
                gsize               *lengths,
                CmTimeMatchFunc      func,
                gpointer             data)
{
  const CmTimeSegment *next;

  if (i == n_segments)
    return pos == length && func (parser, args, lengths, data);

  if (segments[i].literal != NULL)
    {
      if (length - pos < segments[i].length ||
          memcmp (text + pos, segments[i].literal, segments[i].length) != 0)
        return FALSE;

      return match_segments (parser, segments, n_segments, i + 1, text, length,
                             pos + segments[i].length, args, lengths, func, data);
    }

  /* A placeholder takes one or more bytes: the rest, or up to some
   * occurrence of the literal after it (tried in order, backtracking). */
  if (i + 1 == n_segments)
    {
      if (pos == length)
        return FALSE;

      args[segments[i].arg] = text + pos;
      lengths[segments[i].arg] = length - pos;

      return func (parser, args, lengths, data);
    }

  next = &segments[i + 1];
  g_assert (next->literal != NULL);

  for (gsize q = pos + 1; q + next->length <= length; q++)
    {
      if (memcmp (text + q, next->literal, next->length) != 0)
        continue;

      args[segments[i].arg] = text + pos;
      lengths[segments[i].arg] = q - pos;

      if (match_segments (parser, segments, n_segments, i + 1, text, length, q,
                          args, lengths, func, data))
        return TRUE;
    }

  return FALSE;
}

/* @text is folded; @tmpl is folded here */
gboolean
_cm_time_match_template (CmTimeParser   *parser,
                         const char     *tmpl,
                         const char     *text,
                         gsize           length,
                         CmTimeMatchFunc func,
                         gpointer        data)
{
  g_autofree char *folded = _cm_time_fold (tmpl, -1);
  CmTimeSegment segments[CM_TIME_MAX_SEGMENTS];
  const char *args[CM_TIME_MAX_ARGS] = { NULL, };
  gsize lengths[CM_TIME_MAX_ARGS] = { 0, };
  guint n_segments, n_args;

  if (!_cm_time_split_template (folded, segments, &n_segments, &n_args))
    return FALSE;

  return match_segments (parser, segments, n_segments, 0, text, length, 0,
                         args, lengths, func, data);
}

/* Tries the translation, then the English original */
gboolean
_cm_time_match_translated (CmTimeParser   *parser,
                           const char     *translated,
                           const char     *original,
                           const char     *text,
                           gsize           length,
                           CmTimeMatchFunc func,
                           gpointer        data)
{
  if (_cm_time_match_template (parser, translated, text, length, func, data))
    return TRUE;

  return strcmp (translated, original) != 0 &&
         _cm_time_match_template (parser, original, text, length, func, data);
}
