/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The texts of a map frame: event titles and place names never over one
 * another, over a cluster, a marker, a stop badge or the view's controls,
 * nor past the frame's edges. Image surfaces only, no display. */
#include "config.h"

#include "cm-basemap.h"
#include "cm-gazetteer.h"
#include "map-renderer-tests.h"

static gboolean
intersect (const CmMapBox *a,
           const CmMapBox *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

/* Every label inside the frame and over no other box; returns the
 * number of labels. */
static guint
check_boxes (CmMapRenderer  *renderer,
             const CmMapBox *keep_out)
{
  const CmMapBox *boxes;
  guint n = 0, n_labels = 0, n_keep_out = 0;

  boxes = cm_map_renderer_get_boxes (renderer, &n);
  for (guint i = 0; i < n; i++)
    {
      const CmMapBox *a = &boxes[i];

      if (keep_out != NULL && !a->label && a->x == keep_out->x && a->y == keep_out->y)
        n_keep_out++;
      if (!a->label)
        continue;
      n_labels++;

      g_assert_cmpfloat (a->x, >=, 0);
      g_assert_cmpfloat (a->y, >=, 0);
      g_assert_cmpfloat (a->x + a->width, <=, WIDTH);
      g_assert_cmpfloat (a->y + a->height, <=, HEIGHT);
      if (keep_out != NULL)
        g_assert_false (intersect (a, keep_out));
      for (guint j = 0; j < n; j++)
        if (j != i)
          {
            if (intersect (a, &boxes[j]))
              g_test_message ("box %u (%g, %g, %g × %g) over box %u (%g, %g, %g × %g, %s)", i,
                              a->x, a->y, a->width, a->height, j, boxes[j].x, boxes[j].y,
                              boxes[j].width, boxes[j].height, boxes[j].label ? "label" : "mark");
            g_assert_false (intersect (a, &boxes[j]));
          }
    }

  if (keep_out != NULL)
    g_assert_cmpuint (n_keep_out, ==, 1);

  return n_labels;
}

/* The dataset at several places and zooms, with the selection, with the
 * controls of a view in the top right corner. */
static void
test_apart (void)
{
  g_autoptr(CmDocument) doc = load_deauville ();
  g_autoptr(CmMapRenderer) renderer = cm_map_renderer_new ();
  CmEventStore *store = cm_document_get_store (doc);
  const CmMapBox controls = { WIDTH - 60, 8, 52, 230, FALSE };
  const double areas[][4] = {
    { -60, -180, 80, 180 },   /* the world */
    { 36, -12, 60, 28 },      /* Europe */
    { 48, -8, 55, 4 },        /* the British Isles and Normandy */
    { 20, 10, 45, 40 },       /* the Mediterranean */
    { 30, 120, 45, 150 },     /* Japan */
  };
  guint n_labels = 0;

  cm_map_renderer_set_document (renderer, doc);
  for (guint with_controls = 0; with_controls < 2; with_controls++)
    for (guint a = 0; a < G_N_ELEMENTS (areas); a++)
      for (guint selected = 0; selected < 2; selected++)
        {
          cairo_surface_t *surface;
          CmMapFrame view;

          cm_map_renderer_set_keep_out (renderer, with_controls ? &controls : NULL,
                                        with_controls ? 1 : 0);
          cm_map_renderer_set_selection (renderer, selected
                                         ? cm_event_store_get_serial (store, 12) : CM_NONE);
          cm_map_frame_fit_bounds (&view, CM_PROJECTION_NATURAL_EARTH, areas[a][0], areas[a][1],
                                   areas[a][2], areas[a][3], WIDTH, HEIGHT);
          surface = render (renderer, &view);
          n_labels += check_boxes (renderer, with_controls ? &controls : NULL);
          cairo_surface_destroy (surface);
        }

  g_assert_cmpuint (n_labels, >, 50);
}

/* A label that would be under the controls goes elsewhere: events along
 * the right edge, under where the controls are. */
static void
test_keep_out (void)
{
  g_autoptr(CmDocument) doc = cm_document_new ();
  g_autoptr(CmMapRenderer) renderer = cm_map_renderer_new ();
  CmEventStore *store = cm_document_get_store (doc);
  guint category = cm_document_add_category (doc, "a", "A", "#3584e4");
  CmMapBox controls = { 0 };
  CmMapFrame view;
  cairo_surface_t *surface;
  guint n_plain, n_kept;

  for (guint i = 0; i < 6; i++)
    {
      CmEventData data;

      cm_event_data_init (&data);
      data.title = "A long title that reaches the right edge";
      data.start = (CmTime) i * 86400;
      data.precision = CM_PRECISION_DAY;
      data.lat = 10.0 - 4.0 * i;
      data.lon = i % 2 == 0 ? 0 : -40;
      data.category = category;
      cm_event_store_insert (store, &data);
    }
  cm_map_renderer_set_document (renderer, doc);
  cm_map_frame_fit_bounds (&view, CM_PROJECTION_EQUIRECTANGULAR, -40, -60, 30, 60, WIDTH, HEIGHT);

  surface = render (renderer, &view);
  n_plain = check_boxes (renderer, NULL);
  cairo_surface_destroy (surface);

  /* The right half of the frame is kept out: the titles go left */
  controls = (CmMapBox) { WIDTH / 2.0 + 12, 0, WIDTH / 2.0 - 12, HEIGHT, FALSE };
  cm_map_renderer_set_keep_out (renderer, &controls, 1);
  surface = render (renderer, &view);
  n_kept = check_boxes (renderer, &controls);
  cairo_surface_destroy (surface);

  /* … beside their markers, on the left */
  for (guint i = 0; i < 6; i += 2)
    {
      const CmMapBox *boxes;
      double sx, sy;
      guint n = 0;
      gboolean found = FALSE;

      cm_map_frame_to_screen (&view, WIDTH, HEIGHT, 10.0 - 4.0 * i, 0, &sx, &sy);
      boxes = cm_map_renderer_get_boxes (renderer, &n);
      for (guint b = 0; b < n; b++)
        found |= boxes[b].label && boxes[b].x + boxes[b].width <= sx &&
                 boxes[b].x + boxes[b].width > sx - 16 &&
                 boxes[b].y < sy && boxes[b].y + boxes[b].height > sy;
      g_assert_true (found);
    }

  g_assert_cmpuint (n_plain, >=, 6);
  g_assert_cmpuint (n_kept, >=, 6);
}

/* The width of the label box beside the dot at (@lat, @lon), on its right
 * or its left (see draw_city_names()), or 0 when there is none. */
static double
city_label_width (CmMapRenderer    *renderer,
                  const CmMapFrame *view,
                  double            lat,
                  double            lon)
{
  const CmMapBox *boxes;
  double sx, sy;
  guint n = 0;

  cm_map_frame_to_screen (view, WIDTH, HEIGHT, lat, lon, &sx, &sy);
  boxes = cm_map_renderer_get_boxes (renderer, &n);
  for (guint b = 0; b < n; b++)
    {
      const CmMapBox *box = &boxes[b];

      if (box->label && box->y < sy && box->y + box->height > sy
          && (fabs (box->x - (sx - 3)) < 0.01 || fabs (box->x + box->width - (sx + 3)) < 0.01))
        return box->width;
    }

  return 0;
}

/* City and country names in the renderer's language: French where the
 * gazetteer has the name, English (GeoNames', Natural Earth's) otherwise;
 * what the frame measured goes with a change of language. */
static void
test_language (void)
{
  g_autoptr(CmMapRenderer) renderer = cm_map_renderer_new ();
  CmGazetteer *gazetteer = cm_gazetteer_get_default ();
  CmBasemap *basemap = cm_basemap_get_default ();
  const double mexico[2] = { 19.428, -99.128 };   /* Mexico City, in the data */
  CmGazetteerMatch match;
  guint london, uk, congo, france;
  double width_en, width_fr;
  CmMapFrame view;

  /* The tests run in the C locale: English. */
  g_assert_nonnull (cm_map_renderer_get_language (renderer));
  g_assert_true (cm_gazetteer_lookup (gazetteer, "London, United Kingdom", &match));
  london = match.place;
  g_assert_cmpstr (cm_map_renderer_get_place_label (renderer, london), ==, "London");
  uk = cm_basemap_find_country (basemap, "United Kingdom");
  congo = cm_basemap_find_country (basemap, "Dem. Rep. Congo");
  france = cm_basemap_find_country (basemap, "France");
  g_assert_cmpuint (uk, !=, G_MAXUINT);
  g_assert_cmpuint (congo, !=, G_MAXUINT);
  g_assert_cmpuint (france, !=, G_MAXUINT);
  g_assert_cmpstr (cm_map_renderer_get_country_label (renderer, uk), ==, "United Kingdom");
  g_assert_cmpstr (cm_map_renderer_get_country_label (renderer, congo), ==, "Dem. Rep. Congo");

  cm_map_renderer_set_language (renderer, "fr_FR.UTF-8");
  g_assert_cmpstr (cm_map_renderer_get_language (renderer), ==, "fr_FR.UTF-8");
  g_assert_cmpstr (cm_map_renderer_get_place_label (renderer, london), ==, "Londres");
  g_assert_cmpstr (cm_map_renderer_get_country_label (renderer, uk), ==, "Royaume-Uni");
  g_assert_cmpstr (cm_map_renderer_get_country_label (renderer, congo), ==,
                   "République démocratique du Congo");
  g_assert_cmpstr (cm_map_renderer_get_country_label (renderer, france), ==, "France");

  cm_map_renderer_set_language (renderer, NULL);
  g_assert_null (cm_map_renderer_get_language (renderer));
  g_assert_cmpstr (cm_map_renderer_get_place_label (renderer, london), ==, "London");
  g_assert_cmpstr (cm_map_renderer_get_country_label (renderer, uk), ==, "United Kingdom");

  /* Drawn: "Mexico City" in English, the shorter "Mexico" in French, on
   * one renderer switched back and forth. */
  cm_map_frame_fit_bounds (&view, CM_PROJECTION_NATURAL_EARTH, mexico[0] - 1.5, mexico[1] - 2,
                           mexico[0] + 1.5, mexico[1] + 2, WIDTH, HEIGHT);
  cm_map_renderer_set_language (renderer, "en");
  cairo_surface_destroy (render (renderer, &view));
  check_boxes (renderer, NULL);
  width_en = city_label_width (renderer, &view, mexico[0], mexico[1]);

  cm_map_renderer_set_language (renderer, "fr");
  cairo_surface_destroy (render (renderer, &view));
  check_boxes (renderer, NULL);
  width_fr = city_label_width (renderer, &view, mexico[0], mexico[1]);

  g_assert_cmpfloat (width_fr, >, 10);
  g_assert_cmpfloat (width_en, >, width_fr + 15);

  cm_map_renderer_set_language (renderer, "en");
  cairo_surface_destroy (render (renderer, &view));
  g_assert_cmpfloat (city_label_width (renderer, &view, mexico[0], mexico[1]), ==, width_en);
}

/* A small country's capital keeps its name where the country's would sit
 * on it (Brussels under "Belgium"), from the first zoom that names cities
 * on; the country's name goes a line away or not at all. */
static void
test_capitals_first (void)
{
  g_autoptr(CmMapRenderer) renderer = cm_map_renderer_new ();
  const struct { const char *name; double lat, lon; } capitals[] = {
    { "Brussels", 50.850, 4.349 }, { "Amsterdam", 52.374, 4.890 }, { "Berlin", 52.524, 13.411 },
  };
  /* Half widths of the frame around Brussels, in degrees of longitude:
   * western Europe to Belgium. */
  const double spans[] = { 12, 8, 5, 3 };

  for (guint s = 0; s < G_N_ELEMENTS (spans); s++)
    {
      CmMapFrame view;

      cm_map_frame_fit_bounds (&view, CM_PROJECTION_NATURAL_EARTH, 50.85 - spans[s] / 2, 4.35 - spans[s],
                               50.85 + spans[s] / 2, 4.35 + spans[s], WIDTH, HEIGHT);
      cairo_surface_destroy (render (renderer, &view));
      check_boxes (renderer, NULL);
      for (guint c = 0; c < G_N_ELEMENTS (capitals); c++)
        {
          double sx, sy;

          cm_map_frame_to_screen (&view, WIDTH, HEIGHT, capitals[c].lat, capitals[c].lon, &sx, &sy);
          if (sx < 60 || sx > WIDTH - 60 || sy < 10 || sy > HEIGHT - 10)
            continue;
          g_test_message ("%s at ±%g°", capitals[c].name, spans[s]);
          g_assert_cmpfloat (city_label_width (renderer, &view, capitals[c].lat, capitals[c].lon), >, 10);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  int result;

  cm_test_init (&argc, &argv);

  g_test_add_func ("/render/map-labels/apart", test_apart);
  g_test_add_func ("/render/map-labels/keep-out", test_keep_out);
  g_test_add_func ("/render/map-labels/language", test_language);
  g_test_add_func ("/render/map-labels/capitals-first", test_capitals_first);

  result = g_test_run ();
  cm_test_release_fonts ();

  return result;
}
