/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-basemap"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cm-basemap-private.h"
#include "cm-core.h"

/* The file (written by build-aux/generate-basemap, which documents it at
 * length): an 80-byte header, then varints. Integers are little-endian;
 * "uv" is an unsigned LEB128 varint (< 2^32), "sv" a zigzag-encoded signed
 * one. Coordinates are quantized: lon = x * x_scale + x_translate,
 * lat = y * y_scale + y_translate, 0 <= x <= x_max, 0 <= y <= y_max.
 *
 *    0  "CMBASEMP"            8  u32 version (1, 2)   12  u32 file size
 *   16  f64 x_scale          24  f64 y_scale          32  f64 x_translate
 *   40  f64 y_translate      48  u32 x_max            52  u32 y_max
 *   56  u32 n_points         60  u32 n_countries      64  u32 n_land
 *   68  u32 n_borders        72  u32 n_layers (v2)    76  u32 reserved
 *   80  countries (largest first): uv name length (1..255), UTF-8 name,
 *       uv label x, label y, label radius (0.01°), area (km²),
 *       uv x0 y0 x1 y1 (whole country), uv x0 y0 x1 y1 (largest polygon),
 *       uv n_rings, n_rings lines;
 *       then n_land lines, then n_borders lines;
 *       version 2: then n_layers times uv layer (CM_BASEMAP_LAKES,
 *       _RIVERS or _BOUNDARIES), uv n_lines, n_lines times uv rank, line
 *   size - 4: "END!"
 *   line: uv (n_points << 2 | flags: 1 closed, 2 hole), then n_points
 *         times sv dx, sv dy from the point before (the first from 0, 0).
 *
 * Every read is bounds-checked: a damaged file gives an error, never a
 * crash. Coastlines are not in the file: they are the land rings without
 * their cut edges (along x = 0 or x_max, or along y = 0 or y_max), made
 * here by rotating each cut ring to start after a cut and taking the runs
 * between cuts as ranges of the same points. */

#define HEADER_SIZE 80
#define FORMAT_VERSION 2
#define MAX_QUANTIZED (1 << 24)

struct _CmBasemap
{
  gatomicrefcount   ref_count;

  guint             n_points;
  double           *coordinates;           /* lon, lat */
  CmBasemapLine    *lines[CM_BASEMAP_N_LAYERS];
  guint             n_lines[CM_BASEMAP_N_LAYERS];
  CmBasemapCountry *countries;
  guint             n_countries;
  char             *names;                 /* NUL-separated, owned */

  GMutex            mutex;                 /* guards what follows */
  float            *projected[CM_N_PROJECTIONS];
  float            *importance[CM_N_PROJECTIONS];
  float            *bounds[CM_N_PROJECTIONS][CM_BASEMAP_N_LAYERS];
};

G_DEFINE_BOXED_TYPE (CmBasemap, cm_basemap, cm_basemap_ref, cm_basemap_unref)
G_DEFINE_QUARK (cm-basemap-error-quark, cm_basemap_error)

typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         offset;
  const char   *failure;    /* untranslated reason (N_), for the message */
  gsize         failure_offset;
} Reader;

typedef struct
{
  double  x_scale, y_scale, x_translate, y_translate;
  guint32 x_max, y_max;
  guint32 version;
  guint32 n_points, n_countries, n_land, n_borders, n_layers;
} Header;

typedef struct
{
  gint32 *xy;               /* quantized points, 2 per point */
  guint   used;             /* points read so far */
  GArray *lines[CM_BASEMAP_N_LAYERS];
} Building;

static gboolean
fail (Reader     *reader,
      const char *failure)
{
  if (reader->failure == NULL)
    {
      reader->failure = failure;
      reader->failure_offset = reader->offset;
    }
  return FALSE;
}

