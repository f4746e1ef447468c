/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cm-search-index.h"
#include "cm-session.h"

static const char *words[] = {
  "Mladić", "Deauville", "summit", "Sarkozy", "Łódź", "Straße", "G8", "Warsaw",
  "Piłsudski", "Áras", "Uachtaráin", "Medvedev", "talks", "ÉLYSÉE", "wreath",
  "Øresund", "missile", "defence", "arrested", "Dublin", "Moneygall", "Obama",
};

/* A few random words, or NULL/"" now and then. */
static char *
random_text (GRand *rand)
{
  guint n = g_rand_int_range (rand, 0, 5);
  GString *text;

  if (n == 0)
    return g_rand_boolean (rand) ? NULL : g_strdup ("");

  text = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (text, g_rand_boolean (rand) ? ' ' : ',');
      g_string_append (text, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
    }

  return g_string_free (text, FALSE);
}

static CmDocument *
random_document (GRand *rand,
                 guint  n_events)
{
  CmDocument *document = cm_document_new ();
  CmEventStore *store = cm_document_get_store (document);

  for (guint c = 0; c < 4; c++)
    {
      g_autofree char *id = g_strdup_printf ("c%u", c);
      cm_document_add_category (document, id, id, NULL);
    }

  cm_event_store_begin_bulk (store, n_events);
  for (guint i = 0; i < n_events; i++)
    {
      g_autofree char *title = random_text (rand);
      g_autofree char *place = random_text (rand);
      g_autofree char *description = random_text (rand);
      CmEventData data;

      cm_event_data_init (&data);
      data.title = title != NULL ? title : "untitled";
      data.place = place;
      data.description = description;
      data.start = g_rand_int_range (rand, -100000, 100000);
      data.category = g_rand_int_range (rand, 0, 5);
      if (data.category == 4)
        data.category = CM_NONE;
      cm_event_store_add (store, &data);
    }
  cm_event_store_end_bulk (store);

  return document;
}

/* A search as a user types it: parts of words, in any case, with or
 * without their accents. */
static char *
random_search (GRand *rand)
{
  guint n = g_rand_int_range (rand, 1, 4);
  GString *search = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      const char *word = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];
      glong length = g_utf8_strlen (word, -1);
      glong start = g_rand_int_range (rand, 0, length);
      glong end = g_rand_int_range (rand, start + 1, length + 1);
      g_autofree char *part = g_utf8_substring (word, start, end);

      if (i > 0)
        g_string_append_c (search, ' ');
      if (g_rand_boolean (rand))
        {
          g_autofree char *upper = g_utf8_strup (part, -1);
          g_string_append (search, upper);
        }
      else
        g_string_append (search, part);
    }
  if (g_rand_int_range (rand, 0, 8) == 0)
    g_string_append (search, "zzz");

  return g_string_free (search, FALSE);
}

/* A category to filter, a third of the time (CM_NONE: any). */
static guint
random_category (GRand *rand)
{
  return g_rand_int_range (rand, 0, 3) == 0 ? (guint) g_rand_int_range (rand, 0, 4) : CM_NONE;
}

/* The published result equals the filter applied event by event. */
static void
check_against_brute_force (CmSession *session)
{
  CmEventStore *store = cm_session_get_store (session);
  CmEventFilter *filter = cm_session_get_filter (session);
  CmMatchSet *matches = cm_session_get_matches (session);
  guint n_events = cm_event_store_get_n_events (store);
  guint index = 0;

  g_assert_false (cm_session_get_pending (session));
  g_assert_cmpuint (cm_match_set_get_n_events (matches), ==, n_events);

  for (guint position = 0; position < n_events; position++)
    {
      gboolean expected = cm_event_filter_matches (filter, store, position);

      g_assert_cmpint (cm_match_set_contains (matches, position), ==, expected);
      if (expected)
        {
          g_assert_cmpuint (cm_match_set_get_position (matches, index), ==, position);
          g_assert_cmpuint (cm_match_set_find (matches, position), ==, index);
          index++;
        }
      else
        {
          g_assert_cmpuint (cm_match_set_find (matches, position), ==, CM_NONE);
        }
    }
  g_assert_cmpuint (cm_match_set_get_n_matches (matches), ==, index);
  g_assert_false (cm_match_set_contains (matches, n_events));

  /* The same in one call, past the end included. */
  {
    g_autofree guint *all = g_new (guint, n_events + 2);
    g_autofree guint8 *many = g_new (guint8, n_events + 2);

    for (guint position = 0; position < n_events + 2; position++)
      all[position] = position;
    cm_match_set_contains_many (matches, all, n_events + 2, many);
    for (guint position = 0; position < n_events + 2; position++)
      g_assert_cmpint (many[position], ==, cm_match_set_contains (matches, position));
  }
}

