import type { SaveStatus, SaveTracker } from '../collab/SaveTracker'
import { useSaveStatus } from '../collab/useSaveStatus'
import { useI18n } from '../i18n/I18nProvider'
import type { MessageKey } from '../i18n/messages'

const label: Record<SaveStatus, MessageKey> = {
  connecting: 'status.connecting',
  offline: 'status.offline',
  'offline-unsaved': 'status.offlineUnsaved',
  saving: 'status.saving',
  saved: 'status.saved',
  'not-saved': 'status.notSaved',
  refused: 'status.refused',
}

/** The connection and saved status; "Saved" appears only after the server's fsync acknowledgement. */
export function SaveStatusBadge({ tracker }: { tracker: SaveTracker }) {
  const { t } = useI18n()
  const status = useSaveStatus(tracker)
  return (
    <span className={`save-status save-status--${status}`} data-testid="save-status" data-status={status} role="status">
      {t(label[status])}
    </span>
  )
}
