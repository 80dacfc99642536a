/** io_uring (5.1+): the syscalls, the ring context and buffer registration. See io_uring.ts. */
export {
  IoRingCtx, io_uring_setup, io_uring_enter, io_uring_register, io_uring_ctx_of, io_uring_features, io_uring_reap, rings_size,
  IORING_SETUP_CQSIZE, IORING_SETUP_CLAMP, IORING_OFF_SQ_RING, IORING_OFF_CQ_RING, IORING_OFF_SQES, IORING_ENTER_GETEVENTS,
  IORING_FEAT_SINGLE_MMAP, IORING_OP_NOP, IORING_OP_READV, IORING_OP_WRITEV, IORING_OP_FSYNC, IORING_OP_READ_FIXED,
  IORING_OP_WRITE_FIXED, IORING_OP_READ, IORING_OP_WRITE, IORING_REGISTER_BUFFERS, IORING_UNREGISTER_BUFFERS,
  IORING_MAX_ENTRIES, SIZEOF_IO_URING_PARAMS, SIZEOF_SQE, SIZEOF_CQE, type RingLayout
} from './io_uring'
export { io_sqe_buffers_register, io_sqe_buffers_unregister, io_import_fixed, io_uring_user_locked_vm, type IoMappedUbuf } from './rsrc'
