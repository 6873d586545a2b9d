#include "quiz.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "jsonl.h"
#include "record.h"
#include "termsafe.h"
#include "width.h"
#include "xalloc.h"

struct field {
	char *p;
	size_t len;
};

struct quiz_item {
	char id[17];
	struct field topic, title, url, desc, path, last;
	double recall;
	int has_last, has_recall;
	int64_t last_t;   /* this session's latest stamp of the id */
	int stamped, reasked;
};

static const char *const grade_names[5] = {"", "1 again", "2 hard", "3 good", "4 easy"};
static const char *const grade_colors[5] = {"", "31", "33", "32", "32"};

void quiz_init(struct quiz *q)
{
	memset(q, 0, sizeof *q);
	buf_init(&q->unsaved);
}

static void field_free(struct field *f) { free(f->p); }

void quiz_free(struct quiz *q)
{
	for (size_t i = 0; i < q->n; i++) {
		struct quiz_item *it = &q->items[i];
		field_free(&it->topic);
		field_free(&it->title);
		field_free(&it->url);
		field_free(&it->desc);
		field_free(&it->path);
		field_free(&it->last);
	}
	free(q->items);
	free(q->ids);
	free(q->queue);
	buf_free(&q->unsaved);
}

/* ---- records ---- */

static struct field get_field(json_t *obj, const char *key, int *present)
{
	size_t len = 0;
	const char *s = jsonl_get_string(obj, key, &len);
	if (present)
		*present = s != NULL;
	return (struct field){xmemdup(s ? s : "", s ? len : 0), s ? len : 0};
}

/* The record's headings joined by " › ", or its section when it has none. */
static struct field heading_path(json_t *obj)
{
	struct buf b = BUF_INIT;
	json_t *h = json_object_get(obj, "headings");
	size_t i;
	json_t *v;
	if (json_is_array(h)) {
		json_array_foreach(h, i, v) {
			if (!json_is_string(v) || !json_string_length(v))
				continue;
			if (b.len)
				buf_adds(&b, " \u203a ");
			buf_add(&b, json_string_value(v), json_string_length(v));
		}
	}
	if (!b.len) {
		size_t len;
		const char *s = jsonl_get_string(obj, "section", &len);
		if (s)
			buf_add(&b, s, len);
	}
	struct field f = {xmemdup(b.p, b.len), b.len};
	buf_free(&b);
	return f;
}

static int parse_id(const char *s, size_t len, uint64_t *id)
{
	if (!s || len != 16)
		return -1;
	uint64_t v = 0;
	for (size_t i = 0; i < 16; i++) {
		char c = s[i];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return -1;
		v = v << 4 | d;
	}
	*id = v;
	return 0;
}

/* Insert id into the set; 1 when it was there already.  Slot value 0 is
 * empty, so the id is stored plus one (id UINT64_MAX shares with 0: both
 * kept apart by a flag would cost more than the never-seen collision). */
static int id_seen(struct quiz *q, uint64_t id)
{
	if (2 * (q->n + 1) > q->ids_cap) {
		size_t cap = q->ids_cap ? 2 * q->ids_cap : 64;
		uint64_t *ids = xcalloc(cap, sizeof *ids);
		for (size_t i = 0; i < q->ids_cap; i++) {
			if (!q->ids[i])
				continue;
			size_t j = (size_t)(q->ids[i] * 0x9e3779b97f4a7c15u) & (cap - 1);
			while (ids[j])
				j = (j + 1) & (cap - 1);
			ids[j] = q->ids[i];
		}
		free(q->ids);
		q->ids = ids;
		q->ids_cap = cap;
	}
	uint64_t key = id + 1 ? id + 1 : 1;
	size_t j = (size_t)(key * 0x9e3779b97f4a7c15u) & (q->ids_cap - 1);
	while (q->ids[j]) {
		if (q->ids[j] == key)
			return 1;
		j = (j + 1) & (q->ids_cap - 1);
	}
	q->ids[j] = key;
	return 0;
}

