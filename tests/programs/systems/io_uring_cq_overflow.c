/* More completions than the CQ ring holds (a 2-entry SQ has a 4-entry CQ): from 5.5
 * (IORING_FEAT_NODROP) the kernel keeps the extra CQEs on an overflow list and flags it with
 * IORING_SQ_CQ_OVERFLOW in the SQ ring flags (5.8, "io_uring: export cq overflow status to
 * userspace"); liburing sees the flag and enters the kernel to flush them, so all 8 arrive in
 * order (observed 6.18), and io_uring_peek_batch_cqe flushes the backlog once nothing else is
 * ready. Before, the kernel dropped them and counted cq_overflow: 5.4 delivers
 * 4 and reports 4 lost (io_uring_cq_overflow.5.4.expected). (5.5–6.x also refused submissions
 * with -EBUSY while the backlog could not be flushed; PinLab does not model that, so no
 * expectation is given for those versions.) */
#include <stdio.h>
#include <string.h>
#include <liburing.h>

int main(void) {
  struct io_uring r;
  int ret = io_uring_queue_init(2, &r, 0);
  if (ret < 0) { printf("io_uring_queue_init %d %s\n", ret, strerror(-ret)); return 0; }
  printf("sq %u cq %u\n", r.sq.ring_entries, r.cq.ring_entries);
  for (int round = 0; round < 4; round++) {
    for (int i = 0; i < 2; i++) {
      struct io_uring_sqe *s = io_uring_get_sqe(&r);
      io_uring_prep_nop(s);
      s->user_data = round * 2 + i;
    }
    ret = io_uring_submit(&r);
    printf("round %d: submit %d, sq flags %#x, cq_overflow %u, ready %u\n", round, ret, *r.sq.kflags, *r.cq.koverflow,
           io_uring_cq_ready(&r));
  }
  struct io_uring_cqe *c;
  printf("reaped:");
  for (int n = 0; n < 20 && io_uring_peek_cqe(&r, &c) == 0; n++) {
    printf(" %llu", (unsigned long long)c->user_data);
    io_uring_cqe_seen(&r, c);
  }
  printf("\nsq flags %#x, cq_overflow %u\n", *r.sq.kflags, *r.cq.koverflow);

  /* io_uring_peek_batch_cqe: what is ready; with nothing ready but a backlog it flushes once */
  for (int i = 0; i < 6; i++) {
    struct io_uring_sqe *s = io_uring_get_sqe(&r);
    if (!s) { io_uring_submit(&r); s = io_uring_get_sqe(&r); }
    io_uring_prep_nop(s);
    s->user_data = 100 + i;
  }
  io_uring_submit(&r);
  struct io_uring_cqe *batch[16];
  for (int pass = 0; pass < 3; pass++) {
    unsigned n = io_uring_peek_batch_cqe(&r, batch, 16);
    printf("peek_batch: %u:", n);
    for (unsigned i = 0; i < n; i++) printf(" %llu", (unsigned long long)batch[i]->user_data);
    printf("\n");
    io_uring_cq_advance(&r, n);
  }
  io_uring_queue_exit(&r);
  return 0;
}
