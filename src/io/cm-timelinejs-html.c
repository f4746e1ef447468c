/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-timelinejs"

#include "config.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <string.h>

#include "cm-format.h"
#include "cm-timelinejs-private.h"

/* TimelineJS headlines and texts are HTML: converted to plain text on
 * import and back on export, through libxml2's HTML parser. */

static void
ensure_libxml (void)
{
  static gsize initialized = 0;

  /* libxml2 is thread-safe once initialised, which must happen once. */
  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
      g_once_init_leave (&initialized, 1);
    }
}

typedef struct
{
  GString *out;
  guint    newlines;   /* line breaks due before the next character (0..2) */
  gboolean space;      /* a space due before the next character */
  guint    pre;        /* inside <pre>: white space kept */
} TextSink;

static void
sink_break (TextSink *sink,
            guint     newlines)
{
  sink->newlines = MAX (sink->newlines, newlines);
  sink->space = FALSE;
}

static void
sink_text (TextSink   *sink,
           const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      gboolean is_space = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f';

      if (is_space && sink->pre == 0)
        {
          sink->space = TRUE;
          continue;
        }
      if (*p == '\r')
        continue;

      if (sink->out->len > 0)
        {
          for (guint i = 0; i < sink->newlines; i++)
            g_string_append_c (sink->out, '\n');
          if (sink->newlines == 0 && sink->space)
            g_string_append_c (sink->out, ' ');
        }
      sink->newlines = 0;
      sink->space = FALSE;
      g_string_append_c (sink->out, *p);
    }
}

/* Line breaks around an element: 2 for paragraphs, 1 for lines, 0 inline. */
static guint
block_breaks (const char *name)
{
  static const char * const paragraphs[] = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "dl",
    "table", "hr", "figure", "address",
  };
  static const char * const lines[] = {
    "div", "li", "tr", "dt", "dd", "section", "article", "header", "footer", "aside",
    "nav", "main", "figcaption", "caption",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paragraphs); i++)
    if (g_str_equal (name, paragraphs[i]))
      return 2;
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    if (g_str_equal (name, lines[i]))
      return 1;

  return 0;
}

static void
sink_node (TextSink *sink,
           xmlNode  *node)
{
  for (; node != NULL; node = node->next)
    {
      const char *name = (const char *) node->name;
      guint breaks;
      gboolean is_pre;

      switch (node->type)
        {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
          if (node->content != NULL)
            sink_text (sink, (const char *) node->content);
          break;

        case XML_ELEMENT_NODE:
          if (g_str_equal (name, "script") || g_str_equal (name, "style")
              || g_str_equal (name, "head") || g_str_equal (name, "noscript")
              || g_str_equal (name, "template"))
            break;
          if (g_str_equal (name, "br"))
            {
              sink->newlines = MIN (sink->newlines + 1, 2);
              sink->space = FALSE;
              break;
            }
          if (g_str_equal (name, "td") || g_str_equal (name, "th"))
            sink->space = TRUE;

          breaks = block_breaks (name);
          is_pre = g_str_equal (name, "pre");
          if (breaks > 0)
            sink_break (sink, breaks);
          if (is_pre)
            sink->pre++;
          sink_node (sink, node->children);
          if (is_pre)
            sink->pre--;
          if (breaks > 0)
            sink_break (sink, breaks);
          break;

        case XML_ATTRIBUTE_NODE:
        case XML_ENTITY_REF_NODE:
        case XML_ENTITY_NODE:
        case XML_PI_NODE:
        case XML_COMMENT_NODE:
        case XML_DOCUMENT_NODE:
        case XML_DOCUMENT_TYPE_NODE:
        case XML_DOCUMENT_FRAG_NODE:
        case XML_NOTATION_NODE:
        case XML_HTML_DOCUMENT_NODE:
        case XML_DTD_NODE:
        case XML_ELEMENT_DECL:
        case XML_ATTRIBUTE_DECL:
        case XML_ENTITY_DECL:
        case XML_NAMESPACE_DECL:
        case XML_XINCLUDE_START:
        case XML_XINCLUDE_END:
#ifdef LIBXML_DOCB_ENABLED
        case XML_DOCB_DOCUMENT_NODE:
#endif
        default:
          break;
        }
    }
}

