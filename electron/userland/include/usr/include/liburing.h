/*
 * liburing.h - the liburing API for PinLab's io_uring.
 *
 * struct io_uring, io_uring_sq and io_uring_cq have liburing's x86-64
 * layout.  The ring functions (io_uring_queue_init, io_uring_submit,
 * io_uring_register_buffers, ...) are implemented by PinLab's liburing.
 *
 * The small helpers below are static inline C, as in real liburing, and
 * for the same reason: they only touch memory that the application shares
 * with the kernel.  io_uring_get_sqe() takes the next slot of the SQE array
 * that io_uring_queue_init() mapped, the io_uring_prep_*() functions fill
 * it in, and io_uring_cqe_seen() moves the CQ head.  Keeping them in C
 * means every one of those loads and stores goes through the simulated MMU
 * like the program's own, so the ring really is user memory the kernel
 * reads.  Real liburing orders the ring accesses with acquire/release
 * atomics; PinLab's machine runs one instruction stream at a time, so
 * plain volatile accesses are enough here.
 *
 * Return convention: the functions return 0 or a count on success and
 * -errno on failure (they do not set errno).
 */
#ifndef LIB_URING_H
#define LIB_URING_H

/* what the real liburing.h brings along (less sys/socket.h) */
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <inttypes.h>
#include <errno.h>
#include <signal.h>
#include <time.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <linux/io_uring.h>

#ifndef __NR_io_uring_setup
#define __NR_io_uring_setup 425
#endif
#ifndef __NR_io_uring_enter
#define __NR_io_uring_enter 426
#endif
#ifndef __NR_io_uring_register
#define __NR_io_uring_register 427
#endif

/* The application's view of the submission queue. */
struct io_uring_sq {
	unsigned *khead;		/* kernel-shared: consumed up to here */
	unsigned *ktail;		/* kernel-shared: submitted up to here */
	unsigned *kring_mask;		/* deprecated: use ring_mask */
	unsigned *kring_entries;	/* deprecated: use ring_entries */
	unsigned *kflags;
	unsigned *kdropped;
	unsigned *array;		/* index array: slot i -> SQE number */
	struct io_uring_sqe *sqes;	/* the IORING_OFF_SQES mapping */

	unsigned sqe_head;		/* handed to the kernel up to here */
	unsigned sqe_tail;		/* handed out by io_uring_get_sqe() up to here */

	size_t ring_sz;
	void *ring_ptr;

	unsigned ring_mask;
	unsigned ring_entries;

	unsigned pad[2];
};

/* The application's view of the completion queue. */
struct io_uring_cq {
	unsigned *khead;		/* kernel-shared: the application consumed up to here */
	unsigned *ktail;		/* kernel-shared: the kernel posted up to here */
	unsigned *kring_mask;		/* deprecated: use ring_mask */
	unsigned *kring_entries;	/* deprecated: use ring_entries */
	unsigned *kflags;
	unsigned *koverflow;
	struct io_uring_cqe *cqes;

	size_t ring_sz;
	void *ring_ptr;

	unsigned ring_mask;
	unsigned ring_entries;

	unsigned pad[2];
};

struct io_uring {
	struct io_uring_sq sq;
	struct io_uring_cq cq;
	unsigned flags;
	int ring_fd;

	unsigned features;
	int enter_ring_fd;
	__u8 int_flags;
	__u8 pad[3];
	unsigned pad2;
};

/* user_data liburing reserves for its internal timeouts */
#define LIBURING_UDATA_TIMEOUT ((__u64)-1)
#define LIBURING_HAVE_DATA64

extern int io_uring_queue_init(unsigned entries, struct io_uring *ring, unsigned flags);
extern int io_uring_queue_init_params(unsigned entries, struct io_uring *ring, struct io_uring_params *p);
extern int io_uring_queue_mmap(int fd, struct io_uring_params *p, struct io_uring *ring);
extern int io_uring_ring_dontfork(struct io_uring *ring);
extern void io_uring_queue_exit(struct io_uring *ring);
extern int io_uring_submit(struct io_uring *ring);
extern int io_uring_submit_and_wait(struct io_uring *ring, unsigned wait_nr);
extern unsigned io_uring_peek_batch_cqe(struct io_uring *ring, struct io_uring_cqe **cqes, unsigned count);
extern int io_uring_wait_cqes(struct io_uring *ring, struct io_uring_cqe **cqe_ptr, unsigned wait_nr, struct __kernel_timespec *ts, sigset_t *sigmask);
extern int io_uring_register_buffers(struct io_uring *ring, const struct iovec *iovecs, unsigned nr_iovecs);
extern int io_uring_unregister_buffers(struct io_uring *ring);
extern int io_uring_register_files(struct io_uring *ring, const int *files, unsigned nr_files);
extern int io_uring_unregister_files(struct io_uring *ring);
extern int io_uring_register_probe(struct io_uring *ring, struct io_uring_probe *p, unsigned nr);
extern struct io_uring_probe *io_uring_get_probe_ring(struct io_uring *ring);
extern struct io_uring_probe *io_uring_get_probe(void);
extern void io_uring_free_probe(struct io_uring_probe *probe);