static gboolean
read_uv (Reader  *reader,
         guint32 *value)
{
  guint32 result = 0;

  for (guint shift = 0; shift < 35; shift += 7)
    {
      guint8 byte;

      if (reader->offset >= reader->length)
        return fail (reader, N_("unexpected end of data"));

      byte = reader->data[reader->offset++];
      if (shift == 28 && (byte & 0xf0) != 0)
        return fail (reader, N_("number too large"));

      result |= (guint32) (byte & 0x7f) << shift;
      if ((byte & 0x80) == 0)
        {
          *value = result;
          return TRUE;
        }
    }

  return fail (reader, N_("number too large"));
}

static gboolean
read_sv (Reader *reader,
         gint64 *value)
{
  guint32 u;

  if (!read_uv (reader, &u))
    return FALSE;

  *value = (u & 1) ? -(gint64) (u >> 1) - 1 : (gint64) (u >> 1);
  return TRUE;
}

static guint32
get_u32 (const guint8 *p)
{
  guint32 value;

  memcpy (&value, p, sizeof value);
  return GUINT32_FROM_LE (value);
}

static double
get_f64 (const guint8 *p)
{
  guint64 bits;
  double value;

  memcpy (&bits, p, sizeof bits);
  bits = GUINT64_FROM_LE (bits);
  memcpy (&value, &bits, sizeof value);
  return value;
}

static gboolean
read_header (Reader *reader,
             Header *header)
{
  const guint8 *p = reader->data;

  if (reader->length < HEADER_SIZE + 4 || memcmp (p, "CMBASEMP", 8) != 0)
    return fail (reader, N_("not a basemap file"));
  header->version = get_u32 (p + 8);
  if (header->version < 1 || header->version > FORMAT_VERSION)
    return fail (reader, N_("unknown format version"));
  if (get_u32 (p + 12) != reader->length)
    return fail (reader, N_("wrong file size"));
  if (memcmp (p + reader->length - 4, "END!", 4) != 0)
    return fail (reader, N_("missing end marker"));

  header->x_scale = get_f64 (p + 16);
  header->y_scale = get_f64 (p + 24);
  header->x_translate = get_f64 (p + 32);
  header->y_translate = get_f64 (p + 40);
  header->x_max = get_u32 (p + 48);
  header->y_max = get_u32 (p + 52);
  header->n_points = get_u32 (p + 56);
  header->n_countries = get_u32 (p + 60);
  header->n_land = get_u32 (p + 64);
  header->n_borders = get_u32 (p + 68);
  header->n_layers = header->version >= 2 ? get_u32 (p + 72) : 0;

  /* Written as !(a) so that NaN fails too. */
  if (!(header->x_scale > 0 && header->x_scale < 1)
      || !(header->y_scale > 0 && header->y_scale < 1)
      || !(header->x_translate >= -180.0 && header->x_translate <= 180.0)
      || !(header->y_translate >= -90.0 && header->y_translate <= 90.0)
      || header->x_max == 0 || header->x_max > MAX_QUANTIZED
      || header->y_max == 0 || header->y_max > MAX_QUANTIZED
      || !(header->x_translate + header->x_max * header->x_scale <= 180.0 + 1e-6)
      || !(header->y_translate + header->y_max * header->y_scale <= 90.0 + 1e-6))
    return fail (reader, N_("bad coordinate transform"));

  /* Every point takes two bytes at least, every line and country one: this
   * bounds the allocations by the file's size. */
  if (header->n_points > (reader->length - HEADER_SIZE) / 2
      || header->n_countries > (reader->length - HEADER_SIZE)
      || header->n_land > (reader->length - HEADER_SIZE)
      || header->n_borders > (reader->length - HEADER_SIZE)
      || header->n_layers > CM_BASEMAP_N_LAYERS)
    return fail (reader, N_("bad counts"));

  reader->offset = HEADER_SIZE;
  reader->length -= 4;   /* the end marker */

  return TRUE;
}

static gboolean
read_quantized (Reader       *reader,
                const Header *header,
                gboolean      is_x,
                guint32      *value)
{
  if (!read_uv (reader, value))
    return FALSE;
  if (*value > (is_x ? header->x_max : header->y_max))
    return fail (reader, N_("coordinate out of range"));
  return TRUE;
}

