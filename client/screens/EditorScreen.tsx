import { useEffect, useMemo, useState } from 'react'
import { canWriteBody } from '@schema/roles'
import { api, type PublicUser, type ReportDetail } from '../api/apiClient'
import { useCollabSession } from '../collab/useCollabSession'
import { ReportComments } from '../comments/ReportComments'
import { PresenceAvatars } from '../components/PresenceAvatars'
import { SaveStatusBadge } from '../components/SaveStatusBadge'
import { ReportContext } from '../editor/ReportContext'
import { ReportEditor } from '../editor/ReportEditor'
import { ActivityButton } from '../activity/ActivityButton'
import { HistoryButton } from '../history/HistoryButton'
import { useI18n } from '../i18n/I18nProvider'
import { MembersButton } from '../members/MembersButton'
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
  const { session, fatalCode, discarded, reopen } = useCollabSession(reportId, user.id)
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
    if (status.status === 'published' && session && session.tracker.status !== 'saved') reopen('locked')
    void reload()
  }, [status?.status, status?.revision])
  // Edits refused for good: the record (status, role) changed since it was loaded.
  useEffect(() => {
    if (discarded) void reload()
  }, [discarded])

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
          <strong title={report.title}>{report.title}</strong>
          <span className="muted">
            {report.period} · {t(`role.${report.role}`)}
          </span>
        </div>
        {!editable && <span className="badge">{t('editor.readOnly')}</span>}
        <PresenceAvatars awareness={session.provider.awareness} />
        <SaveStatusBadge tracker={session.tracker} />
        <MembersButton report={report} user={user} onChanged={() => void reload()} />
        <HistoryButton report={report} published={published} revisionKey={`${status?.status}:${status?.revision}`} />
        <ActivityButton report={report} revisionKey={`${status?.status}:${status?.revision}`} />
        {status && <PublishBar report={report} status={status} session={session} />}
      </div>
      {status && <PublishedBanner status={status} />}
      <PreviousNotice report={report} />
      {discarded && (
        <p className="error banner" role="alert" data-testid="local-edits-discarded">
          {t(discarded === 'locked' ? 'editor.discarded.locked' : 'editor.discarded.readOnly')}
        </p>
      )}
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
    </main>
  )
}