static void
wait_not_pending (CmSession *session)
{
  gint64 give_up = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (cm_session_get_pending (session))
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_get_monotonic_time (), <, give_up);
    }
}

static void
run_random_searches (guint n_events,
                     guint n_searches)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (n_events);
  g_autoptr(CmDocument) document = random_document (rand, n_events);
  g_autoptr(CmSession) session = cm_session_new (document);
  CmEventFilter *filter = cm_session_get_filter (session);

  wait_not_pending (session);
  check_against_brute_force (session);
  g_assert_true (cm_match_set_is_all (cm_session_get_matches (session)));

  for (guint i = 0; i < n_searches; i++)
    {
      g_autofree char *search = random_search (rand);

      cm_event_filter_set_search (filter, search);
      cm_event_filter_set_category (filter, random_category (rand));
      wait_not_pending (session);
      check_against_brute_force (session);
    }
}

static void
test_random_small (void)
{
  run_random_searches (800, 200);
}

static void
test_random_large (void)
{
  /* Over the size filtered at once: indexed in steps, searched in a worker. */
  run_random_searches (45000, 12);
}

/* Typing searches letter by letter, then deleting them: each step narrows
 * the one before (searched among its answers) or widens it, and each
 * answer is the filter's. */
static void
run_typing (guint n_events,
            guint n_searches)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (n_events + 2);
  g_autoptr(CmDocument) document = random_document (rand, n_events);
  g_autoptr(CmSession) session = cm_session_new (document);
  CmEventFilter *filter = cm_session_get_filter (session);

  wait_not_pending (session);

  for (guint i = 0; i < n_searches; i++)
    {
      g_autofree char *search = random_search (rand);
      glong length = g_utf8_strlen (search, -1);

      cm_event_filter_set_category (filter, random_category (rand));
      for (glong typed = 1; typed <= 2 * length; typed++)
        {
          glong shown = typed <= length ? typed : 2 * length - typed;
          g_autofree char *text = g_utf8_substring (search, 0, shown);

          cm_event_filter_set_search (filter, text);
          if (g_rand_int_range (rand, 0, 4) == 0)
            continue; /* typed on before the answer */
          wait_not_pending (session);
          check_against_brute_force (session);
        }
      wait_not_pending (session);
      check_against_brute_force (session);
    }
}

static void
test_typing_small (void)
{
  run_typing (800, 40);
}