/* Reads one line into @building's points; appends it to @layer. */
static gboolean
read_line (Reader        *reader,
           const Header  *header,
           Building      *building,
           CmBasemapLayer layer)
{
  CmBasemapLine line = { 0 };
  guint32 word;
  gint64 x = 0, y = 0;

  if (!read_uv (reader, &word))
    return FALSE;

  line.n_points = word >> 2;
  line.flags = word & 3;
  line.first = building->used;

  if (line.n_points < ((line.flags & CM_BASEMAP_LINE_CLOSED) ? 3 : 2))
    return fail (reader, N_("line too short"));
  if (line.n_points > header->n_points - building->used)
    return fail (reader, N_("more points than announced"));

  for (guint i = 0; i < line.n_points; i++)
    {
      gint64 dx, dy;
      gint32 *point = building->xy + 2 * (line.first + i);

      if (!read_sv (reader, &dx) || !read_sv (reader, &dy))
        return FALSE;

      x += dx;
      y += dy;
      if (x < 0 || x > header->x_max || y < 0 || y > header->y_max)
        return fail (reader, N_("coordinate out of range"));

      point[0] = (gint32) x;
      point[1] = (gint32) y;
    }

  building->used += line.n_points;
  g_array_append_val (building->lines[layer], line);

  return TRUE;
}

/* Version 2: one layer of ranked lines after the borders. */
static gboolean
read_extra_layer (Reader       *reader,
                  const Header *header,
                  Building     *building)
{
  guint32 layer, n_lines;

  if (!read_uv (reader, &layer) || !read_uv (reader, &n_lines))
    return FALSE;
  if (layer < CM_BASEMAP_LAKES || layer >= CM_BASEMAP_N_LAYERS)
    return fail (reader, N_("unknown layer"));
  if (n_lines > reader->length - reader->offset)
    return fail (reader, N_("bad counts"));

  for (guint i = 0; i < n_lines; i++)
    {
      guint32 rank;
      GArray *lines = building->lines[layer];

      if (!read_uv (reader, &rank))
        return FALSE;
      if (rank > 255)
        return fail (reader, N_("bad rank"));
      if (!read_line (reader, header, building, layer))
        return FALSE;
      g_array_index (lines, CmBasemapLine, lines->len - 1).rank = rank;
    }

  return TRUE;
}

static gboolean
read_country (Reader           *reader,
              const Header     *header,
              Building         *building,
              GString          *names,
              CmBasemapCountry *country,
              gsize            *name_offset)
{
  guint32 length, label[2], radius, area, box[8], n_rings;

  if (!read_uv (reader, &length))
    return FALSE;
  if (length < 1 || length > 255 || length > reader->length - reader->offset)
    return fail (reader, N_("bad name"));
  if (!g_utf8_validate_len ((const char *) reader->data + reader->offset, length, NULL))
    return fail (reader, N_("bad name"));

  *name_offset = names->len;
  g_string_append_len (names, (const char *) reader->data + reader->offset, length);
  g_string_append_c (names, '\0');
  reader->offset += length;

  if (!read_quantized (reader, header, TRUE, &label[0])
      || !read_quantized (reader, header, FALSE, &label[1])
      || !read_uv (reader, &radius)
      || !read_uv (reader, &area))
    return FALSE;

  for (guint i = 0; i < 8; i++)
    {
      if (!read_quantized (reader, header, i % 2 == 0, &box[i]))
        return FALSE;
    }
  if (box[0] > box[2] || box[1] > box[3] || box[4] > box[6] || box[5] > box[7])
    return fail (reader, N_("bad bounding box"));

  if (!read_uv (reader, &n_rings))
    return FALSE;
  if (n_rings > reader->length - reader->offset)
    return fail (reader, N_("bad counts"));

  country->label_lon = header->x_translate + label[0] * header->x_scale;
  country->label_lat = header->y_translate + label[1] * header->y_scale;
  country->label_radius = radius / 100.0;
  country->area = area;
  country->min_lon = header->x_translate + box[0] * header->x_scale;
  country->min_lat = header->y_translate + box[1] * header->y_scale;
  country->max_lon = header->x_translate + box[2] * header->x_scale;
  country->max_lat = header->y_translate + box[3] * header->y_scale;
  country->main_min_lon = header->x_translate + box[4] * header->x_scale;
  country->main_min_lat = header->y_translate + box[5] * header->y_scale;
  country->main_max_lon = header->x_translate + box[6] * header->x_scale;
  country->main_max_lat = header->y_translate + box[7] * header->y_scale;
  country->first_ring = building->lines[CM_BASEMAP_COUNTRIES]->len;
  country->n_rings = n_rings;

  for (guint i = 0; i < n_rings; i++)
    {
      if (!read_line (reader, header, building, CM_BASEMAP_COUNTRIES))
        return FALSE;
    }

  return TRUE;
}

