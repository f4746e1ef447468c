/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-core"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>

#include "cm-core.h"
#include "cm-data-resources.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif
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

/* How long after the last call cm_core_release_memory_later() waits. */
#define RELEASE_DELAY_MS 1500

#ifdef __GLIBC__
static void
trim_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  cm_core_lower_thread_priority ();
  malloc_trim (0);
  g_task_return_boolean (task, TRUE);
}

static guint release_source;

static gboolean
release_cb (gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  release_source = 0;
  g_task_set_name (task, "[chronomap] release memory");
  g_task_run_in_thread (task, trim_thread);

  return G_SOURCE_REMOVE;
}
#endif

/**
 * cm_core_release_memory_later:
 *
 * Says that large blocks were just freed (a filter result, a scene, a
 * cluster grid: tens of megabytes at a million events). The allocator
 * keeps freed memory for the next blocks, and the process would stay at
 * the size of its busiest moment; once such calls stop for a while (a
 * search typed, the views swapped in), what is free goes back to the
 * system, from a thread. Main thread only.
 */
void
cm_core_release_memory_later (void)
{
#ifdef __GLIBC__
  if (release_source != 0)
    g_source_remove (release_source);
  release_source = g_timeout_add_full (G_PRIORITY_LOW, RELEASE_DELAY_MS, release_cb, NULL, NULL);
  g_source_set_name_by_id (release_source, "[chronomap] release memory");
#endif
}
