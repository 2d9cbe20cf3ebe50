/**
 * Delimited text as a table of strings: the `text/plain` a spreadsheet puts
 * on the clipboard (tab-separated, the default) and CSV files (`delimiter:
 * ','`), by one code path following RFC 4180: records end with CRLF, LF or
 * CR; a field starting with `"` is quoted, may hold delimiters, line breaks
 * and `""` (one quote); a line break after the last record adds no record.
 *
 * Tolerant where spreadsheets are not RFC 4180: Excel quotes a copied cell
 * only when it holds a line break or tab, so a cell like `5" screen` or
 * `"a" b` arrives unquoted — a field whose quotes do not close cleanly (the
 * closing quote followed by anything but a delimiter or line end, or never
 * closed) is read literally up to the next delimiter or line end. A leading
 * byte-order mark is dropped. Rows may differ in length (as pasted).
 */
export interface TabularOptions {
  /** One character; `\t` (the clipboard) unless given. */
  delimiter?: string
}

export function parseTabular(text: string, options: TabularOptions = {}): string[][] {
  const delimiter = options.delimiter ?? '\t'
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new Error(`parseTabular: bad delimiter ${JSON.stringify(delimiter)}`)
  }
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const n = s.length
  const rows: string[][] = []
  if (n === 0) return rows
  let row: string[] = []
  let i = 0

  /** The index after a line break at `at` (CRLF, LF or CR), or -1 when there is none. */
  const lineBreakEnd = (at: number): number => {
    const c = s[at]
    if (c === '\r') return s[at + 1] === '\n' ? at + 2 : at + 1
    if (c === '\n') return at + 1
    return -1
  }

  /** Reads one unquoted field from `start`; returns the index of what ends it. */
  const literal = (start: number): number => {
    let j = start
    while (j < n && s[j] !== delimiter && s[j] !== '\n' && s[j] !== '\r') j++
    row.push(s.slice(start, j))
    return j
  }

  /** Reads one quoted field from `start` (at its `"`); the index after it, or -1 when it does not close cleanly. */
  const quoted = (start: number): number => {
    let value = ''
    let j = start + 1
    for (;;) {
      const close = s.indexOf('"', j)
      if (close < 0) return -1
      value += s.slice(j, close)
      if (s[close + 1] === '"') {
        value += '"'
        j = close + 2
        continue
      }
      const after = close + 1
      if (after === n || s[after] === delimiter || s[after] === '\n' || s[after] === '\r') {
        row.push(value)
        return after
      }
      return -1
    }
  }

  for (;;) {
    // At the start of a field.
    let end = s[i] === '"' ? quoted(i) : -1
    if (end < 0) end = literal(i)
    if (end === n) {
      rows.push(row)
      return rows
    }
    if (s[end] === delimiter) {
      i = end + 1
      if (i === n) {
        row.push('')
        rows.push(row)
        return rows
      }
      continue
    }
    // A line break ends the record.
    rows.push(row)
    row = []
    i = lineBreakEnd(end)
    if (i >= n) return rows
  }
}

/**
 * The delimiter a CSV file most likely uses: of `,` `;` `\t`, the one found
 * most often outside quotes in its first line (`,` when none is).
 */
export function sniffDelimiter(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 }
  let inQuotes = false
  for (const c of text.slice(0, 64 * 1024)) {
    if (c === '"') inQuotes = !inQuotes
    else if (!inQuotes && (c === '\n' || c === '\r')) break
    else if (!inQuotes && c in counts) counts[c as keyof typeof counts]++
  }
  const best = (Object.entries(counts) as [keyof typeof counts, number][]).reduce((a, b) => (b[1] > a[1] ? b : a))
  return best[1] > 0 ? best[0] : ','
}