static inline gboolean
is_cut (const Header *header,
        const gint32 *a,
        const gint32 *b)
{
  return (a[0] == b[0] && (a[0] == 0 || (guint32) a[0] == header->x_max))
      || (a[1] == b[1] && (a[1] == 0 || (guint32) a[1] == header->y_max));
}

/* The coastlines of one land ring (see the top of the file). */
static void
add_coast (const Header        *header,
           Building            *building,
           const CmBasemapLine *ring)
{
  gint32 *xy = building->xy + 2 * ring->first;
  guint n = ring->n_points;
  guint cut = G_MAXUINT;
  guint start = 0;

  for (guint i = 0; i < n && cut == G_MAXUINT; i++)
    {
      if (is_cut (header, xy + 2 * i, xy + 2 * ((i + 1) % n)))
        cut = i;
    }

  if (cut == G_MAXUINT)
    {
      CmBasemapLine coast = *ring;

      coast.flags = CM_BASEMAP_LINE_CLOSED;
      g_array_append_val (building->lines[CM_BASEMAP_COAST], coast);
      return;
    }

  /* Rotate so that the ring starts just after the cut. */
  if (cut + 1 < n)
    {
      g_autofree gint32 *copy = g_memdup2 (xy, 2 * sizeof (gint32) * (cut + 1));

      memmove (xy, xy + 2 * (cut + 1), 2 * sizeof (gint32) * (n - cut - 1));
      memcpy (xy + 2 * (n - cut - 1), copy, 2 * sizeof (gint32) * (cut + 1));
    }

  for (guint i = 0; i < n; i++)
    {
      if (i == n - 1 || is_cut (header, xy + 2 * i, xy + 2 * (i + 1)))
        {
          if (i > start)
            {
              CmBasemapLine coast = { ring->first + start, i - start + 1, 0 };

              g_array_append_val (building->lines[CM_BASEMAP_COAST], coast);
            }
          start = i + 1;
        }
    }
}

static void
compute_bounds (CmBasemap     *self,
                CmBasemapLine *line)
{
  const double *p = self->coordinates + 2 * line->first;

  line->min_lon = line->max_lon = p[0];
  line->min_lat = line->max_lat = p[1];
  for (guint i = 1; i < line->n_points; i++)
    {
      double lon = p[2 * i], lat = p[2 * i + 1];

      line->min_lon = MIN (line->min_lon, lon);
      line->max_lon = MAX (line->max_lon, lon);
      line->min_lat = MIN (line->min_lat, lat);
      line->max_lat = MAX (line->max_lat, lat);
    }
}

static CmBasemap *
basemap_new (void)
{
  CmBasemap *self = g_new0 (CmBasemap, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->mutex);

  return self;
}

