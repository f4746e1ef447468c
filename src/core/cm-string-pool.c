/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-string-pool"

#include "config.h"

#include <string.h>

#include "cm-string-pool.h"

struct _CmStringPool
{
  char    *data;
  gsize    length;
  gsize    capacity;

  /* Open-addressing set of interned offsets (0 = empty slot). */
  guint32 *slots;
  gsize    n_slots;   /* a power of two, or 0 */
  gsize    n_interned;
};

CmStringPool *
cm_string_pool_new (void)
{
  CmStringPool *pool = g_new0 (CmStringPool, 1);

  /* Offset 0 is the NULL string: keep one byte there. */
  cm_string_pool_reserve (pool, 256);
  pool->data[0] = '\0';
  pool->length = 1;

  return pool;
}

void
cm_string_pool_free (CmStringPool *pool)
{
  if (pool == NULL)
    return;

  g_free (pool->data);
  g_free (pool->slots);
  g_free (pool);
}

CmStringPool *
cm_string_pool_copy (CmStringPool *pool)
{
  CmStringPool *copy;

  g_return_val_if_fail (pool != NULL, NULL);

  copy = g_new0 (CmStringPool, 1);
  copy->data = g_memdup2 (pool->data, pool->length);
  copy->length = copy->capacity = pool->length;
  if (pool->n_slots > 0)
    copy->slots = g_memdup2 (pool->slots, pool->n_slots * sizeof (guint32));
  copy->n_slots = pool->n_slots;
  copy->n_interned = pool->n_interned;

  return copy;
}

void
cm_string_pool_reserve (CmStringPool *pool,
                        gsize         bytes)
{
  gsize wanted;

  g_return_if_fail (pool != NULL);

  wanted = pool->length + bytes;
  if (wanted <= pool->capacity)
    return;

  if (wanted > G_MAXUINT32)
    g_error ("String pool exceeds 4 GiB");

  pool->capacity = MAX (wanted, pool->capacity + pool->capacity / 2);
  pool->capacity = MIN (pool->capacity, (gsize) G_MAXUINT32);
  pool->data = g_realloc (pool->data, pool->capacity);
}

guint32
cm_string_pool_add (CmStringPool *pool,
                    const char   *text,
                    gsize         length)
{
  guint32 offset;

  g_return_val_if_fail (pool != NULL, 0);

  if (text == NULL)
    return 0;

  cm_string_pool_reserve (pool, length + 1);
  offset = (guint32) pool->length;
  memcpy (pool->data + offset, text, length);
  pool->data[offset + length] = '\0';
  pool->length += length + 1;

  return offset;
}

static guint
hash_bytes (const char *text,
            gsize       length)
{
  guint32 h = 2166136261u; /* FNV-1a */

  for (gsize i = 0; i < length; i++)
    {
      h ^= (guchar) text[i];
      h *= 16777619u;
    }

  return h;
}

/* The slot of @text in the open-addressing table: the one holding it, or
 * the empty one where it goes */
static gsize
find_slot (CmStringPool *pool,
           const char   *text,
           gsize         length)
{
  gsize j = hash_bytes (text, length) & (pool->n_slots - 1);

  while (pool->slots[j] != 0)
    {
      const char *s = pool->data + pool->slots[j];

      if (strncmp (s, text, length) == 0 && s[length] == '\0')
        break;

      j = (j + 1) & (pool->n_slots - 1);
    }

  return j;
}

static void
grow_slots (CmStringPool *pool)
{
  gsize old_n = pool->n_slots;
  guint32 *old = pool->slots;

  pool->n_slots = old_n ? old_n * 2 : 64;
  pool->slots = g_new0 (guint32, pool->n_slots);

  for (gsize i = 0; i < old_n; i++)
    {
      const char *s;

      if (old[i] == 0)
        continue;

      /* the strings are distinct: each finds an empty slot */
      s = pool->data + old[i];
      pool->slots[find_slot (pool, s, strlen (s))] = old[i];
    }

  g_free (old);
}

guint32
cm_string_pool_intern (CmStringPool *pool,
                       const char   *text,
                       gsize         length)
{
  gsize j;

  g_return_val_if_fail (pool != NULL, 0);

  if (text == NULL)
    return 0;

  if ((pool->n_interned + 1) * 4 > pool->n_slots * 3)
    grow_slots (pool);

  j = find_slot (pool, text, length);
  if (pool->slots[j] != 0)
    return pool->slots[j];

  pool->slots[j] = cm_string_pool_add (pool, text, length);
  pool->n_interned++;

  return pool->slots[j];
}

const char *
cm_string_pool_get (CmStringPool *pool,
                    guint32       offset)
{
  g_return_val_if_fail (pool != NULL, NULL);
  g_return_val_if_fail (offset < pool->length, NULL);

  if (offset == 0)
    return NULL;

  return pool->data + offset;
}

void
cm_string_pool_trim (CmStringPool *pool)
{
  g_return_if_fail (pool != NULL);

  if (pool->capacity > pool->length)
    {
      pool->data = g_realloc (pool->data, pool->length);
      pool->capacity = pool->length;
    }
}

gsize
cm_string_pool_get_memory_size (CmStringPool *pool)
{
  g_return_val_if_fail (pool != NULL, 0);

  return pool->capacity + pool->n_slots * sizeof (guint32);
}
