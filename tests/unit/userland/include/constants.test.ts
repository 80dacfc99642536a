/**
 * Every constant PinLab's /usr/include defines has the value and the type the real headers give it.
 *
 * One generated C program prints every object-like macro and every enumerator of PinLab's
 * headers with its C type; gcc builds it once against PinLab's headers and once against the
 * host's (glibc, linux-libc-dev, rdma-core, liburing), and both must print the same lines. A few
 * constants are newer than the host's headers (Debian 12: glibc 2.36, linux-libc-dev 6.1,
 * rdma-core 44, liburing 2.3) or have no host header at all (gup_test); their expected values
 * are written down below with where they come from.
 */
import { describe, expect, it } from 'vitest'
import { enumerators, gcc, lines, ourPrelude, Outputs, requireToolchain, SYSTEM_PRELUDE, valueMacros } from './toolchain'

interface Expected {
  type: string
  value: string
  source: string
}

const RDMA_CORE_V64 = 'rdma-core v64 libibverbs/verbs.h (newer than the host rdma-core 44); values as in /work/shared/reference/userspace-api.md §1'
const UAPI = 'torvalds/linux'
const GUP_TEST_H = 'linux mm/gup_test.h (torvalds/linux, read with the code search); the numbers are _IOWR/_IOW/_IO of asm-generic/ioctl.h, whose macros are checked against the host below'

/** Constants the host's headers lack: the expected type and value, and the source. */
const ONLY_OURS: Record<string, Expected> = {
  // rdma-core after v44
  IBV_ACCESS_FLUSH_GLOBAL: { type: 'int', value: '256', source: RDMA_CORE_V64 },
  IBV_ACCESS_FLUSH_PERSISTENT: { type: 'int', value: '512', source: RDMA_CORE_V64 },
  IBV_ACCESS_OPTIONAL_FIRST: { type: 'int', value: '1048576', source: RDMA_CORE_V64 + ' (IB_UVERBS_ACCESS_OPTIONAL_FIRST, 1 << 20)' },
  IBV_WR_FLUSH: { type: 'int', value: '14', source: RDMA_CORE_V64 },
  IBV_WC_FLUSH: { type: 'int', value: '8', source: RDMA_CORE_V64 },
  IBV_ODP_SUPPORT_FLUSH: { type: 'int', value: '64', source: RDMA_CORE_V64 },
  IBV_ODP_SUPPORT_ATOMIC_WRITE: { type: 'int', value: '128', source: RDMA_CORE_V64 },
  IBV_EVENT_DEVICE_SPEED_CHANGE: { type: 'int', value: '20', source: RDMA_CORE_V64 },
  // kernel uapi newer than the host's linux-libc-dev 6.1 (and glibc 2.36)
  F_SEAL_EXEC: { type: 'int', value: '32', source: UAPI + ' include/uapi/linux/fcntl.h (6.3); reference §5.1' },
  MFD_NOEXEC_SEAL: { type: 'unsigned int', value: '8', source: UAPI + ' include/uapi/linux/memfd.h (6.3); reference §5.1' },
  MFD_EXEC: { type: 'unsigned int', value: '16', source: UAPI + ' include/uapi/linux/memfd.h (6.3); reference §5.1' },
  MAP_DROPPABLE: { type: 'int', value: '8', source: UAPI + ' include/uapi/linux/mman.h (6.11, commit 9651fcedf7b9); reference §5.1' },
  MADV_GUARD_INSTALL: { type: 'int', value: '102', source: UAPI + ' include/uapi/asm-generic/mman-common.h (6.13); reference §5.1' },
  MADV_GUARD_REMOVE: { type: 'int', value: '103', source: UAPI + ' include/uapi/asm-generic/mman-common.h (6.13); reference §5.1' },
  IORING_SETUP_NO_MMAP: { type: 'unsigned int', value: '16384', source: UAPI + ' include/uapi/linux/io_uring.h (6.5), (1U << 14)' },
  IORING_OFF_PBUF_RING: { type: 'unsigned long long', value: '2147483648', source: UAPI + ' include/uapi/linux/io_uring.h (6.4), 0x80000000ULL; reference §3.1' },
  IORING_OFF_PBUF_SHIFT: { type: 'int', value: '16', source: UAPI + ' include/uapi/linux/io_uring.h (6.4); reference §3.1' },
  // gup_test (no uapi header: the kernel keeps it in mm/)
  GUP_FAST_BENCHMARK: { type: 'unsigned long', value: String(0xc0506701), source: GUP_TEST_H },
  PIN_FAST_BENCHMARK: { type: 'unsigned long', value: String(0xc0506702), source: GUP_TEST_H },
  PIN_LONGTERM_BENCHMARK: { type: 'unsigned long', value: String(0xc0506703), source: GUP_TEST_H },
  GUP_BASIC_TEST: { type: 'unsigned long', value: String(0xc0506704), source: GUP_TEST_H },
  PIN_BASIC_TEST: { type: 'unsigned long', value: String(0xc0506705), source: GUP_TEST_H },
  DUMP_USER_PAGES_TEST: { type: 'unsigned long', value: String(0xc0506706), source: GUP_TEST_H },
  PIN_LONGTERM_TEST_START: { type: 'unsigned long', value: String(0x40186707), source: GUP_TEST_H },
  PIN_LONGTERM_TEST_STOP: { type: 'unsigned int', value: String(0x6708), source: GUP_TEST_H },
  PIN_LONGTERM_TEST_READ: { type: 'unsigned long', value: String(0x40086709), source: GUP_TEST_H },
  GUP_TEST_MAX_PAGES_TO_DUMP: { type: 'int', value: '8', source: GUP_TEST_H },
  GUP_TEST_FLAG_DUMP_PAGES_USE_PIN: { type: 'int', value: '1', source: GUP_TEST_H },
  PIN_LONGTERM_TEST_FLAG_USE_WRITE: { type: 'int', value: '1', source: GUP_TEST_H },
  PIN_LONGTERM_TEST_FLAG_USE_FAST: { type: 'int', value: '2', source: GUP_TEST_H }
}

