/**
 * The "@name" being typed right before the caret of a comment, if any: where
 * its "@" is and what follows it so far. A Chinese IME commits a full-width
 * "＠" (or a plain "@") as composed text, so both count. An "@" right after a
 * letter or digit (an e-mail address) does not start a mention.
 */
export interface MentionQuery {
  /** Index of the "@" in the text. */
  start: number
  /** What was typed after it, up to the caret. */
  query: string
}

const MAX_QUERY = 32
const TYPED = new RegExp(`(^|[^A-Za-z0-9_.])[@＠]([^\\s@＠]{0,${MAX_QUERY}})$`)

export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
  const match = TYPED.exec(text.slice(0, caret))
  if (!match) return null
  const query = match[2] ?? ''
  return { start: caret - query.length - 1, query }
}
