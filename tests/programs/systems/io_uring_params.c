/* io_uring_setup's parameters through io_uring_queue_init_params (userspace-api.md §3.1;
 * version.ts ioUring*): entries round up to a power of two and the CQ ring is twice the SQ;
 * IORING_SETUP_CQSIZE (5.5) sizes the CQ ring (rounded up, never below the SQ ring);
 * IORING_SETUP_CLAMP (5.6) clamps entries to IORING_MAX_ENTRIES (32768) and the CQ to 65536
 * instead of failing; 0 entries, too many entries and unknown flag bits are EINVAL; features
 * lists what the kernel offers (6.18: 0x3ffff observed). 5.4 knows neither CQSIZE nor CLAMP and
 * only IORING_FEAT_SINGLE_MMAP (io_uring_params.5.4.expected); 5.8 has both and features 0x3f
 * (SINGLE_MMAP 5.4, NODROP + SUBMIT_STABLE 5.5, RW_CUR_POS + CUR_PERSONALITY 5.6, FAST_POLL 5.7:
 * io_uring_params.5.8.expected). IORING_MAX_ENTRIES is 32768 from 5.4 ("io_uring: increase
 * IORING_MAX_ENTRIES to 32K"). 4.19: ENOSYS (.4.19.expected). */
#include <stdio.h>
#include <string.h>
#include <liburing.h>

static void try(const char *what, unsigned entries, unsigned flags, unsigned cq) {
  struct io_uring ring;
  struct io_uring_params p;
  memset(&p, 0, sizeof p);
  p.flags = flags;
  p.cq_entries = cq;
  int ret = io_uring_queue_init_params(entries, &ring, &p);
  if (ret < 0) {
    printf("%-34s %d %s\n", what, ret, strerror(-ret));
    return;
  }
  printf("%-34s sq %u cq %u features %#x\n", what, p.sq_entries, p.cq_entries, p.features);
  io_uring_queue_exit(&ring);
}

int main(void) {
  try("5 entries", 5, 0, 0);
  try("0 entries", 0, 0, 0);
  try("32768 entries", 32768, 0, 0);
  try("32769 entries", 32769, 0, 0);
  try("40000 entries, CLAMP", 40000, IORING_SETUP_CLAMP, 0);
  try("8 entries, CQSIZE 100", 8, IORING_SETUP_CQSIZE, 100);
  try("8 entries, CQSIZE 4", 8, IORING_SETUP_CQSIZE, 4);
  try("8 entries, CQSIZE 0", 8, IORING_SETUP_CQSIZE, 0);
  try("8 entries, CQSIZE 1000000, CLAMP", 8, IORING_SETUP_CQSIZE | IORING_SETUP_CLAMP, 1000000);
  try("flag bit 31", 8, 1u << 31, 0);
  return 0;
}
