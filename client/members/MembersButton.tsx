import { useState } from 'react'
import type { PublicUser, ReportDetail } from '../api/apiClient'
import { useI18n } from '../i18n/I18nProvider'
import { MembersDrawer } from './MembersDrawer'

interface Props {
  report: ReportDetail
  user: PublicUser
  /** Reloads the report record after a change of its members. */
  onChanged: () => void
}

/** 成员 (n) in the editor toolbar: opens the members drawer (managed by owners and admins, listed for everyone). */
export function MembersButton({ report, user, onChanged }: Props) {
  const { t } = useI18n()
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="members-toggle">
        {t('members.open', { n: report.members.length })}
      </button>
      {open && <MembersDrawer report={report} user={user} onChanged={onChanged} onClose={() => setOpen(false)} />}
    </>
  )
}
