/**
 * A number as a spreadsheet shows it (Excel, WPS, Feishu Sheets, Google
 * Sheets, and the CSV files they export), turned into the text a metric row
 * stores: ASCII digits, an optional `-` and `.fraction`, no grouping, no
 * exponent — what parseNumber (schema/kpi/parseNumber.ts) and so the KPI
 * formulas read. The text as pasted is kept beside it, for the cell's
 * provenance.
 *
 * Understood: grouping (`1,234,567`, `1 234`, `1'234`), full-width digits and
 * punctuation (`１２３，４５６．７`), `%` (kept in percent points: `92.1%` →
 * `92.1`, as rows with unit `%` store it), `万` / `亿` (×10⁴ / ×10⁸, exact: the
 * decimal point is moved, no floating point), negatives as `-1`, `−1`, `(1)`
 * or `1-`, currency signs (¥ ￥ $ € £, and a trailing 元), an exponent
 * (`1.2E+06`, as Excel writes wide numbers), surrounding spaces and nbsp.
 *
 * With `unit`, a 万 / 亿 in the cell is read in that unit: `612万` into a row
 * whose unit is `万元` is `612`, `1.2亿` is `12000`. A number without 万 / 亿 is
 * taken as already in the row's unit.
 */
import { ATTRIBUTE_LIMITS } from '../nodes/attributeValue'

export type SpreadsheetNumberError =
  /** Nothing, or only a dash (`-`, `—`): a spreadsheet's "no value". */
  | 'empty'
  /** An error value of the spreadsheet itself: `#DIV/0!`, `#N/A`, `#REF!`. */
  | 'spreadsheet_error'
  /** Separators not in groups of three (`1,23`, `1,2345`): maybe a decimal comma, so not guessed. */
  | 'bad_grouping'
  /** Longer than a stored number may be (ATTRIBUTE_LIMITS.number). */
  | 'out_of_range'
  | 'not_a_number'

export interface SpreadsheetNumber {
  ok: true
  /** Canonical number text, what the metric row stores (`-1234.5`, `12000`, `92.1`). */
  value: string
  /** The cell's text exactly as pasted. */
  original: string
  /** The cell had a `%`: `value` is in percent points. */
  percent: boolean
  /** The power of ten applied for 万 (4) / 亿 (8), net of the unit's own (0: none). */
  scale: number
}

export interface SpreadsheetNumberFailure {
  ok: false
  error: SpreadsheetNumberError
  original: string
}

export type SpreadsheetNumberResult = SpreadsheetNumber | SpreadsheetNumberFailure

export interface SpreadsheetNumberOptions {
  /** The unit of the row the number goes into (`万元`, `亿元`, `%`, `次`…). */
  unit?: string | null
}

const SCALE_WORDS: Record<string, number> = { 万: 4, 萬: 4, 亿: 8, 億: 8 }

/** The power of ten a unit starts with: `万元` → 4, `亿次` → 8, anything else → 0. */
export function unitScale(unit: string | null | undefined): number {
  const first = unit?.trim().charAt(0) ?? ''
  return SCALE_WORDS[first] ?? 0
}

/** Full-width ASCII (U+FF01–FF5E), the ideographic space and ￥ as their plain forms. */
function halfWidth(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .replace(/\uffe5/g, '¥')
    .replace(/\ufe63/g, '-')
}

