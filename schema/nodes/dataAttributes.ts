import type { Attributes } from '@tiptap/core'
import type { ZodType } from 'zod'
import { attrString } from './readAttribute'

/**
 * TipTap attribute specs for plain data fields: each field is one attribute
 * (one Yjs map entry, so concurrent edits of different fields merge), kept
 * in HTML as `data-<field>`. Values are strings as typed (numbers are parsed
 * where they are used), or null when empty. Defaults are null: the Yjs
 * binding does not store a null attribute, so any other default would turn a
 * cleared field back into that default for everyone else. New blocks get
 * their initial values from the document builder instead. `fields` (the
 * node's attribute schema, attributeSchemas.ts) filters pasted values.
 */
export function dataAttributes(defaults: Record<string, string | null>, fields?: () => { shape: Record<string, ZodType> }): Attributes {
  const out: Attributes = {}
  for (const [name, fallback] of Object.entries(defaults)) {
    const html = `data-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
    out[name] = {
      default: fallback,
      // Pasted HTML can carry any data-* value: one its field's schema refuses is left out (the server would refuse the whole write).
      parseHTML: (el: HTMLElement) => {
        const value = el.getAttribute(html)
        if (value === null) return fallback
        const field = fields?.().shape[name]
        return !field || field.safeParse(value).success ? value : fallback
      },
      renderHTML: (attrs: Record<string, unknown>) => {
        const value = attrString(attrs[name])
        return value === null ? {} : { [html]: value }
      },
    }
  }
  return out
}

/** The stable block id every block carries (comments, links, checks and KPIs point at it). */
export const blockIdAttribute: Attributes = dataAttributes({ id: null })
