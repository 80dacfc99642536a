/*
 * time.h - date and time (C99 7.23, POSIX clocks), as glibc on Linux x86-64.
 * PinLab's clock is virtual: the same program sees the same times each run.
 */
#ifndef _TIME_H
#define _TIME_H

#include <bits/types.h>

#ifndef NULL
#define NULL ((void *)0)
#endif

#define CLOCKS_PER_SEC ((clock_t)1000000)

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7
#define TIMER_ABSTIME 1
#define TIME_UTC 1

struct tm {
	int tm_sec;
	int tm_min;
	int tm_hour;
	int tm_mday;
	int tm_mon;
	int tm_year;
	int tm_wday;
	int tm_yday;
	int tm_isdst;
	long tm_gmtoff;
	const char *tm_zone;
};

extern time_t time(time_t *tloc);
extern clock_t clock(void);
extern double difftime(time_t time1, time_t time0);
extern time_t mktime(struct tm *tm);
extern struct tm *gmtime(const time_t *timep);
extern struct tm *gmtime_r(const time_t *timep, struct tm *result);
extern struct tm *localtime(const time_t *timep);
extern struct tm *localtime_r(const time_t *timep, struct tm *result);
extern char *asctime(const struct tm *tm);
extern char *ctime(const time_t *timep);
extern size_t strftime(char *s, size_t max, const char *format, const struct tm *tm);
extern int clock_gettime(clockid_t clockid, struct timespec *tp);
extern int clock_getres(clockid_t clockid, struct timespec *res);
extern int clock_nanosleep(clockid_t clockid, int flags, const struct timespec *request, struct timespec *remain);
extern int nanosleep(const struct timespec *req, struct timespec *rem);
extern int timespec_get(struct timespec *ts, int base);

#endif /* _TIME_H */
