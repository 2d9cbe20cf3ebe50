/**
 * The building blocks of the blocks' attribute schemas (attributeSchemas.ts):
 * every attribute is a string as typed or null (dataAttributes.ts), bounded
 * in length; fields with a fixed set of values are enums; values the server
 * writes (KPI values, trend series) are JSON text. Numbers are kept as typed
 * ("1,286,000", "92.1%"), so they are text here; the KPI formulas and the
 * publish check say when one is not a number.
 */
import { z } from 'zod'

/** Every attribute limit, in characters (UTF-16 code units, JavaScript's string length). */
export const ATTRIBUTE_LIMITS = {
  /** Block ids: UUIDs from newBlockId, or short names in templates and tests. */
  id: 128,
  /** Keys tying blocks together: section keys, metric keys, KPI scopes. */
  key: 64,
  /** A number as typed: "1,286,000", "92.1%", "９２．１". */
  number: 64,
  /** A date as typed (YYYY-MM-DD from the date picker; the check reports other forms). */
  date: 32,
  /** A unit: %, 元, 秒, 件. */
  unit: 32,
  /** One-line fields: names, titles, owners, categories, channels, sources. */
  line: 500,
  /** Paragraph fields: 口径 (definition), note, root cause. */
  paragraph: 5_000,
  /** `carriedFrom`: `<reportId>@<version>#<blockId>`. */
  reference: 256,
  /**
   * Server-written JSON: a KPI block's values (with every input's block id:
   * ~110 characters per metric row), a trend chart's series. As large as a
   * REST body may be, so a body read with GET can always be PUT back.
   */
  json: 1024 * 1024,
  /** A quarantined element's raw XML (as large as a socket frame may be). */
  raw: 4 * 1024 * 1024,
  /** A timestamp (ISO 8601). */
  timestamp: 40,
  /** A link's address. */
  href: 4_096,
  /** An attribute this schema does not know (kept, never read by the server), when it is text. */
  unknown: 4_096,
} as const

/** Text of at most `max` characters, or null (an empty field). */
export const text = (max: number) => z.string().max(max).nullable()

/** One of `values`, or null. */
export const choice = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values).nullable()

/** A block's stable id. */
export const blockId = text(ATTRIBUTE_LIMITS.id)

const isJsonText = (s: string): boolean => {
  try {
    JSON.parse(s)
    return true
  } catch {
    return false
  }
}

/** JSON written by the server as one attribute (KPI values, trend series), bounded in length. */
export const jsonText = (max: number) => z.string().max(max).refine(isJsonText, 'must be JSON text').nullable()

/** An ISO timestamp written by the server. */
export const timestamp = z
  .string()
  .max(ATTRIBUTE_LIMITS.timestamp)
  .regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/, 'must be an ISO timestamp')
  .nullable()

/**
 * An attribute of a known node or mark that its schema does not name (an
 * older or newer client's): kept as long as it is a plain value nobody can
 * turn into a crash (text, a finite number, true/false, null).
 */
export const unknownAttributeValue = z.union([z.string().max(ATTRIBUTE_LIMITS.unknown), z.number().finite(), z.boolean(), z.null()])