CmBasemap *
cm_basemap_new_from_bytes (GBytes  *bytes,
                           GError **error)
{
  g_autoptr(CmBasemap) self = basemap_new ();
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GArray) name_offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GArray) countries = g_array_new (FALSE, TRUE, sizeof (CmBasemapCountry));
  Building building = { NULL };
  Reader reader = { NULL };
  GArray *countries_array;
  Header header;
  gboolean ok = TRUE;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader.data = g_bytes_get_data (bytes, &reader.length);

  if (!read_header (&reader, &header))
    ok = FALSE;

  if (ok)
    {
      building.xy = g_new (gint32, 2 * (gsize) header.n_points);
      for (guint l = 0; l < CM_BASEMAP_N_LAYERS; l++)
        building.lines[l] = g_array_new (FALSE, TRUE, sizeof (CmBasemapLine));
      g_array_set_size (countries, header.n_countries);
      g_array_set_size (name_offsets, header.n_countries);
    }

  for (guint i = 0; ok && i < header.n_countries; i++)
    ok = read_country (&reader, &header, &building, names,
                       &g_array_index (countries, CmBasemapCountry, i),
                       &g_array_index (name_offsets, gsize, i));
  for (guint i = 0; ok && i < header.n_land; i++)
    ok = read_line (&reader, &header, &building, CM_BASEMAP_LAND);
  for (guint i = 0; ok && i < header.n_borders; i++)
    ok = read_line (&reader, &header, &building, CM_BASEMAP_BORDERS);
  for (guint i = 0; ok && i < header.n_layers; i++)
    ok = read_extra_layer (&reader, &header, &building);

  if (ok && building.used != header.n_points)
    ok = fail (&reader, N_("fewer points than announced"));
  if (ok && reader.offset != reader.length)
    ok = fail (&reader, N_("unexpected data at the end"));

  if (!ok)
    {
      char offset_text[32];

      g_snprintf (offset_text, sizeof offset_text, "%" G_GSIZE_FORMAT, reader.failure_offset);
      g_set_error (error, CM_BASEMAP_ERROR, CM_BASEMAP_ERROR_CORRUPT,
                   /* Translators: the first %s says what is wrong, e.g. "unexpected end of data", the second is a byte offset */
                   _("The world map data is damaged: %s at byte %s"),
                   _(reader.failure), offset_text);
      g_free (building.xy);
      for (guint l = 0; l < CM_BASEMAP_N_LAYERS; l++)
        g_clear_pointer (&building.lines[l], g_array_unref);
      return NULL;
    }

  for (guint i = 0; i < building.lines[CM_BASEMAP_LAND]->len; i++)
    {
      CmBasemapLine *ring = &g_array_index (building.lines[CM_BASEMAP_LAND], CmBasemapLine, i);

      add_coast (&header, &building, ring);
    }

  self->n_points = header.n_points;
  self->coordinates = g_new (double, 2 * (gsize) header.n_points);
  for (guint i = 0; i < header.n_points; i++)
    {
      self->coordinates[2 * i] = header.x_translate + building.xy[2 * i] * header.x_scale;
      self->coordinates[2 * i + 1] = header.y_translate + building.xy[2 * i + 1] * header.y_scale;
    }
  g_free (building.xy);

  for (guint l = 0; l < CM_BASEMAP_N_LAYERS; l++)
    {
      self->n_lines[l] = building.lines[l]->len;
      self->lines[l] = (CmBasemapLine *) (void *) g_array_free (building.lines[l], FALSE);
      for (guint i = 0; i < self->n_lines[l]; i++)
        compute_bounds (self, &self->lines[l][i]);
    }

  self->n_countries = header.n_countries;
  self->names = g_string_free (g_steal_pointer (&names), FALSE);
  countries_array = g_steal_pointer (&countries);
  self->countries = (CmBasemapCountry *) (void *) g_array_free (countries_array, FALSE);
  for (guint i = 0; i < self->n_countries; i++)
    self->countries[i].name = self->names + g_array_index (name_offsets, gsize, i);

  return g_steal_pointer (&self);
}

CmBasemap *
cm_basemap_new_from_resource (const char  *path,
                              GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  cm_core_init ();
  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  return cm_basemap_new_from_bytes (bytes, error);
}