/**
 * Constants whose type differs between two host headers that the comparison program has to
 * include together; only the value is compared.
 */
const VALUE_ONLY: Record<string, string> = {
  MLOCK_ONFAULT: "glibc's <sys/mman.h> says 1U (PinLab follows it), the kernel's <linux/mman.h> 0x01 and wins in the host program"
}

/** Function-like macros, evaluated on sample arguments on both sides. */
const EXPRESSIONS: string[] = [
  ...[0, 0x100, 0x2a00, 0xff00, 0x9, 0x8b, 0x86, 0x137f, 0x57f, 0xffff, 0x7f].flatMap((s) =>
    ['WEXITSTATUS', 'WTERMSIG', 'WSTOPSIG', 'WIFEXITED', 'WIFSIGNALED', 'WIFSTOPPED', 'WIFCONTINUED', 'WCOREDUMP'].map((m) => `${m}(${s})`)
  ),
  ...[0o100644, 0o40755, 0o120777, 0o20620, 0o60660, 0o10644, 0o140755].flatMap((mode) =>
    ['S_ISREG', 'S_ISDIR', 'S_ISLNK', 'S_ISCHR', 'S_ISBLK', 'S_ISFIFO', 'S_ISSOCK'].map((m) => `${m}(${mode})`)
  ),
  "_IO('g',8)",
  "_IOR('T',0x13,int)",
  "_IOW('g',9,__u64)",
  "_IOW('g',7,char[24])",
  "_IOWR('g',1,char[80])",
  "_IOWR('x',0xff,struct winsize)",
  "_IOC(_IOC_READ,'U',3,16)",
  '_IOC_DIR(0xc0506701UL)',
  '_IOC_TYPE(0xc0506701UL)',
  '_IOC_NR(0xc0506701UL)',
  '_IOC_SIZE(0xc0506701UL)',
  'INT8_C(-5)',
  'INT16_C(7)',
  'INT32_C(-9)',
  'INT64_C(1)',
  'UINT8_C(5)',
  'UINT16_C(5)',
  'UINT32_C(5)',
  'UINT64_C(1)',
  'INTMAX_C(3)',
  'UINTMAX_C(3)',
  ...['htobe16', 'htole16', 'be16toh', 'le16toh', 'bswap_16'].map((m) => `${m}(0x1234)`),
  ...['htobe32', 'htole32', 'be32toh', 'le32toh', 'bswap_32'].map((m) => `${m}(0x12345678)`),
  ...['htobe64', 'htole64', 'be64toh', 'le64toh', 'bswap_64'].map((m) => `${m}(0x0102030405060708ULL)`),
  'htonl(0x0a000001)',
  'ntohs(0x1234)',
  'offsetof(struct iovec,iov_len)',
  'offsetof(struct timespec,tv_nsec)'
]