static gboolean
has_markup (const char *text,
            gsize       length)
{
  return memchr (text, '<', length) != NULL || memchr (text, '&', length) != NULL;
}

char *
_cm_timelinejs_html_to_text (const char *html,
                             gsize       length)
{
  TextSink sink = { NULL, 0, FALSE, 0 };
  htmlDocPtr doc;

  if (!has_markup (html, length))
    return g_strstrip (g_strndup (html, length));

  ensure_libxml ();
  doc = htmlReadMemory (html, (int) MIN (length, (gsize) G_MAXINT), NULL, "UTF-8",
                        HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
  sink.out = g_string_new (NULL);
  if (doc != NULL)
    {
      sink_node (&sink, xmlDocGetRootElement (doc));
      xmlFreeDoc (doc);
    }

  /* White space at the ends (of a <pre>) is no content. */
  g_strchomp (sink.out->str);
  sink.out->len = strlen (sink.out->str);
  for (gsize lead = 0; ; lead++)
    if (lead == sink.out->len || !g_ascii_isspace (sink.out->str[lead]))
      {
        g_string_erase (sink.out, 0, (gssize) lead);
        break;
      }

  /* libxml2 hands back UTF-8, but be sure for what reaches the store. */
  if (!g_utf8_validate_len (sink.out->str, sink.out->len, NULL))
    {
      char *valid = g_utf8_make_valid (sink.out->str, (gssize) sink.out->len);

      g_string_free (sink.out, TRUE);
      return valid;
    }

  return g_string_free (sink.out, FALSE);
}

static void
append_escaped (GString    *out,
                const char *text,
                gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      switch (text[i])
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '\n':
          g_string_append (out, "<br>");
          break;
        case '\r':
          break;
        default:
          g_string_append_c (out, text[i]);
          break;
        }
    }
}

char *
_cm_timelinejs_text_to_html (const char *text)
{
  GString *out;
  GPtrArray *paragraphs;
  const char *p, *start;

  if (text == NULL)
    return g_strdup ("");

  /* Paragraphs are separated by an empty line (two or more line breaks). */
  paragraphs = g_ptr_array_new ();
  for (p = start = text; ; p++)
    {
      if (*p == '\0' || (p[0] == '\n' && p[1] == '\n'))
        {
          if (p > start)
            {
              g_ptr_array_add (paragraphs, (gpointer) start);
              g_ptr_array_add (paragraphs, (gpointer) p);
            }
          if (*p == '\0')
            break;
          while (p[1] == '\n')
            p++;
          start = p + 1;
        }
    }

  out = g_string_new (NULL);
  for (guint i = 0; i < paragraphs->len; i += 2)
    {
      const char *from = paragraphs->pdata[i], *to = paragraphs->pdata[i + 1];

      if (paragraphs->len > 2)
        g_string_append (out, "<p>");
      append_escaped (out, from, (gsize) (to - from));
      if (paragraphs->len > 2)
        g_string_append (out, "</p>");
    }
  g_ptr_array_unref (paragraphs);

  return g_string_free (out, FALSE);
}

char *
_cm_timelinejs_html_import (const char  *html,
                            gsize        length,
                            char       **keep)
{
  g_autofree char *again = NULL;
  char *text;

  *keep = NULL;
  text = _cm_timelinejs_html_to_text (html, length);
  if (!has_markup (html, length))
    return text;

  again = _cm_timelinejs_text_to_html (text);
  if (strlen (again) != length || memcmp (again, html, length) != 0)
    *keep = g_strndup (html, length);

  return text;
}

char *
_cm_timelinejs_html_export (const char *text,
                            const char *kept)
{
  if (kept != NULL && *kept != '\0')
    {
      g_autofree char *current = _cm_timelinejs_html_to_text (kept, strlen (kept));

      if (g_strcmp0 (current, text != NULL ? text : "") == 0)
        return g_strdup (kept);
    }

  return _cm_timelinejs_text_to_html (text);
}
