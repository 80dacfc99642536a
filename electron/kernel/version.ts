/**
 * version.ts — the feature table: every behaviour of the memory manager that changed between the
 * kernels PinLab simulates, as a named feature with the first version that has it, the first
 * version that no longer has it (`until`, exclusive) and the commit title that brought it.
 *
 * Contract: code asks `kernel.has('anonExclusive')`; nothing else in electron/kernel compares
 * version numbers. Versions are "as first released" (no stable backports), so a feature that was
 * merged in 5.11-rc1 and backported to 5.10.y is absent from our 5.10.
 *
 * Source of truth: shared/reference/kernel-semantics.md §0 (timeline) and §3 (era table). Where
 * the reference marks a version UNVERIFIED the entry says so in `note`.
 */
import { compareKernelVersions, SUPPORTED_KERNELS, type KernelVersion } from '../../shared/kernel-versions'

export interface FeatureInfo {
  /** First version with the behaviour. */
  readonly since: string
  /** First version without it any more (exclusive), if it ended. */
  readonly until?: string
  /** Commit title (and id where known) that introduced it, or the reference section. */
  readonly commit: string
  readonly note?: string
}

export const FEATURES = {
  forceWriteSharedRefused: {
    since: '3.15',
    commit: 'cda540ace6a1 "mm: get_user_pages(write,force) refuse to COW in shared areas"',
    note: 'before: FOLL_FORCE write on a VM_MAYWRITE shared VMA COWed an anon page into it'
  },
  followCow: {
    since: '4.9',
    until: '6.0',
    commit: '19be0eaffa3a "mm: remove gup_flags FOLL_WRITE games from __get_user_pages()" (Dirty COW fix)',
    note: 'before 4.9 faultin_page cleared FOLL_WRITE after a COW in a !VM_WRITE VMA'
  },
  madvWipeOnFork: {
    since: '4.14',
    commit: '"mm: add MADV_WIPEONFORK"',
    note: 'version UNVERIFIED in the reference; madvise(2) says Linux 4.14'
  },
  gupLongtermApi: {
    since: '4.15',
    until: '5.2',
    commit: '2bb6d2837083 "mm: introduce get_user_pages_longterm"'
  },
  daxGup: {
    since: '4.5',
    commit: '3565fce3a659 "mm, x86: get_user_pages() for dax mappings" (ZONE_DEVICE struct pages for pmem, pte_devmap)',
    note: 'before, fs-DAX mappings are VM_MIXEDMAP with special PTEs and no struct page: GUP-fast bails and the slow path fails a FOLL_GET with -EFAULT (follow_pfn_pte)'
  },
  longtermDaxRefused: {
    since: '4.15',
    commit: '"IB/core: disable memory registration of filesystem-dax vmas" / get_user_pages_longterm'
  },
  mapFixedNoreplace: { since: '4.17', commit: '"mm: introduce MAP_FIXED_NOREPLACE"' },
  fileMmapOk: {
    since: '4.17',
    commit: '"mmap: introduce sane default mmap limits" (Linus Torvalds, 2018: file_mmap_ok / file_mmap_size_max)',
    note: 'a file mapping whose pgoff + length passes MAX_LFS_FILESIZE (e.g. a negative off_t) is -EOVERFLOW; before, only a 64-bit pgoff wrap was. Release UNVERIFIED (4.17-rc cycle); stable backports not modelled'
  },
  mapSharedValidate: { since: '4.15', commit: '"mm: introduce MAP_SHARED_VALIDATE, a mechanism to safely define new mmap flags"' },
  longtermMigrateCma: {
    since: '5.1',
    commit: '"mm: migrate CMA pages out of the movable zone" series (Aneesh Kumar) — get_user_pages_longterm migrates CMA pages',
    note: 'version UNVERIFIED (reference §0 says 5.1)'
  },
  follLongterm: {
    since: '5.2',
    commit: '932f4a630a69 "mm/gup: replace get_user_pages_longterm() with FOLL_LONGTERM"'
  },
  gupFastFlags: {
    since: '5.2',
    commit: '73b0140bf0fe "mm/gup: change GUP fast to use flags rather than a write \'bool\'"',
    note: 'before, get_user_pages_fast(start, nr, write, pages): only FOLL_WRITE is expressible'
  },
  follNofault: { since: '5.16', commit: '"gup: Introduce FOLL_NOFAULT flag to disable page faults"' },
  follPciP2pdma: { since: '6.2', commit: '"mm: introduce FOLL_PCI_P2PDMA to gate getting PCI P2PDMA pages"' },
  follHonorNumaFault: {
    since: '6.6',
    commit: '"mm/gup: reintroduce FOLL_NUMA as FOLL_HONOR_NUMA_FAULT"',
    note: 'version UNVERIFIED (series posted Aug 2023)'
  },
  follPin: {
    since: '5.6',
    commit: '"mm/gup: introduce pin_user_pages*() and FOLL_PIN" + "mm/gup: track FOLL_PIN pages" (GUP_PIN_COUNTING_BIAS)'
  },
  forcedCowBreak: {
    since: '5.8',
    until: '5.9',
    commit: '17839856fd58 "gup: document and work around \'COW can break either way\' issue"; reverted by a308c71bf1e6 "mm/gup: Remove enfornced COW mechanism"'
  },
  refcountReuse: {
    since: '5.9',
    commit: '09854ba94c6a "mm: do_wp_page() simplification"',
    note: 'anon reuse by page_count()==1 instead of mapcount'
  },
  earlyCowPinnedOnFork: {
    since: '5.9',
    commit: '70e806e4e645 "mm: Do early cow for pinned pages during fork() for ptes"'
  },
  hasPinned: {
    since: '5.9',
    commit: '008cfe4418b3 "mm: Introduce mm_struct.has_pinned"; packed into MMF_HAS_PINNED by a458b76a4171 (5.14)'
  },
  mmfHasPinnedBit: {
    since: '5.14',
    commit: 'a458b76a4171 "mm: gup: pack has_pinned in MMF_HAS_PINNED"',
    note: 'version UNVERIFIED; only changes where the flag lives'
  },
  gupFastSeqcount: {
    since: '5.11',
    commit: '57efa1fe5957 "mm/gup: prevent gup_fast from racing with COW during fork"'
  },
  longtermMigrateMovable: {
    since: '5.13',
    commit: 'd1e153fea2a8 "mm/gup: migrate pinned pages out of movable zone"',
    note: 'version UNVERIFIED (v7 posted Jan 2021)'
  },
  madvColdPageout: { since: '5.4', commit: '"mm: introduce MADV_COLD" / "mm: introduce MADV_PAGEOUT"' },
  madvDontneedLocked: { since: '5.18', commit: '"mm: add MADV_DONTNEED_LOCKED"', note: 'version from madvise(2)' },
  memallocPin: {
    since: '5.13',
    commit: '"mm cma: rename PF_MEMALLOC_NOCMA to PF_MEMALLOC_PIN" (with d1e153fea2a8): allocations inside a FOLL_LONGTERM GUP avoid ZONE_MOVABLE and CMA',
    note: 'before, fresh pages may land in CMA/MOVABLE and are migrated afterwards (same outcome, more migrations); the earlier PF_MEMALLOC_NOCMA is not modelled'
  },
  madvPopulate: { since: '5.14', commit: '"mm/madvise: introduce MADV_POPULATE_(READ|WRITE) to prefault page tables"' },
  mlockLimit8MiB: {
    since: '5.16',
    commit: '"mm: Increase the default MLOCK_LIMIT to 8 MiB" (include/uapi/linux/resource.h); before: 64 KiB'
  },
  anonExclusive: {
    since: '5.19',
    commit: '6c287605fd56 "mm: remember exclusively mapped anonymous pages with PG_anon_exclusive"',
    note: 'version mildly UNVERIFIED (reference §0)'
  },
  unshareFault: {
    since: '5.19',
    commit: 'c89357e27f20 "mm: support GUP-triggered unsharing of anonymous pages" + a7f226604170 "mm/gup: trigger FAULT_FLAG_UNSHARE when R/O-pinning a possibly shared anonymous page"'
  },
  mprotectWritableExclusive: {
    since: '5.19',
    commit: '64fe24a3e05e "mm/mprotect: try avoiding write faults for exclusive anonymous pages when changing protection"',
    note: 'extended to clean pages by "mm/mprotect: allow clean exclusive anon pages to be writable" (6.0); we model the 6.0 form'
  },
  forceWriteNeedsAnonExclusive: {
    since: '6.0',
    commit: '5535be309971 "mm/gup: fix FOLL_FORCE COW security issue and remove FOLL_COW"'
  },
  roLongtermUnshareNonAnon: {
    since: '6.2',
    commit: '84209e87c696 "mm/gup: reliable R/O long-term pinning in COW mappings"'
  },
  umemNoForce: { since: '6.2', commit: 'b40656aa7d55 "RDMA/umem: remove FOLL_FORCE usage"' },
  isValidGupArgs: {
    since: '6.3',
    commit: '"mm/gup: simplify the external interface functions and consolidate invariants" (Jason Gunthorpe): is_valid_gup_args',
    note: 'version UNVERIFIED (≈6.3): pin_user_pages* return 0 on bad flags, FOLL_LONGTERM requires FOLL_PIN'
  },
  longtermFileWriteRefused: {
    since: '6.5',
    commit: '8ac268436e6d "mm/gup: disallow FOLL_LONGTERM GUP-nonfast writing to file-backed mappings" + a6e79df92e4a (GUP-fast)'
  },
  zeroPageNotRefcounted: { since: '6.5', commit: 'c8070b787519 "mm: Don\'t pin ZERO_PAGE in pin_user_pages()"' },
  gupTestDebugfs: {
    since: '5.11',
    commit: '"mm/gup_benchmark: rename to mm/gup_test" (debugfs file /sys/kernel/debug/gup_test)',
    note: 'earlier kernels had /sys/kernel/debug/gup_benchmark with other ioctls; PinLab models only gup_test'
  },
  memfd: {
    since: '3.17',
    commit: '9183df25fe7b "shm: add memfd_create() syscall" (with "shm: add sealing API")'
  },
  memfdFutureWriteSeal: {
    since: '5.1',
    commit: 'ab3948f58ff8 "mm/memfd: add an F_SEAL_FUTURE_WRITE seal to memfd"'
  },
  memfdExecSeal: {
    since: '6.3',
    commit: '"mm/memfd: add F_SEAL_EXEC" and "mm/memfd: add MFD_NOEXEC_SEAL and MFD_EXEC" (Jeff Xu)',
    note: 'version from the memfd_create(2) man page; ids not verified'
  },
  gupTestPinLongterm: {
    since: '6.1',
    commit: '"mm/gup_test: start/stop/read functionality for PIN LONGTERM test" (series "selftests/vm: test COW handling of anonymous memory")',
    note: 'UNVERIFIED exact release: the series landed with the COW selftests, present as tools/testing/selftests/vm/cow.c before the 6.3 vm→mm rename'
  },
  // ---- pipes and vmsplice (fs/splice.c, fs/pipe.c); userspace-api.md §3.4 ----
  vmspliceIovIter: {
    since: '4.10',
    commit: 'Al Viro\'s splice rework: vmsplice_to_pipe() on an iov_iter (import_iovec + iter_to_pipe + iov_iter_get_pages, after 241699cd72a8 "new iov_iter flavour: pipe-backed") and the SPLICE_F_ALL check in vmsplice(2)',
    note: 'read in fs/splice.c before (get_iovec_page_array + splice_to_pipe, 3.x/4.4) and after (iter_to_pipe + wait_for_space, 4.19+). Observable: unknown flags EINVAL; EBADF before the nr_segs checks; zero-length iovecs skipped instead of ending the walk; SPLICE_F_GIFT no longer needs page alignment; wait for one free slot and add what fits instead of waiting until all gathered pages are queued. Exact release UNVERIFIED (4.9 or 4.10, and the SPLICE_F_ALL check possibly 4.18): 4.4 has none of it, 4.19 has all of it'
  },
  // ---- ext4 writeback and pinned pages (reference §2.8, scenario 4e) ----
  ext4DirtyWarnNoBuffers: {
    since: '4.10',
    commit: '6dcc693bc57f "ext4: warn when page is dirtied without buffers" — WARN_ON_ONCE(!page_has_buffers(page)) in ext4_set_page_dirty (ext4_dirty_folio from 5.18)'
  },
  ext4NoBuffersBug: {
    since: '3.11',
    until: '5.18',
    commit: 'f8bec37037ac "ext4: dirty page has always buffers attached" (writeback BUG()s in page_buffers() on a dirty page without buffers)',
    note: 'since-version UNVERIFIED (part of Jan Kara\'s ext4 writeback rework); before it ext4 writeback attached buffers to such a page itself and wrote it'
  },
  ext4NoBuffersWarning: {
    since: '5.18',
    commit: 'cc5095747edf "ext4: don\'t BUG if someone dirty pages without asking ext4 first" — ext4_warning_inode "page %lu does not have buffers attached", the page is cleaned without being written'
  },
  invalidateRefcountCheck: {
    since: '5.18',
    commit: '"mm/truncate: Replace page_mapped() call in invalidate_inode_page()" (Matthew Wilcox): refcount > nr_pages + has_private + 1 ⇒ keep the folio, before releasing its buffers (mapping_evict_folio)',
    note: 'version UNVERIFIED; before, invalidate_inode_page skipped mapped pages and released the buffers of unmapped ones before remove_mapping found the extra (pin) reference'
  },
  fallocateModeSwitch: {
    since: '6.12',
    commit: '"fs: sort out the fallocate mode mess" (Christoph Hellwig): vfs_fallocate switches on mode & FALLOC_FL_MODE_MASK — more than one mode bit, or COLLAPSE/INSERT with KEEP_SIZE, is EOPNOTSUPP (before: EINVAL)',
    note: 'version UNVERIFIED (between 6.6, which has the old checks, and 6.18, observed natively)'
  },
  daxBreakLayouts: {
    since: '4.19',
    commit: '430657b6be89 "ext4: handle layout changes to pinned DAX mappings" (with 5fac7408d828 "mm, fs, dax: handle layout changes to pinned dax mappings", dax_layout_busy_page): truncate/punch of a DAX file waits until no page of the range is referenced',
    note: 'ext4 release UNVERIFIED (XFS had it in 4.17); before, ext4 freed the blocks under an elevated reference and reallocated them'
  },
  fallocZeroCollapseRange: {
    since: '3.15',
    commit: '"fs: Introduce FALLOC_FL_ZERO_RANGE flag for fallocate" + "fs: Add new flag(FALLOC_FL_COLLAPSE_RANGE) for fallocate" (Namjae Jeon / Lukas Czerner)',
    note: 'before, vfs_fallocate knows only KEEP_SIZE|PUNCH_HOLE: other bits are EOPNOTSUPP'
  },
  fallocInsertRange: { since: '4.1', commit: '"fs: Add support FALLOC_FL_INSERT_RANGE for fallocate" (Namjae Jeon)' },
  fallocUnshareRange: {
    since: '4.9',
    commit: '"vfs: add a FALLOC_FL_UNSHARE_RANGE mode to fallocate" (Darrick J. Wong, with XFS reflink)',
    note: 'version UNVERIFIED'
  },
  shmemFallocate: {
    since: '3.5',
    commit: '"tmpfs: support fallocate FALLOC_FL_PUNCH_HOLE" + "tmpfs: support fallocate preallocation" (Hugh Dickins)',
    note: 'before, tmpfs has no ->fallocate: every mode is EOPNOTSUPP'
  },
  // ---- procfs (fs/proc/task_mmu.c, array.c, mm/vmstat.c); userspace-api.md §2.6–2.7 ----
  pagemapFileBit: {
    since: '3.5',
    commit: '"/proc/pid/pagemap: export shared-anon and file pages" — PM_FILE, bit 61 "page is file-page or shared-anon"',
    note: 'version from Documentation/admin-guide/mm/pagemap.rst ("since 3.5"); title UNVERIFIED'
  },
  pagemapFormatV2: {
    since: '4.2',
    commit: 'deb945441b94 "pagemap: switch to the new format and do some cleanup" + 77bb499bb60f "pagemap: add mmap-exclusive bit for marking pages mapped only here" (bit 56)',
    note: 'before: bits 55–60 hold the page shift (12) in every entry, a hole reads PM_NOT_PRESENT = 12 << 55; ids from memory, UNVERIFIED'
  },
  pagemapHidePfn: {
    since: '4.2',
    commit: '1c90308e7a77 "pagemap: hide physical addresses from non-privileged users" (PFN reads 0 without CAP_SYS_ADMIN)',
    note: '4.0–4.1 refused the open with EPERM instead (ab676b7d6fbf "pagemap: do not leak physical addresses to non-privileged userspace"); no supported version is in that range'
  },
  procStatusVmPmd: {
    since: '4.0',
    until: '4.15',
    commit: 'dc6c9a35b66b "mm: account pmd page tables to the process" (VmPMD:); folded back into VmPTE by af5b0f6a09e4 "mm: consolidate page table accounting"',
    note: 'versions UNVERIFIED'
  },
  procStatusHugetlbPages: {
    since: '4.4',
    commit: '5d317b2b6536 "mm: hugetlb: proc: add HugetlbPages field to /proc/PID/status"',
    note: 'version UNVERIFIED'
  },
  procStatusRssBreakdown: {
    since: '4.5',
    commit: '8cee852ec53f "mm, procfs: breakdown RSS for anon, shmem and file in /proc/pid/status" (RssAnon/RssFile/RssShmem)'
  },
  // ---- io_uring (fs/io_uring.c until 5.19, io_uring/ after); userspace-api.md §3, reference §4c ----
  ioUring: {
    since: '5.1',
    commit: '2b188cc1bb85 "Add io_uring IO interface" (io_uring_setup/enter/register; NOP, READV, WRITEV, FSYNC, READ_FIXED, WRITE_FIXED)',
    note: 'before: the three syscalls are -ENOSYS'
  },
  ioUringSingleMmap: {
    since: '5.4',
    commit: '"io_uring: allocate the two rings together" (Hristo Venev, struct io_rings) + "io_uring: expose single mmap capability" (IORING_FEAT_SINGLE_MMAP), both in the for-5.4/io_uring pull',
    note: 'the same pull has "io_uring: increase IORING_MAX_ENTRIES to 32K" (4096 before: 5.1–5.3, none supported)'
  },
  ioUringCqSize: {
    since: '5.5',
    commit: '"io_uring: allow application controlled CQ ring size" (IORING_SETUP_CQSIZE)',
    note: 'title from memory, UNVERIFIED'
  },
  ioUringNoDrop: {
    since: '5.5',
    commit: '"io_uring: add support for backlogged CQ ring" (IORING_FEAT_NODROP) + "io_uring: ensure registered buffer import returns the IO length" (IORING_FEAT_SUBMIT_STABLE)',
    note: 'before: a CQE that finds the CQ ring full is dropped and cq_overflow counts it. titles from memory, UNVERIFIED'
  },
  ioUringInitReq: {
    since: '5.5',
    commit: 'the 5.5 io_uring rework that added io_init_req-style validation: an opcode >= IORING_OP_LAST is -EINVAL before the file is looked up',
    note: 'UNVERIFIED title; in 5.4 io_req_set_file ran first (every opcode but NOP/POLL_REMOVE/TIMEOUT needs a file), so an unknown opcode with a bad fd was -EBADF'
  },
  ioUringReadWrite: {
    since: '5.6',
    commit: '"io_uring: add non-vectored read/write commands" (IORING_OP_READ/WRITE) + "io_uring: allow use of offset == -1 to mean file position" (IORING_FEAT_RW_CUR_POS), IORING_SETUP_CLAMP, IORING_FEAT_CUR_PERSONALITY',
    note: 'titles from memory, UNVERIFIED; the 5.6 io_uring merge'
  },
  ioUringCqFlags: {
    since: '5.8',
    commit: '"io_uring: add \'cq_flags\' field for the CQ ring" (Stefano Garzarella, with IORING_CQ_EVENTFD_DISABLED; the 5.8 io_uring pull)',
    note: 'moves cq_overflow 4 bytes on and makes cq_off.flags non-zero'
  },
  ioUringRingMemlock: {
    since: '5.1',
    until: '5.12',
    commit: '2b188cc1bb85 "Add io_uring IO interface" (ring_pages charged to user->locked_vm without CAP_IPC_LOCK); ended by 26bfa89e25f4 "io_uring: place ring SQ/CQ arrays under memcg memory limits"',
    note: '5.9–5.11 also added the ring pages to mm->locked_vm (VmLck, "io_uring: separate reporting of ring pages from registered pages"): not modelled'
  },
  ioUringSqCqOverflow: {
    since: '5.8',
    commit: '"io_uring: export cq overflow status to userspace" (Xiaoguang Wang, io_uring-5.8 fixes): IORING_SQ_CQ_OVERFLOW in sq_flags while CQEs wait on the overflow list'
  },
  ioUringPinUserPages: {
    since: '5.6',
    commit: '"fs/io_uring: set FOLL_PIN via pin_user_pages()" (John Hubbard\'s FOLL_PIN series)',
    note: 'before: get_user_pages_longterm(FOLL_WRITE) in 5.1, get_user_pages(FOLL_WRITE|FOLL_LONGTERM) 5.2–5.5 — FOLL_GET references'
  },
  ioUringFastPoll: { since: '5.7', commit: '"io_uring: add IORING_FEAT_FAST_POLL"', note: 'feature bit only' },
  ioUringReportPinned: {
    since: '5.9',
    commit: '309758254ea6 "io_uring: report pinned memory usage" (registered buffers counted in mm->pinned_vm = VmPin)',
    note: 'before: only user->locked_vm (RLIMIT_MEMLOCK) was charged; VmPin stayed 0. Also IORING_FEAT_POLL_32BITS (5.9)'
  },
  ioUringFeat511: {
    since: '5.11',
    commit: '"io_uring: add IORING_FEAT_SQPOLL_NONFIXED" + "io_uring: add timeout support for io_uring_enter()" (IORING_FEAT_EXT_ARG)',
    note: 'feature bits only'
  },
  ioUringFeat512to517: {
    since: '5.12',
    commit: 'IORING_FEAT_NATIVE_WORKERS (5.12), IORING_FEAT_RSRC_TAGS (5.13), IORING_FEAT_CQE_SKIP + IORING_FEAT_LINKED_FILE (5.17)',
    note: 'feature bits only; no supported version lies between 5.12 and 5.17'
  },
  ioUringMaxRegBuffers16k: {
    since: '5.13',
    commit: '"io_uring: add IORING_REGISTER_BUFFERS2" series: IORING_MAX_REG_BUFFERS (1U << 14) replaces UIO_MAXIOV (1024); a NULL iov_base with length 0 registers an empty slot',
    note: 'version UNVERIFIED (the rsrc-tags series, 5.13)'
  },
  ioUringShmemBuffers: {
    since: '5.14',
    commit: '40dad765c045 "io_uring: enable shmem/memfd memory registration"',
    note: 'before: any VMA with a vm_file other than hugetlbfs (MAP_SHARED|MAP_ANONYMOUS and memfd included) is -EOPNOTSUPP'
  },
  ioUringSetupRDisabled: { since: '5.10', commit: '"io_uring: add IORING_SETUP_R_DISABLED flag" (with IORING_REGISTER_ENABLE_RINGS)' },
  ioUringSetup518to61: {
    since: '5.18',
    commit: 'IORING_SETUP_SUBMIT_ALL (5.18), COOP_TASKRUN, TASKRUN_FLAG, SQE128, CQE32 (5.19), SINGLE_ISSUER (6.0), DEFER_TASKRUN (6.1)',
    note: 'setup flag bits 7–13; no supported version lies between 5.18 and 6.0'
  },
  ioUringSetupNoMmap: { since: '6.5', commit: '"io_uring: support for user allocated memory for rings/sqes" (IORING_SETUP_NO_MMAP) + IORING_SETUP_REGISTERED_FD_ONLY' },
  ioUringSetupNoSqArray: { since: '6.6', commit: '"io_uring: add option to remove SQ indirection" (IORING_SETUP_NO_SQARRAY)' },
  ioUringSetup613to618: {
    since: '6.13',
    commit: 'IORING_SETUP_HYBRID_IOPOLL (6.13), IORING_SETUP_CQE_MIXED (6.18)',
    note: 'versions UNVERIFIED; observed on 6.18: bits 17 and 18 known, bit 19 -EINVAL'
  },
  ioUringFeatRegRegRing: { since: '6.3', commit: '"io_uring: add IORING_FEAT_REG_REG_RING"', note: 'feature bit only; version UNVERIFIED' },
  ioUringMmapMask: {
    since: '6.4',
    commit: '"io_uring: Adjust mapping wrt architecture aliasing requirements" (io_uring_get_unmapped_area) + the provided-buffer-ring mmap that switches on offset & IORING_OFF_MMAP_MASK',
    note: 'version UNVERIFIED (6.4 merge window). From then a bad offset or size fails in get_unmapped_area with -ENOMEM (observed 6.18) instead of -EINVAL, and the low offset bits are ignored'
  },
  ioUringRegionMmap: {
    since: '6.13',
    commit: '"io_uring/memmap: implement mmap for regions" (io_region_mmap: vm_insert_pages of min(region, VMA) pages)',
    note: 'version UNVERIFIED (between 6.6 and 6.18); observed on 6.18: a 1 MiB mmap of a one-page SQE array succeeds, the rest of the VMA is empty (SIGBUS)'
  },
  ioUringGupFileCheck: {
    since: '6.5',
    commit: '34ed8d0dcd69 "io_uring: rsrc: delegate VMA file-backed check to GUP" (Lorenzo Stoakes, the "remove the vmas parameter from GUP APIs" series, posted May 2023 via mm)',
    note: 'io_uring stops checking VMAs; GUP refuses FOLL_LONGTERM|FOLL_WRITE on dirty-tracked file mappings (-EFAULT), MAP_PRIVATE file mappings become registrable'
  },
  ioUringFeat610to615: {
    since: '6.10',
    commit: 'IORING_FEAT_RECVSEND_BUNDLE (6.10), IORING_FEAT_MIN_TIMEOUT (6.12), IORING_FEAT_RW_ATTR (6.14), IORING_FEAT_NO_IOWAIT (6.15)',
    note: 'versions UNVERIFIED; 6.18 observed features = 0x3ffff (userspace-api.md §3.1)'
  },
  ioRingsPacked: {
    since: '6.18',
    commit: 'struct io_uring {head, tail} lost ____cacheline_aligned_in_smp (observed on 6.18: sq_off.tail 4, cq_off.cqes 64)',
    note: 'the commit and exact version were not found: 6.0–6.2 io_uring_types.h still aligns head and tail to 64 bytes; 6.6 keeps the aligned layout here (UNVERIFIED)'
  },
  vmstatFollPin: {
    since: '5.7',
    commit: '3faa52c03f44 "mm/gup: track FOLL_PIN pages" (nr_foll_pin_acquired / nr_foll_pin_released in /proc/vmstat)',
    note: 'reference §0 lists the FOLL_PIN series under 5.6; the tracking patch landed one release later (UNVERIFIED). 5.4 lacks and 5.8 has the lines either way'
  },
  // ---- direct I/O (fs/direct-io.ts); reference §4d, userspace-api.md §4 ----
  ext4DioIomap: {
    since: '5.5',
    commit: '"ext4: introduce direct I/O read using iomap infrastructure" + "ext4: introduce direct I/O write using iomap infrastructure" (Matthew Bobrowski)',
    note: 'before: fs/direct-io.c (__blockdev_direct_IO) checks alignment before looking at i_size; iomap_dio_rw returns 0 for a read at or past EOF first. Ids UNVERIFIED; 3.2 is modelled like 4.x (whether its generic_file_aio_read skipped ->direct_IO at EOF is UNVERIFIED)'
  },
  blockDioFollPin: {
    since: '6.3',
    commit: '920756a3306a "block: Convert bio_iov_iter_get_pages to use iov_iter_extract_pages" (David Howells; for-6.3/iov-extract): user pages FOLL_PIN, BIO_PAGE_PINNED, released by unpin_user_page',
    note: 'before: iov_iter_get_pages = get_user_pages_fast (FOLL_GET), released by put_page — fork does not copy such pages (reference 4d)'
  },
  tmpfsDirectIo: {
    since: '6.6',
    commit: 'e88e0d366f9c "tmpfs: trivial support for direct IO" (Hugh Dickins; vfs.tmpfs for 6.6): FMODE_CAN_ODIRECT on shmem files, I/O stays buffered',
    note: 'before: open(O_DIRECT) and F_SETFL O_DIRECT on tmpfs/shmem fail with EINVAL (no ->direct_IO / FMODE_CAN_ODIRECT)'
  },
  dioUnalignedBufferAddress: {
    since: '6.18',
    commit: '"block: simplify direct io validity check" + "iomap: simplify direct io validity check" (Keith Busch, 2025): the early iov alignment walk is gone; bios are validated per segment when split',
    note: 'observed on this 6.18 machine (dma_alignment 511): a 512-byte read into buf+1 succeeds, buf+4095 (a 1 + 511 byte split across pages) is EINVAL. Before (6.0 b1a000d3b8ec "block: relax direct io memory alignment" and earlier) the address had to be 512-aligned'
  },
  fPosLock: {
    since: '3.14',
    commit: '9c225f2655e3 "vfs: atomic f_pos accesses as per POSIX" (FMODE_ATOMIC_POS, f_pos_lock taken by fdget_pos)',
    note: 'before: read()/write() sample f_pos at entry and store it at the end, so two threads sharing an open file may both use the same offset'
  },
  dioWarnStalePagecache: {
    since: '4.15',
    commit: '5a9d929d6e13 "iomap: report collisions between directio and buffered writes to userspace" (dio_warn_stale_pagecache, pr_crit)',
    note: 'version UNVERIFIED (posted autumn 2017). Before, a failed post-write invalidation was ignored silently (3.2, 4.4)'
  },
  // ---- RDMA (drivers/infiniband/core: umem.c, uverbs, nldev); kernel-semantics.md §1.6 ----
  umemWritableAccessList: {
    since: '3.19',
    commit: 'ODP series (Haggai Eran/Shachar Raindel, "IB/core: Add support for on demand paging regions"): umem->writable = LOCAL_WRITE|REMOTE_WRITE|REMOTE_ATOMIC|MW_BIND',
    note: 'before: writable = !!(access & ~IB_ACCESS_REMOTE_READ) — any flag but REMOTE_READ (reference §1.6 "≤3.18-ish"); exact release UNVERIFIED'
  },
  umemPinUserPages: {
    since: '5.6',
    commit: '"IB/{core,hw,umem}: set FOLL_PIN via pin_user_pages*(), fix up ODP" (John Hubbard, FOLL_PIN series): ib_umem_get uses pin_user_pages_fast, released by unpin_user_pages_dirty_lock',
    note: 'before: get_user_pages (FOLL_GET) and set_page_dirty_lock + put_page (reference §1.6 table). 5.11+ releases with unpin_user_page_range_dirty_lock (same effect)'
  },
  ibOdp: {
    since: '3.19',
    commit: 'ODP series (Haggai Eran, Shachar Raindel): "IB/core: Add support for on demand paging regions", "IB/mlx5: Implement on demand paging by adding support for MMU notifiers", "IB/mlx5: Add support for RDMA read/write responder page faults"',
    note: 'before, IB_ACCESS_ON_DEMAND was an unknown bit: uverbs did not reject it and ib_umem_get pinned the range as usual (3.2 writable rule: any flag but REMOTE_READ). The ≤5.4 ODP implementation held page references between fault and invalidation (get_user_pages_remote); PinLab models the modern hmm_range_fault form at every ODP version (outcomes are the same)'
  },
  ibAdviseMr: {
    since: '5.0',
    commit: '"IB/uverbs: Add support for advise_mr" + "IB/mlx5: Add advise_mr() support" (Moni Shoua, ODP prefetch, UVERBS_METHOD_ADVISE_MR)',
    note: 'before, libibverbs finds no such command and ibv_advise_mr returns EOPNOTSUPP; titles and release UNVERIFIED (4.19 lacks it, 5.4 has it)'
  },
  rdmaNetnsModeAttr: {
    since: '5.2',
    commit: '"RDMA/nldev: Allow get/set of system wide net namespace mode" (Parav Pandit; RDMA_NLDEV_SYS_ATTR_NETNS_MODE in RDMA_NLDEV_CMD_SYS_GET)',
    note: 'what `rdma system show` prints as "netns shared"; title and release UNVERIFIED (5.1 lacks it, 5.4 has it)'
  },
  rdmaPrivilegedQkeyAttr: {
    since: '6.5',
    commit: '"RDMA/core: Add support to set privileged QKEY parameter" (Patrisious Haddad; RDMA_NLDEV_SYS_ATTR_PRIVILEGED_QKEY_MODE)',
    note: 'what `rdma system show` prints as "privileged-qkey off"; release UNVERIFIED (6.1 lacks it, 6.6 has it)'
  },
  mlx5CoreClock: {
    since: '4.5',
    commit: '7c60bcbb6812 "IB/mlx5: Add support for hca_core_clock and timestamp_mask" (Matan Barak, query_device extended verb)',
    note: 'before, ibv_query_device_ex reads both as 0 and ibv_devinfo -v prints "completion_timestamp_mask not supported" / "core clock not supported". PinLab sends device_cap_flags_ex (ib_uverbs_ex_query_device_resp) from the same release; that field\'s exact release is UNVERIFIED (4.4 lacks it, 4.19 has it)'
  },
  rdmaResObjectIds: {
    since: '5.2',
    commit: '"RDMA/nldev: Share with user-space object IDs" (Leon Romanovsky; RDMA_NLDEV_ATTR_RES_PDN/CQN/MRN/CTXN from restrack ids) + the "ctx" restrack summary entry',
    note: 'before, rdma resource prints no mrn/pdn/cqn/ctxn and the summary has no ctx; title and release UNVERIFIED (4.19 lacks them, 5.4 has them)'
  },
  rdmaCqDimAttr: {
    since: '5.3',
    commit: '"RDMA/nldev: Added configuration of RDMA dynamic interrupt moderation to netlink" (Yamin Friedman; RDMA_NLDEV_ATTR_DEV_DIM in fill_res_cq_entry)',
    note: 'what `rdma resource show cq` prints as "adaptive-moderation off" for user CQs (cq->dim is only set for kernel CQs); posted for rdma-next July 2019, release UNVERIFIED (4.19 lacks it, 5.4 has it)'
  },
  rdmaResSrq: {
    since: '5.14',
    commit: '"RDMA/nldev: Return SRQ information" (Neta Ostrovsky; "srq" in fill_res_info, RDMA_NLDEV_CMD_RES_SRQ_GET)',
    note: 'the "srq N" summary entry; posted for rdma-next April 2021, release UNVERIFIED (5.10 lacks it, 6.1 has it)'
  },
  rdmaCopyOnForkAttr: {
    since: '5.13',
    commit: '6cc9e215eb27 "RDMA/nldev: Add copy-on-fork attribute to get sys command" (RDMA_NLDEV_SYS_ATTR_COPY_ON_FORK)',
    note: 'rdma-core returns IBV_FORK_UNNEEDED from ibv_is_fork_initialized() and makes ibv_fork_init() a no-op only when the kernel reports it; the fork copy itself is 5.9 (earlyCowPinnedOnFork). Release from userspace-api §1.9 (UNVERIFIED exact)'
  }
} as const satisfies Record<string, FeatureInfo>

