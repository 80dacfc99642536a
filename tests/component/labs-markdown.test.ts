import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { isAllowedImageSource, isAllowedLinkTarget, renderMarkdown } from '../../renderer/src/composables/useMarkdown'
import type { LabView } from '../../shared/lab-view'
import { settle } from './fakes/mount'
import { FakeLabHost, LAB } from './fakes/fake-lab-host'
import { mountOpenLab } from './fakes/lab-mount'

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  document.body.innerHTML = ''
  vi.restoreAllMocks()
})

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='

const HOSTILE = [
  '# Task',
  '<script>window.__pwned = true</script>',
  '<img src=x onerror="window.__pwned = true">',
  '[click me](javascript:alert(1))',
  '<a href="javascript:alert(2)">raw link</a>',
  '![tracker](https://evil.example/pixel.png)',
  '![protocol relative](//evil.example/p.png)',
  `![inline](${PNG})`,
  '![diagram](images/refcount.png)',
  '[kernel docs](https://docs.kernel.org/core-api/pin_user_pages.html)',
  '<iframe src="https://evil.example"></iframe>',
  '<style>body { display: none }</style>'
].join('\n\n')

describe('lab Markdown', () => {
  it('removes scripts, handlers, javascript: links and remote images; keeps safe content', () => {
    const html = renderMarkdown(HOSTILE)
    const doc = new DOMParser().parseFromString(`<div>${html}</div>`, 'text/html')
    expect(doc.querySelector('script, iframe, style')).toBeNull()
    for (const el of doc.querySelectorAll('*')) {
      expect(el.getAttributeNames().filter((a) => a.startsWith('on')), el.outerHTML).toEqual([])
    }
    expect([...doc.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'))).toEqual([
      'https://docs.kernel.org/core-api/pin_user_pages.html'
    ])
    expect([...doc.querySelectorAll('img')].map((img) => img.getAttribute('src'))).toEqual([PNG, 'images/refcount.png'])
    // A dropped remote image leaves its alt text, so the sentence still reads.
    expect(doc.body.textContent).toContain('tracker')
    // Nothing points anywhere but the two allowed images and the one https link.
    for (const el of doc.querySelectorAll('*')) {
      for (const attr of el.getAttributeNames()) {
        const value = el.getAttribute(attr) ?? ''
        expect(value.includes('evil.example') || value.includes('javascript:'), `${el.tagName} ${attr}=${value}`).toBe(false)
      }
    }
    expect(doc.querySelector('h1')?.textContent).toBe('Task')
    // html: false: raw tags are shown as text, never parsed.
    expect(doc.body.textContent).toContain('<script>')
  })

  it('allows only data/relative images and https/mailto/# links', () => {
    expect(isAllowedImageSource('images/a.png')).toBe(true)
    expect(isAllowedImageSource('./a.png')).toBe(true)
    expect(isAllowedImageSource(PNG)).toBe(true)
    expect(isAllowedImageSource('https://x.example/a.png')).toBe(false)
    expect(isAllowedImageSource('//x.example/a.png')).toBe(false)
    expect(isAllowedImageSource('file:///etc/passwd')).toBe(false)
    expect(isAllowedImageSource('data:image/svg+xml;base64,PHN2Zz4=')).toBe(false)
    expect(isAllowedLinkTarget('https://kernel.org')).toBe(true)
    expect(isAllowedLinkTarget('#goals')).toBe(true)
    expect(isAllowedLinkTarget('http://kernel.org')).toBe(false)
    expect(isAllowedLinkTarget(' javascript:alert(1)')).toBe(false)
  })

  it('renders a hostile task safely in the step panel and opens links through the links helper', async () => {
    const lab: LabView = { ...LAB, steps: [{ ...LAB.steps[1]!, task: HOSTILE }, ...LAB.steps.slice(1)] }
    const open = vi.spyOn(window, 'open').mockReturnValue(null)
    const { wrapper } = await mountOpenLab(new FakeLabHost(lab))
    mounted = wrapper
    const task = wrapper.find('[data-testid="step-task"]')
    expect(task.find('script').exists()).toBe(false)
    expect(task.find('img[src^="https"]').exists()).toBe(false)
    expect((window as unknown as { __pwned?: boolean }).__pwned).toBeUndefined()
    const link = task.find('a[href^="https"]')
    const click = new MouseEvent('click', { bubbles: true, cancelable: true })
    link.element.dispatchEvent(click)
    await settle()
    expect(click.defaultPrevented).toBe(true)
    // Browser mode (the fake is a WebSocket client): a new tab that cannot reach back.
    expect(open).toHaveBeenCalledWith('https://docs.kernel.org/core-api/pin_user_pages.html', '_blank', 'noopener,noreferrer')
  })
})
