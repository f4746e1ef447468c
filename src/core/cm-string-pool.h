/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One growing buffer of NUL-terminated strings addressed by 32-bit offsets,
 * so a million events cost no per-string allocation. Offset 0 stands for
 * "no string" (NULL). Interned strings are stored once. */
typedef struct _CmStringPool CmStringPool;

CmStringPool *cm_string_pool_new          (void);
void          cm_string_pool_free         (CmStringPool *pool);
/* The same strings at the same offsets, in a pool of its own. */
CmStringPool *cm_string_pool_copy         (CmStringPool *pool);
void          cm_string_pool_reserve      (CmStringPool *pool,
                                           gsize         bytes);
/* Copies @length bytes of @text (NULL → 0). Returns the offset. */
guint32       cm_string_pool_add          (CmStringPool *pool,
                                           const char   *text,
                                           gsize         length);
/* As add, but equal strings share one copy. */
guint32       cm_string_pool_intern       (CmStringPool *pool,
                                           const char   *text,
                                           gsize         length);
/* NULL for offset 0. Valid until the next add. */
const char   *cm_string_pool_get          (CmStringPool *pool,
                                           guint32       offset);
/* Gives back unused capacity. */
void          cm_string_pool_trim         (CmStringPool *pool);
gsize         cm_string_pool_get_memory_size (CmStringPool *pool);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CmStringPool, cm_string_pool_free)

G_END_DECLS
