#include "clock.h"

#include <string.h>
#include <time.h>

int instant_cmp(struct instant a, struct instant b)
{
	if (a.sec != b.sec)
		return a.sec < b.sec ? -1 : 1;
	if (a.nsec != b.nsec)
		return a.nsec < b.nsec ? -1 : 1;
	return 0;
}

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian
 * calendar, no time zone involved (timegm is not standard C). */
int64_t clock_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int digits(const char *s, size_t n, unsigned *value)
{
	unsigned v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*value = v;
	return 0;
}

static unsigned days_in_month(unsigned y, unsigned m)
{
	static const unsigned char days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

/* YYYY-MM-DD at s[0..10). */
static int parse_ymd(const char *s, unsigned *y, unsigned *m, unsigned *d)
{
	if (digits(s, 4, y) || s[4] != '-' || digits(s + 5, 2, m) || s[7] != '-' ||
	    digits(s + 8, 2, d))
		return -1;
	if (*m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
		return -1;
	return 0;
}

int clock_date_valid(const char *s, size_t len)
{
	unsigned y, m, d;
	return len == 10 && parse_ymd(s, &y, &m, &d) == 0;
}

int clock_parse_rfc3339(const char *s, size_t len, struct instant *out)
{
	unsigned y, mo, d, h, mi, se;
	if (len < 20 || parse_ymd(s, &y, &mo, &d) || (s[10] != 'T' && s[10] != 't') ||
	    digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &mi) || s[16] != ':' ||
	    digits(s + 17, 2, &se) || h > 23 || mi > 59 || se > 60)
		return -1;
	size_t i = 19;
	int32_t nsec = 0;
	if (s[i] == '.') {
		size_t start = ++i;
		int32_t scale = 100000000;
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			nsec += (s[i] - '0') * scale;
			scale /= 10;
			i++;
		}
		if (i == start)
			return -1;
	}
	int64_t offset = 0;
	if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
		i++;
	} else if (i < len && (s[i] == '+' || s[i] == '-')) {
		unsigned oh, om;
		if (len - i < 6 || digits(s + i + 1, 2, &oh) || s[i + 3] != ':' ||
		    digits(s + i + 4, 2, &om) || oh > 23 || om > 59)
			return -1;
		offset = (int64_t)(oh * 3600 + om * 60) * (s[i] == '-' ? -1 : 1);
		i += 6;
	} else {
		return -1;
	}
	if (i != len)
		return -1;
	out->sec = clock_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - offset;
	out->nsec = nsec;
	return 0;
}

int clock_parse_date(const char *s, size_t len, struct instant *out)
{
	unsigned y, m, d;
	if (len != 10 || parse_ymd(s, &y, &m, &d))
		return -1;
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = (int)y - 1900;
	tm.tm_mon = (int)m - 1;
	tm.tm_mday = (int)d;
	tm.tm_isdst = -1;
	time_t t = mktime(&tm);
	if (t == (time_t)-1 && !(tm.tm_year == 69 && tm.tm_mon == 11 && tm.tm_mday == 31))
		return -1;
	out->sec = (int64_t)t;
	out->nsec = 0;
	return 0;
}

int clock_parse_arg(const char *s, struct instant *out)
{
	size_t len = strlen(s);
	if (len == 10)
		return clock_parse_date(s, len, out);
	return clock_parse_rfc3339(s, len, out);
}

char *clock_format_utc(int64_t sec, char out[CLOCK_RFC3339_SIZE])
{
	const int64_t lo = clock_days_from_civil(0, 1, 1) * 86400;
	const int64_t hi = clock_days_from_civil(10000, 1, 1) * 86400 - 1;
	if (sec < lo)
		sec = lo;
	if (sec > hi)
		sec = hi;
	int64_t days = sec >= 0 ? sec / 86400 : -((-sec + 86399) / 86400);
	int64_t rest = sec - days * 86400, y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	unsigned hh = (unsigned)(rest / 3600), mm = (unsigned)(rest / 60 % 60), ss = (unsigned)(rest % 60);
	char *p = out;
	unsigned fields[] = {(unsigned)y, m, d, hh, mm, ss};
	static const char seps[] = "--T::Z";
	for (int f = 0; f < 6; f++) {
		unsigned v = fields[f];
		if (f == 0) {
			*p++ = (char)('0' + v / 1000);
			*p++ = (char)('0' + v / 100 % 10);
		}
		*p++ = (char)('0' + v / 10 % 10);
		*p++ = (char)('0' + v % 10);
		*p++ = seps[f];
	}
	*p = '\0';
	return out;
}

struct instant clock_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct instant now = {(int64_t)ts.tv_sec, (int32_t)ts.tv_nsec};
	return now;
}

int64_t clock_local_day(int64_t sec)
{
	time_t t = (time_t)sec;
	struct tm tm;
	if (!localtime_r(&t, &tm))
		return sec / 86400;
	return clock_days_from_civil((int64_t)tm.tm_year + 1900, (unsigned)tm.tm_mon + 1,
				     (unsigned)tm.tm_mday);
}
