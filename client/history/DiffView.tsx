import { useEffect, useMemo, useState } from 'react'
import type { ReportChange } from '@schema/diff/diffReports'
import { templates } from '@schema/templates/templates'
import { api, type HistoryDiff, type ReportDetail } from '../api/apiClient'
import { useI18n } from '../i18n/I18nProvider'
import type { MessageKey } from '../i18n/messages'
import { HistoryOverlay } from './HistoryOverlay'
import type { HistoryItem } from './historyItems'
import { useItemLabel } from './useItemLabel'

interface Props {
  report: ReportDetail
  from: HistoryItem
  to: HistoryItem
  onClose: () => void
}

interface Group {
  section: string
  changes: ReportChange[]
}

/** Changes grouped by the section they are in, sections in the order the document first mentions them. */
function groupBySection(changes: ReportChange[]): Group[] {
  const groups = new Map<string, Group>()
  for (const c of changes) {
    let g = groups.get(c.section)
    if (!g) groups.set(c.section, (g = { section: c.section, changes: [] }))
    g.changes.push(c)
  }
  return [...groups.values()]
}

/**
 * What changed between two states of the report, in its own terms: one
 * line per change as the server words it (in the report's language), and
 * for text the inserted and deleted words marked.
 */
export function DiffView({ report, from, to, onClose }: Props) {
  const { t } = useI18n()
  const label = useItemLabel()
  const [diff, setDiff] = useState<HistoryDiff | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    setDiff(null)
    setError(null)
    api.diff(report.id, from.ref, to.ref).then(
      (d) => live && setDiff(d),
      (err: Error) => live && setError(err.message),
    )
    return () => {
      live = false
    }
  }, [report.id, from.ref, to.ref])

  const sectionTitle = useMemo(() => {
    const tpl = templates[report.template]
    const titles = new Map([...(tpl?.sections ?? []), ...(tpl?.optionalSections ?? [])].map((s) => [s.key, s.title[report.locale]]))
    return (key: string) => (key === '' ? t('history.outsideSections') : (titles.get(key) ?? key))
  }, [report.template, report.locale, t])

  const groups = diff ? groupBySection(diff.changes) : []
  return (
    <HistoryOverlay title={t('history.diffTitle', { from: label(from), to: label(to) })} onClose={onClose} testId="history-diff">
      {error && <p className="error">{t('history.error')}{error}</p>}
      {!error && !diff && <p className="muted">{t('history.loading')}</p>}
      {diff && (
        <div className="history-diff" lang={report.locale}>
          <p className="muted" data-testid="history-diff-count">
            {diff.changes.length === 0 ? t('history.diffNone') : t('history.diffCount', { n: diff.changes.length })}
          </p>
          {groups.map((g) => (
            <section key={g.section || '-'} className="history-diff__section" data-section={g.section}>
              <h3>{sectionTitle(g.section)}</h3>
              <ul>
                {g.changes.map((c, i) => (
                  <li key={i} className={`history-change history-change--${c.kind}`} data-kind={c.kind} data-block-id={c.blockId}>
                    <span className={`history-kind history-kind--${c.kind}`}>{t(`history.kind.${c.kind}` as MessageKey)}</span>
                    <span className="history-change__summary">{c.summary}</span>
                    {c.kind === 'textChanged' && (
                      <p className="history-text-diff">
                        {c.segments.map((s, j) =>
                          s.op === 'insert' ? <ins key={j}>{s.text}</ins> : s.op === 'delete' ? <del key={j}>{s.text}</del> : <span key={j}>{s.text}</span>,
                        )}
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </HistoryOverlay>
  )
}
