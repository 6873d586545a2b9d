/* clock: instants as RFC 3339 text and back, and local calendar days.
 * Core: the review log (iqdue reads it, iqquiz writes it) and the --now,
 * --by options of both.
 *
 * An instant is seconds since 1970-01-01T00:00:00Z plus nanoseconds
 * (0 .. 999999999), so that "the same instant, whatever the notation"
 * compares equal.  UTC arithmetic is done here (proleptic Gregorian
 * calendar, years 0000 .. 9999); only the local-time functions use the
 * C library's time zone (TZ). */
#ifndef IQ_CLOCK_H
#define IQ_CLOCK_H

#include <stddef.h>
#include <stdint.h>

struct instant {
	int64_t sec;
	int32_t nsec;
};

/* -1, 0 or 1 as a is before, the same as, or after b. */
int instant_cmp(struct instant a, struct instant b);

/* Parse a full RFC 3339 date-time (len bytes, no NUL needed):
 * YYYY-MM-DDTHH:MM:SS[.fraction](Z|+hh:mm|-hh:mm), `T` and `Z` in either
 * case; a leap second :60 counts as the next second.  Returns 0, or -1
 * when s is anything else (a date alone included). */
int clock_parse_rfc3339(const char *s, size_t len, struct instant *out);

/* 1 when s[0..len) is exactly YYYY-MM-DD naming a day of the Gregorian
 * calendar (year 0000 to 9999), else 0. */
int clock_date_valid(const char *s, size_t len);

/* Parse YYYY-MM-DD (exactly that) as local midnight of that day.  Returns 0
 * or -1. */
int clock_parse_date(const char *s, size_t len, struct instant *out);

/* An option's clock: RFC 3339, or YYYY-MM-DD as local midnight. */
int clock_parse_arg(const char *s, struct instant *out);

/* Write sec as YYYY-MM-DDTHH:MM:SSZ (UTC, whole seconds) into out, which
 * must hold CLOCK_RFC3339_SIZE bytes; returns out.  Years outside 0 .. 9999
 * are clamped to that range's ends. */
#define CLOCK_RFC3339_SIZE 21
char *clock_format_utc(int64_t sec, char out[CLOCK_RFC3339_SIZE]);

/* The current time. */
struct instant clock_now(void);

/* The local calendar day of sec, as days since 1970-01-01 (so two instants
 * fall on the same local day when these are equal, and their difference
 * counts days between local dates). */
int64_t clock_local_day(int64_t sec);

/* Days since 1970-01-01 of the civil date y-m-d (UTC calendar). */
int64_t clock_days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
