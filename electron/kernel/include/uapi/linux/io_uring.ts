/**
 * include/uapi/linux/io_uring.h — the io_uring ABI constants the kernel side uses (values as in
 * the uapi header; the userland copy is electron/userland/include/usr/include/linux/io_uring.h).
 */
export const IORING_SETUP_IOPOLL = 1 << 0
export const IORING_SETUP_SQPOLL = 1 << 1
export const IORING_SETUP_SQ_AFF = 1 << 2
export const IORING_SETUP_CQSIZE = 1 << 3
export const IORING_SETUP_CLAMP = 1 << 4

export const IORING_OFF_SQ_RING = 0
export const IORING_OFF_CQ_RING = 0x8000000
export const IORING_OFF_SQES = 0x10000000
export const IORING_OFF_MMAP_MASK = 0xf8000000

export const IORING_ENTER_GETEVENTS = 1 << 0
export const IORING_ENTER_SQ_WAKEUP = 1 << 1
export const IORING_ENTER_SQ_WAIT = 1 << 2

export const IORING_FEAT_SINGLE_MMAP = 1 << 0

export const IORING_OP_NOP = 0
export const IORING_OP_READV = 1
export const IORING_OP_WRITEV = 2
export const IORING_OP_FSYNC = 3
export const IORING_OP_READ_FIXED = 4
export const IORING_OP_WRITE_FIXED = 5
export const IORING_OP_READ = 22
export const IORING_OP_WRITE = 23

export const IOSQE_FIXED_FILE = 1 << 0
export const IOSQE_IO_DRAIN = 1 << 1
export const IOSQE_IO_LINK = 1 << 2
export const IOSQE_IO_HARDLINK = 1 << 3
export const IOSQE_ASYNC = 1 << 4
export const IOSQE_BUFFER_SELECT = 1 << 5
export const IOSQE_CQE_SKIP_SUCCESS = 1 << 6

export const IORING_REGISTER_BUFFERS = 0
export const IORING_UNREGISTER_BUFFERS = 1
export const IORING_REGISTER_FILES = 2
export const IORING_UNREGISTER_FILES = 3

/** IORING_MAX_ENTRIES: 32768 from 5.4 ("io_uring: increase IORING_MAX_ENTRIES to 32K"); 5.1–5.3 had 4096. */
export const IORING_MAX_ENTRIES = 32768
export const IORING_MAX_CQ_ENTRIES = 2 * IORING_MAX_ENTRIES
/** sizeof(struct io_uring_params), sizeof(struct io_uring_sqe), sizeof(struct io_uring_cqe). */
export const SIZEOF_IO_URING_PARAMS = 120
export const SIZEOF_SQE = 64
export const SIZEOF_CQE = 16


/** sq_flags bits */
export const IORING_SQ_NEED_WAKEUP = 1 << 0
export const IORING_SQ_CQ_OVERFLOW = 1 << 1
