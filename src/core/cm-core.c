/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-core"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>

#include "cm-core.h"
#include "cm-data-resources.h"

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

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

/* How much nicer than the process a worker thread runs (see
 * cm_core_lower_thread_priority()). */
#define WORKER_NICENESS 10

/**
 * cm_core_lower_thread_priority:
 *
 * Lowers the priority of the calling thread, a worker: on a machine with
 * few cores, the threads that build a scene or run a search would
 * otherwise take turns with the main thread, and a frame would wait for
 * them. Once lowered, a thread stays so (raising a priority again takes
 * a privilege): GLib's pool threads that run other work later keep
 * running below the main thread, which is what the window wants anyway.
 */
void
cm_core_lower_thread_priority (void)
{
#ifdef __linux__
  static GPrivate lowered;

  if (g_private_get (&lowered) != NULL)
    return;
  g_private_set (&lowered, GINT_TO_POINTER (1));

  errno = 0;
  {
    int current = getpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid));

    if (errno == 0 && current < WORKER_NICENESS)
      (void) setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), WORKER_NICENESS);
  }
#endif
}