const MINUS = /^[-\u2010\u2011\u2012\u2013\u2212]$/
const DASHES_ONLY = /^[-\u2010-\u2015\u2212]+$/
const SPREADSHEET_ERROR = /^#(DIV\/0!|N\/A|VALUE!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA)$/i
const CURRENCY = /^(US\$|HK\$|[¥$€£])/i
const PLAIN = /^(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?$|^\.(\d+)(?:e([+-]?\d+))?$/i
const GROUPED = /^\d{1,3}(?:([, '’])\d{3})(?:\1\d{3})*(?:\.(\d*))?$/

function fail(error: SpreadsheetNumberError, original: string): SpreadsheetNumberFailure {
  return { ok: false, error, original }
}

/** `digits` with the decimal point after `point` digits, as canonical text. */
function decimalText(digits: string, point: number, negative: boolean, trimFraction: boolean): string {
  let intPart: string
  let fraction: string
  if (point <= 0) {
    intPart = '0'
    fraction = '0'.repeat(-point) + digits
  } else if (point >= digits.length) {
    intPart = digits + '0'.repeat(point - digits.length)
    fraction = ''
  } else {
    intPart = digits.slice(0, point)
    fraction = digits.slice(point)
  }
  intPart = intPart.replace(/^0+(?=\d)/, '')
  if (trimFraction) fraction = fraction.replace(/0+$/, '')
  const zero = /^0*$/.test(intPart + fraction)
  return (negative && !zero ? '-' : '') + intPart + (fraction ? '.' + fraction : '')
}

export function parseSpreadsheetNumber(text: string, options: SpreadsheetNumberOptions = {}): SpreadsheetNumberResult {
  const original = text
  let s = halfWidth(text).trim()
  if (s === '' || DASHES_ONLY.test(s)) return fail('empty', original)
  if (SPREADSHEET_ERROR.test(s)) return fail('spreadsheet_error', original)

  let negative = false
  const paren = /^\((.*)\)$/.exec(s)
  if (paren) {
    negative = true
    s = paren[1]!.trim()
  }
  // Sign and currency, in either order, before the digits; a sign after them (SAP's `1234-`).
  let signed = negative
  for (let i = 0; i < 2; i++) {
    if (MINUS.test(s.charAt(0)) || s.startsWith('+')) {
      if (signed) return fail('not_a_number', original)
      signed = true
      negative = MINUS.test(s.charAt(0))
      s = s.slice(1).trim()
    }
    const currency = CURRENCY.exec(s)
    if (currency) s = s.slice(currency[0].length).trim()
  }
  if (MINUS.test(s.charAt(s.length - 1)) && !signed) {
    negative = true
    s = s.slice(0, -1).trim()
  }

  let percent = false
  let scale = 0
  if (s.endsWith('%')) {
    percent = true
    s = s.slice(0, -1).trim()
  } else {
    if (s.endsWith('元')) s = s.slice(0, -1).trim()
    const word = SCALE_WORDS[s.charAt(s.length - 1)]
    if (word !== undefined) {
      scale = word
      s = s.slice(0, -1).trim()
    }
  }
  s = s.replace(/[\u00a0\u2007\u2009\u202f]/g, ' ')

  let intDigits: string
  let fracDigits: string
  let exponent = 0
  const plain = PLAIN.exec(s)
  if (plain) {
    intDigits = plain[1] ?? ''
    fracDigits = plain[2] ?? plain[4] ?? ''
    exponent = Number(plain[3] ?? plain[5] ?? 0)
  } else {
    const grouped = GROUPED.exec(s)
    if (!grouped) {
      return fail(/^[\d,.\s'’]+$/.test(s) && /\d/.test(s) && /[, '’]/.test(s) && (s.match(/\./g)?.length ?? 0) <= 1 ? 'bad_grouping' : 'not_a_number', original)
    }
    fracDigits = grouped[2] ?? ''
    intDigits = s.slice(0, s.length - (grouped[2] !== undefined ? fracDigits.length + 1 : 0)).replace(/[, '’]/g, '')
  }
  if (!Number.isFinite(exponent) || Math.abs(exponent) > ATTRIBUTE_LIMITS.number) return fail('out_of_range', original)

  const net = scale > 0 ? scale - unitScale(options.unit) : 0
  const shift = exponent + net
  const value = decimalText(intDigits + fracDigits, intDigits.length + shift, negative, shift !== 0)
  if (value.length > ATTRIBUTE_LIMITS.number) return fail('out_of_range', original)
  return { ok: true, value, original, percent, scale: net }
}
