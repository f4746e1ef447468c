/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the geojson reader must reject or accept any bytes without
 * crashing, leaking or reading out of bounds, and what it accepts must
 * save and load again. */
#include "config.h"

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  return fuzz_round_trip_target ("geojson", data, size);
}
