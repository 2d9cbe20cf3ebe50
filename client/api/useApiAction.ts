import { useState } from 'react'
import { useI18n } from '../i18n/I18nProvider'
import { errorText } from './errorText'

/**
 * One API action at a time from a form or a list: `run(action, done)` marks the
 * view busy, shows `done` on success and calls `onDone` (reload), or shows the
 * error in the UI language (errorText.ts). Resolves true when the action succeeded.
 */
export function useApiAction(onDone: () => void) {
  const { t } = useI18n()
  const [message, setMessage] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const run = async (action: () => Promise<unknown>, done: string): Promise<boolean> => {
    setBusy(true)
    setError(null)
    setMessage(null)
    try {
      await action()
      setMessage(done)
      onDone()
      return true
    } catch (err) {
      setError(errorText(t, err))
      return false
    } finally {
      setBusy(false)
    }
  }

  return { run, busy, message, error, setError }
}