static void
test_typing_large (void)
{
  run_typing (45000, 3);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_superseded (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(CmDocument) document = random_document (rand, 60000);
  g_autoptr(CmSession) session = cm_session_new (document);
  CmEventFilter *filter = cm_session_get_filter (session);
  CmEventData data;
  guint published = 0;

  /* No filter: every event at once, while the index builds. */
  g_assert_true (cm_match_set_is_all (cm_session_get_matches (session)));
  g_assert_cmpuint (cm_match_set_get_n_matches (cm_session_get_matches (session)), ==, 60000);
  wait_not_pending (session);

  g_signal_connect (session, "notify::matches", G_CALLBACK (count_cb), &published);

  /* Typing: each keystroke replaces the search running; only a result of
   * the last one may be published after it. */
  cm_event_filter_set_search (filter, "m");
  cm_event_filter_set_search (filter, "ml");
  cm_event_filter_set_search (filter, "mla");
  cm_event_filter_set_search (filter, "mladic");
  g_assert_true (cm_session_get_pending (session));
  wait_not_pending (session);
  g_assert_cmpuint (published, >=, 1);
  check_against_brute_force (session);
  g_assert_cmpuint (cm_match_set_get_n_matches (cm_session_get_matches (session)), >, 0);

  /* A store edit indexes again and filters the new store. */
  cm_event_data_init (&data);
  data.title = "Mladić in The Hague";
  data.start = 1;
  cm_event_store_insert (cm_session_get_store (session), &data);
  g_assert_true (cm_session_get_pending (session));
  cm_session_flush (session);
  check_against_brute_force (session);

  /* Flush completes a search in a worker at once. */
  cm_event_filter_set_search (filter, "deauville summit");
  cm_session_flush (session);
  check_against_brute_force (session);
  /* A cancelled worker result arriving later changes nothing. */
  published = 0;
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  check_against_brute_force (session);

  cm_event_filter_set_search (filter, NULL);
  g_assert_false (cm_session_get_pending (session));
  g_assert_true (cm_match_set_is_all (cm_session_get_matches (session)));
}

/* A burst of edits is indexed once, after it: a few published results,
 * not one per edit, and the last one right. */
static void
test_edit_burst (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autoptr(CmDocument) document = random_document (rand, 5000);
  g_autoptr(CmSession) session = cm_session_new (document);
  CmEventStore *store = cm_session_get_store (session);
  guint published = 0;

  cm_event_filter_set_search (cm_session_get_filter (session), "summit");
  wait_not_pending (session);
  g_signal_connect (session, "notify::matches", G_CALLBACK (count_cb), &published);

  for (guint i = 0; i < 1000; i++)
    {
      CmEventData data;
      guint position = (guint) g_rand_int_range (rand, 0, 5000);
      g_autofree char *title = NULL;

      cm_event_store_get_data (store, position, &data);
      title = g_strdup_printf ("Summit no. %u", i);
      data.title = title;
      data.place = NULL;
      data.description = NULL;
      data.extras = NULL;
      data.id = NULL;
      cm_event_store_replace (store, position, &data);
    }
  g_assert_true (cm_session_get_pending (session));
  wait_not_pending (session);
  g_assert_cmpuint (published, <=, 3);
  check_against_brute_force (session);
}

/* One random edit of @store: an event changed (and moved in time, far or
 * near), added, removed, or a few removed at once. */
static void
random_edit (GRand        *rand,
             CmEventStore *store)
{
  guint n = cm_event_store_get_n_events (store);
  guint kind = g_rand_int_range (rand, 0, 4);
  g_autofree char *title = random_text (rand);
  g_autofree char *place = random_text (rand);
  CmEventData data;

  if (n < 2)
    kind = 1;

  switch (kind)
    {
    case 0:
      {
        guint position = (guint) g_rand_int_range (rand, 0, (gint32) n);

        cm_event_store_get_data (store, position, &data);
        data.title = title != NULL ? title : "untitled";
        data.place = place;
        data.id = NULL;
        data.extras = NULL;
        /* Mostly near its place, now and then across the store. */
        data.start += g_rand_boolean (rand) ? g_rand_int_range (rand, -50, 50)
                                            : g_rand_int_range (rand, -200000, 200000);
        data.end = CM_TIME_INVALID;
        data.category = (guint) g_rand_int_range (rand, 0, 4);
        cm_event_store_replace (store, position, &data);
      }
      break;

    case 1:
      cm_event_data_init (&data);
      data.title = title != NULL ? title : "untitled";
      data.place = place;
      data.start = g_rand_int_range (rand, -100000, 100000);
      data.category = (guint) g_rand_int_range (rand, 0, 4);
      cm_event_store_insert (store, &data);
      break;

    case 2:
      cm_event_store_remove (store, (guint) g_rand_int_range (rand, 0, (gint32) n));
      break;

    default:
      {
        guint serials[3];

        for (guint i = 0; i < G_N_ELEMENTS (serials); i++)
          serials[i] = cm_event_store_get_serial (store, (guint) g_rand_int_range (rand, 0, (gint32) n));
        cm_event_store_remove_serials (store, serials, G_N_ELEMENTS (serials));
      }
      break;
    }
}

/* Edits, one or a burst of them at a time, each followed by the search
 * again: the index follows the store (only the changed range folded
 * again, positions shifted after it) and answers as the filter does. */
static void
run_random_edits (guint n_events,
                  guint n_rounds)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (n_events + 1);
  g_autoptr(CmDocument) document = random_document (rand, n_events);
  g_autoptr(CmSession) session = cm_session_new (document);
  CmEventStore *store = cm_session_get_store (session);
  CmEventFilter *filter = cm_session_get_filter (session);

  wait_not_pending (session);

  for (guint round = 0; round < n_rounds; round++)
    {
      guint n_edits = g_rand_int_range (rand, 0, 3) == 0 ? (guint) g_rand_int_range (rand, 2, 12) : 1;

      if (round % 4 == 0)
        {
          g_autofree char *search = random_search (rand);

          cm_event_filter_set_search (filter, search);
          cm_event_filter_set_category (filter, random_category (rand));
          wait_not_pending (session);
        }

      for (guint i = 0; i < n_edits; i++)
        random_edit (rand, store);
      if (cm_event_filter_is_active (filter))
        g_assert_true (cm_session_get_pending (session));

      if (g_rand_boolean (rand))
        cm_session_flush (session);
      else
        wait_not_pending (session);
      check_against_brute_force (session);

      /* The same against an index made from scratch. */
      if (round % 16 == 0)
        {
          g_autoptr(CmSearchIndex) fresh = cm_search_index_new (store);
          g_autoptr(CmMatchSet) expected = NULL;

          expected = cm_search_index_query (fresh, cm_event_filter_get_tokens (filter),
                                            cm_event_filter_get_category (filter), NULL);
          g_assert_cmpuint (cm_match_set_get_n_matches (expected), ==,
                            cm_match_set_get_n_matches (cm_session_get_matches (session)));
        }
    }
}

