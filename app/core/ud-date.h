/* ud-date.h — calendar dates (YYYY-MM-DD) and UTC timestamps with milliseconds
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Parses "2023-05-01", "2023/5/1", "2023.5.1", "2023年5月1日" and "20230501" into a valid GDate.
 * Refuses impossible dates (2023-13-45, 2023-02-29). @field names the field in the message;
 * the error is UD_ERROR_INVALID_DATE. */
gboolean ud_date_parse        (const char *text,
                               const char *field,
                               GDate      *out,
                               GError    **error);

/* "YYYY-MM-DD" for a valid date. */
char    *ud_date_format       (const GDate *date);

/* Today's local date (or the date a test set with ud_date_set_today_for_tests()). */
void     ud_date_today        (GDate      *out);

/* For tests only: make ud_date_today() answer @today (NULL: the real date again), so that rules
 * about periods (publicity, years, caps) can be tested on fixed dates. */
void     ud_date_set_today_for_tests (const GDate *today);

/* Whole years between @birth and @on (age on that day); 0 if @on is before @birth. Someone born
 * on 29 February is a year older on 1 March in common years. */
int      ud_date_years_between (const GDate *birth,
                                const GDate *on);

/* UTC ISO 8601 with milliseconds: "2026-11-22T08:15:30.123Z". */
char    *ud_timestamp_now     (void);
char    *ud_timestamp_format  (GDateTime  *datetime);

/* A UTC timestamp shown in local time for people: "2026-11-22 16:15". NULL for bad input. */
char    *ud_timestamp_to_local_display (const char *timestamp);

G_END_DECLS
