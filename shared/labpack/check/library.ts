import type { CheckType, RecordName } from './ast'

/**
 * The fixed library of the check language: the names a check may read and the functions it may
 * call, with their types. The host implements exactly these (electron/host/labs/check-eval.ts);
 * nothing else is reachable from a pack.
 */

export interface FunctionSignature {
  params: Array<{ name: string; type: CheckType }>
  result: CheckType
  /** One line for authors (instructor mode's completion, error messages). */
  doc: string
}

export const CHECK_VALUES: Readonly<Record<string, { type: CheckType; doc: string }>> = {
  output: { type: 'string', doc: "the last command's stdout and stderr, as the terminal showed them" },
  exit: { type: 'int', doc: "the last command's exit status ($?)" },
  kernel: { type: 'string', doc: 'the kernel version of the machine, like "6.18"' }
}

export const CHECK_FUNCTIONS: Readonly<Record<string, FunctionSignature>> = {
  contains: { params: [{ name: 's', type: 'string' }, { name: 'sub', type: 'string' }], result: 'bool', doc: 's holds sub' },
  count: { params: [{ name: 's', type: 'string' }, { name: 'sub', type: 'string' }], result: 'int', doc: 'how many times sub occurs in s' },
  matches: { params: [{ name: 's', type: 'string' }, { name: 'pattern', type: 'regex' }], result: 'bool', doc: 's matches /pattern/' },
  value_of: {
    params: [{ name: 's', type: 'string' }, { name: 'key', type: 'string' }],
    result: 'int',
    doc: 'the number after the first "key=" in s (decimal or 0x hex); an error when there is none'
  },
  file_exists: { params: [{ name: 'path', type: 'string' }], result: 'bool', doc: 'a file exists at path (relative to the home directory)' },
  file: { params: [{ name: 'path', type: 'string' }], result: 'string', doc: 'the content of the file at path' },
  process: { params: [{ name: 'name', type: 'string' }], result: 'int', doc: 'pid of a live process with this name, or -1' },
  vma: { params: [{ name: 'pid', type: 'int' }, { name: 'addr', type: 'int' }], result: 'vma', doc: 'the VMA covering addr in process pid' },
  pte: { params: [{ name: 'pid', type: 'int' }, { name: 'addr', type: 'int' }], result: 'pte', doc: 'the page-table entry of addr in process pid' },
  frame: { params: [{ name: 'pfn', type: 'int' }], result: 'frame', doc: 'the physical frame pfn' },
  mr_count: { params: [], result: 'int', doc: 'how many RDMA memory regions are registered' },
  mr: { params: [{ name: 'i', type: 'int' }], result: 'mr', doc: 'the i-th registered memory region (0-based, in registration order)' },
  trace_count: { params: [{ name: 'type', type: 'string' }], result: 'int', doc: 'trace events of this type since the step started' },
  dmesg_contains: { params: [{ name: 's', type: 'string' }], result: 'bool', doc: 'a kernel log line holds s' },
  version_at_least: { params: [{ name: 'version', type: 'string' }], result: 'bool', doc: 'the kernel is this version or newer' }
}

export const RECORD_FIELDS: Readonly<Record<RecordName, Readonly<Record<string, CheckType>>>> = {
  vma: { exists: 'bool', start: 'int', end: 'int', perms: 'string', flags: 'string' },
  pte: { present: 'bool', writable: 'bool', dirty: 'bool', special: 'bool', pfn: 'int' },
  frame: {
    allocated: 'bool',
    refcount: 'int',
    mapcount: 'int',
    pincount: 'int',
    anon: 'bool',
    anon_exclusive: 'bool',
    dirty: 'bool',
    zero: 'bool',
    maybe_dma_pinned: 'bool',
    orphan: 'bool'
  },
  mr: { lkey: 'int', pages: 'int', agrees: 'bool' }
}

/** Trace event types `trace_count` accepts (the kernel tracer's event names). */
export const TRACE_EVENT_TYPES = [
  'fault', 'anon_page', 'zero_page_map', 'file_page_map', 'cow', 'reuse', 'gup', 'pin', 'unpin', 'put_page', 'fork', 'exit',
  'syscall', 'mmu_notifier_invalidate', 'migrate', 'zap', 'wrprotect', 'page_mkclean', 'dma_read', 'dma_write', 'signal',
  'dio_submit', 'dio_complete', 'invalidate', 'oops', 'warn', 'pipe_buf', 'preempt', 'resume', 'buffers', 'pagecache',
  'writeback', 'io_uring', 'ib_umem', 'ib_mr', 'ib_dma', 'ib_qp', 'ib_wc', 'ib_obj', 'ib_post', 'ib_odp'
] as const
