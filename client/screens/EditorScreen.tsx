import { useEffect, useMemo, useState } from 'react'
import { canWriteBody, ROLES, type Role } from '@schema/roles'
import { api, type PublicUser, type ReportDetail } from '../api/apiClient'
import { useCollabSession } from '../collab/useCollabSession'
import { ReportComments } from '../comments/ReportComments'
import { PresenceAvatars } from '../components/PresenceAvatars'
import { SaveStatusBadge } from '../components/SaveStatusBadge'
import { ReportContext } from '../editor/ReportContext'
import { ReportEditor } from '../editor/ReportEditor'
import { HistoryButton } from '../history/HistoryButton'
import { useI18n } from '../i18n/I18nProvider'
import type { MessageKey } from '../i18n/messages'
import { PreviousNotice } from '../publish/PreviousNotice'
import { PublishBar } from '../publish/PublishBar'
import { PublishedBanner } from '../publish/PublishedBanner'
import { useReportStatus } from '../publish/useReportStatus'

interface Props {
  reportId: string
  user: PublicUser
  onBack: () => void
}

export function EditorScreen({ reportId, user, onBack }: Props) {
  const { t } = useI18n()
  const [report, setReport] = useState<ReportDetail | null>(null)
  const [error, setError] = useState<string | null>(null)
  const { session, fatalCode, reopen } = useCollabSession(reportId)
  const status = useReportStatus(session, report)
  const published = status?.status === 'published'

  const reload = () => api.report(reportId).then(setReport, (err: Error) => setError(err.message))
  const editableNow = !!report && canWriteBody(report.role) && fatalCode === null && !published
  // Every block view reads this context: a new object on each render (cursor moves,
  // save status) would re-render all of them on every remote keystroke.
  const reportContext = useMemo(
    () => (report ? { report, members: report.members, contentLocale: report.locale, editable: editableNow } : null),
    [report, editableNow],
  )
  useEffect(() => {
    void reload()
  }, [reportId])
  // Published or unlocked elsewhere: refresh the record (version, publisher). Edits
  // typed here just before the lock were dropped by the server; a fresh session
  // shows exactly the published text instead of keeping them as a local fork.
  useEffect(() => {
    if (!status || !report || (status.status === report.status && status.revision === report.revision)) return
    if (status.status === 'published' && session && session.tracker.status !== 'saved') reopen()
    void reload()
  }, [status?.status, status?.revision])

  if (error) return <main className="page"><p className="error" role="alert">{t('error.generic')}{error}</p></main>
  if (!report || !session) return <main className="page"><p className="muted">{t('editor.loading')}</p></main>

  const editable = editableNow
  return (
    <main className="editor-page">
      <div className="editor-toolbar">
        <button type="button" className="link" onClick={onBack}>
          {t('editor.back')}
        </button>
        <div className="editor-title">
          <strong>{report.title}</strong>
          <span className="muted">
            {report.period} · {t(`role.${report.role}`)}
          </span>
        </div>
        {!editable && <span className="badge">{t('editor.readOnly')}</span>}
        <PresenceAvatars awareness={session.provider.awareness} />
        <SaveStatusBadge tracker={session.tracker} />
        <HistoryButton report={report} published={published} revisionKey={`${status?.status}:${status?.revision}`} />
        {status && <PublishBar report={report} status={status} session={session} />}
      </div>
      {status && <PublishedBanner status={status} />}
      <PreviousNotice report={report} />
      {fatalCode !== null && (
        <p className="error banner" role="alert">
          {t(`error.${fatalCode}` as MessageKey) ?? `${t('error.generic')}${fatalCode}`}
        </p>
      )}
      <ReportContext.Provider value={reportContext}>
        <ReportComments session={session} report={report} user={user}>
          {(extensions) => (
            <ReportEditor
              session={session}
              user={user}
              editable={editable}
              templateKey={report.template}
              contentLocale={report.locale}
              extensions={extensions}
            />
          )}
        </ReportComments>
      </ReportContext.Provider>
      {report.role === 'owner' && <MembersPanel report={report} onChanged={reload} />}
    </main>
  )
}

function MembersPanel({ report, onChanged }: { report: ReportDetail; onChanged: () => void }) {
  const { t } = useI18n()
  const [users, setUsers] = useState<PublicUser[]>([])
  const [userId, setUserId] = useState('')
  const [role, setRole] = useState<Role>('editor')
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    api.users().then(setUsers, () => {})
  }, [])
  const add = async () => {
    setError(null)
    try {
      await api.setMember(report.id, userId, role)
      onChanged()
    } catch (err) {
      setError((err as Error).message)
    }
  }
  return (
    <section className="card members">
      <h3>{t('editor.members')}</h3>
      <ul>
        {report.members.map((m) => (
          <li key={m.userId}>
            {m.displayName ?? m.userId} · {t(`role.${m.role}`)}
          </li>
        ))}
      </ul>
      <div className="member-form">
        <select value={userId} onChange={(e) => setUserId(e.target.value)} aria-label={t('editor.addMember')}>
          <option value="">—</option>
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.displayName} ({u.username})
            </option>
          ))}
        </select>
        <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
        <button type="button" onClick={add} disabled={!userId}>
          {t('editor.addMember')}
        </button>
      </div>
      {error && <p className="error">{error}</p>}
    </section>
  )
}