static void
test_random_edits_small (void)
{
  run_random_edits (800, 300);
}

static void
test_random_edits_large (void)
{
  /* Several chunks of the index; searched in a worker. */
  run_random_edits (45000, 60);
}

/* An index spliced after each change equals one made from scratch, event
 * by event, through changes at the start, in the middle, at the end, and
 * down to an empty store. */
static void
test_index_splice (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(CmDocument) document = random_document (rand, 9000);
  CmEventStore *store = cm_document_get_store (document);
  g_autoptr(CmSearchIndex) index = cm_search_index_new (store);
  const char *tokens[] = { "s", NULL };
  guint n_changes = 0;

  while (cm_event_store_get_n_events (store) > 0)
    {
      guint n = cm_event_store_get_n_events (store);
      guint position = n_changes % 3 == 0 ? 0 : n_changes % 3 == 1 ? n - 1
                                                                   : (guint) g_rand_int_range (rand, 0, (gint32) n);
      g_autoptr(CmSearchIndex) fresh = NULL;
      g_autoptr(CmMatchSet) got = NULL;
      g_autoptr(CmMatchSet) expected = NULL;
      CmSearchIndex *spliced;

      cm_event_store_remove (store, position);
      spliced = cm_search_index_splice (index, store, position, 1, 0);
      cm_search_index_unref (index);
      index = spliced;
      n_changes++;

      if (n_changes % 97 != 0 && cm_event_store_get_n_events (store) > 0)
        continue;

      fresh = cm_search_index_new (store);
      g_assert_cmpuint (cm_search_index_get_n_events (index), ==, cm_event_store_get_n_events (store));
      got = cm_search_index_query (index, tokens, CM_NONE, NULL);
      expected = cm_search_index_query (fresh, tokens, CM_NONE, NULL);
      g_assert_cmpuint (cm_match_set_get_n_matches (got), ==, cm_match_set_get_n_matches (expected));
      for (guint i = 0; i < cm_match_set_get_n_matches (got); i++)
        g_assert_cmpuint (cm_match_set_get_position (got, i), ==, cm_match_set_get_position (expected, i));
    }

  /* And back up from nothing. */
  for (guint i = 0; i < 5000; i++)
    {
      CmEventData data;
      CmSearchIndex *spliced;
      guint position;

      cm_event_data_init (&data);
      data.title = i % 2 == 0 ? "summit" : "talks";
      data.start = g_rand_int_range (rand, -1000, 1000);
      position = cm_event_store_insert (store, &data);
      spliced = cm_search_index_splice (index, store, position, 0, 1);
      cm_search_index_unref (index);
      index = spliced;
    }
  {
    g_autoptr(CmMatchSet) got = cm_search_index_query (index, tokens, CM_NONE, NULL);

    g_assert_cmpuint (cm_search_index_get_n_events (index), ==, 5000);
    g_assert_cmpuint (cm_match_set_get_n_matches (got), ==, 5000);
    for (guint i = 0; i < 5000; i++)
      g_assert_cmpuint (cm_match_set_get_position (got, i), ==, i);
  }
}

