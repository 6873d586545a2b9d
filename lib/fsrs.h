/* fsrs: the FSRS-6 memory model, exactly as SPEC §3a writes it.
 * Used by lib/reviewlog (replaying a question's reviews) and iqdue (recall,
 * due time, the --by rule).
 *
 * Pure functions over doubles: no I/O, no state, nothing allocated.  Times
 * are in days; S is stability (the days after which recall falls to 90%),
 * D difficulty (1 .. 10), R recall (0 .. 1), G a grade 1 again, 2 hard,
 * 3 good, 4 easy.  Every expression is evaluated in the order the SPEC
 * writes it, so results agree with the reference vectors
 * (shared/fsrs/vectors.jsonl) to the last bits or nearly. */
#ifndef IQ_FSRS_H
#define IQ_FSRS_H

/* The 21 default weights w0 .. w20 (SPEC §3a, "w = 0.212, ..."). */
#define FSRS_NWEIGHTS 21
extern const double fsrs_w[FSRS_NWEIGHTS];

#define FSRS_S_MIN 0.001
#define FSRS_S_MAX 36500.0
#define FSRS_D_MIN 1.0
#define FSRS_D_MAX 10.0
#define FSRS_INTERVAL_MAX 36500L
#define FSRS_RETENTION_DEFAULT 0.9 /* the default desired retention */

struct fsrs_state {
	double s, d;
};

/* DECAY = -w20. */
double fsrs_decay(void);

/* FACTOR = 0.9^(1/DECAY) - 1. */
double fsrs_factor(void);

/* recall R(t, S) = (1 + FACTOR·t/S)^DECAY, t in days (real-valued). */
double fsrs_recall(double t, double s);

/* interval I(S) = S/FACTOR · (r^(1/DECAY) - 1), rounded to the nearest
 * whole day (halves up), clamped to 1 .. 36500; r the desired retention. */
long fsrs_interval(double s, double retention);

/* D0(G) = w4 - e^(w5·(G-1)) + 1, unclamped. */
double fsrs_initial_difficulty(int grade);

/* First review: S = w[G-1]; D = D0(G) clamped to 1 .. 10. */
struct fsrs_state fsrs_first(int grade);

/* t = 0 (same day): S' = S · e^(w17·(G - 3 + w18)) · S^(-w19), where for
 * G >= 2 the factor applied to S is at least 1.  Unclamped. */
double fsrs_stability_same_day(double s, int grade);

/* G = 1: S' = min(w11 · D^(-w12) · ((S+1)^w13 - 1) · e^(w14·(1-R)),
 * S / e^(w17·w18)).  Unclamped. */
double fsrs_stability_lapse(double s, double d, double r);

/* G >= 2: S' = S · (1 + e^w8 · (11 - D) · S^(-w9) · (e^(w10·(1-R)) - 1)
 * · (w15 if G = 2) · (w16 if G = 4)).  Unclamped. */
double fsrs_stability_success(double s, double d, double r, int grade);

/* D' = D - w6·(G-3)·(10-D)/9, then D'' = w7·D0(4) + (1-w7)·D', clamped to
 * 1 .. 10. */
double fsrs_next_difficulty(double d, int grade);

/* A later review: days = whole days since the last review (seconds / 86400
 * rounded down), R = R(days, S); the new S (same-day, lapse or success,
 * from the old S and D, then clamped to 0.001 .. 36500) and the new D. */
struct fsrs_state fsrs_review(struct fsrs_state st, long days, int grade);

/* x clamped to lo .. hi. */
double fsrs_clamp(double x, double lo, double hi);

#endif
