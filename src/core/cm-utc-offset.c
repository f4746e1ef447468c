/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-utc-offset"

#include "config.h"

#include "cm-utc-offset.h"

#include <string.h>

#include "cm-time.h"

/* Parses a UTC offset (see cm-utc-offset.h). */
gboolean
cm_utc_offset_parse (const char *text,
                     gssize      length,
                     int        *minutes)
{
  char buffer[16];
  const char *p;
  int sign, hours, mins = 0;
  gsize n;

  g_return_val_if_fail (text != NULL || length == 0, FALSE);
  g_return_val_if_fail (minutes != NULL, FALSE);

  n = length < 0 ? strlen (text) : (gsize) length;
  if (n >= sizeof buffer || memchr (text, '\0', n) != NULL)
    return FALSE;
  memcpy (buffer, text, n);
  buffer[n] = '\0';
  p = buffer;

  if (g_ascii_strcasecmp (p, "Z") == 0 || g_ascii_strcasecmp (p, "UTC") == 0)
    {
      *minutes = 0;
      return TRUE;
    }
  if (g_ascii_strncasecmp (p, "UTC", 3) == 0)
    p += 3;
  if (*p != '+' && *p != '-')
    return FALSE;
  sign = *p++ == '-' ? -1 : 1;
  if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]))
    return FALSE;
  hours = (p[0] - '0') * 10 + (p[1] - '0');
  p += 2;
  if (*p == ':')
    p++;
  if (*p != '\0')
    {
      if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]) || p[2] != '\0')
        return FALSE;
      mins = (p[0] - '0') * 10 + (p[1] - '0');
    }
  if (mins > 59 || hours * 60 + mins > CM_UTC_OFFSET_MAX)
    return FALSE;

  *minutes = sign * (hours * 60 + mins);
  return TRUE;
}

/* Writes a UTC offset as "+HH:MM" (see cm-utc-offset.h). */
void
cm_utc_offset_format (int  minutes,
                      char buffer[CM_UTC_OFFSET_FORMAT_SIZE])
{
  int magnitude = ABS (minutes);

  if (minutes == CM_UTC_OFFSET_NONE)
    buffer[0] = '\0';
  else
    g_snprintf (buffer, CM_UTC_OFFSET_FORMAT_SIZE, "%c%02d:%02d", minutes < 0 ? '-' : '+',
                magnitude / 60, magnitude % 60);
}
