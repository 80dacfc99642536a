import type { Ref } from 'vue'

/** What counts as a Tab stop inside a modal dialog. */
const FOCUSABLE = 'button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])'

/**
 * The keyboard contract of a modal dialog (WAI-ARIA dialog pattern): Escape dismisses it, and
 * Tab / Shift+Tab cycle through its enabled controls without ever leaving it. Returns the
 * keydown handler to put on the dialog element.
 */
export function useModalKeys(dialog: Ref<HTMLElement | null>, dismiss: () => void): (event: KeyboardEvent) => void {
  return (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      dismiss()
      return
    }
    if (event.key !== 'Tab' || !dialog.value) return
    const stops = [...dialog.value.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
      (el) => !(el as HTMLButtonElement).disabled && el.tabIndex !== -1
    )
    const first = stops[0]
    const last = stops[stops.length - 1]
    if (!first || !last) return
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault()
      first.focus()
    }
  }
}