static void queue_push(struct quiz *q, size_t item)
{
	XGROW(q->queue, q->nqueue + 1, q->queue_cap);
	q->queue[q->nqueue++] = item;
}

int quiz_add(struct quiz *q, const char *line, size_t len, char *err, size_t errsize)
{
	json_t *obj = jsonl_parse(line, len, err, errsize);
	if (!obj)
		return -1;
	size_t idlen = 0;
	const char *id = jsonl_get_string(obj, "id", &idlen);
	uint64_t v;
	if (parse_id(id, idlen, &v) != 0) {
		snprintf(err, errsize, "no \"id\" of 16 hex digits");
		json_decref(obj);
		return -1;
	}
	if (id_seen(q, v)) {
		json_decref(obj);
		return 1;
	}
	XGROW(q->items, q->n + 1, q->items_cap);
	struct quiz_item *it = &q->items[q->n];
	memset(it, 0, sizeof *it);
	memcpy(it->id, id, 16);
	it->topic = get_field(obj, "topic", NULL);
	it->title = get_field(obj, "title", NULL);
	it->url = get_field(obj, "url", NULL);
	it->desc = get_field(obj, "desc", NULL);
	it->path = heading_path(obj);
	it->last = get_field(obj, "last", &it->has_last);
	json_t *r = json_object_get(obj, "recall");
	if (json_is_number(r)) {
		it->has_recall = 1;
		it->recall = json_number_value(r);
	}
	json_decref(obj);
	queue_push(q, q->n);
	q->n++;
	return 0;
}

/* ---- screens ---- */

enum { INDENT = 5, MIN_WIDTH = 20 };

static void sgr(const struct quiz *q, struct buf *dst, const char *code)
{
	if (q->color) {
		buf_add(dst, "\033[", 2);
		buf_adds(dst, code);
		buf_addc(dst, 'm');
	}
}

/* s made safe and wrapped from column *col, continuing at indent. */
static void add_text(struct buf *dst, const char *s, size_t len, size_t *col, size_t indent,
		     size_t width)
{
	struct buf safe = BUF_INIT;
	termsafe_append(&safe, s, len, TERMSAFE_KEEP_SPACE);
	width_wrap(dst, safe.p, safe.len, col, indent, width);
	buf_free(&safe);
}

static void add_hint(const struct quiz *q, struct buf *dst, const char *keys, size_t width)
{
	size_t col = 2;
	sgr(q, dst, "2");
	buf_adds(dst, "  ");
	width_wrap(dst, keys, strlen(keys), &col, 8, width);
	sgr(q, dst, "0");
	buf_addc(dst, '\n');
}

static int has_text(const struct field *f) { return width_str(f->p, f->len) > 0; }

/* What the question asks: the topic, else the title, else the url. */
static const struct field *question_text(const struct quiz_item *it)
{
	if (has_text(&it->topic))
		return &it->topic;
	if (has_text(&it->title))
		return &it->title;
	return &it->url;
}

static void show_question(const struct quiz *q, const struct quiz_item *it, int again,
			  size_t width, struct buf *dst)
{
	char head[64];
	int n = snprintf(head, sizeof head, "[%zu/%zu]", q->pos + 1, q->nqueue);
	size_t col = n > 0 ? (size_t)n : 0;
	sgr(q, dst, "33");
	buf_add(dst, head, col);
	sgr(q, dst, "0");
	if (again) {
		buf_adds(dst, " (again)");
		col += 8;
	}
	if (has_text(&it->path)) {
		buf_addc(dst, ' ');
		col++;
		sgr(q, dst, "36");
		add_text(dst, it->path.p, it->path.len, &col, 2, width);
		sgr(q, dst, "0");
	}
	buf_adds(dst, "\n  Q: ");
	col = INDENT;
	const struct field *ask = question_text(it);
	sgr(q, dst, "1");
	add_text(dst, ask->p, ask->len, &col, INDENT, width);
	sgr(q, dst, "0");
	buf_addc(dst, '\n');
	add_hint(q, dst, "keys: space answer, s skip, q quit", width);
}