/* cm_basemap_get_detail()'s and cm_basemap_get_inland()'s, once loaded. */
static CmBasemap *detail_loaded = NULL;
static CmBasemap *inland_loaded = NULL;

/* The basemap of @path, loaded on the first call with @initialized, and
 * published in @loaded (nullable) for peeks that must not wait. */
static CmBasemap *
load_once (gsize      *initialized,
           CmBasemap **basemap,
           const char *path,
           CmBasemap **loaded)
{
  if (g_once_init_enter (initialized))
    {
      g_autoptr(GError) error = NULL;

      *basemap = cm_basemap_new_from_resource (path, &error);
      if (*basemap == NULL)
        g_critical ("Cannot load the basemap %s: %s", path, error->message);
      g_once_init_leave (initialized, 1);
    }

  if (loaded != NULL)
    g_atomic_pointer_set (loaded, *basemap);
  return *basemap;
}

CmBasemap *
cm_basemap_get_default (void)
{
  static CmBasemap *basemap = NULL;
  static gsize initialized = 0;

  return load_once (&initialized, &basemap, CM_BASEMAP_RESOURCE, NULL);
}

CmBasemap *
cm_basemap_get_detail (void)
{
  static CmBasemap *basemap = NULL;
  static gsize initialized = 0;

  return load_once (&initialized, &basemap, CM_BASEMAP_DETAIL_RESOURCE, &detail_loaded);
}

CmBasemap *
cm_basemap_peek_detail (void)
{
  return g_atomic_pointer_get (&detail_loaded);
}

CmBasemap *
cm_basemap_get_inland (void)
{
  static CmBasemap *basemap = NULL;
  static gsize initialized = 0;

  return load_once (&initialized, &basemap, CM_BASEMAP_INLAND_RESOURCE, &inland_loaded);
}

CmBasemap *
cm_basemap_peek_inland (void)
{
  return g_atomic_pointer_get (&inland_loaded);
}

CmBasemap *
cm_basemap_ref (CmBasemap *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
cm_basemap_unref (CmBasemap *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint k = 0; k < CM_N_PROJECTIONS; k++)
    {
      g_free (self->projected[k]);
      g_free (self->importance[k]);
      for (guint l = 0; l < CM_BASEMAP_N_LAYERS; l++)
        g_free (self->bounds[k][l]);
    }
  for (guint l = 0; l < CM_BASEMAP_N_LAYERS; l++)
    g_free (self->lines[l]);
  g_free (self->coordinates);
  g_free (self->countries);
  g_free (self->names);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

guint
cm_basemap_get_n_points (CmBasemap *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_points;
}

const double *
cm_basemap_get_coordinates (CmBasemap *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->coordinates;
}

const CmBasemapLine *
cm_basemap_get_lines (CmBasemap      *self,
                      CmBasemapLayer  layer,
                      guint          *n_lines)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (layer < CM_BASEMAP_N_LAYERS, NULL);

  if (n_lines != NULL)
    *n_lines = self->n_lines[layer];
  return self->lines[layer];
}

guint
cm_basemap_get_n_countries (CmBasemap *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_countries;
}

const CmBasemapCountry *
cm_basemap_get_country (CmBasemap *self,
                        guint      index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_countries, NULL);

  return &self->countries[index];
}

guint
cm_basemap_find_country (CmBasemap  *self,
                         const char *name)
{
  g_return_val_if_fail (self != NULL, G_MAXUINT);
  g_return_val_if_fail (name != NULL, G_MAXUINT);

  for (guint i = 0; i < self->n_countries; i++)
    {
      if (g_str_equal (self->countries[i].name, name))
        return i;
    }

  return G_MAXUINT;
}

