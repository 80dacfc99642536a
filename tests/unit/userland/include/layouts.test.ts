/**
 * Every struct, union and typedef of PinLab's /usr/include has the real x86-64 layout.
 *
 * The test reads each aggregate's members out of PinLab's headers and prints, through gcc, the
 * size and alignment of the type and the offset and size of every member (nested ones by their
 * full designator, e.g. struct ibv_send_wr's wr.atomic.compare_add), once against PinLab's
 * headers and once against the host's. Typedefs of scalars must also name the same C type
 * (unsigned long is not unsigned long long, even at the same size). Members whose names are
 * private (a leading "__") are covered by the type's size only.
 */
import { describe, expect, it } from 'vitest'
import { aggregates, allMacroNames, gcc, lines, ourPrelude, Outputs, requireToolchain, SYSTEM_PRELUDE, typedefs, type Aggregate } from './toolchain'

const GUP_TEST_H = 'linux mm/gup_test.h: four __u64, three __u32 and __u32 which_pages[8], padded to 8; pin_longterm_test: two __u64 and a __u32'

/** Layouts the host's headers do not have, as "key" → "offset size" (or "size align" for the type). */
const ONLY_OURS: Record<string, { lines: Record<string, string>; source: string }> = {
  'struct gup_test': {
    source: GUP_TEST_H,
    lines: {
      'struct:gup_test': '80 8',
      'struct:gup_test.get_delta_usec': '0 8',
      'struct:gup_test.put_delta_usec': '8 8',
      'struct:gup_test.addr': '16 8',
      'struct:gup_test.size': '24 8',
      'struct:gup_test.nr_pages_per_call': '32 4',
      'struct:gup_test.gup_flags': '36 4',
      'struct:gup_test.test_flags': '40 4',
      'struct:gup_test.which_pages': '44 32'
    }
  },
  'struct pin_longterm_test': {
    source: GUP_TEST_H,
    lines: {
      'struct:pin_longterm_test': '24 8',
      'struct:pin_longterm_test.addr': '0 8',
      'struct:pin_longterm_test.size': '8 8',
      'struct:pin_longterm_test.flags': '16 4'
    }
  }
}

/**
 * Members newer than the host's headers (rdma-core 44): left out of the host program, and the
 * type's size with them; their expected layout is written down instead.
 */
const NEWER_THAN_HOST: Record<string, { type: string; lines: Record<string, string>; source: string }> = {
  'struct ibv_port_attr.active_speed_ex': {
    type: 'struct ibv_port_attr',
    source: 'rdma-core after v44, libibverbs/verbs.h (as in the reference snapshot v64 and its Rust/NCCL users): uint32_t active_speed_ex after uint16_t port_cap_flags2 (XDR link speeds); the kernel reports it in ib_uverbs_query_port_resp_ex',
    lines: { 'struct:ibv_port_attr': '56 4', 'struct:ibv_port_attr.active_speed_ex': '52 4' }
  }
}

/** Members reached through a macro, as the real headers spell them (st_atime is st_atim.tv_sec). */
const MACRO_MEMBERS: Array<[string, string]> = [
  ['siginfo_t', 'si_pid'],
  ['siginfo_t', 'si_uid'],
  ['siginfo_t', 'si_status'],
  ['siginfo_t', 'si_utime'],
  ['siginfo_t', 'si_stime'],
  ['siginfo_t', 'si_value'],
  ['siginfo_t', 'si_int'],
  ['siginfo_t', 'si_ptr'],
  ['siginfo_t', 'si_addr'],
  ['siginfo_t', 'si_addr_lsb'],
  ['siginfo_t', 'si_band'],
  ['siginfo_t', 'si_fd'],
  ['siginfo_t', 'si_timerid'],
  ['siginfo_t', 'si_overrun'],
  ['struct sigaction', 'sa_handler'],
  ['struct sigaction', 'sa_sigaction'],
  ['struct stat', 'st_atime'],
  ['struct stat', 'st_mtime'],
  ['struct stat', 'st_ctime']
]

/** Types that are incomplete on purpose (the runtime owns their contents). */
const OPAQUE = new Set(['FILE', '__FILE'])

/** The structs the issue names: the test fails if the reader stops finding any of them. */
const REQUIRED = [
  'struct ibv_device_attr', 'struct ibv_device_attr_ex', 'struct ibv_odp_caps', 'struct ibv_port_attr', 'struct ibv_mr',
  'struct ibv_pd', 'struct ibv_context', 'struct ibv_sge', 'struct ibv_send_wr', 'struct ibv_recv_wr', 'struct ibv_wc',
  'struct ibv_qp_init_attr', 'struct ibv_qp_attr', 'struct ibv_ah_attr', 'struct ibv_global_route', 'struct ibv_cq',
  'struct ibv_qp', 'struct io_uring', 'struct io_uring_sq', 'struct io_uring_cq', 'struct io_uring_sqe',
  'struct io_uring_cqe', 'struct io_uring_params', 'struct stat', 'struct iovec', 'struct timespec', 'struct rlimit',
  'struct gup_test', 'struct pin_longterm_test', 'struct sigaction', 'siginfo_t'
]

function key(type: string, path?: string): string {
  return type.replace(/ /g, ':') + (path === undefined ? '' : '.' + path)
}