static void show_answer(const struct quiz *q, const struct quiz_item *it, size_t width,
			struct buf *dst)
{
	size_t col = INDENT;
	buf_adds(dst, "  A: ");
	const struct field *ask = question_text(it);
	int title_new = has_text(&it->title) &&
			(ask->len != it->title.len || memcmp(ask->p, it->title.p, ask->len) != 0);
	if (title_new || (has_text(&it->title) && has_text(&it->url))) {
		sgr(q, dst, "1");
		add_text(dst, it->title.p, it->title.len, &col, INDENT, width);
		sgr(q, dst, "0");
	} else if (!has_text(&it->url)) {
		buf_adds(dst, "(no answer in the record)");
	}
	if (has_text(&it->url)) {
		if (col > INDENT)
			buf_adds(dst, "\n     ");
		col = INDENT;
		sgr(q, dst, "34");
		add_text(dst, it->url.p, it->url.len, &col, INDENT, 0);
		sgr(q, dst, "0");
	}
	if (has_text(&it->desc)) {
		buf_adds(dst, "\n     ");
		col = INDENT;
		add_text(dst, it->desc.p, it->desc.len, &col, INDENT, width);
	}
	if (it->has_last) {
		struct buf seen = BUF_INIT;
		if (it->last.len) {
			buf_adds(&seen, "last seen ");
			buf_add(&seen, it->last.p, it->last.len);
			if (it->has_recall && it->recall >= 0 && it->recall <= 1) {
				char pct[32];
				snprintf(pct, sizeof pct, ", recall %.0f%%", it->recall * 100);
				buf_adds(&seen, pct);
			}
		} else {
			buf_adds(&seen, "never seen before");
		}
		buf_adds(dst, "\n     ");
		col = INDENT;
		sgr(q, dst, "2");
		add_text(dst, seen.p, seen.len, &col, INDENT, width);
		sgr(q, dst, "0");
		buf_free(&seen);
	}
	buf_addc(dst, '\n');
	add_hint(q, dst, "keys: 1 again, 2 hard, 3 good, 4 easy, o open, s skip, q quit", width);
}

/* "  -> WHAT", then SEP and DETAIL (made safe) when detail is given. */
static void show_outcome(const struct quiz *q, struct buf *dst, const char *color,
			 const char *what, const char *sep, const char *detail)
{
	buf_adds(dst, "  -> ");
	sgr(q, dst, color);
	buf_adds(dst, what);
	sgr(q, dst, "0");
	if (detail) {
		buf_adds(dst, sep);
		buf_adds(dst, termsafe_str(detail));
	}
	buf_addc(dst, '\n');
}

void quiz_summary(const struct quiz *q, struct buf *dst)
{
	unsigned long reviewed = q->graded[1] + q->graded[2] + q->graded[3] + q->graded[4];
	char line[256];
	snprintf(line, sizeof line,
		 "session: %lu reviewed (again %lu, hard %lu, good %lu, easy %lu), %lu skipped",
		 reviewed, q->graded[1], q->graded[2], q->graded[3], q->graded[4], q->skipped);
	buf_adds(dst, line);
	if (q->pos < q->nqueue) {
		snprintf(line, sizeof line, ", %zu not asked", q->nqueue - q->pos);
		buf_adds(dst, line);
	}
	buf_addc(dst, '\n');
}

/* ---- the log ---- */

void quiz_log_line(struct buf *dst, const char *id, int64_t t, int grade, long long ms,
		   const char *topic, size_t topic_len, const char *title, size_t title_len)
{
	char stamp[CLOCK_RFC3339_SIZE], num[64];
	buf_adds(dst, "{\"id\":");
	json_quote(dst, id, strlen(id));
	buf_adds(dst, ",\"t\":\"");
	buf_adds(dst, clock_format_utc(t, stamp));
	snprintf(num, sizeof num, "\",\"grade\":%d", grade);
	buf_adds(dst, num);
	if (ms >= 0) {
		snprintf(num, sizeof num, ",\"ms\":%lld", ms);
		buf_adds(dst, num);
	}
	buf_adds(dst, ",\"topic\":");
	json_quote(dst, topic, topic_len);
	buf_adds(dst, ",\"title\":");
	json_quote(dst, title, title_len);
	buf_adds(dst, "}\n");
}

