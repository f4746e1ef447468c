/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cm-loader"

#include "config.h"

#include "cm-loader.h"
#include "cm-format.h"

struct _CmLoader
{
  GObject  parent_instance;

  GMutex   mutex;
  double   fraction;          /* under mutex: written by the worker */
  double   shown_fraction;    /* main thread */
  guint    idle_id;           /* under mutex */
  guint    busy : 1;
};

enum {
  PROP_0,
  PROP_FRACTION,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CmLoader, cm_loader, G_TYPE_OBJECT)

static void
cm_loader_finalize (GObject *object)
{
  CmLoader *self = (CmLoader *)object;

  g_mutex_lock (&self->mutex);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_mutex_unlock (&self->mutex);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (cm_loader_parent_class)->finalize (object);
}

static void
cm_loader_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CmLoader *self = CM_LOADER (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      g_value_set_double (value, cm_loader_get_fraction (self));
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cm_loader_class_init (CmLoaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cm_loader_finalize;
  object_class->get_property = cm_loader_get_property;

  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cm_loader_init (CmLoader *self)
{
  g_mutex_init (&self->mutex);
}

CmLoader *
cm_loader_new (void)
{
  return g_object_new (CM_TYPE_LOADER, NULL);
}

double
cm_loader_get_fraction (CmLoader *self)
{
  g_return_val_if_fail (CM_IS_LOADER (self), 0.0);

  return self->shown_fraction;
}

gboolean
cm_loader_get_busy (CmLoader *self)
{
  g_return_val_if_fail (CM_IS_LOADER (self), FALSE);

  return self->busy;
}

static void
set_shown_fraction (CmLoader *self,
                    double    fraction)
{
  if (self->shown_fraction == fraction)
    return;

  self->shown_fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

static gboolean
notify_fraction_idle (gpointer user_data)
{
  CmLoader *self = user_data;
  double fraction;

  g_mutex_lock (&self->mutex);
  fraction = self->fraction;
  self->idle_id = 0;
  g_mutex_unlock (&self->mutex);

  if (self->busy)
    set_shown_fraction (self, fraction);

  return G_SOURCE_REMOVE;
}

/* Worker thread: at most one idle pending at a time. */
static void
progress_cb (double   fraction,
             gpointer user_data)
{
  CmLoader *self = user_data;

  g_mutex_lock (&self->mutex);
  self->fraction = fraction;
  if (self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT, notify_fraction_idle,
                                     g_object_ref (self), g_object_unref);
  g_mutex_unlock (&self->mutex);
}

typedef struct
{
  GFile          *file;
  const CmFormat *format;     /* NULL: detect */
  CmCsvMapping    mapping;
  gboolean        has_mapping;
} LoadData;

typedef struct
{
  CmDocument     *document;
  CmImportReport *report;
} LoadResult;

static void
load_data_free (gpointer data)
{
  LoadData *load = data;

  g_clear_object (&load->file);
  g_free (load);
}

static void
load_result_free (gpointer data)
{
  LoadResult *result = data;

  g_clear_object (&result->document);
  g_clear_pointer (&result->report, cm_import_report_free);
  g_free (result);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CmLoader *self = source_object;
  LoadData *load = task_data;
  GError *error = NULL;
  LoadResult *result = g_new0 (LoadResult, 1);

  result->report = cm_import_report_new ();
  result->document = cm_format_load_file (load->file, load->format,
                                          load->has_mapping ? &load->mapping : NULL,
                                          result->report, progress_cb, self, cancellable, &error);
  if (result->document == NULL)
    {
      load_result_free (result);
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, result, load_result_free);
}

static void
set_busy (CmLoader *self,
          gboolean  busy)
{
  if (self->busy == !!busy)
    return;

  self->busy = !!busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Starts @task's work in a thread, the fraction at 0. */
static void
run_in_thread (CmLoader        *self,
               GTask           *task,
               GTaskThreadFunc  thread)
{
  g_task_set_return_on_cancel (task, FALSE);

  g_mutex_lock (&self->mutex);
  self->fraction = 0;
  g_mutex_unlock (&self->mutex);
  set_shown_fraction (self, 0);
  set_busy (self, TRUE);

  g_task_run_in_thread (task, thread);
}

void
cm_loader_load_async (CmLoader            *self,
                      GFile               *file,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  cm_loader_load_format_async (self, file, NULL, NULL, cancellable, callback, user_data);
}

void
cm_loader_load_format_async (CmLoader            *self,
                             GFile               *file,
                             const CmFormat      *format,
                             const CmCsvMapping  *mapping,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *load;

  g_return_if_fail (CM_IS_LOADER (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  load = g_new0 (LoadData, 1);
  load->file = g_object_ref (file);
  load->format = format;
  if (mapping != NULL)
    {
      load->mapping = *mapping;
      load->has_mapping = TRUE;
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cm_loader_load_async);
  g_task_set_task_data (task, load, load_data_free);
  run_in_thread (self, task, load_thread);
}

CmDocument *
cm_loader_load_finish (CmLoader      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  return cm_loader_load_finish_full (self, result, NULL, error);
}

CmDocument *
cm_loader_load_finish_full (CmLoader        *self,
                            GAsyncResult    *result,
                            CmImportReport **report,
                            GError         **error)
{
  LoadResult *load_result;
  CmDocument *document;

  g_return_val_if_fail (CM_IS_LOADER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cm_loader_load_async, NULL);

  set_busy (self, FALSE);

  load_result = g_task_propagate_pointer (G_TASK (result), error);
  if (load_result == NULL)
    return NULL;

  document = g_steal_pointer (&load_result->document);
  if (report != NULL)
    *report = g_steal_pointer (&load_result->report);
  load_result_free (load_result);

  return document;
}

typedef struct
{
  CmDocument     *document;
  GFile          *file;
  const CmFormat *format;     /* NULL: by the file's extension */
} SaveData;

static void
save_data_free (gpointer data)
{
  SaveData *save = data;

  g_clear_object (&save->document);
  g_clear_object (&save->file);
  g_free (save);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CmLoader *self = source_object;
  SaveData *save = task_data;
  GError *error = NULL;

  if (cm_format_save_file (save->document, save->file, save->format, progress_cb, self,
                           cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cm_loader_save_async (CmLoader            *self,
                      CmDocument          *document,
                      GFile               *file,
                      const CmFormat      *format,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *save;

  g_return_if_fail (CM_IS_LOADER (self));
  g_return_if_fail (CM_IS_DOCUMENT (document));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  save = g_new0 (SaveData, 1);
  save->document = g_object_ref (document);
  save->file = g_object_ref (file);
  save->format = format;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cm_loader_save_async);
  g_task_set_task_data (task, save, save_data_free);
  run_in_thread (self, task, save_thread);
}

gboolean
cm_loader_save_finish (CmLoader      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (CM_IS_LOADER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cm_loader_save_async, FALSE);

  set_busy (self, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
