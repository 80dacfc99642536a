/**
 * The memory picture as tables: the same facts as the picture, captions and scoped headers, the
 * picture/table toggle, screen-reader mode putting the table first, and "Copy as text".
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { FIXTURE_BASE_VPN as BASE, frameRun, memoryView, mrHolder, pteRun } from '../fixtures/memory-views'
import { mountMemoryPanel } from './fakes/mount-memory'
import { settle } from './fakes/mount'

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  document.body.innerHTML = ''
  vi.unstubAllGlobals()
  delete document.documentElement.dataset.animation
  delete document.documentElement.dataset.theme
})

async function mount(...args: Parameters<typeof mountMemoryPanel>) {
  const host = await mountMemoryPanel(...args)
  mounted = host.wrapper
  return host
}

const ADDR = `0x${(BASE * 4096).toString(16)}`
const hole = pteRun(BASE + 1, 3, -1)
const shared = memoryView(
  [{ pid: 10, ptes: [pteRun(BASE, 1, 100, { writable: false }), hole] }, { pid: 11, ptes: [pteRun(BASE, 1, 100, { writable: false }), hole] }],
  [frameRun(100, 1, { mapcount: 2, refcount: 1027, pincount: 1, anonExclusive: false, holders: ['mr:mlx5_0:0x1100'] })],
  [mrHolder(100, true)]
)
const written = memoryView(
  [{ pid: 10, ptes: [pteRun(BASE, 1, 200), hole] }, { pid: 11, ptes: [pteRun(BASE, 1, 100, { writable: false }), hole] }],
  [frameRun(100, 1, { refcount: 1026, pincount: 1, holders: ['mr:mlx5_0:0x1100'] }), frameRun(200, 1, { dirty: true })],
  [mrHolder(100, false)]
)

const cells = (row: { findAll(s: string): Array<{ text(): string }> }) => row.findAll('th, td').map((c) => c.text())

describe('the memory table', () => {
  it('shows the same facts as the picture, with captions and column and row headers', async () => {
    const { wrapper, step } = await mount(shared)
    await step(written)
    expect(wrapper.find('[data-testid="memory-table"]').exists()).toBe(false)
    await wrapper.find('[data-testid="mode-table"]').trigger('click')
    expect(wrapper.find('[data-testid="mode-table"]').attributes('aria-pressed')).toBe('true')
    expect(wrapper.find('[data-testid="memory-picture"]').exists()).toBe(false)

    const tables = wrapper.findAll('table')
    expect(tables.map((t) => t.find('caption').text())).toEqual(['Page table entries (Linux 6.18)', 'Physical frames', 'Holders: devices and the kernel'])
    for (const t of tables) {
      const heads = t.findAll('thead th')
      expect(heads.length).toBeGreaterThan(4)
      for (const h of heads) expect(h.attributes('scope')).toBe('col')
      for (const r of t.findAll('tbody tr')) expect(r.find('th').attributes('scope')).toBe('row')
    }
    expect(tables[1]!.findAll('thead th').map((h) => h.text())).toEqual(
      expect.arrayContaining(['refcount', 'mapcount', 'pincount', 'Reached by'])
    )

    const ptes = wrapper.findAll('[data-testid="pte-table-row"]')
    expect(ptes).toHaveLength(4)
    expect(cells(ptes[0]!)).toEqual([ADDR, 'pid 10 · a.out', `${ADDR}–0x7f0004000 rw-p [anon]`, '1', 'present, writable, dirty', 'pfn 0xc8', 'refcount 1 · mapcount 1 · pincount 0', 'copied on write, diverged'])
    expect(ptes[0]!.classes()).toContain('mem-change-cow')
    expect(cells(ptes[2]!).slice(0, 6)).toEqual([ADDR, 'pid 11 · a.out', `${ADDR}–0x7f0004000 rw-p [anon]`, '1', 'present, read-only, dirty', 'pfn 0x64'])

    const frames = wrapper.findAll('[data-testid="frame-table-row"]')
    expect(cells(frames[0]!)).toEqual([
      'pfn 0x64', '1', '1026', '1', '1', '0', 'anon-exclusive, Normal/Unmovable', '', `pid 11 at ${ADDR}; mlx5_0 MR lkey 0x1100`, 'diverged'
    ])
    expect(cells(frames[1]!)).toEqual(['pfn 0xc8', '1', '1', '1', '0', '0', 'anon-exclusive, dirty, Normal/Unmovable', '', `pid 10 at ${ADDR}`, 'copied on write'])

    const holder = wrapper.find('[data-testid="holder-table-row"]')
    expect(holder.classes()).toContain('mem-diverged')
    expect(cells(holder)[0]).toBe('mlx5_0 MR lkey 0x1100')
    expect(cells(holder)[5]).toBe(
      `no: mlx5_0 MR lkey 0x1100 still reads pfn 0x64 at ${ADDR}, but pid 10 now maps pfn 0xc8 there: the device and the CPU see different memory.`
    )
    expect(cells(holder)[6]).toBe('diverged')
  })

  it('screen-reader mode shows the table instead of the picture; the toggle still switches back', async () => {
    const { wrapper } = await mount(shared, { settings: { screenReaderMode: true } })
    expect(wrapper.find('[data-testid="memory-table"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="memory-picture"]').exists()).toBe(false)
    await wrapper.find('[data-testid="mode-picture"]').trigger('click')
    expect(wrapper.find('[data-testid="memory-picture"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="mode-picture"]').attributes('aria-pressed')).toBe('true')
  })

  it('"Copy as text" writes every row as tab-separated text to the clipboard, or says why it cannot', async () => {
    const writeText = vi.fn(async (_text: string) => {})
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } })
    const { wrapper, step } = await mount(shared, { settings: { screenReaderMode: true } })
    await step(written)
    await wrapper.find('[data-testid="copy-tsv"]').trigger('click')
    await settle()
    expect(writeText).toHaveBeenCalledTimes(1)
    const lines = writeText.mock.calls[0]![0].split('\n')
    expect(lines[0]).toBe('Page table entries (Linux 6.18)')
    expect(lines[1]).toBe('Process\tVMA\tAddresses\tPages\tPTE\tFrames\tFrame counts\tChanged')
    expect(lines[2]).toBe(`pid 10 · a.out\t${ADDR}–0x7f0004000 rw-p [anon]\t${ADDR}\t1\tpresent writable dirty\tpfn 0xc8\trefcount 1 · mapcount 1 · pincount 0\tcopied on write, diverged`)
    expect(lines).toContain('Physical frames')
    expect(lines.some((l: string) => l.startsWith('mlx5_0 MR lkey 0x1100\t') && l.includes('no: mlx5_0 MR lkey 0x1100 still reads pfn 0x64'))).toBe(true)
    expect(wrapper.find('[data-testid="memory-table"] [role="status"]').text()).toBe('Copied 7 rows as tab-separated text.')

    vi.stubGlobal('navigator', { ...navigator, clipboard: undefined })
    await wrapper.find('[data-testid="copy-tsv"]').trigger('click')
    expect(wrapper.find('[data-testid="memory-table"] [role="status"]').text()).toContain('no clipboard access')
  })
})
