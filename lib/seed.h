/* seed: where iqpick's seed comes from (SPEC §3).  Used by cmd/iqpick.c,
 * which hands the 64-bit result to lib/sample as sample_opts.seed.
 *
 * A pick is reproducible because it depends only on the seed string S:
 * --seed S names it, --daily[=DATE] takes S = DATE ("YYYY-MM-DD", today in
 * local time by default), and without either the seed is 64 random bits.
 * s = XXH3_64bits(S) is part of the interface, written in iqpick(1).
 *
 * Nothing here prints or exits; errors come back as errno values. */
#ifndef IQ_SEED_H
#define IQ_SEED_H

#include <stddef.h>
#include <stdint.h>

/* s = XXH3_64bits(S): the 64-bit seed for the seed string S. */
uint64_t seed_of_string(const char *str, size_t len);

/* 64 random bits from getrandom(2) (or /dev/urandom where getrandom is
 * missing), for a pick without --seed or --daily.  Returns 0, or an errno
 * value: a weak seed would repeat picks, so there is no fallback. */
int seed_random(uint64_t *seed);

/* 1 if date is "YYYY-MM-DD" naming a day of the Gregorian calendar (year
 * 0001-9999), else 0. */
int seed_date_valid(const char *date);

/* Today in local time (TZ) as "YYYY-MM-DD" into date[11], NUL-terminated:
 * the seed string of a bare --daily.  Returns 0, or an errno value. */
int seed_today(char date[11]);

#endif