int quiz_log_append(int fd, const char *line, size_t len, const char **what)
{
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	ssize_t n;
	do
		n = write(fd, line, len);
	while (n < 0 && errno == EINTR);
	int saved_errno = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (n < 0) {
		errno = saved_errno;
		*what = "write error";
		return -1;
	}
	if ((size_t)n != len) {
		errno = ENOSPC;
		*what = "short write";
		return -1;
	}
	if (fdatasync(fd) != 0 && errno != EINVAL) {
		*what = "cannot sync";
		return -1;
	}
	return 0;
}

/* ---- opening a url ---- */

static int on_path(const char *name)
{
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/bin:/bin";
	struct buf b = BUF_INIT;
	int found = 0;
	while (!found) {
		size_t n = strcspn(path, ":");
		buf_reset(&b);
		buf_add(&b, n ? path : ".", n ? n : 1);
		buf_addc(&b, '/');
		buf_adds(&b, name);
		found = access(b.p, X_OK) == 0;
		if (!path[n])
			break;
		path += n + 1;
	}
	buf_free(&b);
	return found;
}

static int web_scheme(const char *url, size_t len)
{
	if (len >= 7 && strncasecmp(url, "http://", 7) == 0)
		return 1;
	return len >= 8 && strncasecmp(url, "https://", 8) == 0;
}

int quiz_open_url(const char *url, size_t len, const char **prog, const char **why)
{
	if (!len) {
		*why = "the record has no url";
		return -1;
	}
	if (!web_scheme(url, len) || memchr(url, '\0', len)) {
		*why = "only http and https urls are opened";
		return -1;
	}
	const char *browser = getenv("BROWSER");
	if (browser && *browser)
		*prog = browser;
	else if (on_path("xdg-open"))
		*prog = "xdg-open";
	else if (on_path("open"))
		*prog = "open";
	else {
		*why = "no browser (set BROWSER)";
		return -1;
	}
	int report[2];
	if (pipe2(report, O_CLOEXEC) != 0) {
		*why = "cannot start it";
		return -1;
	}
	pid_t pid = fork();
	if (pid == 0) {
		/* The child: a new session, then a grandchild that init adopts,
		 * so the browser outlives the quiz and never reads its terminal. */
		char *argv[] = {(char *)*prog, (char *)url, NULL};
		setsid();
		pid_t g = fork();
		if (g != 0)
			_exit(g < 0);
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
			dup2(null, 2);
		}
		sigset_t none;
		sigemptyset(&none);
		signal(SIGPIPE, SIG_DFL);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execvp(argv[0], argv);
		int e = errno;
		if (write(report[1], &e, sizeof e) < 0)
			_exit(127);
		_exit(127);
	}
	close(report[1]);
	int status, e = 0;
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	ssize_t got;
	do
		got = read(report[0], &e, sizeof e);
	while (got < 0 && errno == EINTR);
	close(report[0]);
	if (pid < 0 || got == (ssize_t)sizeof e) {
		errno = pid < 0 ? errno : e;
		*why = "cannot start it";
		return -1;
	}
	return 0;
}

/* ---- the session ---- */

static size_t screen_width(const struct quiz_io *io)
{
	size_t w = 80;
	if (io->tty) {
		w = tty_width(io->tty);
	} else {
		const char *c = getenv("COLUMNS");
		if (c && *c && strspn(c, "0123456789") == strlen(c) && strlen(c) < 6)
			w = (size_t)atoi(c);
	}
	return w < MIN_WIDTH ? MIN_WIDTH : w;
}

static long long monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int flush_screen(const struct quiz_io *io, struct buf *screen)
{
	int rc = tty_write_all(io->screen_fd, screen->p, screen->len);
	buf_reset(screen);
	return rc;
}

