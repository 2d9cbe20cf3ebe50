import type { PresentUser } from '../collab/useCollabSession'
import { useI18n } from '../i18n/I18nProvider'
import { Avatar } from './Avatar'

/** Who has the report open now, one avatar per user. */
export function PresenceAvatars({ users }: { users: PresentUser[] }) {
  const { t } = useI18n()
  return (
    <div className="presence" data-testid="presence" aria-label={t('editor.here')}>
      {users.map((u) => (
        <Avatar key={u.id} name={u.name} color={u.color} />
      ))}
    </div>
  )
}
