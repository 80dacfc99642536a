import { FitAddon } from '@xterm/addon-fit'
import { SearchAddon } from '@xterm/addon-search'
import { WebLinksAddon } from '@xterm/addon-web-links'
import { Terminal } from '@xterm/xterm'
import { onBeforeUnmount, onMounted, shallowRef, watch, type Ref } from 'vue'
import type { Settings } from '../../../shared/settings-defaults'
import { TERMINAL_THEMES } from '../styles/terminal-themes'

export interface UseTerminalOptions {
  /** Read reactively: font size, theme, screen-reader mode and animation speed apply live. */
  settings: () => Settings
  /** A link in the output was activated (web-links addon or an OSC 8 hyperlink). */
  onLink: (url: string) => void
  /** The fitted size changed (debounced); the pane forwards it as terminal.resize. */
  onResize?: (cols: number, rows: number) => void
  /** How long the container must stay still before the terminal refits. */
  resizeDebounceMs?: number
  /** The id of the element that explains how to use the terminal (set on its input). */
  describedBy?: string
}

/** Shift+Tab, which leaves the terminal instead of reaching the shell. */
export function isLeaveTerminalKey(event: KeyboardEvent): boolean {
  return event.key === 'Tab' && event.shiftKey && !event.ctrlKey && !event.altKey && !event.metaKey
}

const FONT_FAMILY = "ui-monospace, 'DejaVu Sans Mono', 'Liberation Mono', 'Noto Sans Mono', Menlo, Consolas, monospace"

function prefersReducedMotion(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches
}

/**
 * One xterm.js terminal in `container`, with the fit, search and web-links addons and the DOM
 * renderer (no WebGL: the end-to-end tests read `.xterm-rows`). It is a dumb terminal: it shows
 * what it is given and reports keystrokes; line editing belongs to the host. Everything is
 * disposed when the owning component unmounts.
 */
export function useTerminal(container: Ref<HTMLElement | null>, options: UseTerminalOptions) {
  const terminal = shallowRef<Terminal | null>(null)
  const search = shallowRef<SearchAddon | null>(null)
  let fitAddon: FitAddon | null = null
  let observer: ResizeObserver | null = null
  let resizeTimer: ReturnType<typeof setTimeout> | undefined
  const disposers: Array<() => void> = []

  function cursorBlink(s: Settings): boolean {
    return s.animationSpeed !== 'off' && !prefersReducedMotion()
  }

  /** Fits the terminal to its container now; returns the resulting size. */
  function fit(): { cols: number; rows: number } {
    const term = terminal.value
    if (!term) return { cols: 80, rows: 24 }
    try {
      // proposeDimensions() is undefined while the container has no size (hidden, or jsdom).
      if (fitAddon?.proposeDimensions()) fitAddon.fit()
    } catch (error) {
      console.warn('PinLab: could not fit the terminal', error)
    }
    return { cols: term.cols, rows: term.rows }
  }

  function scheduleFit(): void {
    clearTimeout(resizeTimer)
    resizeTimer = setTimeout(fit, options.resizeDebounceMs ?? 80)
  }

  /** Writes host output; resolves once xterm.js has parsed it. */
  function write(data: string): Promise<void> {
    const term = terminal.value
    if (!term) return Promise.resolve()
    return new Promise((resolve) => term.write(data, resolve))
  }

  /**
   * Replaces everything on the screen with `data` (terminal.reset after a restore: the
   * transcript at the restored position). Resolves once xterm.js has parsed it.
   */
  function resetTo(data: string): Promise<void> {
    const term = terminal.value
    if (!term) return Promise.resolve()
    term.reset()
    return write(data)
  }

  onMounted(() => {
    const el = container.value
    if (!el) throw new Error('useTerminal: the container element is missing')
    const s = options.settings()
    const term = new Terminal({
      fontFamily: FONT_FAMILY,
      fontSize: s.fontSize,
      theme: TERMINAL_THEMES[s.theme],
      screenReaderMode: s.screenReaderMode,
      cursorBlink: cursorBlink(s),
      minimumContrastRatio: 4.5,
      scrollback: 5000,
      linkHandler: { activate: (_event, text) => options.onLink(text), allowNonHttpProtocols: false }
    })
    fitAddon = new FitAddon()
    const searchAddon = new SearchAddon()
    term.loadAddon(fitAddon)
    term.loadAddon(searchAddon)
    term.loadAddon(new WebLinksAddon((_event, uri) => options.onLink(uri)))
    // Tab belongs to the shell (completion), so the terminal would trap keyboard focus (WCAG
    // 2.1.2). Shift+Tab is left to the browser instead: it moves focus out, backwards.
    term.attachCustomKeyEventHandler((event) => !isLeaveTerminalKey(event))
    term.open(el)
    if (options.describedBy) term.textarea?.setAttribute('aria-describedby', options.describedBy)
    terminal.value = term
    search.value = searchAddon
    fit()

    const resized = term.onResize(({ cols, rows }) => options.onResize?.(cols, rows))
    disposers.push(() => resized.dispose())

    if (typeof ResizeObserver === 'function') {
      observer = new ResizeObserver(scheduleFit)
      observer.observe(el)
    } else {
      window.addEventListener('resize', scheduleFit)
      disposers.push(() => window.removeEventListener('resize', scheduleFit))
    }
  })

  watch(
    () => options.settings(),
    (s) => {
      const term = terminal.value
      if (!term) return
      if (term.options.fontSize !== s.fontSize) {
        term.options.fontSize = s.fontSize
        scheduleFit()
      }
      term.options.theme = TERMINAL_THEMES[s.theme]
      term.options.screenReaderMode = s.screenReaderMode
      term.options.cursorBlink = cursorBlink(s)
    },
    { deep: true }
  )

  onBeforeUnmount(() => {
    clearTimeout(resizeTimer)
    observer?.disconnect()
    observer = null
    for (const dispose of disposers.splice(0)) dispose()
    terminal.value?.dispose()
    terminal.value = null
    search.value = null
    fitAddon = null
  })

  return { terminal, search, fit, write, resetTo }
}