/* The raw system calls. */
extern int io_uring_setup(unsigned int entries, struct io_uring_params *p);
extern int io_uring_enter(unsigned int fd, unsigned int to_submit, unsigned int min_complete, unsigned int flags, sigset_t *sig);
extern int io_uring_register(unsigned int fd, unsigned int opcode, const void *arg, unsigned int nr_args);

/* Waits (through io_uring_enter) until wait_nr completions are there. */
extern int __io_uring_get_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr, unsigned submit, unsigned wait_nr, sigset_t *sigmask);

/* ------------------------------------------------------ inline helpers */

/* Marks nr CQEs consumed: the kernel may reuse their slots. */
static inline void io_uring_cq_advance(struct io_uring *ring, unsigned nr)
{
	if (nr) {
		volatile unsigned *head = ring->cq.khead;
		*head = *head + nr;
	}
}

/* Call after a CQE from io_uring_peek_cqe()/io_uring_wait_cqe() is processed. */
static inline void io_uring_cqe_seen(struct io_uring *ring, struct io_uring_cqe *cqe)
{
	if (cqe)
		io_uring_cq_advance(ring, 1);
}

static inline void io_uring_sqe_set_data(struct io_uring_sqe *sqe, void *data)
{
	sqe->user_data = (unsigned long)data;
}

static inline void *io_uring_cqe_get_data(const struct io_uring_cqe *cqe)
{
	return (void *)(uintptr_t)cqe->user_data;
}

static inline void io_uring_sqe_set_data64(struct io_uring_sqe *sqe, __u64 data)
{
	sqe->user_data = data;
}

static inline __u64 io_uring_cqe_get_data64(const struct io_uring_cqe *cqe)
{
	return cqe->user_data;
}

static inline void io_uring_sqe_set_flags(struct io_uring_sqe *sqe, unsigned flags)
{
	sqe->flags = (__u8)flags;
}

/* Fills in the fields every read/write-like operation uses. */
static inline void io_uring_prep_rw(int op, struct io_uring_sqe *sqe, int fd, const void *addr, unsigned len, __u64 offset)
{
	sqe->opcode = (__u8)op;
	sqe->flags = 0;
	sqe->ioprio = 0;
	sqe->fd = fd;
	sqe->off = offset;
	sqe->addr = (unsigned long)addr;
	sqe->len = len;
	sqe->rw_flags = 0;
	sqe->buf_index = 0;
	sqe->personality = 0;
	sqe->file_index = 0;
	sqe->addr3 = 0;
	sqe->__pad2[0] = 0;
}

static inline void io_uring_prep_nop(struct io_uring_sqe *sqe)
{
	io_uring_prep_rw(IORING_OP_NOP, sqe, -1, NULL, 0, 0);
}

static inline void io_uring_prep_read(struct io_uring_sqe *sqe, int fd, void *buf, unsigned nbytes, __u64 offset)
{
	io_uring_prep_rw(IORING_OP_READ, sqe, fd, buf, nbytes, offset);
}

static inline void io_uring_prep_write(struct io_uring_sqe *sqe, int fd, const void *buf, unsigned nbytes, __u64 offset)
{
	io_uring_prep_rw(IORING_OP_WRITE, sqe, fd, buf, nbytes, offset);
}

static inline void io_uring_prep_readv(struct io_uring_sqe *sqe, int fd, const struct iovec *iovecs, unsigned nr_vecs, __u64 offset)
{
	io_uring_prep_rw(IORING_OP_READV, sqe, fd, iovecs, nr_vecs, offset);
}

static inline void io_uring_prep_writev(struct io_uring_sqe *sqe, int fd, const struct iovec *iovecs, unsigned nr_vecs, __u64 offset)
{
	io_uring_prep_rw(IORING_OP_WRITEV, sqe, fd, iovecs, nr_vecs, offset);
}

