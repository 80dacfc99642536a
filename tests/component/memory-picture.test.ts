/**
 * The memory picture drawn from fixed views (tests/fixtures/memory-views.ts): a COW after fork,
 * an unshare, an MR diverging from its process, a 262,144-page run and its expansion, the bound
 * on the DOM for a view of thousands of runs, and animation off.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { FIXTURE_BASE_VPN as BASE, frameRun, memoryView, mrHolder, pteRun } from '../fixtures/memory-views'
import type { MemoryView, PteRun } from '../../shared/view'
import { EXPAND_CHUNK_PAGES } from '../../renderer/src/stores/memory'
import { ROWS_PER_PAGE } from '../../renderer/src/components/memory/row-limit'
import { mountMemoryPanel } from './fakes/mount-memory'
import { settle } from './fakes/mount'

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  document.body.innerHTML = ''
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

/** Parent 10 and child 11 after fork share frame 100 read-only; the MR of the parent agrees. */
function afterFork(): MemoryView {
  return memoryView(
    [
      { pid: 10, ptes: [pteRun(BASE, 1, 100, { writable: false }), hole] },
      { pid: 11, ptes: [pteRun(BASE, 1, 100, { writable: false }), hole], comm: 'child' }
    ],
    [frameRun(100, 1, { mapcount: 2, refcount: 1027, pincount: 1, anonExclusive: false, maybeDmaPinned: true, holders: ['mr:mlx5_0:0x1100'] })],
    [mrHolder(100, true)]
  )
}

/** The parent wrote: it maps a copy (frame 200); the child and the MR keep frame 100. */
function afterParentWrite(): MemoryView {
  return memoryView(
    [
      { pid: 10, ptes: [pteRun(BASE, 1, 200), hole] },
      { pid: 11, ptes: [pteRun(BASE, 1, 100, { writable: false }), hole], comm: 'child' }
    ],
    [frameRun(100, 1, { refcount: 1026, pincount: 1, maybeDmaPinned: true, holders: ['mr:mlx5_0:0x1100'] }), frameRun(200, 1)],
    [mrHolder(100, false)]
  )
}

function pteRowOf(wrapper: VueWrapper, pid: number) {
  return wrapper.find(`[data-testid="process"][data-pid="${pid}"] [data-testid="pte-row"][data-vpn="${BASE}"]`)
}

