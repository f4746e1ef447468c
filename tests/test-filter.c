/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cm-event-filter.h"
#include "cm-filter-model.h"
#include "cm-test-util.h"

static void
test_fold (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "Mladić", "mladic" },
    { "ŁÓDŹ", "lodz" },
    { "Straße", "strasse" },
    { "Áras an Uachtaráin", "aras an uachtarain" },
    { "Tōhoku", "tohoku" },
    { "Øresund", "oresund" },
    { "ＡＢＣ", "abc" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = cm_fold_text (cases[i].in);
      g_assert_cmpstr (folded, ==, cases[i].out);
    }
}

static CmEventStore *
make_store (guint n)
{
  CmEventStore *store = cm_event_store_new ();
  const char *titles[] = { "Ratko Mladić arrested", "G8 summit opens", "Wreath in Warsaw", "Talks in Deauville" };
  const char *places[] = { "Lazarevo, Serbia", "Deauville", "Warsaw", NULL };
  const char *descriptions[] = { NULL, "Leaders met at the Centre International", "Piłsudski Square", "Missile defence" };

  cm_event_store_begin_bulk (store, n);
  for (guint i = 0; i < n; i++)
    {
      CmEventData data;

      cm_event_data_init (&data);
      data.title = titles[i % 4];
      data.place = places[(i / 4) % 4];
      data.description = descriptions[(i / 16) % 4];
      data.start = i;
      data.category = i % 3 == 0 ? CM_NONE : i % 3;
      cm_event_store_add (store, &data);
    }
  cm_event_store_end_bulk (store);

  return store;
}

static gboolean
brute_match (CmEventStore *store,
             guint         position,
             const char   *word_a,
             const char   *word_b,
             guint         category)
{
  CmEventData data;
  g_autofree char *all = NULL;
  g_autofree char *folded = NULL;

  cm_event_store_get_data (store, position, &data);
  if (category != CM_NONE && data.category != category)
    return FALSE;

  all = g_strjoin ("\n", data.title ? data.title : "", data.place ? data.place : "",
                   data.description ? data.description : "", NULL);
  folded = cm_fold_text (all);

  return (word_a == NULL || strstr (folded, word_a) != NULL)
      && (word_b == NULL || strstr (folded, word_b) != NULL);
}

static void
test_matches (void)
{
  g_autoptr(CmEventStore) store = make_store (256);
  g_autoptr(CmEventFilter) filter = cm_event_filter_new ();
  const struct { const char *search, *a, *b; guint category; } cases[] = {
    { "mladic", "mladic", NULL, CM_NONE },
    { "MLADIĆ serbia", "mladic", "serbia", CM_NONE },
    { "pilsudski", "pilsudski", NULL, CM_NONE },
    { "  deauville   summit ", "deauville", "summit", CM_NONE },
    { "warsaw", "warsaw", NULL, 2 },
    { "", NULL, NULL, 1 },
    { "zzz", "zzz", NULL, CM_NONE },
  };

  g_assert_false (cm_event_filter_is_active (filter));

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      guint hits = 0;

      cm_event_filter_set_search (filter, cases[c].search);
      cm_event_filter_set_category (filter, cases[c].category);
      g_assert_true (cm_event_filter_is_active (filter));

      for (guint i = 0; i < cm_event_store_get_n_events (store); i++)
        {
          gboolean want = brute_match (store, i, cases[c].a, cases[c].b, cases[c].category);

          g_assert_cmpint (cm_event_filter_matches (filter, store, i), ==, want);
          hits += want;
        }
      if (!g_str_equal (cases[c].search, "zzz"))
        g_assert_cmpuint (hits, >, 0);
    }
}

static void
changed_cb (CmEventFilter *filter,
            int            change,
            int           *last)
{
  *last = change;
}

static void
test_change_kinds (void)
{
  g_autoptr(CmEventFilter) filter = cm_event_filter_new ();
  int last = -1;

  g_signal_connect (filter, "changed", G_CALLBACK (changed_cb), &last);
  cm_event_filter_set_search (filter, "war");
  g_assert_cmpint (last, ==, CM_FILTER_CHANGE_MORE_STRICT);
  cm_event_filter_set_search (filter, "warsaw");
  g_assert_cmpint (last, ==, CM_FILTER_CHANGE_MORE_STRICT);
  cm_event_filter_set_search (filter, "wars");
  g_assert_cmpint (last, ==, CM_FILTER_CHANGE_LESS_STRICT);
  cm_event_filter_set_search (filter, "dublin");
  g_assert_cmpint (last, ==, CM_FILTER_CHANGE_DIFFERENT);
  last = -1;
  cm_event_filter_set_search (filter, "DUBLIN");
  g_assert_cmpint (last, ==, -1);
}

static void
wait_not_pending (CmFilterModel *model)
{
  while (cm_filter_model_get_pending (model))
    g_main_context_iteration (NULL, TRUE);
}

