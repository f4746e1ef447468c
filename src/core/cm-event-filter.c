/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-event-filter"

#include "config.h"

#include <string.h>

#include "cm-event-filter.h"

/* Searched: title, place, description. */
#define N_FIELDS 3

struct _CmEventFilter
{
  GObject    parent_instance;

  char      *search;             /* as set */
  char      *folded;             /* folded search, never NULL */
  GPtrArray *tokens;             /* folded words */
  GString   *scratch[N_FIELDS];  /* folded fields, reused */
  guint      category;
};

enum {
  PROP_0,
  PROP_SEARCH,
  PROP_CATEGORY,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CmEventFilter, cm_event_filter, G_TYPE_OBJECT)

/* Letters that Unicode does not decompose but that people type without
 * their mark. */
static gunichar
strip_stroke (gunichar c)
{
  switch (c)
    {
    case 0x0110: case 0x0111: return 'd'; /* Đ đ */
    case 0x0141: case 0x0142: return 'l'; /* Ł ł */
    case 0x00D8: case 0x00F8: return 'o'; /* Ø ø */
    case 0x0126: case 0x0127: return 'h'; /* Ħ ħ */
    case 0x0131: return 'i';              /* ı */
    case 0x03C2: return 0x03C3;           /* ς → σ */
    default: return c;
    }
}

static void
append_folded_char (GString  *out,
                    gunichar  c)
{
  gunichar parts[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gsize n_parts;

  n_parts = g_unichar_fully_decompose (c, TRUE, parts, G_N_ELEMENTS (parts));

  for (gsize i = 0; i < n_parts; i++)
    {
      gunichar part = parts[i];

      if (part < 0x80)
        {
          g_string_append_c (out, g_ascii_tolower ((char) part));
          continue;
        }

      switch ((int) g_unichar_type (part))
        {
        case G_UNICODE_NON_SPACING_MARK:
        case G_UNICODE_SPACING_MARK:
        case G_UNICODE_ENCLOSING_MARK:
          continue;

        default:
          break;
        }

      part = strip_stroke (part);
      if (part == 0x00DF || part == 0x1E9E) /* ß ẞ */
        g_string_append (out, "ss");
      else
        g_string_append_unichar (out, g_unichar_tolower (part));
    }
}

/* Lower case without diacritics (compatibility decomposition, marks
 * dropped), so that "mladic" matches "Mladić". Replaces @out's contents. */
static void
fold_into (GString    *out,
           const char *text)
{
  g_string_truncate (out, 0);

  for (const char *p = text; *p != '\0';)
    {
      if ((guchar) *p < 0x80)
        {
          g_string_append_c (out, g_ascii_tolower (*p));
          p++;
        }
      else
        {
          append_folded_char (out, g_utf8_get_char (p));
          p = g_utf8_next_char (p);
        }
    }
}

static char *
fold_text (const char *text)
{
  GString *folded = g_string_new (NULL);

  if (text != NULL && g_utf8_validate (text, -1, NULL))
    fold_into (folded, text);

  return g_string_free (folded, FALSE);
}

static gboolean
is_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if ((guchar) *p >= 0x80)
        return FALSE;
    }

  return TRUE;
}

/* Case-insensitive search of the folded @needle in ASCII @text. */
static gboolean
ascii_contains (const char *text,
                const char *needle)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      gsize i = 0;

      while (needle[i] != '\0' && p[i] != '\0' && g_ascii_tolower (p[i]) == needle[i])
        i++;
      if (needle[i] == '\0')
        return TRUE;
      if (p[i] == '\0')
        return FALSE;
    }

  return FALSE;
}

char *
cm_fold_text (const char *text)
{
  return fold_text (text);
}

void
cm_fold_into (GString    *out,
              const char *text)
{
  g_return_if_fail (out != NULL);

  g_string_truncate (out, 0);
  if (text != NULL)
    fold_into (out, text);
}

const char * const *
cm_event_filter_get_tokens (CmEventFilter *self)
{
  g_return_val_if_fail (CM_IS_EVENT_FILTER (self), NULL);

  return (const char * const *) self->tokens->pdata;
}

typedef struct
{
  const char *text;   /* NULL: empty */
  const char *folded; /* NULL until needed: for ASCII text, the text itself */
  gboolean    ascii;
} Field;

static gboolean
field_contains (CmEventFilter *self,
                Field         *field,
                guint          index,
                const char    *needle)
{
  if (field->text == NULL)
    return FALSE;

  if (field->folded == NULL)
    {
      field->ascii = is_ascii (field->text);
      if (field->ascii)
        {
          field->folded = field->text;
        }
      else
        {
          fold_into (self->scratch[index], field->text);
          field->folded = self->scratch[index]->str;
        }
    }

  if (field->ascii)
    return ascii_contains (field->folded, needle);
  else
    return strstr (field->folded, needle) != NULL;
}

