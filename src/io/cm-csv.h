/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cm-format.h"

G_BEGIN_DECLS

/* CSV and TSV (the "csv" CmFormat): the TimelineJS spreadsheet template,
 * recognised by its column names, or any table whose columns a
 * CmCsvMapping assigns. These helpers let the window ask the user for the
 * mapping before loading a generic table. */

/* TRUE when the header line of @head has the TimelineJS template columns
 * ("Year" and "Headline", or "Year", "Month" and "Day"): no mapping needed. */
gboolean   cm_csv_is_timelinejs_template (const char         *head,
                                          gsize               length);

/* ',', ';' or '\t': the one found most often in the first line of @head
 * (outside quotes); ',' when none is. */
char       cm_csv_detect_separator       (const char         *head,
                                          gsize               length);

/* Fills @mapping from column names (English and French, any case, accents
 * and "_"/"-" ignored): date/start, end, time/heure (a time of day, when
 * another column holds the date), title/name/headline, latitude/lat,
 * longitude/lon/lng, place/location, category/type, group, description/text.
 * Columns not found are -1; the date order is AUTO; the separator is left
 * as it is. */
void       cm_csv_guess_mapping          (const char * const *header,
                                          guint               n_columns,
                                          CmCsvMapping       *mapping);

/* TRUE when the date columns of @rows (cm_csv_preview(), header first:
 * the start and end that @mapping names) hold days and months written as
 * numbers ("03/04/2012") and every one of them fits both orders: only the
 * user can tell which. FALSE when some value decides it ("24/10/2012") or
 * none needs it. */
gboolean   cm_csv_dates_are_ambiguous    (GPtrArray          *rows,
                                          const CmCsvMapping *mapping);

/* CM_CSV_DATE_ORDER_DAY_FIRST or _MONTH_FIRST: how the user's locale
 * writes dates such as 03/04/2012 (the order used when nothing else
 * decides it). */
int        cm_csv_default_date_order     (void);

/* The first @max_rows records of @data (header first), at most
 * @max_columns fields each: a GPtrArray of GStrv (transfer full). Invalid
 * UTF-8 is replaced; a record cut by the end of @data is dropped unless it
 * is the only one. @separator (nullable) receives the separator used. */
GPtrArray *cm_csv_preview                (const char         *data,
                                          gsize               length,
                                          guint               max_rows,
                                          guint               max_columns,
                                          char               *separator);

G_END_DECLS
