import { attrString } from '@schema/nodes/readAttribute'

/** A node attribute as the text shown in an input: null, undefined and values that are not text are ''. */
export function attrText(value: unknown): string {
  return attrString(value) ?? ''
}

/** What an input writes back: the text as typed, or null when emptied (attributes are null when empty). */
export function textAttr(text: string): string | null {
  return text === '' ? null : text
}
