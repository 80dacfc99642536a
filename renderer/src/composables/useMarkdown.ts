import DOMPurify, { type DOMPurify as Purifier } from 'dompurify'
import MarkdownIt from 'markdown-it'
import { openLink, useApi } from '../api'

/**
 * Lab text (task, goals, hints, explanations) is Markdown written by pack authors, and packs can
 * come from anyone. It is rendered with markdown-it with raw HTML off, then sanitized with
 * DOMPurify, and only then given to `v-html`. Three rules on top of DOMPurify's defaults:
 *  - images load only from `data:image/…` URLs or relative (pack) URLs: a remote image would be
 *    a network call from an offline app and a tracking pixel; it is replaced by its alt text;
 *  - links keep only https, mailto and in-page (#) targets; the click is handled by `onClick`
 *    (the shared links helper), never by the browser; linkify is off, so a URL written as
 *    plain text stays text (authors link on purpose);
 *  - no forms, styles, frames or event-handler attributes, whatever the input.
 */

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false })

const SAFE_DATA_IMAGE = /^data:image\/(?:png|gif|jpe?g|webp);base64,[a-z0-9+/=\s]+$/i
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i

/** A relative URL (no scheme, not protocol-relative) or a base64 raster data URL. */
export function isAllowedImageSource(src: string): boolean {
  const value = src.trim()
  if (value === '') return false
  if (SAFE_DATA_IMAGE.test(value)) return true
  return !HAS_SCHEME.test(value) && !value.startsWith('//') && !value.startsWith('\\')
}

/** https, mailto and in-page anchors; everything else (javascript:, file:, http:, data:) is dropped. */
export function isAllowedLinkTarget(href: string): boolean {
  const value = href.trim()
  if (value.startsWith('#')) return true
  return /^https:\/\//i.test(value) || /^mailto:/i.test(value)
}

let purifier: Purifier | null = null

function getPurifier(): Purifier {
  if (purifier) return purifier
  const instance = DOMPurify(window)
  instance.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'IMG') {
      const src = node.getAttribute('src') ?? ''
      if (!isAllowedImageSource(src)) {
        const alt = node.getAttribute('alt') ?? ''
        node.replaceWith(node.ownerDocument.createTextNode(alt))
      }
      return
    }
    if (node.tagName === 'A') {
      const href = node.getAttribute('href')
      if (href !== null && !isAllowedLinkTarget(href)) node.removeAttribute('href')
      node.removeAttribute('target')
      if (node.hasAttribute('href') && !node.getAttribute('href')!.startsWith('#')) {
        node.setAttribute('rel', 'noopener noreferrer')
      }
    }
  })
  purifier = instance
  return instance
}

/** Markdown → sanitized HTML, safe for `v-html`. */
export function renderMarkdown(source: string): string {
  const html = markdown.render(source)
  return getPurifier().sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'svg', 'math'],
    FORBID_ATTR: ['style', 'srcset', 'formaction'],
    ALLOW_DATA_ATTR: false
  })
}

/** Markdown of one line (a question prompt, a goal) without the surrounding paragraph. */
export function renderInlineMarkdown(source: string): string {
  return renderMarkdown(source)
    .replace(/^\s*<p>/, '')
    .replace(/<\/p>\s*$/, '')
}

/**
 * `render` for templates, and `onClick` for the element holding rendered Markdown: a click on a
 * link is taken over and sent to the links helper (in Electron the host's allow-list decides, in
 * the browser only https opens, in a new tab). In-page anchors keep their default behaviour.
 */
export function useMarkdown() {
  const api = useApi()

  function onClick(event: MouseEvent): void {
    const target = event.target
    if (!(target instanceof Element)) return
    const anchor = target.closest('a')
    if (!anchor) return
    const href = anchor.getAttribute('href') ?? ''
    if (href.startsWith('#')) return
    event.preventDefault()
    if (href) void openLink(api, href)
  }

  return { render: renderMarkdown, renderInline: renderInlineMarkdown, onClick }
}
