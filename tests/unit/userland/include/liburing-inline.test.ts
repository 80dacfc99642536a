/**
 * liburing.h's static inline helpers behave like the real liburing's.
 *
 * A program builds an io_uring by hand (ring indices and SQE/CQE arrays in ordinary memory, as
 * io_uring_queue_init would map them), fills SQEs over a 0xab background with the io_uring_prep_*
 * helpers, and walks the CQ ring with io_uring_peek_cqe/io_uring_wait_cqe/io_uring_cqe_seen; it
 * defines __io_uring_get_cqe itself, so entering the kernel shows up as a line of output. Its
 * output with PinLab's liburing.h must equal its output with the host's liburing (the same bytes
 * in every SQE, the same ring indices), under gcc and under PinLab's own cc.
 */
import { describe, expect, it } from 'vitest'
import { runTestProgram } from '../../../../electron/userland/cc/testlibc'
import { HEADERS } from '../../../../electron/userland/include'
import { gcc, requireToolchain } from './toolchain'

const PROGRAM = `#include <stdio.h>
#include <string.h>
#include <liburing.h>

int __io_uring_get_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr, unsigned submit, unsigned wait_nr, sigset_t *sigmask)
{
	(void)ring;
	(void)sigmask;
	*cqe_ptr = NULL;
	printf("enter submit=%u wait_nr=%u\\n", submit, wait_nr);
	return -11;
}

static unsigned sq_head, sq_tail, sq_flags, sq_dropped, sq_array[4], sq_mask = 3, sq_entries = 4;
static unsigned cq_head, cq_tail, cq_flags, cq_overflow, cq_mask = 7, cq_entries = 8;
static struct io_uring_sqe sqes[4];
static struct io_uring_cqe cqes[8];

static void dump(const char *what, const struct io_uring_sqe *sqe)
{
	const unsigned char *b = (const unsigned char *)sqe;
	int i;
	printf("%s ", what);
	for (i = 0; i < (int)sizeof(*sqe); i++)
		printf("%02x", b[i]);
	printf("\\n");
}

int main(void)
{
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	int i, r;

	memset(&ring, 0, sizeof(ring));
	ring.sq.khead = &sq_head;
	ring.sq.ktail = &sq_tail;
	ring.sq.kring_mask = &sq_mask;
	ring.sq.kring_entries = &sq_entries;
	ring.sq.kflags = &sq_flags;
	ring.sq.kdropped = &sq_dropped;
	ring.sq.array = sq_array;
	ring.sq.sqes = sqes;
	ring.sq.ring_mask = 3;
	ring.sq.ring_entries = 4;
	ring.cq.khead = &cq_head;
	ring.cq.ktail = &cq_tail;
	ring.cq.kring_mask = &cq_mask;
	ring.cq.kring_entries = &cq_entries;
	ring.cq.kflags = &cq_flags;
	ring.cq.koverflow = &cq_overflow;
	ring.cq.cqes = cqes;
	ring.cq.ring_mask = 7;
	ring.cq.ring_entries = 8;
	memset(sqes, 0xab, sizeof(sqes));

	for (i = 0; i < 5; i++) {
		sqe = io_uring_get_sqe(&ring);
		printf("get_sqe %d -> %ld\\n", i, sqe ? (long)(sqe - sqes) : -1L);
	}
	printf("sq_ready %u space_left %u\\n", io_uring_sq_ready(&ring), io_uring_sq_space_left(&ring));
	sq_head = 2;
	sqe = io_uring_get_sqe(&ring);
	printf("after the kernel consumed 2: get_sqe -> %ld\\n", sqe ? (long)(sqe - sqes) : -1L);

	io_uring_prep_nop(&sqes[0]);
	dump("nop", &sqes[0]);
	io_uring_prep_read(&sqes[1], 3, (void *)0x7f0000001000UL, 4096, 8192);
	io_uring_sqe_set_data(&sqes[1], (void *)0xdeadbeefUL);
	dump("read", &sqes[1]);
	io_uring_prep_write_fixed(&sqes[2], 4, (const void *)0x7f0000002000UL, 512, 1ULL << 40, 1);
	io_uring_sqe_set_data64(&sqes[2], 0x123456789abcdef0ULL);
	io_uring_sqe_set_flags(&sqes[2], IOSQE_FIXED_FILE | IOSQE_IO_LINK);
	dump("write_fixed", &sqes[2]);
	io_uring_prep_read_fixed(&sqes[3], 5, (void *)0x7f0000003000UL, 4096, 0, 7);
	dump("read_fixed", &sqes[3]);
	io_uring_prep_write(&sqes[0], 6, (const void *)0x1000UL, 1, 2);
	dump("write", &sqes[0]);
	io_uring_prep_fsync(&sqes[1], 7, IORING_FSYNC_DATASYNC);
	dump("fsync", &sqes[1]);

	r = io_uring_peek_cqe(&ring, &cqe);
	printf("peek on an empty ring: %d %s\\n", r, cqe ? "cqe" : "NULL");

	cqes[0].user_data = LIBURING_UDATA_TIMEOUT;
	cqes[0].res = 0;
	cqes[1].user_data = 0xdeadbeefUL;
	cqes[1].res = 4096;
	cqes[2].user_data = 0x123456789abcdef0ULL;
	cqes[2].res = -14;
	cq_tail = 3;
	printf("cq_ready %u\\n", io_uring_cq_ready(&ring));
	r = io_uring_wait_cqe(&ring, &cqe);
	printf("wait: %d cqe %ld res %d data %lx head %u ready %u\\n", r, (long)(cqe - cqes), cqe->res,
	       (unsigned long)io_uring_cqe_get_data(cqe), cq_head, io_uring_cq_ready(&ring));
	io_uring_cqe_seen(&ring, cqe);
	r = io_uring_peek_cqe(&ring, &cqe);
	printf("peek: %d cqe %ld res %d data64 %llx head %u\\n", r, (long)(cqe - cqes), cqe->res,
	       (unsigned long long)io_uring_cqe_get_data64(cqe), cq_head);
	io_uring_cqe_seen(&ring, cqe);
	io_uring_cqe_seen(&ring, NULL);
	printf("head %u ready %u\\n", cq_head, io_uring_cq_ready(&ring));
	r = io_uring_wait_cqe(&ring, &cqe);
	printf("wait on an empty ring: %d %s\\n", r, cqe ? "cqe" : "NULL");
	io_uring_cq_advance(&ring, 0);
	printf("head %u\\n", cq_head);
	return 0;
}
`

describe('liburing.h inline helpers', () => {
  it('fill SQEs and walk the rings exactly as the host liburing does (gcc)', () => {
    requireToolchain()
    const host = gcc(PROGRAM, { ours: false, run: true })
    const ours = gcc(PROGRAM, { ours: true, run: true })
    expect(host).toContain('write_fixed ')
    expect(host).toContain('wait: 0 cqe 1 res 4096 data deadbeef')
    expect(ours).toBe(host)
  })

  it("give the same results in PinLab's cc", () => {
    requireToolchain()
    const host = gcc(PROGRAM, { ours: false, run: true })
    const files: Record<string, string> = {}
    for (const [name, text] of Object.entries(HEADERS)) files[`/usr/include/${name}`] = text
    const r = runTestProgram(PROGRAM, { files })
    expect(r.compile.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toBe(host)
  })
})
