/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CM_FORMAT_ERROR (cm_format_error_quark ())

typedef enum
{
  CM_FORMAT_ERROR_SYNTAX,          /* not well-formed (JSON syntax, encoding) */
  CM_FORMAT_ERROR_WRONG_TYPE,      /* a value of the wrong kind */
  CM_FORMAT_ERROR_MISSING_FIELD,   /* a required member is absent */
  CM_FORMAT_ERROR_BAD_DATE,
  CM_FORMAT_ERROR_BAD_COORDINATE,
  CM_FORMAT_ERROR_BAD_VALUE,       /* an unknown reference, colour, precision … */
  CM_FORMAT_ERROR_UNSUPPORTED,     /* not this format, or a newer version */
  CM_FORMAT_ERROR_LIMIT,           /* too deep, too long, too many */
} CmFormatError;

GQuark cm_format_error_quark (void);

G_END_DECLS
