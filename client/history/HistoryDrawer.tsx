import { useCallback, useEffect, useState } from 'react'
import { roleAtLeast } from '@schema/roles'
import { api, type ReportDetail, type ReportHistory } from '../api/apiClient'
import { quotaLimitOf } from '../api/quotaLimit'
import { useI18n } from '../i18n/I18nProvider'
import type { MessageKey } from '../i18n/messages'
import { DiffView } from './DiffView'
import { draftDocxPath, formatTime, htmlPath, inTimeOrder, LIVE, snapshotItem, versionExportPath, versionItem, type HistoryItem } from './historyItems'
import { ReportViewer } from './ReportViewer'
import { useItemLabel } from './useItemLabel'

interface Props {
  report: ReportDetail
  /** Whether the report is published right now (restore is refused then). */
  published: boolean
  /** Changes when the report is published or unlocked, so the list follows. */
  revisionKey: string
  onClose: () => void
}

/**
 * Opens a version's HTML in a new window and prints it (the browser's "save
 * as PDF" is the PDF export). The window is opened at once, inside the click,
 * so no popup blocker stops it, and filled with the HTML fetched here: the
 * API answers with `Cross-Origin-Opener-Policy: same-origin`, so a window
 * navigated to the export URL itself would be cut off from this page and
 * could not be told to print.
 */
async function printExport(path: string): Promise<boolean> {
  const w = window.open('', '_blank')
  if (!w) return false
  try {
    const html = await api.exportHtml(path)
    w.document.open()
    w.document.write(html)
    w.document.close()
    w.focus()
    w.print()
    return true
  } catch (err) {
    w.close()
    throw err
  }
}

/**
 * The report's history: published versions and autosaved snapshots, each
 * viewable read-only, comparable with another item or the current draft;
 * snapshots can be restored (a new state of the draft: the replaced body
 * is kept as a snapshot), versions exported as HTML, Markdown, Word or PDF,
 * the current draft as Word (while there is one: not while the report is published).
 */
