#include "logpath.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

static char *join(const char *dir, const char *tail)
{
	size_t a = strlen(dir), b = strlen(tail);
	char *p = xmalloc(a + b + 1);
	memcpy(p, dir, a);
	memcpy(p + a, tail, b + 1);
	return p;
}

char *logpath_default(const char **err)
{
	const char *v = getenv("IQ_LOG");
	if (v && *v)
		return xstrdup(v);
	v = getenv("XDG_STATE_HOME");
	if (v && v[0] == '/')
		return join(v, "/iqtools/reviews.jsonl");
	v = getenv("HOME");
	if (!v || !*v) {
		struct passwd *pw = getpwuid(getuid());
		v = pw ? pw->pw_dir : NULL;
	}
	if (!v || !*v) {
		*err = "no home directory: set IQ_LOG or use -l";
		return NULL;
	}
	return join(v, "/.local/state/iqtools/reviews.jsonl");
}

/* mkdir -p of path's parent directory, each new one mode 0700. */
static int make_parents(const char *path)
{
	char *dir = xstrdup(path);
	int rc = 0;
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			rc = -1;
			*p = '/';
			break;
		}
		*p = '/';
	}
	int saved = errno;
	free(dir);
	errno = saved;
	return rc;
}

int logpath_open_append(const char *path, const char **what)
{
	if (make_parents(path) != 0) {
		*what = "cannot create directory";
		return -1;
	}
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		*what = "cannot open";
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		int rfd = open(path, O_RDONLY | O_CLOEXEC);
		char last = '\n';
		if (rfd >= 0) {
			if (pread(rfd, &last, 1, st.st_size - 1) != 1)
				last = '\n';
			close(rfd);
		}
		if (last != '\n' && write(fd, "\n", 1) != 1) {
			int saved = errno;
			close(fd);
			errno = saved;
			*what = "cannot write";
			return -1;
		}
	}
	return fd;
}
