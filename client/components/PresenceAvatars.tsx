import type { Awareness } from 'y-protocols/awareness'
import { usePresence } from '../collab/usePresence'
import { useI18n } from '../i18n/I18nProvider'
import { Avatar } from './Avatar'

/** Who has the report open now, one avatar per user. */
export function PresenceAvatars({ awareness }: { awareness: Awareness }) {
  const { t } = useI18n()
  const users = usePresence(awareness)
  return (
    <div className="presence" data-testid="presence" aria-label={t('editor.here')}>
      {users.map((u) => (
        <Avatar key={u.id} name={u.name} color={u.color} />
      ))}
    </div>
  )
}