static void
check_model (CmFilterModel *model,
             CmEventStore  *store,
             CmEventFilter *filter)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
  guint expected = 0;

  for (guint i = 0; i < cm_event_store_get_n_events (store); i++)
    if (cm_event_filter_matches (filter, store, i))
      {
        g_assert_cmpuint (cm_filter_model_find (model, i), ==, expected);
        if (expected < n)
          g_assert_cmpuint (cm_filter_model_get_position (model, expected), ==, i);
        expected++;
      }
    else
      g_assert_cmpuint (cm_filter_model_find (model, i), ==, CM_NONE);

  g_assert_cmpuint (n, ==, expected);
}

typedef struct
{
  guint changes;
  guint n_items;  /* what the changes so far add up to */
} Changes;

/* Each change keeps the list-model contract, and none both removes and
 * adds but a short change in place: a list view would search every added
 * item for the rows it follows among the removed ones. */
static void
count_changes_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  g_assert_true (removed == 0 || added == 0 || (removed == added && added <= 256));
  g_assert_cmpuint (position + removed, <=, changes->n_items);
  changes->n_items = changes->n_items - removed + added;
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, changes->n_items);
  changes->changes++;
}

static void
test_model (void)
{
  /* Big enough to be filtered in main-loop steps. */
  g_autoptr(CmEventStore) events = make_store (60000);
  g_autoptr(CmDocument) document = cm_document_new ();
  CmEventStore *store = cm_document_get_store (document);
  g_autoptr(CmSession) session = NULL;
  g_autoptr(CmFilterModel) model = NULL;
  CmEventFilter *filter;
  g_autoptr(CmEvent) event = NULL;
  Changes changes = { 0 };
  CmEventData data;

  cm_event_store_take_events (store, events);
  session = cm_session_new (document);
  filter = cm_session_get_filter (session);
  model = cm_filter_model_new (session);
  changes.n_items = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_signal_connect (model, "items-changed", G_CALLBACK (count_changes_cb), &changes);

  /* Inactive: every event, no work. */
  g_assert_false (cm_filter_model_get_pending (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 60000);

  cm_event_filter_set_search (filter, "war");
  g_assert_true (cm_filter_model_get_pending (model));
  wait_not_pending (model);
  check_model (model, store, filter);
  /* Published at once: everything out, the result in. */
  g_assert_cmpuint (changes.changes, ==, 2);

  /* Stricter. */
  cm_event_filter_set_search (filter, "warsaw pilsudski");
  wait_not_pending (model);
  check_model (model, store, filter);

  cm_event_filter_set_category (filter, 2);
  cm_filter_model_flush (model);
  g_assert_false (cm_filter_model_get_pending (model));
  check_model (model, store, filter);

  event = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_nonnull (event);
  g_assert_true (cm_event_filter_matches (filter, store, cm_event_get_position (event)));

  /* A new search while one is running replaces it. */
  cm_event_filter_set_search (filter, "mladic");
  cm_event_filter_set_search (filter, "deauville");
  wait_not_pending (model);
  check_model (model, store, filter);

  /* Edits of the store refilter. */
  cm_event_data_init (&data);
  data.title = "Another Deauville event";
  data.start = 5;
  data.category = 2;
  cm_event_store_insert (store, &data);
  wait_not_pending (model);
  check_model (model, store, filter);

  cm_event_filter_set_search (filter, NULL);
  cm_event_filter_set_category (filter, CM_NONE);
  g_assert_false (cm_filter_model_get_pending (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 60001);
  g_assert_cmpuint (changes.n_items, ==, 60001);

  /* With every event shown, a change in place is the rows of its range,
   * and the row shows the new text. */
  {
    g_autoptr(CmEvent) changed = NULL;
    guint before = changes.changes;
    guint position = 1234;

    cm_event_store_get_data (store, position, &data);
    data.title = "Retitled";
    position = cm_event_store_replace (store, position, &data);
    g_assert_cmpuint (changes.changes, >, before);
    changed = g_list_model_get_item (G_LIST_MODEL (model), position);
    g_assert_cmpstr (cm_event_get_title (changed), ==, "Retitled");

    /* Moved from the start to the end: a long range, in two steps. */
    before = changes.changes;
    cm_event_store_get_data (store, 0, &data);
    data.start = cm_event_store_get_start (store, 60000) + 1;
    position = cm_event_store_replace (store, 0, &data);
    g_assert_cmpuint (position, ==, 60000);
    g_assert_cmpuint (changes.changes, ==, before + 2);
    g_assert_cmpuint (changes.n_items, ==, 60001);
  }
}

int
main (int   argc,
      char *argv[])
{
  cm_test_init (&argc, &argv);

  g_test_add_func ("/core/filter/fold", test_fold);
  g_test_add_func ("/core/filter/matches", test_matches);
  g_test_add_func ("/core/filter/change-kinds", test_change_kinds);
  g_test_add_func ("/core/filter/model", test_model);

  return g_test_run ();
}
