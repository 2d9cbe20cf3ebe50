/**
 * `Content-Disposition` for a download named after what it holds (RFC 6266): the UTF-8 name in
 * `filename*=UTF-8''…` (RFC 5987 percent-encoding) and an ASCII `filename="…"` fallback for old clients.
 */

/** Characters a file name never holds: path separators, quotes and the others Windows refuses (controls: `isControl`). */
const UNSAFE = /[\\/"'*:<>?|]/g

/** C0 and C1 controls, DEL, and the Unicode line / paragraph separators. */
const isControl = (ch: string) => {
  const code = ch.codePointAt(0) ?? 0
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029
}

/** A file name from free text (a report title): unsafe characters become spaces, runs of spaces one, at most 150 characters. */
export function safeFileName(name: string, fallback = 'report'): string {
  const cleaned = Array.from(name.normalize('NFC'), (ch) => (isControl(ch) ? ' ' : ch))
    .join('')
    .replace(UNSAFE, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+/, '') // no hidden files, no ".."
    .trim()
  return Array.from(cleaned).slice(0, 150).join('').trim() || fallback
}

/** RFC 5987 `attr-char`s stay, everything else is percent-encoded (encodeURIComponent leaves ' ( ) * ! in). */
const encodeRfc5987 = (s: string) => encodeURIComponent(s).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/**
 * `attachment; filename="r1-v1.1.md"; filename*=UTF-8''2026%E5%B9%B4…%20v1.1.md`: `base` (free text) is made safe and
 * `extension` (".md") appended. The ASCII `filename` is the name itself when it is printable ASCII, else `asciiBase`
 * (an id-based name) made safe the same way.
 */
export function contentDisposition(type: 'attachment' | 'inline', base: string, extension: string, asciiBase: string): string {
  const name = `${safeFileName(base)}${extension}`
  const ascii = /^[\x20-\x7e]+$/.test(name) ? name : `${safeFileName(asciiBase.replace(/[^\x20-\x7e]/g, '_'))}${extension}`
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(name)}`
}
