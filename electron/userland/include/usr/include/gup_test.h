/*
 * gup_test.h - the interface of /sys/kernel/debug/gup_test (CONFIG_GUP_TEST),
 * the kernel's self-test of get_user_pages() and pin_user_pages().
 *
 * The kernel keeps this header in mm/gup_test.h; the selftests in
 * tools/testing/selftests/mm include it from there.  In PinLab it is
 * installed here, so both #include "gup_test.h" and <gup_test.h> work.
 *
 *   int fd = open("/sys/kernel/debug/gup_test", O_RDWR);
 *   struct gup_test gup = { .addr = (unsigned long)buf, .size = len,
 *                           .nr_pages_per_call = 1, .gup_flags = 1 };
 *   ioctl(fd, PIN_FAST_BENCHMARK, &gup);
 *
 * The *_BENCHMARK and *_TEST commands get or pin the pages of
 * [addr, addr + size) in chunks of nr_pages_per_call, then put or unpin
 * them; size comes back as the number of bytes processed.  gup_flags takes
 * FOLL_* bits (the selftest passes FOLL_WRITE 0x01 and FOLL_TOUCH 0x02).
 * DUMP_USER_PAGES_TEST dump_page()s the 1-based page numbers in
 * which_pages[] to the kernel log (pinning them instead of getting them
 * with GUP_TEST_FLAG_DUMP_PAGES_USE_PIN in test_flags).
 * PIN_LONGTERM_TEST_START pins a range with FOLL_LONGTERM until
 * PIN_LONGTERM_TEST_STOP (or close); PIN_LONGTERM_TEST_READ copies what
 * the pinned pages hold now into the buffer whose address it is given.
 */
#ifndef __GUP_TEST_H
#define __GUP_TEST_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define GUP_FAST_BENCHMARK _IOWR('g', 1, struct gup_test)	/* get_user_pages_fast() */
#define PIN_FAST_BENCHMARK _IOWR('g', 2, struct gup_test)	/* pin_user_pages_fast() */
#define PIN_LONGTERM_BENCHMARK _IOWR('g', 3, struct gup_test)	/* pin_user_pages(FOLL_LONGTERM) */
#define GUP_BASIC_TEST _IOWR('g', 4, struct gup_test)		/* get_user_pages() */
#define PIN_BASIC_TEST _IOWR('g', 5, struct gup_test)		/* pin_user_pages() */
#define DUMP_USER_PAGES_TEST _IOWR('g', 6, struct gup_test)
#define PIN_LONGTERM_TEST_START _IOW('g', 7, struct pin_longterm_test)
#define PIN_LONGTERM_TEST_STOP _IO('g', 8)
#define PIN_LONGTERM_TEST_READ _IOW('g', 9, __u64)

#define GUP_TEST_MAX_PAGES_TO_DUMP 8

#define GUP_TEST_FLAG_DUMP_PAGES_USE_PIN 0x1

struct gup_test {
	__u64 get_delta_usec;		/* out: microseconds to get/pin */
	__u64 put_delta_usec;		/* out: microseconds to put/unpin */
	__u64 addr;
	__u64 size;			/* in: bytes; out: bytes processed */
	__u32 nr_pages_per_call;
	__u32 gup_flags;
	__u32 test_flags;
	/* 1-based page numbers from addr (0: nothing) for DUMP_USER_PAGES_TEST */
	__u32 which_pages[GUP_TEST_MAX_PAGES_TO_DUMP];
};

#define PIN_LONGTERM_TEST_FLAG_USE_WRITE 1
#define PIN_LONGTERM_TEST_FLAG_USE_FAST 2

struct pin_longterm_test {
	__u64 addr;
	__u64 size;
	__u32 flags;
};

#endif /* __GUP_TEST_H */
