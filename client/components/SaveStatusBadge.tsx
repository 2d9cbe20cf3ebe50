import { useLayoutEffect, useRef } from 'react'
import type { SaveStatus, SaveTracker } from '../collab/SaveTracker'
import { useI18n } from '../i18n/I18nProvider'
import type { MessageKey } from '../i18n/messages'

const label: Record<SaveStatus, MessageKey> = {
  connecting: 'status.connecting',
  offline: 'status.offline',
  'offline-kept': 'status.offlineKept',
  'offline-unsaved': 'status.offlineUnsaved',
  saving: 'status.saving',
  saved: 'status.saved',
  'not-saved': 'status.notSaved',
  refused: 'status.refused',
  locked: 'status.locked',
}

/** A longer explanation where the label alone could mislead (shown as the tooltip). */
const hint: Partial<Record<SaveStatus, MessageKey>> = {
  'offline-kept': 'status.offlineKept.hint',
  'offline-unsaved': 'status.offlineUnsaved.hint',
}

const className = (status: SaveStatus) => `save-status save-status--${status}`

/**
 * The connection and saved status; "Saved" appears only after the server's
 * fsync acknowledgement. The status flips to "saving" and back on every
 * keystroke: it is written to the badge's element directly, not through a
 * React commit (each commit while the editor has focus makes React measure
 * the selection across the whole document). A render (language switch)
 * reads the tracker's current status, so both always agree.
 */
export function SaveStatusBadge({ tracker }: { tracker: SaveTracker }) {
  const { t } = useI18n()
  const ref = useRef<HTMLSpanElement>(null)
  const status = tracker.status
  useLayoutEffect(
    () =>
      tracker.subscribe((next) => {
        const el = ref.current
        if (!el) return
        el.className = className(next)
        el.dataset.status = next
        el.textContent = t(label[next])
        el.title = hint[next] ? t(hint[next]) : ''
      }),
    [tracker, t],
  )
  return (
    <span ref={ref} className={className(status)} data-testid="save-status" data-status={status} role="status" title={hint[status] ? t(hint[status]) : ''}>
      {t(label[status])}
    </span>
  )
}