gboolean
cm_event_filter_matches (CmEventFilter *self,
                         CmEventStore  *store,
                         guint          position)
{
  Field fields[N_FIELDS] = { { NULL } };
  CmEventData data;

  g_return_val_if_fail (CM_IS_EVENT_FILTER (self), FALSE);
  g_return_val_if_fail (CM_IS_EVENT_STORE (store), FALSE);

  if (self->category != CM_NONE && cm_event_store_get_category (store, position) != self->category)
    return FALSE;

  if (self->tokens->len == 0)
    return TRUE;

  cm_event_store_get_data (store, position, &data);
  fields[0].text = data.title;
  fields[1].text = data.place;
  fields[2].text = data.description;
  for (guint f = 0; f < N_FIELDS; f++)
    {
      if (fields[f].text != NULL && fields[f].text[0] == '\0')
        fields[f].text = NULL;
    }

  for (guint i = 0; i < self->tokens->len; i++)
    {
      const char *token = g_ptr_array_index (self->tokens, i);
      gboolean found = FALSE;

      for (guint f = 0; f < N_FIELDS && !found; f++)
        found = field_contains (self, &fields[f], f, token);

      if (!found)
        return FALSE;
    }

  return TRUE;
}

static void
cm_event_filter_finalize (GObject *object)
{
  CmEventFilter *self = (CmEventFilter *)object;

  g_free (self->search);
  g_free (self->folded);
  g_ptr_array_unref (self->tokens);
  for (guint f = 0; f < N_FIELDS; f++)
    g_string_free (self->scratch[f], TRUE);

  G_OBJECT_CLASS (cm_event_filter_parent_class)->finalize (object);
}

static void
cm_event_filter_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CmEventFilter *self = CM_EVENT_FILTER (object);

  switch (prop_id)
    {
    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;

    case PROP_CATEGORY:
      g_value_set_uint (value, self->category);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_event_filter_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CmEventFilter *self = CM_EVENT_FILTER (object);

  switch (prop_id)
    {
    case PROP_SEARCH:
      cm_event_filter_set_search (self, g_value_get_string (value));
      break;

    case PROP_CATEGORY:
      cm_event_filter_set_category (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_event_filter_class_init (CmEventFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cm_event_filter_finalize;
  object_class->get_property = cm_event_filter_get_property;
  object_class->set_property = cm_event_filter_set_property;

  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CATEGORY] =
    g_param_spec_uint ("category", NULL, NULL, 0, G_MAXUINT, CM_NONE,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CmEventFilter::changed:
   * @change: a #CmFilterChange
   *
   * What the filter matches changed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
cm_event_filter_init (CmEventFilter *self)
{
  self->folded = g_strdup ("");
  self->tokens = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  for (guint f = 0; f < N_FIELDS; f++)
    self->scratch[f] = g_string_new (NULL);
  self->category = CM_NONE;
}

CmEventFilter *
cm_event_filter_new (void)
{
  return g_object_new (CM_TYPE_EVENT_FILTER, NULL);
}

const char *
cm_event_filter_get_search (CmEventFilter *self)
{
  g_return_val_if_fail (CM_IS_EVENT_FILTER (self), NULL);
  return self->search;
}

void
cm_event_filter_set_search (CmEventFilter *self,
                            const char    *search)
{
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;
  CmFilterChange change;

  g_return_if_fail (CM_IS_EVENT_FILTER (self));

  if (g_strcmp0 (self->search, search) == 0)
    return;

  g_free (self->search);
  self->search = g_strdup (search);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);

  folded = fold_text (search);
  if (g_strcmp0 (folded, self->folded) == 0)
    return;

  if (strstr (folded, self->folded) != NULL)
    change = CM_FILTER_CHANGE_MORE_STRICT;
  else if (strstr (self->folded, folded) != NULL)
    change = CM_FILTER_CHANGE_LESS_STRICT;
  else
    change = CM_FILTER_CHANGE_DIFFERENT;

  g_ptr_array_set_size (self->tokens, 0);
  words = g_strsplit_set (folded, " \t\n\r", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] != '\0')
        g_ptr_array_add (self->tokens, g_strdup (words[i]));
    }

  g_free (self->folded);
  self->folded = g_steal_pointer (&folded);

  g_signal_emit (self, signals[CHANGED], 0, (int) change);
}

guint
cm_event_filter_get_category (CmEventFilter *self)
{
  g_return_val_if_fail (CM_IS_EVENT_FILTER (self), CM_NONE);
  return self->category;
}

void
cm_event_filter_set_category (CmEventFilter *self,
                              guint          category)
{
  CmFilterChange change;

  g_return_if_fail (CM_IS_EVENT_FILTER (self));

  if (self->category == category)
    return;

  if (self->category == CM_NONE)
    change = CM_FILTER_CHANGE_MORE_STRICT;
  else if (category == CM_NONE)
    change = CM_FILTER_CHANGE_LESS_STRICT;
  else
    change = CM_FILTER_CHANGE_DIFFERENT;

  self->category = category;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATEGORY]);
  g_signal_emit (self, signals[CHANGED], 0, (int) change);
}

gboolean
cm_event_filter_is_active (CmEventFilter *self)
{
  g_return_val_if_fail (CM_IS_EVENT_FILTER (self), FALSE);

  return self->tokens->len > 0 || self->category != CM_NONE;
}
