/**
 * The one rule for every password the server sets — a new user, a change, an
 * admin reset, ADMIN_PASSWORD on the first start: 8–256 characters and a
 * strength of at least MIN_PASSWORD_SCORE (0–4) by zxcvbn-ts, a maintained
 * estimator that knows leaked-password lists, dictionary words, keyboard
 * walks, l33t substitutions, dates and repeats, and is given the user's name
 * and display name so a password built from them scores low.
 *
 * Passwords already stored are not re-checked: the rule applies when one is set.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as zxcvbnCommon from '@zxcvbn-ts/language-common'
import * as zxcvbnEn from '@zxcvbn-ts/language-en'
import { newPasswordSchema } from '@schema/api/usersApi'

/** zxcvbn score a new password needs: 3 = "safely unguessable: moderate protection from offline slow-hash scenario". */
export const MIN_PASSWORD_SCORE = 3

/**
 * Characters of a password the estimator looks at. Its matching is
 * superlinear: 256 random characters cost ~2 s of one core (the event loop),
 * 64 cost ~50 ms. A password whose first 64 characters are strong is strong.
 */
const ESTIMATED_LENGTH = 64

let estimator: ZxcvbnFactory | undefined

/** Built on first use (~150 ms: the dictionaries are ranked once), not at boot. */
function strength(password: string, userInputs: string[]) {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEn.translations,
    maxLength: ESTIMATED_LENGTH,
    // Caps the l33t variants tried per password (the default 100 is what makes long passwords slow).
    l33tMaxSubstitutions: 8,
  })
  return estimator.check(password, userInputs)
}

/** Why `password` may not be set for `user` (a sentence starting "password:"), or null when it may. */
export function passwordProblem(password: string, user: { username: string; displayName: string }): string | null {
  const length = newPasswordSchema.safeParse(password)
  if (!length.success) return length.error.issues[0]!.message
  const result = strength(password, [user.username, user.displayName, ...user.displayName.split(/[\s._-]+/)].filter((s) => s.length >= 3))
  if (result.score >= MIN_PASSWORD_SCORE) return null
  const advice = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' ')
  return `password: too easy to guess (strength ${result.score} of 4, at least ${MIN_PASSWORD_SCORE} needed). ${advice || 'Add more words that are less common.'}`
}
