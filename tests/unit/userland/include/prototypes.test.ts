/**
 * Every function PinLab's /usr/include declares has the real signature.
 *
 * 1. Each public header compiles on its own, twice in a row, with -Wall -Wextra -pedantic
 *    -Werror: the headers are self-contained and guarded.
 * 2. A program takes the address of every declared function into a pointer whose type is spelled
 *    from the declaration, against PinLab's headers, with -Werror.
 * 3. The same declarations, renamed, are compiled after the host's headers, and
 *    __builtin_types_compatible_p must hold between each and the host's own function (or, where
 *    the host has a static inline wrapper or a macro, the function the wrapper stands for).
 */
import { describe, expect, it } from 'vitest'
import { gcc, ourPrelude, OUR_HEADERS, Outputs, pointerDeclarator, prototypes, requireToolchain, SYSTEM_PRELUDE } from './toolchain'

/** Functions the host lacks, with where their signature comes from. */
const ONLY_OURS: Record<string, string> = {
  ibv_wr_opcode_str: 'rdma-core libibverbs/verbs.h after v44: const char *ibv_wr_opcode_str(enum ibv_wr_opcode opcode); reference §1.6'
}

/**
 * Where the host's header hides the function behind a macro, the function it expands to
 * (rdma-core: #define ibv_query_port(...) ___ibv_query_port(...), a static inline taking
 * struct ibv_port_attr *; the plain symbol takes a compat struct).
 */
const HOST_NAME: Record<string, string> = {
  ibv_query_port: '___ibv_query_port'
}

/** <libgen.h> maps basename to __xpg_basename; undone so that basename names the GNU function. */
const UNDO_NAME_MACROS = '#undef basename'

/** Functions the issue names: the reader must keep finding them. */
const REQUIRED = [
  'ibv_get_device_list', 'ibv_free_device_list', 'ibv_get_device_name', 'ibv_open_device', 'ibv_close_device',
  'ibv_query_device', 'ibv_query_device_ex', 'ibv_query_port', 'ibv_alloc_pd', 'ibv_dealloc_pd', 'ibv_reg_mr',
  'ibv_reg_mr_iova', 'ibv_dereg_mr', 'ibv_create_cq', 'ibv_destroy_cq', 'ibv_create_qp', 'ibv_destroy_qp',
  'ibv_modify_qp', 'ibv_query_qp', 'ibv_post_send', 'ibv_post_recv', 'ibv_poll_cq', 'ibv_fork_init',
  'ibv_is_fork_initialized', 'ibv_wc_status_str', 'ibv_advise_mr', 'ibv_query_gid', 'io_uring_get_sqe',
  'io_uring_prep_read', 'io_uring_prep_write', 'io_uring_prep_read_fixed', 'io_uring_prep_write_fixed',
  'io_uring_prep_nop', 'io_uring_sqe_set_data', 'io_uring_cqe_get_data', 'io_uring_cqe_seen', 'io_uring_wait_cqe',
  'io_uring_queue_init', 'io_uring_submit', 'io_uring_register_buffers', 'mmap', 'munmap', 'mprotect', 'madvise',
  'mlock', 'fork', 'waitpid', '_exit', 'getpid', 'kill', 'sleep', 'usleep', 'pipe', 'vmsplice', 'ioctl',
  'memfd_create', 'getrlimit', 'setrlimit', 'sysconf', 'pthread_create', 'pthread_join', 'pthread_mutex_lock',
  'malloc', 'posix_memalign', 'printf', 'setvbuf', 'perror', 'strerror', 'open', 'pread', 'pwrite', 'ftruncate'
]

const declarations = prototypes()
/** One entry per function (a function may be declared by two headers, e.g. malloc.h and stdlib.h). */
const protos = declarations.filter((p, i) => declarations.findIndex((q) => q.name === p.name) === i)

describe('prototypes of /usr/include', () => {
  it('reads the declarations the issue names', () => {
    const names = protos.map((p) => p.name)
    for (const n of REQUIRED) expect(names, n).toContain(n)
    // a function declared by two headers is declared alike (gcc checks the types; this the spelling)
    const unlike = declarations.filter((d) => {
      const first = protos.find((p) => p.name === d.name)!
      return `${d.ret}(${d.params})` !== `${first.ret}(${first.params})`
    })
    expect(unlike.map((d) => `${d.name} in ${d.header}`)).toEqual([])
    for (const n of Object.keys(ONLY_OURS)) expect(names, n).toContain(n)
  })

  it('compiles every header on its own, included twice, without a warning', () => {
    requireToolchain()
    const failures: string[] = []
    for (const h of Object.keys(OUR_HEADERS)) {
      if (h.startsWith('bits/')) continue
      try {
        gcc(`#include <${h}>\n#include <${h}>\nint main(void) { return 0; }\n`, { ours: true, flags: ['-Wall', '-Wextra', '-pedantic', '-Werror', '-std=c11'] })
      } catch (e) {
        failures.push(`${h}: ${(e as Error).message.split('\n--- program ---')[0]}`)
      }
    }
    expect(failures).toEqual([])
  })

  it('declares every function with the type its pointer is spelled with (PinLab headers, -Werror)', () => {
    requireToolchain()
    const body = protos.map((p) => `static ${pointerDeclarator(p, `p_${p.name}`)} __attribute__((unused)) = &${p.name};`)
    gcc(`${ourPrelude()}\n${UNDO_NAME_MACROS}\n${body.join('\n')}\nint main(void) { return 0; }\n`, { ours: true, flags: ['-Wall', '-Wextra', '-Werror'] })
  })

  const host = new Outputs(() => {
    requireToolchain()
    const checked = protos.filter((p) => !(p.name in ONLY_OURS))
    const decls = checked.map((p) => `extern ${p.ret} __pinlab_${p.name}(${p.params});`)
    const asserts = checked.map(
      (p) => `_Static_assert(__builtin_types_compatible_p(__typeof__(${HOST_NAME[p.name] ?? p.name}), __typeof__(__pinlab_${p.name})), "${p.name}");`
    )
    // gcc reports every failed assertion, so one compile lists all the differences
    try {
      gcc(`${SYSTEM_PRELUDE}\n${UNDO_NAME_MACROS}\n${decls.join('\n')}\n${asserts.join('\n')}\nint main(void) { return 0; }\n`, { ours: false })
      return { checked: checked.length, differ: [] as string[] }
    } catch (e) {
      const message = (e as Error).message
      const differ = [...message.matchAll(/static assertion failed: "(\w+)"/g)].map((m) => m[1]!)
      if (differ.length === 0) throw e
      return { checked: checked.length, differ }
    }
  })

  it('gives every function the host also declares a compatible type', () => {
    const { checked, differ } = host.get()
    expect(checked).toBeGreaterThan(300)
    const detail = differ.map((n) => {
      const p = protos.find((q) => q.name === n)!
      return `${n} (${p.header}): PinLab ${p.ret} ${n}(${p.params})`
    })
    expect(detail).toEqual([])
  })
})
