import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, openApp, terminalText, test } from './fixtures'

const screenshots = fileURLToPath(new URL('./screenshots/', import.meta.url))
mkdirSync(screenshots, { recursive: true })

test('the app frame opens with a working terminal that answers help', async ({ page, server, consoleErrors }) => {
  // Wide and tall enough that help's text stays unwrapped on the terminal's visible rows.
  await page.setViewportSize({ width: 2000, height: 1500 })
  await openApp(page, server)
  await expect(page.getByRole('banner')).toContainText('PinLab')
  await expect(page.getByRole('banner')).toContainText('6.18')
  await expect.poll(() => terminalText(page)).toContain('root@pinlab:~#')

  await page.locator('[data-testid="terminal"]').click()
  await page.keyboard.type('help')
  await page.keyboard.press('Enter')
  await expect.poll(() => terminalText(page)).toContain('reboot the machine, with another kernel version')
  await expect.poll(() => terminalText(page)).toContain('C and memory: cc (gcc) compiles')

  // History: Up brings back the last line; Enter runs it again.
  await page.keyboard.type('echo pinned pages')
  await page.keyboard.press('Enter')
  await page.keyboard.press('ArrowUp')
  await page.keyboard.press('Enter')
  await expect.poll(async () => (await terminalText(page)).split('\npinned pages').length - 1).toBe(2)

  await page.screenshot({ path: `${screenshots}app-frame.png` })
  expect(consoleErrors).toEqual([])
})

test('a request without the token is refused', async ({ request, server }) => {
  const page = await request.get(`${server.origin}/`)
  expect(page.status()).toBe(403)
  const asset = await request.get(`${server.origin}/index.html`)
  expect(asset.status()).toBe(403)
})

test('invalid API requests get error replies and the host keeps serving', async ({ page, server }) => {
  await openApp(page, server)
  const replies = await page.evaluate(async (origin) => {
    const token = new URL(location.href).searchParams.get('token') ?? sessionStorage.getItem('pinlab.token') ?? ''
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/api?token=${token}`)
    await new Promise((resolve, reject) => {
      ws.onopen = resolve
      ws.onerror = reject
    })
    const inbox: Array<{ id: number | null; ok: boolean; error?: { code: string } }> = []
    ws.onmessage = (e) => {
      const m = JSON.parse(String(e.data))
      if ('ok' in m) inbox.push(m)
    }
    ws.send('{not json')
    ws.send(JSON.stringify({ id: 1, method: 'no.such.method', params: {} }))
    ws.send(JSON.stringify({ id: 2, method: 'terminal.resize', params: { sessionId: 'x', cols: 'wide' } }))
    ws.send(JSON.stringify({ id: 3, method: 'terminal.input', params: { sessionId: 's1', data: 'y'.repeat(300_000) } }))
    ws.send(JSON.stringify({ id: 4, method: 'labs.list', params: {} }))
    for (let i = 0; i < 100 && inbox.length < 5; i++) await new Promise((r) => setTimeout(r, 20))
    ws.close()
    return inbox
  }, server.origin)
  expect(replies.map((r) => (r.ok ? 'ok' : r.error!.code))).toEqual(['bad-json', 'unknown-method', 'invalid-params', 'too-large', 'ok'])
  // The page's own session still works after all that.
  await page.locator('[data-testid="terminal"]').click()
  await page.keyboard.type('echo still here')
  await page.keyboard.press('Enter')
  await expect.poll(() => terminalText(page)).toContain('still here')
})