function program(prelude: string, aggs: Aggregate[], scalarTypedefs: string[], otherTypedefs: string[], macroMembers: Array<[string, string]>): string {
  const out: string[] = []
  for (const a of aggs) {
    out.push(`  printf("%s %zu %zu\\n", "${key(a.type)}", sizeof(${a.type}), _Alignof(${a.type}));`)
    for (const f of a.fields) {
      const size = f.flexible ? '(size_t)0' : `sizeof(((${a.type} *)0)->${f.path})`
      out.push(`  printf("%s %zu %zu\\n", "${key(a.type, f.path)}", offsetof(${a.type}, ${f.path}), ${size});`)
    }
  }
  for (const [t, m] of macroMembers) {
    out.push(`  printf("%s %zu %zu\\n", "${key(t, m)}", offsetof(${t}, ${m}), sizeof(((${t} *)0)->${m}));`)
  }
  for (const t of scalarTypedefs) out.push(`  printf("%s %zu %s\\n", "typedef:${t}", sizeof(${t}), TNAME((${t})0));`)
  for (const t of otherTypedefs) out.push(`  printf("%s %zu %zu\\n", "typedef:${t}", sizeof(${t}), _Alignof(${t}));`)
  return `${prelude}
#define TNAME(x) _Generic((x), _Bool: "_Bool", char: "char", signed char: "signed char", unsigned char: "unsigned char", \\
  short: "short", unsigned short: "unsigned short", int: "int", unsigned int: "unsigned int", long: "long", \\
  unsigned long: "unsigned long", long long: "long long", unsigned long long: "unsigned long long", default: "other")
int main(void)
{
${out.join('\n')}
  return 0;
}
`
}

describe('struct layouts of /usr/include', () => {
  const macros = allMacroNames()
  const all = aggregates().map((a) => ({
    ...a,
    fields: a.fields.filter((f) => f.path.split('.').every((part) => !part.startsWith('__') && !macros.has(part)))
  }))
  const defs = typedefs().filter((t) => !OPAQUE.has(t.name))
  const scalar = defs.filter((t) => t.kind === 'integer').map((t) => t.name)
  const other = defs.filter((t) => t.kind !== 'integer').map((t) => t.name)
  const outputs = new Outputs(() => {
    requireToolchain()
    const ours = lines(gcc(program(ourPrelude(), all, scalar, other, MACRO_MEMBERS), { ours: true, run: true }))
    const hostAggs = all
      .filter((a) => !(a.type in ONLY_OURS))
      .map((a) => ({ ...a, fields: a.fields.filter((f) => !(`${a.type}.${f.path}` in NEWER_THAN_HOST)) }))
    const system = lines(gcc(program(SYSTEM_PRELUDE, hostAggs, scalar, other, MACRO_MEMBERS), { ours: false, run: true }))
    return { ours, system }
  })

  it('reads the structs the issue names, with their members', () => {
    const types = all.map((a) => a.type)
    for (const t of REQUIRED) expect(types, t).toContain(t)
    const sendWr = all.find((a) => a.type === 'struct ibv_send_wr')!.fields.map((f) => f.path)
    expect(sendWr).toEqual(expect.arrayContaining(['imm_data', 'wr.rdma.remote_addr', 'wr.rdma.rkey', 'wr.atomic.compare_add', 'wr.atomic.swap', 'wr.ud.remote_qpn', 'bind_mw.bind_info', 'tso.mss']))
    expect(all.reduce((n, a) => n + a.fields.length, 0)).toBeGreaterThan(500)
    expect(scalar.length).toBeGreaterThan(60)
  })

  it('gives every struct, union and member the host also has the same size, alignment and offset', () => {
    const { ours, system } = outputs.get()
    const differ: string[] = []
    for (const [k, v] of ours) {
      if (Object.values(ONLY_OURS).some((o) => k in o.lines)) continue
      if (Object.values(NEWER_THAN_HOST).some((o) => k in o.lines)) continue
      if (system.get(k) !== v) differ.push(`${k}: PinLab ${v}, host ${system.get(k)}`)
    }
    expect(differ).toEqual([])
  })

  it('gives the structs the host lacks their documented layout', () => {
    const { ours } = outputs.get()
    for (const [type, o] of Object.entries(ONLY_OURS)) {
      const mine = Object.fromEntries([...ours].filter(([k]) => k === key(type) || k.startsWith(key(type) + '.')))
      expect(mine, `${type} (${o.source})`).toEqual(o.lines)
    }
  })

  it('gives the members newer than the host their documented layout', () => {
    const { ours } = outputs.get()
    for (const [member, o] of Object.entries(NEWER_THAN_HOST)) {
      for (const [k, v] of Object.entries(o.lines)) expect(ours.get(k), `${member}: ${k} (${o.source})`).toBe(v)
    }
  })

  it('gives every typedef the same size and C type as the host', () => {
    const { ours, system } = outputs.get()
    const differ: string[] = []
    for (const t of [...scalar, ...other]) {
      const k = `typedef:${t}`
      if (ours.get(k) === undefined || ours.get(k) !== system.get(k)) differ.push(`${t}: PinLab ${ours.get(k)}, host ${system.get(k)}`)
    }
    expect(differ).toEqual([])
  })
})
