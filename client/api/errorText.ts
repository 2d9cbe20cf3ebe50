import type { MessageKey } from '../i18n/messages'
import { messages } from '../i18n/messages'
import { ApiError } from './apiClient'

/** What to tell the user about a failed call: the localized text of a known error code, else the generic prefix and the server's message. */
export function errorText(t: (key: MessageKey) => string, err: unknown): string {
  if (err instanceof ApiError) {
    const key = `apiError.${err.code}`
    if (Object.hasOwn(messages.en, key)) return t(key as MessageKey)
  }
  return t('error.generic') + (err instanceof Error ? err.message : String(err))
}