static void
test_index_fields (void)
{
  g_autoptr(CmEventStore) store = cm_event_store_new ();
  g_autoptr(CmSearchIndex) index = NULL;
  g_autoptr(CmMatchSet) both = NULL;
  g_autoptr(CmMatchSet) span = NULL;
  const char *ab[] = { "ab", NULL };
  const char *across[] = { "bc", NULL };
  const char *two[] = { "de", "xy", NULL };
  CmEventData data;

  cm_event_data_init (&data);
  data.title = "ab";
  data.place = "cd";
  data.description = "xy";
  cm_event_store_insert (store, &data);
  data.title = "de";
  data.place = NULL;
  data.description = "ab";
  cm_event_store_insert (store, &data);

  index = cm_search_index_new (store);
  g_assert_cmpuint (cm_search_index_get_n_events (index), ==, 2);

  both = cm_search_index_query (index, ab, CM_NONE, NULL);
  g_assert_cmpuint (cm_match_set_get_n_matches (both), ==, 2);

  /* A word never spans two fields ("ab" + "cd"). */
  span = cm_search_index_query (index, across, CM_NONE, NULL);
  g_assert_cmpuint (cm_match_set_get_n_matches (span), ==, 0);
  g_clear_pointer (&span, cm_match_set_unref);

  /* Every word, each in some field. */
  span = cm_search_index_query (index, two, CM_NONE, NULL);
  g_assert_cmpuint (cm_match_set_get_n_matches (span), ==, 0);
}

/* The index holds its folded text and, per event, a 4-byte offset and a
 * 4-byte category: nothing in proportion to the text beyond it. */
static void
test_index_size (void)
{
  g_autoptr(CmEventStore) store = cm_event_store_new ();
  g_autoptr(CmSearchIndex) index = NULL;
  const guint n = 1000;
  gsize text = 0;
  CmEventData data;

  cm_event_data_init (&data);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = g_strdup_printf ("event %u", i);

      data.title = title;
      data.place = "here";
      data.description = NULL;
      cm_event_store_insert (store, &data);
      text += strlen (title) + 1 + strlen ("here") + 1 + 1;
    }

  index = cm_search_index_new (store);
  g_assert_cmpuint (cm_search_index_get_memory_size (index), >=, text + 8 * n);
  g_assert_cmpuint (cm_search_index_get_memory_size (index), <=, text + 8 * n + 256);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session/index-fields", test_index_fields);
  g_test_add_func ("/session/index-size", test_index_size);
  g_test_add_func ("/session/random-small", test_random_small);
  g_test_add_func ("/session/random-large", test_random_large);
  g_test_add_func ("/session/superseded", test_superseded);
  g_test_add_func ("/session/edit-burst", test_edit_burst);
  g_test_add_func ("/session/index-splice", test_index_splice);
  g_test_add_func ("/session/typing-small", test_typing_small);
  g_test_add_func ("/session/typing-large", test_typing_large);
  g_test_add_func ("/session/random-edits-small", test_random_edits_small);
  g_test_add_func ("/session/random-edits-large", test_random_edits_large);

  return g_test_run ();
}