export type Feature = keyof typeof FEATURES

/** Does `version` have `feature`? The one place where versions are compared. */
export function featureIn(version: string, feature: Feature): boolean {
  const f: FeatureInfo = FEATURES[feature]
  if (compareKernelVersions(version, f.since) < 0) return false
  if (f.until !== undefined && compareKernelVersions(version, f.until) >= 0) return false
  return true
}

/** The resolved feature set of one version (a frozen lookup, so `has` is a property read). */
const featureSetCache = new Map<string, Readonly<Record<Feature, boolean>>>()

export function featureSet(version: KernelVersion): Readonly<Record<Feature, boolean>> {
  const cached = featureSetCache.get(version)
  if (cached) return cached
  const out = {} as Record<Feature, boolean>
  for (const name of Object.keys(FEATURES) as Feature[]) out[name] = featureIn(version, name)
  const frozen = Object.freeze(out)
  featureSetCache.set(version, frozen)
  return frozen
}

/** The supported versions just below and at-or-above a feature's boundary, for boundary tests. */
export function versionsAround(feature: Feature, edge: 'since' | 'until' = 'since'): { before?: KernelVersion; after?: KernelVersion } {
  const f: FeatureInfo = FEATURES[feature]
  const at = edge === 'since' ? f.since : f.until
  if (at === undefined) return {}
  let before: KernelVersion | undefined
  let after: KernelVersion | undefined
  for (const v of SUPPORTED_KERNELS) {
    if (compareKernelVersions(v, at) < 0) before = v
    else if (after === undefined) after = v
  }
  return { before, after }
}