static int64_t stamp(struct quiz *q, struct quiz_item *it)
{
	int64_t t;
	if (q->fixed_clock) {
		t = q->now.sec + q->stamps;
	} else {
		t = clock_now().sec;
		if (it->stamped && t <= it->last_t)
			t = it->last_t + 1;
	}
	q->stamps++;
	it->stamped = 1;
	it->last_t = t;
	return t;
}

/* Log grade for it; 0, or -1 with q->unsaved and the error set. */
static int record_grade(struct quiz *q, const struct quiz_io *io, struct quiz_item *it,
			int grade, long long ms)
{
	buf_reset(&q->unsaved);
	quiz_log_line(&q->unsaved, it->id, stamp(q, it), grade, q->fixed_clock ? -1 : ms,
		      it->topic.p, it->topic.len, it->title.p, it->title.len);
	if (quiz_log_append(io->log_fd, q->unsaved.p, q->unsaved.len, &q->log_error) != 0) {
		q->log_errno = errno;
		return -1;
	}
	q->graded[grade]++;
	if (grade == 1 && !it->reasked) {
		it->reasked = 1;
		queue_push(q, (size_t)(it - q->items));
	}
	return 0;
}

enum quiz_end quiz_run(struct quiz *q, const struct quiz_io *io)
{
	struct buf screen = BUF_INIT;
	enum quiz_end end = QUIZ_DONE;
	size_t first_pass = q->n;
	while (q->pos < q->nqueue) {
		struct quiz_item *it = &q->items[q->queue[q->pos]];
		int again = q->pos >= first_pass, revealed = 0, next = 0;
		long long shown = monotonic_ms(), ms = 0;
		show_question(q, it, again, screen_width(io), &screen);
		if (flush_screen(io, &screen) != 0)
			end = QUIZ_SCREEN_ERROR;
		while (end == QUIZ_DONE && !next) {
			long key = keyreader_next(io->keys);
			if (key == KEY_EOF || key == 'q' || key == 'Q' || key == 0x04 ||
			    key == KEY_INTERRUPT) {
				buf_addc(&screen, '\n');
				end = key == KEY_INTERRUPT ? QUIZ_INTERRUPT : QUIZ_QUIT;
			} else if (key == KEY_TERMINATE) {
				end = QUIZ_TERMINATE;
			} else if (key == KEY_ERROR) {
				end = QUIZ_KEYS_ERROR;
			} else if (key == KEY_REDRAW) {
				size_t w = screen_width(io);
				buf_addc(&screen, '\n');
				show_question(q, it, again, w, &screen);
				if (revealed)
					show_answer(q, it, w, &screen);
			} else if (key == 's') {
				q->skipped++;
				show_outcome(q, &screen, "2", "skipped", NULL, NULL);
				buf_addc(&screen, '\n');
				next = 1;
			} else if (!revealed && (key == ' ' || key == '\n')) {
				revealed = 1;
				ms = monotonic_ms() - shown;
				show_answer(q, it, screen_width(io), &screen);
			} else if (revealed && key >= '1' && key <= '4') {
				int grade = (int)(key - '0');
				if (record_grade(q, io, it, grade, ms) != 0) {
					end = QUIZ_LOG_ERROR;
					break;
				}
				show_outcome(q, &screen, grade_colors[grade], grade_names[grade], NULL, NULL);
				buf_addc(&screen, '\n');
				next = 1;
			} else if (revealed && key == 'o') {
				const char *prog = NULL, *why = NULL;
				if (quiz_open_url(it->url.p, it->url.len, &prog, &why) == 0) {
					show_outcome(q, &screen, "2", "opened with", " ", prog);
				} else if (strcmp(why, "cannot start it") == 0) {
					char detail[256];
					snprintf(detail, sizeof detail, "%s: %s", prog, strerror(errno));
					show_outcome(q, &screen, "31", "not opened", ": ", detail);
				} else {
					show_outcome(q, &screen, "31", "not opened", ": ", why);
				}
			}
			if (screen.len && flush_screen(io, &screen) != 0)
				end = QUIZ_SCREEN_ERROR;
		}
		if (end != QUIZ_DONE)
			break;
		q->pos++;
	}
	buf_free(&screen);
	return end;
}
