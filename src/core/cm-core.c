/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-core"

#include "config.h"

#include <gio/gio.h>

#include "cm-core.h"
#include "cm-data-resources.h"

void
cm_core_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      cm_data_register_resource ();
      g_once_init_leave (&initialized, 1);
    }
}
