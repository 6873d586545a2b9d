#include "seed.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

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
	static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (strlen(d) != 10 || d[4] != '-' || d[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9'))
			return 0;
	int y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
	int m = (d[5] - '0') * 10 + (d[6] - '0');
	int day = (d[8] - '0') * 10 + (d[9] - '0');
	if (y < 1 || m < 1 || m > 12 || day < 1 || day > mdays[m - 1])
		return 0;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return !(m == 2 && day == 29 && !leap);
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
