#include "fsrs.h"

#include <math.h>

const double fsrs_w[FSRS_NWEIGHTS] = {
	0.212,  1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194,
	0.001,  1.8722, 0.1666, 0.796,  1.4835, 0.0614, 0.2629,
	1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
};

#define W fsrs_w

double fsrs_clamp(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

double fsrs_decay(void)
{
	return -W[20];
}

double fsrs_factor(void)
{
	return pow(0.9, 1 / fsrs_decay()) - 1;
}

double fsrs_recall(double t, double s)
{
	return pow(1 + fsrs_factor() * t / s, fsrs_decay());
}

long fsrs_interval(double s, double retention)
{
	double days = s / fsrs_factor() * (pow(retention, 1 / fsrs_decay()) - 1);
	double rounded = floor(days + 0.5);
	return (long)fsrs_clamp(rounded, 1, (double)FSRS_INTERVAL_MAX);
}

double fsrs_initial_difficulty(int grade)
{
	return W[4] - exp(W[5] * (grade - 1)) + 1;
}

struct fsrs_state fsrs_first(int grade)
{
	struct fsrs_state st = {W[grade - 1],
				fsrs_clamp(fsrs_initial_difficulty(grade), FSRS_D_MIN, FSRS_D_MAX)};
	return st;
}

double fsrs_stability_same_day(double s, int grade)
{
	double factor = exp(W[17] * (grade - 3 + W[18])) * pow(s, -W[19]);
	if (grade >= 2 && factor < 1)
		factor = 1;
	return s * factor;
}

double fsrs_stability_lapse(double s, double d, double r)
{
	double forget = W[11] * pow(d, -W[12]) * (pow(s + 1, W[13]) - 1) * exp(W[14] * (1 - r));
	double cap = s / exp(W[17] * W[18]);
	return forget < cap ? forget : cap;
}

double fsrs_stability_success(double s, double d, double r, int grade)
{
	double hard = grade == 2 ? W[15] : 1, easy = grade == 4 ? W[16] : 1;
	return s * (1 + exp(W[8]) * (11 - d) * pow(s, -W[9]) * (exp(W[10] * (1 - r)) - 1) *
			    hard * easy);
}

double fsrs_next_difficulty(double d, int grade)
{
	double d1 = d - W[6] * (grade - 3) * (10 - d) / 9;
	double d2 = W[7] * fsrs_initial_difficulty(4) + (1 - W[7]) * d1;
	return fsrs_clamp(d2, FSRS_D_MIN, FSRS_D_MAX);
}

struct fsrs_state fsrs_review(struct fsrs_state st, long days, int grade)
{
	double r = fsrs_recall((double)days, st.s), s;
	if (days == 0)
		s = fsrs_stability_same_day(st.s, grade);
	else if (grade == 1)
		s = fsrs_stability_lapse(st.s, st.d, r);
	else
		s = fsrs_stability_success(st.s, st.d, r, grade);
	struct fsrs_state next = {fsrs_clamp(s, FSRS_S_MIN, FSRS_S_MAX),
				  fsrs_next_difficulty(st.d, grade)};
	return next;
}
