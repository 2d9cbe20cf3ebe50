/**
 * Writing Markdown safely: text from the report is escaped so it stays text
 * (a `<script>` or a `|` typed in a cell cannot become HTML or break a
 * table), and code keeps fences its content cannot close. Shared by the
 * document-level renderer and the blocks' renderers.
 */
import type { ExportLabels } from './exportLabels'

/** Escapes Markdown syntax inside running text (not at a line start; see `escapeLineStart`). */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`)
      // `&amp;` or `&#60;` would be read as an entity.
      .replace(/&(?=#?\w+;)/g, '&amp;')
  )
}

/** Keeps a line from starting a heading, quote, list or rule. */
export const escapeLineStart = (line: string): string =>
  line.replace(/^(\s*)([#>+=-]|\d+(?=[.)]))/, (_m, space: string, c: string) => `${space}${/\d/.test(c) ? `${c}\\` : `\\${c}`}`)

/** A table cell: escaped, on one line. */
const cell = (text: string) => escapeMarkdown(text.replace(/\s*\n\s*/g, ' ').trim())

/** A GFM table; `numeric` columns are right-aligned. */
export function markdownTable(head: string[], rows: string[][], numeric: boolean[] = []): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`
  return [line(head.map(cell)), line(head.map((_, i) => (numeric[i] ? '---:' : '---'))), ...rows.map((r) => line(r.map(cell)))].join('\n')
}

/** Wraps text in a code span whose fence is longer than any backtick run inside. */
export function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length))
  const fence = '`'.repeat(longest + 1)
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${text}${pad}${fence}`
}

/** A fenced code block whose fence cannot be closed by the content. */
export function fencedCode(text: string): string {
  const longest = Math.max(2, ...(text.match(/`{3,}/g) ?? []).map((r) => r.length))
  const fence = '`'.repeat(longest + 1)
  return `${fence}\n${text}\n${fence}`
}

/** Indents every line but the first (and blank ones): a list item's continuation lines. */
export const indentLines = (text: string, by: string): string =>
  text
    .split('\n')
    .map((l, i) => (i === 0 || l === '' ? l : `${by}${l}`))
    .join('\n')

/** "label: value · label: value", escaped. */
export const factLine = (labels: ExportLabels, pairs: [string, string][]): string =>
  pairs.map(([k, v]) => `${escapeMarkdown(k)}${labels.colon}${escapeMarkdown(v)}`).join(' · ')