/* [buf, buf + nbytes) must lie inside registered buffer buf_index. */
static inline void io_uring_prep_read_fixed(struct io_uring_sqe *sqe, int fd, void *buf, unsigned nbytes, __u64 offset, int buf_index)
{
	io_uring_prep_rw(IORING_OP_READ_FIXED, sqe, fd, buf, nbytes, offset);
	sqe->buf_index = (__u16)buf_index;
}

static inline void io_uring_prep_write_fixed(struct io_uring_sqe *sqe, int fd, const void *buf, unsigned nbytes, __u64 offset, int buf_index)
{
	io_uring_prep_rw(IORING_OP_WRITE_FIXED, sqe, fd, buf, nbytes, offset);
	sqe->buf_index = (__u16)buf_index;
}

static inline void io_uring_prep_fsync(struct io_uring_sqe *sqe, int fd, unsigned fsync_flags)
{
	io_uring_prep_rw(IORING_OP_FSYNC, sqe, fd, NULL, 0, 0);
	sqe->fsync_flags = fsync_flags;
}

/* Number of SQEs handed out but not yet submitted. */
static inline unsigned io_uring_sq_ready(const struct io_uring *ring)
{
	return ring->sq.sqe_tail - ring->sq.sqe_head;
}

static inline unsigned io_uring_sq_space_left(const struct io_uring *ring)
{
	return ring->sq.ring_entries - io_uring_sq_ready(ring);
}

/* Number of CQEs the kernel posted that the application has not consumed. */
static inline unsigned io_uring_cq_ready(const struct io_uring *ring)
{
	volatile unsigned *tail = ring->cq.ktail;
	return *tail - *ring->cq.khead;
}

static inline int io_uring_wait_cqe_nr(struct io_uring *ring, struct io_uring_cqe **cqe_ptr, unsigned wait_nr)
{
	return __io_uring_get_cqe(ring, cqe_ptr, 0, wait_nr, NULL);
}

/* Looks at the CQ ring without entering the kernel. */
static inline int __io_uring_peek_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr, unsigned *nr_available)
{
	struct io_uring_cqe *cqe;
	int err = 0;
	unsigned available;
	unsigned mask = ring->cq.ring_mask;
	int shift = 0;

	if (ring->flags & IORING_SETUP_CQE32)
		shift = 1;

	for (;;) {
		volatile unsigned *ktail = ring->cq.ktail;
		unsigned tail = *ktail;
		unsigned head = *ring->cq.khead;

		cqe = NULL;
		available = tail - head;
		if (!available)
			break;

		cqe = &ring->cq.cqes[(head & mask) << shift];
		if (!(ring->features & IORING_FEAT_EXT_ARG) && cqe->user_data == LIBURING_UDATA_TIMEOUT) {
			if (cqe->res < 0)
				err = cqe->res;
			io_uring_cq_advance(ring, 1);
			if (!err)
				continue;
			cqe = NULL;
		}
		break;
	}

	*cqe_ptr = cqe;
	if (nr_available)
		*nr_available = available;
	return err;
}

/* Returns 0 and a completion if one is ready, else -EAGAIN. */
static inline int io_uring_peek_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr)
{
	if (!__io_uring_peek_cqe(ring, cqe_ptr, NULL) && *cqe_ptr)
		return 0;
	return io_uring_wait_cqe_nr(ring, cqe_ptr, 0);
}

/* Returns 0 and a completion, waiting in the kernel if none is ready yet. */
static inline int io_uring_wait_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr)
{
	if (!__io_uring_peek_cqe(ring, cqe_ptr, NULL) && *cqe_ptr)
		return 0;
	return io_uring_wait_cqe_nr(ring, cqe_ptr, 1);
}

/* Returns the next free SQE to fill in, or NULL when the SQ ring is full.
   Nothing reaches the kernel before io_uring_submit(). */
static inline struct io_uring_sqe *io_uring_get_sqe(struct io_uring *ring)
{
	struct io_uring_sq *sq = &ring->sq;
	volatile unsigned *khead = sq->khead;
	unsigned int head = *khead;
	unsigned int next = sq->sqe_tail + 1;
	int shift = 0;

	if (ring->flags & IORING_SETUP_SQE128)
		shift = 1;
	if (next - head <= sq->ring_entries) {
		struct io_uring_sqe *sqe = &sq->sqes[(sq->sqe_tail & sq->ring_mask) << shift];
		sq->sqe_tail = next;
		return sqe;
	}
	return NULL;
}

#endif /* LIB_URING_H */