/* Called with the mutex held. */
static void
ensure_projected (CmBasemap        *self,
                  CmProjectionKind  kind)
{
  float *xy;

  if (self->projected[kind] != NULL)
    return;

  xy = g_new (float, 2 * (gsize) self->n_points);
  for (guint i = 0; i < self->n_points; i++)
    {
      double x = 0, y = 0;

      cm_projection_forward (kind, self->coordinates[2 * i + 1], self->coordinates[2 * i], &x, &y);
      xy[2 * i] = (float) x;
      xy[2 * i + 1] = (float) y;
    }

  for (guint l = 0; l < CM_BASEMAP_N_LAYERS; l++)
    {
      float *bounds = g_new (float, 4 * (gsize) MAX (self->n_lines[l], 1));

      for (guint i = 0; i < self->n_lines[l]; i++)
        {
          const CmBasemapLine *line = &self->lines[l][i];
          const float *p = xy + 2 * line->first;
          float *b = bounds + 4 * i;

          b[0] = b[2] = p[0];
          b[1] = b[3] = p[1];
          for (guint k = 1; k < line->n_points; k++)
            {
              b[0] = MIN (b[0], p[2 * k]);
              b[1] = MIN (b[1], p[2 * k + 1]);
              b[2] = MAX (b[2], p[2 * k]);
              b[3] = MAX (b[3], p[2 * k + 1]);
            }
        }
      self->bounds[kind][l] = bounds;
    }

  {
    g_autoptr(GArray) stack = _cm_basemap_new_rank_stack ();
    float *importance = g_new (float, MAX (self->n_points, 1));

    /* Coasts share the land's points: ranking the land rings ranks them. */
    for (guint l = 0; l < CM_BASEMAP_N_LAYERS; l++)
      {
        if (l == CM_BASEMAP_COAST)
          continue;
        for (guint i = 0; i < self->n_lines[l]; i++)
          _cm_basemap_rank_line (xy, importance, &self->lines[l][i], stack);
      }
    self->importance[kind] = importance;
  }

  self->projected[kind] = xy;
}

const float *
cm_basemap_get_projected (CmBasemap        *self,
                          CmProjectionKind  kind)
{
  const float *xy;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (kind < CM_N_PROJECTIONS, NULL);

  g_mutex_lock (&self->mutex);
  ensure_projected (self, kind);
  xy = self->projected[kind];
  g_mutex_unlock (&self->mutex);

  return xy;
}

const float *
cm_basemap_get_projected_bounds (CmBasemap        *self,
                                 CmProjectionKind  kind,
                                 CmBasemapLayer    layer)
{
  const float *bounds;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (kind < CM_N_PROJECTIONS, NULL);
  g_return_val_if_fail (layer < CM_BASEMAP_N_LAYERS, NULL);

  g_mutex_lock (&self->mutex);
  ensure_projected (self, kind);
  bounds = self->bounds[kind][layer];
  g_mutex_unlock (&self->mutex);

  return bounds;
}

const float *
cm_basemap_get_importance (CmBasemap        *self,
                           CmProjectionKind  kind)
{
  const float *importance;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (kind < CM_N_PROJECTIONS, NULL);

  g_mutex_lock (&self->mutex);
  ensure_projected (self, kind);
  importance = self->importance[kind];
  g_mutex_unlock (&self->mutex);

  return importance;
}

void
cm_basemap_project (CmBasemap        *self,
                    CmProjectionKind  kind)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (kind < CM_N_PROJECTIONS);

  g_mutex_lock (&self->mutex);
  ensure_projected (self, kind);
  g_mutex_unlock (&self->mutex);
}

gboolean
cm_basemap_is_projected (CmBasemap        *self,
                         CmProjectionKind  kind)
{
  gboolean projected;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (kind < CM_N_PROJECTIONS, FALSE);

  if (!g_mutex_trylock (&self->mutex))
    return FALSE;
  projected = self->projected[kind] != NULL;
  g_mutex_unlock (&self->mutex);

  return projected;
}

const char *
cm_basemap_get_credit (void)
{
  /* Translators: GSHHG and libgweather are names of data sets, keep them */
  return _("Map data: Natural Earth, GSHHG, GeoNames, libgweather");
}
