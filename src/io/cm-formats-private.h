/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cm-format.h"

G_BEGIN_DECLS

/* Each format module defines one of these; cm-format.c lists them. */
extern const CmFormat cm_format_native;
extern const CmFormat cm_format_ical;
extern const CmFormat cm_format_geojson;
extern const CmFormat cm_format_kml;
extern const CmFormat cm_format_timelinejs;
extern const CmFormat cm_format_csv;

/* The native format's save (cm_format_native.save); cm_native_write() is
 * the same without progress. */
CmFormatSaveFunc _cm_native_save;

/* Formats registered after the native one: each module adds its line
 * here ("&cm_format_timelinejs," …) together with its declaration. */
#define CM_FORMATS_MORE \
  &cm_format_ical, \
  &cm_format_geojson, \
  &cm_format_kml, \
  &cm_format_timelinejs, \
  &cm_format_csv,

G_END_DECLS