const PRINTERS = `
static void p_s(const char *n, const char *t, long long v) { printf("%s %s %lld\\n", n, t, v); }
static void p_u(const char *n, const char *t, unsigned long long v) { printf("%s %s %llu\\n", n, t, v); }
static void p_str(const char *n, const char *t, const char *v) { printf("%s %s \\"%s\\"\\n", n, t, v); }
static void p_ptr(const char *n, const char *t, const void *v) { printf("%s %s %p\\n", n, t, v); }
#define TNAME(x) _Generic((x), _Bool: "_Bool", char: "char", signed char: "signed char", unsigned char: "unsigned char", \\
  short: "short", unsigned short: "unsigned short", int: "int", unsigned int: "unsigned int", long: "long", \\
  unsigned long: "unsigned long", long long: "long long", unsigned long long: "unsigned long long", \\
  char *: "char *", const char *: "const char *", void *: "void *", default: "other")
#define P(n, x) _Generic((x), char: p_s, signed char: p_s, short: p_s, int: p_s, long: p_s, long long: p_s, \\
  _Bool: p_u, unsigned char: p_u, unsigned short: p_u, unsigned int: p_u, unsigned long: p_u, unsigned long long: p_u, \\
  char *: p_str, const char *: p_str, default: p_ptr)(n, TNAME(x), (x))
`

function program(prelude: string, names: string[], expressions: string[]): string {
  const body = [...names.map((n) => `  P("${n}", ${n});`), ...expressions.map((e) => `  P("${e.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}", ${e});`)]
  return `${prelude}\n${PRINTERS}\nint main(void)\n{\n${body.join('\n')}\n  return 0;\n}\n`
}

describe('constants of /usr/include', () => {
  const macros = valueMacros()
  const enums = enumerators()
  const names = [...new Set([...macros.map((m) => m.name), ...enums.map((e) => e.name)])].sort()
  const outputs = new Outputs(() => {
    requireToolchain()
    const ours = lines(gcc(program(ourPrelude(), names, EXPRESSIONS), { ours: true, run: true }))
    const systemNames = names.filter((n) => !(n in ONLY_OURS))
    const system = lines(gcc(program(SYSTEM_PRELUDE, systemNames, EXPRESSIONS), { ours: false, run: true }))
    return { ours, system }
  })

  it('finds the constants in the headers', () => {
    // a sanity floor, so that a broken reader cannot make the comparison vacuous
    expect(macros.length).toBeGreaterThan(700)
    expect(enums.length).toBeGreaterThan(250)
    for (const n of ['EFAULT', 'MAP_PRIVATE', 'MADV_DONTFORK', 'O_DIRECT', 'IBV_ACCESS_RELAXED_ORDERING', 'IORING_OP_READ_FIXED', 'PIN_LONGTERM_BENCHMARK', 'PRIx64']) {
      expect(names).toContain(n)
    }
  })

  it('prints every constant of PinLab headers', () => {
    const { ours } = outputs.get()
    for (const n of names) expect(ours.get(n), n).toBeDefined()
  })

  it('gives every constant the host also has the same type and value', () => {
    const { ours, system } = outputs.get()
    const differ: string[] = []
    for (const n of names) {
      if (n in ONLY_OURS) continue
      if (n in VALUE_ONLY) {
        if (ours.get(n)?.split(' ').pop() !== system.get(n)?.split(' ').pop()) differ.push(`${n}: PinLab ${ours.get(n)}, host ${system.get(n)}`)
        continue
      }
      if (ours.get(n) !== system.get(n)) differ.push(`${n}: PinLab ${ours.get(n)}, host ${system.get(n)}`)
    }
    expect(differ).toEqual([])
  })

  it('gives the constants the host lacks their documented type and value', () => {
    const { ours } = outputs.get()
    const differ: string[] = []
    for (const [n, e] of Object.entries(ONLY_OURS)) {
      const want = `${e.type} ${e.value}`
      if (ours.get(n) !== want) differ.push(`${n}: PinLab ${ours.get(n)}, expected ${want} (${e.source})`)
    }
    expect(differ).toEqual([])
  })

  it('keeps the list of constants the host lacks honest', () => {
    // every entry must still be defined by PinLab
    for (const n of Object.keys(ONLY_OURS)) expect(names, n).toContain(n)
  })

  it('evaluates the function-like macros as the host does', () => {
    const { ours, system } = outputs.get()
    const differ: string[] = []
    for (const e of EXPRESSIONS) if (ours.get(e) !== system.get(e)) differ.push(`${e}: PinLab ${ours.get(e)}, host ${system.get(e)}`)
    expect(differ).toEqual([])
  })
})
