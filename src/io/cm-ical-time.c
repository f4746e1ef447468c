/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-format-ical"

#include "config.h"

#include "cm-ical-private.h"
#include "cm-utc-offset.h"

/* iCalendar times and zones turned into instants and UTC offsets, and
 * the CSS colour names of RFC 7986. */

gboolean
_cm_ical_x_property_value (icalcomponent *component,
                           const char    *x_name,
                           const char   **value)
{
  for (icalproperty *prop = icalcomponent_get_first_property (component, ICAL_X_PROPERTY);
       prop != NULL;
       prop = icalcomponent_get_next_property (component, ICAL_X_PROPERTY))
    {
      const char *name = icalproperty_get_x_name (prop);

      if (name != NULL && g_ascii_strcasecmp (name, x_name) == 0)
        {
          *value = icalproperty_get_x (prop);
          return *value != NULL;
        }
    }

  return FALSE;
}

/* "+0200", "-0330", "+02:00", "Z" → minutes. iCalendar writes offsets
 * bare: "UTC" there is the start of a time zone's name, read by the
 * callers. */
gboolean
_cm_ical_parse_utc_offset (const char *text,
                           int        *minutes)
{
  if (g_ascii_strncasecmp (text, "UTC", 3) == 0)
    return FALSE;

  return cm_utc_offset_parse (text, -1, minutes);
}

/* @fallback_offset: minutes east of UTC for a TZID that libical does not
 * know but that names its offset ("UTC+02:00"), or CM_UTC_OFFSET_NONE. */
gboolean
_cm_ical_convert_time (struct icaltimetype  t,
                       int                  fallback_offset,
                       Moment              *moment)
{
  CmTime local;
  int second;

  if (icaltime_is_null_time (t))
    return FALSE;
  if (t.year < 1 || t.year > 9999 || t.month < 1 || t.month > 12
      || t.day < 1 || t.day > cm_days_in_month (t.year, t.month))
    return FALSE;
  if (!t.is_date && (t.hour < 0 || t.hour > 23 || t.minute < 0 || t.minute > 59
                     || t.second < 0 || t.second > 60))
    return FALSE;

  second = MIN (t.second, 59); /* a leap second */
  moment->is_date = t.is_date != 0;
  moment->offset = CM_UTC_OFFSET_NONE;
  moment->form = moment->is_date ? CM_PRECISION_DAY
               : second != 0 ? CM_PRECISION_SECOND : CM_PRECISION_MINUTE;

  if (moment->is_date)
    {
      moment->time = cm_time_from_civil (t.year, t.month, t.day, 0, 0, 0);
      return TRUE;
    }

  local = cm_time_from_civil (t.year, t.month, t.day, t.hour, t.minute, second);
  moment->time = local;

  if (icaltime_is_utc (t))
    moment->offset = 0;
  else if (t.zone != NULL)
    {
      int is_daylight = 0;
      int offset = icaltimezone_get_utc_offset ((icaltimezone *) t.zone, &t, &is_daylight);

      if (ABS (offset) <= CM_UTC_OFFSET_MAX * 60)
        {
          moment->time = local - offset;
          moment->offset = offset / 60;
        }
    }
  else if (t.zone == NULL && fallback_offset != CM_UTC_OFFSET_NONE)
    {
      moment->time = local - (CmTime) fallback_offset * 60;
      moment->offset = fallback_offset;
    }

  return TRUE;
}

/* For a DTSTART whose TZID libical cannot resolve (no VTIMEZONE, not a
 * zone it knows): the offset when the name says it ("UTC+02:00",
 * "GMT-0330", "UTC"), else CM_UTC_OFFSET_NONE and *@unknown set. */
int
_cm_ical_unresolved_tzid_offset (icalproperty        *prop,
                                 struct icaltimetype  t,
                                 gboolean            *unknown)
{
  icalparameter *param = icalproperty_get_first_parameter (prop, ICAL_TZID_PARAMETER);
  const char *tzid = param != NULL ? icalparameter_get_tzid (param) : NULL;
  int minutes;

  *unknown = FALSE;
  if (tzid == NULL || t.zone != NULL || t.is_date || icaltime_is_utc (t))
    return CM_UTC_OFFSET_NONE;

  if (g_ascii_strncasecmp (tzid, "UTC", 3) == 0 || g_ascii_strncasecmp (tzid, "GMT", 3) == 0)
    {
      if (tzid[3] == '\0')
        return 0;
      if (_cm_ical_parse_utc_offset (tzid + 3, &minutes))
        return minutes;
    }

  *unknown = TRUE;
  return CM_UTC_OFFSET_NONE;
}

