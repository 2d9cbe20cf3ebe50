import { none, value, type Derived } from './Derived'

/**
 * A number as people type it in a report: `1,286,000`, `92.1%`, ` 4.52 `,
 * full-width digits `９２．１`. Anything else is `not_a_number`, never NaN.
 */
export function parseNumber(raw: string | null | undefined): Derived {
  if (raw == null) return none('missing')
  const text = raw
    .replace(/[０-９．－＋，％]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .trim()
    .replace(/[,\s]/g, '')
    .replace(/%$/, '')
  if (text === '') return none('missing')
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) return none('not_a_number')
  return value(Number(text))
}