export function HistoryDrawer({ report, published, revisionKey, onClose }: Props) {
  const { t, locale } = useI18n()
  const label = useItemLabel()
  const [history, setHistory] = useState<ReportHistory | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [base, setBase] = useState<HistoryItem | null>(null)
  const [viewing, setViewing] = useState<HistoryItem | null>(null)
  const [comparing, setComparing] = useState<[HistoryItem, HistoryItem] | null>(null)
  const [busy, setBusy] = useState(false)
  const canRestore = roleAtLeast(report.role, 'editor')

  const load = useCallback(() => {
    setError(null)
    api.history(report.id).then(setHistory, (err: Error) => setError(err.message))
  }, [report.id])
  useEffect(load, [load, revisionKey])

  const compare = (item: HistoryItem) => {
    if (!base) {
      setBase(item)
      return
    }
    if (base.ref !== item.ref) setComparing(inTimeOrder(base, item))
    setBase(null)
  }

  const restore = async (item: HistoryItem) => {
    if (item.kind !== 'snapshot') return
    const at = formatTime(item.at)
    if (!window.confirm(t('history.restoreConfirm', { at }))) return
    setBusy(true)
    setMessage(null)
    try {
      await api.restoreSnapshot(report.id, item.snapshot.id)
      setMessage(t('history.restored', { at }))
      load()
    } catch (err) {
      const limit = quotaLimitOf(err)
      setMessage(`${t('history.error')}${limit === null ? (err as Error).message : t('history.restoreQuota', { limit })}`)
    } finally {
      setBusy(false)
    }
  }

  const print = (version: string) => {
    printExport(versionExportPath(report.id, version, 'html')).then(
      (opened) => opened || setMessage(t('history.popupBlocked')),
      (err: Error) => setMessage(`${t('history.error')}${err.message}`),
    )
  }

  const compareButton = (item: HistoryItem) => (
    <button
      type="button"
      onClick={() => compare(item)}
      aria-pressed={base?.ref === item.ref}
      className={base?.ref === item.ref ? 'history-picked' : undefined}
      title={base?.ref === item.ref ? t('history.comparePicked') : undefined}
      data-testid="history-compare"
    >
      {t('history.compare')}
    </button>
  )

  const versions = [...(history?.versions ?? [])].reverse() // newest first, like the snapshots
  const viewingPath = viewing && htmlPath(report.id, viewing)
  return (
    <aside className="history-drawer" aria-label={t('history.title')} data-testid="history-drawer">
      <header className="history-drawer__head">
        <h2>{t('history.title')}</h2>
        <button type="button" onClick={load}>
          {t('history.refresh')}
        </button>
        <button type="button" onClick={onClose} data-testid="history-close">
          {t('history.close')}
        </button>
      </header>
      {base && (
        <div className="history-compare-bar" role="status" data-testid="history-compare-bar">
          <span>{t('history.compareFrom', { item: label(base) })}</span>
          <button type="button" onClick={() => compare(LIVE)} data-testid="history-compare-live">
            {t('history.compareLive')}
          </button>
          <button type="button" className="link" onClick={() => setBase(null)}>
            {t('history.cancel')}
          </button>
        </div>
      )}
      {message && (
        <p className="history-message" role="status" data-testid="history-message">
          {message}
        </p>
      )}
      {error && <p className="error">{t('history.error')}{error}</p>}
      {!history && !error && <p className="muted">{t('history.loading')}</p>}
      {history && (
        <>
          {/* A published (locked) report has no draft to export: its version's own Export Word is below. */}
          {!published && (
            <div className="history-item__actions history-draft">
              <strong>{t('history.live')}</strong>
              <a href={draftDocxPath(report.id)} download data-testid="history-export-draft-docx">
                {t('history.exportDocx')}
              </a>
            </div>
          )}
          <h3>{t('history.versions')}</h3>
          {versions.length === 0 && <p className="muted">{t('history.noVersions')}</p>}
          <ul className="history-list">
            {versions.map((v) => {
              const item = versionItem(v)
              return (
                <li key={v.version} className="history-item" data-version={v.version} data-testid="history-version">
                  <div className="history-item__head">
                    <strong>{label(item)}</strong>
                    <span className="muted">{t('history.publishedBy', { by: v.publishedBy, at: formatTime(v.publishedAt) })}</span>
                  </div>
                  {v.note && <p className="history-item__note">{v.note}</p>}
                  <code className="history-sha" title={v.sha256}>
                    sha256 {v.sha256.slice(0, 12)}
                  </code>
                  <div className="history-item__actions">
                    <button type="button" onClick={() => setViewing(item)} data-testid="history-view">
                      {t('history.view')}
                    </button>
                    {compareButton(item)}
                    <a href={versionExportPath(report.id, v.version, 'html')} target="_blank" rel="noopener" data-testid="history-export-html">
                      {t('history.exportHtml')}
                    </a>
                    <a href={versionExportPath(report.id, v.version, 'md')} download data-testid="history-export-md">
                      {t('history.exportMd')}
                    </a>
                    <a href={versionExportPath(report.id, v.version, 'docx')} download data-testid="history-export-docx">
                      {t('history.exportDocx')}
                    </a>
                    <button type="button" onClick={() => print(v.version)} data-testid="history-print">
                      {t('history.print')}
                    </button>
                  </div>
                </li>
              )
            })}
          </ul>
          <h3>{t('history.snapshots')}</h3>
          {history.snapshots.length === 0 && <p className="muted">{t('history.noSnapshots')}</p>}
          <ul className="history-list">
            {history.snapshots.map((s) => {
              const item = snapshotItem(s)
              const refusal = published ? t('history.restoreLocked') : !canRestore ? t('history.restoreRole') : undefined
              return (
                <li key={s.id} className="history-item" data-snapshot-id={s.id} data-reason={s.reason} data-testid="history-snapshot">
                  <div className="history-item__head">
                    <strong>{formatTime(s.at)}</strong>
                    <span className={`history-reason history-reason--${s.reason}`}>{t(`history.reason.${s.reason}` as MessageKey)}</span>
                  </div>
                  {s.authors.length > 0 && <p className="muted">{t('history.editedBy', { names: s.authors.join(locale === 'en' ? ', ' : '、') })}</p>}
                  <div className="history-item__actions">
                    <button type="button" onClick={() => setViewing(item)} data-testid="history-view">
                      {t('history.view')}
                    </button>
                    {compareButton(item)}
                    <button
                      type="button"
                      onClick={() => void restore(item)}
                      disabled={busy || refusal !== undefined}
                      title={refusal}
                      data-testid="history-restore"
                    >
                      {t('history.restore')}
                    </button>
                  </div>
                </li>
              )
            })}
          </ul>
        </>
      )}
      {viewing && viewingPath && <ReportViewer path={viewingPath} title={label(viewing)} onClose={() => setViewing(null)} />}
      {comparing && <DiffView report={report} from={comparing[0]} to={comparing[1]} onClose={() => setComparing(null)} />}
    </aside>
  )
}
