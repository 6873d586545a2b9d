#include "seed.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "clock.h"

uint64_t seed_of_string(const char *str, size_t len) { return XXH3_64bits(str, len); }

int seed_random(uint64_t *seed)
{
	unsigned char *p = (unsigned char *)seed;
	size_t got = 0;
	while (got < sizeof *seed) {
		ssize_t n = getrandom(p + got, sizeof *seed - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		got += (size_t)n;
	}
	if (got == sizeof *seed)
		return 0;
	if (errno != ENOSYS)
		return errno;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	ssize_t n = read(fd, seed, sizeof *seed);
	int e = errno;
	close(fd);
	return n == (ssize_t)sizeof *seed ? 0 : n < 0 ? e : EIO;
}

int seed_date_valid(const char *d)
{
	/* Core clock's calendar, without its year 0000. */
	return clock_date_valid(d, strlen(d)) && strncmp(d, "0000", 4) != 0;
}

int seed_today(char date[11])
{
	time_t now = time(NULL);
	struct tm tm;
	if (now == (time_t)-1 || !localtime_r(&now, &tm))
		return errno ? errno : EOVERFLOW;
	if (strftime(date, 11, "%Y-%m-%d", &tm) != 10)
		return EOVERFLOW;
	return 0;
}