describe('the memory picture', () => {
  it('a COW after fork: parent and child map different frames at the same address, said in words, the new frame marked as a copy', async () => {
    const { wrapper, step } = await mount(afterFork())
    expect(wrapper.find('[data-testid="memory-changes"]').text()).toContain('first picture')
    expect(pteRowOf(wrapper, 10).find('[data-testid="pte-target"]').text()).toBe('pfn 0x64')
    expect(pteRowOf(wrapper, 11).find('[data-testid="pte-target"]').text()).toBe('pfn 0x64')

    await step(afterParentWrite())
    expect(pteRowOf(wrapper, 10).find('[data-testid="pte-target"]').text()).toBe('pfn 0xc8')
    expect(pteRowOf(wrapper, 11).find('[data-testid="pte-target"]').text()).toBe('pfn 0x64')
    const live = wrapper.find('[aria-live="polite"]')
    expect(live.text()).toContain(
      `Copy on write: process 10 got a private copy of 1 page at ${ADDR} (frame 100 → 200); the old frame is still shared.`
    )
    const copy = wrapper.find('[data-testid="frame-row"][data-pfn="200"]')
    expect(copy.classes()).toEqual(expect.arrayContaining(['mem-changed', 'mem-change-cow']))
    expect(copy.text()).toContain('changed: copied on write')
    expect(pteRowOf(wrapper, 10).classes()).toContain('mem-change-cow')
    // The child's page did not change, nor did the frame it keeps.
    expect(pteRowOf(wrapper, 11).classes()).not.toContain('mem-changed')
    expect(wrapper.find('[data-testid="frame-row"][data-pfn="100"]').classes()).not.toContain('mem-change-cow')
    expect(wrapper.find('[data-testid="frame-row"][data-pfn="100"]').text()).toContain(`pid 11 at ${ADDR}`)
  })

  it('an unshare (5.19+): a read-only pin copied the shared page and the PTE stays read-only', async () => {
    const unshared = memoryView(
      [
        { pid: 10, ptes: [pteRun(BASE, 1, 300, { writable: false }), hole] },
        { pid: 11, ptes: [pteRun(BASE, 1, 100, { writable: false }), hole] }
      ],
      [frameRun(100, 1, { refcount: 1 }), frameRun(300, 1, { refcount: 1025, pincount: 1, maybeDmaPinned: true })]
    )
    const { wrapper, step } = await mount(afterFork())
    await step(unshared)
    const sentences = wrapper.findAll('[data-testid="change-sentence"]').map((s) => s.text())
    expect(sentences).toContain(
      `Unshare: a read-only pin copied 1 page at ${ADDR} of process 10 into frame 300; the page stays read-only and the old frame 100 stays shared.`
    )
    const row = pteRowOf(wrapper, 10)
    expect(row.classes()).toContain('mem-change-unshare')
    expect(row.text()).toContain('read-only')
    expect(row.text()).not.toContain('writable')
    const frame = wrapper.find('[data-testid="frame-row"][data-pfn="300"]')
    expect(frame.classes()).toEqual(expect.arrayContaining(['mem-change-unshare', 'mem-change-pin']))
    expect(frame.text()).toContain('pincount 1')
    expect(frame.text()).toContain('maybe DMA-pinned')
  })

  it('an MR whose page diverged from the process is drawn as a divergence and said in words', async () => {
    const { wrapper, step } = await mount(afterFork())
    const before = wrapper.find('[data-testid="holder-row"]')
    expect(before.classes()).not.toContain('mem-diverged')
    expect(before.text()).toContain('same as the process')

    await step(afterParentWrite())
    const row = wrapper.find('[data-testid="holder-row"]')
    expect(row.classes()).toEqual(expect.arrayContaining(['mem-diverged', 'mem-change-divergence']))
    expect(row.find('[data-testid="divergence"]').text()).toBe(
      `mlx5_0 MR lkey 0x1100 still reads pfn 0x64 at ${ADDR}, but pid 10 now maps pfn 0xc8 there: the device and the CPU see different memory.`
    )
    expect(wrapper.find('[data-testid="holder"]').text()).toContain('rkey 0x1100')
    expect(wrapper.find('[aria-live="polite"]').text()).toContain('mlx5_0 MR lkey 0x1100 still points to frame 100, but process 10 no longer maps it')
  })

  it('a 262,144-page run is one row with its page count; Expand asks the host for 64 pages at a time', async () => {
    const N = 262_144
    const PFN = 0x100000
    const huge = memoryView(
      [{ pid: 42, ptes: [pteRun(BASE, N, PFN)], pages: N }],
      [frameRun(PFN, N, { refcount: 1025, pincount: 1, maybeDmaPinned: true, holders: ['mr:mlx5_0:0x1100'] })],
      [{ ...mrHolder(PFN, true, [{ first: 0, count: N, pfn: PFN, pfnStep: 1, agrees: true }]), pid: 42 }]
    )
    const expand = (params: { expand?: { pid: number; start: number; end: number } }) => {
      const { pid, start, end } = params.expand!
      const ptes: PteRun[] = []
      for (let a = start; a < end; a += 4096) ptes.push(pteRun(a / 4096, 1, PFN + (a / 4096 - BASE)))
      const first = PFN + (start / 4096 - BASE)
      return memoryView([{ pid, ptes, pages: 0 }], [frameRun(first, (end - start) / 4096, { refcount: 1025, pincount: 1 })])
    }
    const { wrapper, api } = await mount(huge, { expand })
    expect(wrapper.findAll('[data-testid="pte-row"]')).toHaveLength(1)
    expect(wrapper.findAll('[data-testid="frame-row"]')).toHaveLength(1)
    expect(wrapper.findAll('[data-testid="holder-row"]')).toHaveLength(1)
    const row = wrapper.find('[data-testid="pte-row"]')
    expect(row.text()).toContain('262,144 pages')
    expect(row.text()).toContain('pfns 0x100000–0x13ffff')
    expect(wrapper.find('[data-testid="holder-row"]').text()).toContain('pages 0–262,143')
    expect(wrapper.findAll('li').length).toBeLessThan(40)

    const button = row.find('[data-testid="expand-run"]')
    expect(button.attributes('aria-expanded')).toBe('false')
    await button.trigger('click')
    await settle()
    const start = BASE * 4096
    expect(api.callsOf('view.memory').filter((p) => p.expand)).toEqual([
      { sessionId: 's1', expand: { pid: 42, start, end: start + EXPAND_CHUNK_PAGES * 4096 } }
    ])
    expect(button.attributes('aria-expanded')).toBe('true')
    const pages = wrapper.findAll('[data-testid="page-row"]')
    expect(pages).toHaveLength(ROWS_PER_PAGE)
    expect(pages[1]!.text()).toContain(`0x${(start + 4096).toString(16)}`)
    expect(pages[1]!.text()).toContain('pfn 0x100001')
    expect(pages[1]!.text()).toContain('pincount 1')
    // The rest of the loaded chunk first, then the next chunk from the host.
    await wrapper.findAll('button').find((b) => b.text().startsWith('Show 14 more loaded pages'))!.trigger('click')
    expect(wrapper.findAll('[data-testid="page-row"]')).toHaveLength(EXPAND_CHUNK_PAGES)
    const more = wrapper.find('[data-testid="expand-more"]')
    expect(more.text()).toContain(`${(N - EXPAND_CHUNK_PAGES).toLocaleString('en-US')} pages left`)
    await more.trigger('click')
    await settle()
    expect(api.callsOf('view.memory').filter((p) => p.expand).at(-1)).toEqual({
      sessionId: 's1',
      expand: { pid: 42, start: start + EXPAND_CHUNK_PAGES * 4096, end: start + 2 * EXPAND_CHUNK_PAGES * 4096 }
    })
    // Collapse drops the pages.
    await button.trigger('click')
    expect(wrapper.findAll('[data-testid="page-row"]')).toHaveLength(0)
  })

  it('a diverged MR run expands into device and process side by side, page by page', async () => {
    const view = memoryView(
      [{ pid: 10, ptes: [pteRun(BASE, 4, 200)] }],
      [frameRun(100, 2, { pincount: 1, holders: ['mr:mlx5_0:0x1100'] }), frameRun(200, 4)],
      [mrHolder(-1, null, [{ first: 0, count: 2, pfn: 100, pfnStep: 1, agrees: false }, { first: 2, count: 2, pfn: 202, pfnStep: 1, agrees: true }])]
    )
    const expand = (params: { expand?: { pid: number; start: number; end: number } }) => {
      const { pid, start, end } = params.expand!
      const ptes: PteRun[] = []
      for (let a = start; a < end; a += 4096) ptes.push(pteRun(a / 4096, 1, 200 + (a / 4096 - BASE)))
      return memoryView([{ pid, ptes, pages: 0 }], [frameRun(200 + (start / 4096 - BASE), (end - start) / 4096)])
    }
    const { wrapper, api } = await mount(view, { expand })
    const [diverged, same] = wrapper.findAll('[data-testid="holder-row"]')
    expect(diverged!.classes()).toContain('mem-diverged')
    expect(same!.classes()).not.toContain('mem-diverged')
    expect(diverged!.find('[data-testid="divergence"]').text()).toBe(
      `mlx5_0 MR lkey 0x1100 still reads pfns 0x64–0x65 at ${ADDR}–0x7f0002000, but pid 10 now maps pfns 0xc8–0xc9 there: the device and the CPU see different memory.`
    )
    await diverged!.find('[data-testid="expand-holder-run"]').trigger('click')
    await settle()
    expect(api.callsOf('view.memory').filter((p) => p.expand)).toEqual([{ sessionId: 's1', expand: { pid: 10, start: BASE * 4096, end: (BASE + 2) * 4096 } }])
    const pages = wrapper.findAll('[data-testid="holder-page-row"]')
    expect(pages.map((p) => p.text())).toEqual([
      `page 0 ${ADDR} device → pfn 0x64 process → pfn 0xc8 differs`,
      `page 1 0x7f0001000 device → pfn 0x65 process → pfn 0xc9 differs`
    ])
    expect(pages.every((p) => p.classes().includes('mem-diverged'))).toBe(true)
  })

  it('keeps the DOM bounded for a view of thousands of runs, and shows more on request', async () => {
    const RUNS = 4000
    const ptes: PteRun[] = []
    const frames = []
    for (let i = 0; i < RUNS; i++) {
      ptes.push(pteRun(BASE + i, 1, 1000 + 2 * i, { dirty: i % 2 === 0 }))
      frames.push(frameRun(1000 + 2 * i, 1))
    }
    const { wrapper } = await mount(memoryView([{ pid: 7, ptes, pages: RUNS }], frames))
    expect(wrapper.findAll('[data-testid="pte-row"]')).toHaveLength(ROWS_PER_PAGE)
    expect(wrapper.findAll('[data-testid="frame-row"]')).toHaveLength(ROWS_PER_PAGE)
    expect(wrapper.findAll('li').length).toBeLessThan(20 * ROWS_PER_PAGE)
    const more = wrapper.findAll('button').find((b) => b.text().startsWith('Show more runs'))!
    expect(more.text()).toContain(`${RUNS - ROWS_PER_PAGE} not shown`)
    await more.trigger('click')
    expect(wrapper.findAll('[data-testid="pte-row"]')).toHaveLength(2 * ROWS_PER_PAGE)
  })

  it('with animations off the panel has no transition and draws the end state; otherwise the duration follows the setting', async () => {
    const off = await mount(afterFork(), { settings: { animationSpeed: 'off' } })
    await off.step(afterParentWrite())
    const panel = off.wrapper.find('[data-testid="memory-panel"]')
    expect(document.documentElement.dataset.animation).toBe('off')
    expect(panel.classes()).toContain('mem-motion-off')
    expect(panel.classes()).not.toContain('mem-motion-on')
    expect(panel.attributes('style') ?? '').not.toMatch(/transition|--pl-mem-motion/)
    for (const row of off.wrapper.findAll('.mem-row')) expect(row.attributes('style') ?? '').not.toContain('transition')
    // The end state is there at once.
    expect(off.wrapper.find('[data-testid="frame-row"][data-pfn="200"]').classes()).toContain('mem-change-cow')
    off.wrapper.unmount()
    document.body.innerHTML = ''

    const slow = await mount(afterFork(), { settings: { animationSpeed: 'slow' } })
    const slowPanel = slow.wrapper.find('[data-testid="memory-panel"]')
    expect(slowPanel.classes()).toContain('mem-motion-on')
    expect(slowPanel.attributes('style')).toContain('--pl-mem-motion: 900ms')
  })
})