icaltimezone *
_cm_ical_find_zone (icalcomponent *component,
                    const char    *tzid)
{
  icaltimezone *zone = NULL;

  for (icalcomponent *c = component; c != NULL && zone == NULL; c = icalcomponent_get_parent (c))
    zone = icalcomponent_get_timezone (c, tzid);
  if (zone == NULL)
    zone = icaltimezone_get_builtin_timezone_from_tzid (tzid);
  if (zone == NULL)
    zone = icaltimezone_get_builtin_timezone (tzid);

  return zone;
}

/* ---- colours ----------------------------------------------------------- */

/* The CSS 3 colour names, which COLOR (RFC 7986) takes. */
static const struct
{
  const char *name;
  guint32     rgb;
} css_colors[] = {
  { "aliceblue", 0xf0f8ff }, { "antiquewhite", 0xfaebd7 }, { "aqua", 0x00ffff },
  { "aquamarine", 0x7fffd4 }, { "azure", 0xf0ffff }, { "beige", 0xf5f5dc }, { "bisque", 0xffe4c4 },
  { "black", 0x000000 }, { "blanchedalmond", 0xffebcd }, { "blue", 0x0000ff },
  { "blueviolet", 0x8a2be2 }, { "brown", 0xa52a2a }, { "burlywood", 0xdeb887 },
  { "cadetblue", 0x5f9ea0 }, { "chartreuse", 0x7fff00 }, { "chocolate", 0xd2691e },
  { "coral", 0xff7f50 }, { "cornflowerblue", 0x6495ed }, { "cornsilk", 0xfff8dc },
  { "crimson", 0xdc143c }, { "cyan", 0x00ffff }, { "darkblue", 0x00008b },
  { "darkcyan", 0x008b8b }, { "darkgoldenrod", 0xb8860b }, { "darkgray", 0xa9a9a9 },
  { "darkgreen", 0x006400 }, { "darkgrey", 0xa9a9a9 }, { "darkkhaki", 0xbdb76b },
  { "darkmagenta", 0x8b008b }, { "darkolivegreen", 0x556b2f }, { "darkorange", 0xff8c00 },
  { "darkorchid", 0x9932cc }, { "darkred", 0x8b0000 }, { "darksalmon", 0xe9967a },
  { "darkseagreen", 0x8fbc8f }, { "darkslateblue", 0x483d8b }, { "darkslategray", 0x2f4f4f },
  { "darkslategrey", 0x2f4f4f }, { "darkturquoise", 0x00ced1 }, { "darkviolet", 0x9400d3 },
  { "deeppink", 0xff1493 }, { "deepskyblue", 0x00bfff }, { "dimgray", 0x696969 },
  { "dimgrey", 0x696969 }, { "dodgerblue", 0x1e90ff }, { "firebrick", 0xb22222 },
  { "floralwhite", 0xfffaf0 }, { "forestgreen", 0x228b22 }, { "fuchsia", 0xff00ff },
  { "gainsboro", 0xdcdcdc }, { "ghostwhite", 0xf8f8ff }, { "gold", 0xffd700 },
  { "goldenrod", 0xdaa520 }, { "gray", 0x808080 }, { "green", 0x008000 },
  { "greenyellow", 0xadff2f }, { "grey", 0x808080 }, { "honeydew", 0xf0fff0 },
  { "hotpink", 0xff69b4 }, { "indianred", 0xcd5c5c }, { "indigo", 0x4b0082 },
  { "ivory", 0xfffff0 }, { "khaki", 0xf0e68c }, { "lavender", 0xe6e6fa },
  { "lavenderblush", 0xfff0f5 }, { "lawngreen", 0x7cfc00 }, { "lemonchiffon", 0xfffacd },
  { "lightblue", 0xadd8e6 }, { "lightcoral", 0xf08080 }, { "lightcyan", 0xe0ffff },
  { "lightgoldenrodyellow", 0xfafad2 }, { "lightgray", 0xd3d3d3 }, { "lightgreen", 0x90ee90 },
  { "lightgrey", 0xd3d3d3 }, { "lightpink", 0xffb6c1 }, { "lightsalmon", 0xffa07a },
  { "lightseagreen", 0x20b2aa }, { "lightskyblue", 0x87cefa }, { "lightslategray", 0x778899 },
  { "lightslategrey", 0x778899 }, { "lightsteelblue", 0xb0c4de }, { "lightyellow", 0xffffe0 },
  { "lime", 0x00ff00 }, { "limegreen", 0x32cd32 }, { "linen", 0xfaf0e6 }, { "magenta", 0xff00ff },
  { "maroon", 0x800000 }, { "mediumaquamarine", 0x66cdaa }, { "mediumblue", 0x0000cd },
  { "mediumorchid", 0xba55d3 }, { "mediumpurple", 0x9370db }, { "mediumseagreen", 0x3cb371 },
  { "mediumslateblue", 0x7b68ee }, { "mediumspringgreen", 0x00fa9a },
  { "mediumturquoise", 0x48d1cc }, { "mediumvioletred", 0xc71585 }, { "midnightblue", 0x191970 },
  { "mintcream", 0xf5fffa }, { "mistyrose", 0xffe4e1 }, { "moccasin", 0xffe4b5 },
  { "navajowhite", 0xffdead }, { "navy", 0x000080 }, { "oldlace", 0xfdf5e6 },
  { "olive", 0x808000 }, { "olivedrab", 0x6b8e23 }, { "orange", 0xffa500 },
  { "orangered", 0xff4500 }, { "orchid", 0xda70d6 }, { "palegoldenrod", 0xeee8aa },
  { "palegreen", 0x98fb98 }, { "paleturquoise", 0xafeeee }, { "palevioletred", 0xdb7093 },
  { "papayawhip", 0xffefd5 }, { "peachpuff", 0xffdab9 }, { "peru", 0xcd853f },
  { "pink", 0xffc0cb }, { "plum", 0xdda0dd }, { "powderblue", 0xb0e0e6 }, { "purple", 0x800080 },
  { "red", 0xff0000 }, { "rosybrown", 0xbc8f8f }, { "royalblue", 0x4169e1 },
  { "saddlebrown", 0x8b4513 }, { "salmon", 0xfa8072 }, { "sandybrown", 0xf4a460 },
  { "seagreen", 0x2e8b57 }, { "seashell", 0xfff5ee }, { "sienna", 0xa0522d },
  { "silver", 0xc0c0c0 }, { "skyblue", 0x87ceeb }, { "slateblue", 0x6a5acd },
  { "slategray", 0x708090 }, { "slategrey", 0x708090 }, { "snow", 0xfffafa },
  { "springgreen", 0x00ff7f }, { "steelblue", 0x4682b4 }, { "tan", 0xd2b48c },
  { "teal", 0x008080 }, { "thistle", 0xd8bfd8 }, { "tomato", 0xff6347 }, { "turquoise", 0x40e0d0 },
  { "violet", 0xee82ee }, { "wheat", 0xf5deb3 }, { "white", 0xffffff }, { "whitesmoke", 0xf5f5f5 },
  { "yellow", 0xffff00 }, { "yellowgreen", 0x9acd32 },
};

/* "#rrggbb" for a CSS colour name (or a "#rrggbb" COLOR), or NULL. */
char *
_cm_ical_css_color_to_hex (const char *text)
{
  double red, green, blue;

  if (text == NULL)
    return NULL;
  if (cm_color_parse (text, &red, &green, &blue))
    return cm_color_to_string (red, green, blue);

  for (gsize i = 0; i < G_N_ELEMENTS (css_colors); i++)
    if (g_ascii_strcasecmp (text, css_colors[i].name) == 0)
      return g_strdup_printf ("#%06x", css_colors[i].rgb);

  return NULL;
}

/* The CSS name of exactly that colour, or NULL. */
const char *
_cm_ical_css_color_name (const CmCategory *category)
{
  g_autofree char *hex = cm_color_to_string (category->red, category->green, category->blue);
  guint32 rgb = (guint32) g_ascii_strtoull (hex + 1, NULL, 16);

  for (gsize i = 0; i < G_N_ELEMENTS (css_colors); i++)
    if (css_colors[i].rgb == rgb)
      return css_colors[i].name;

  return NULL;
}
