import { useState } from 'react'
import type { ReportDetail } from '../api/apiClient'
import { useI18n } from '../i18n/I18nProvider'
import { HistoryDrawer } from './HistoryDrawer'

interface Props {
  report: ReportDetail
  published: boolean
  /** Changes on every publish and unlock (e.g. `published:1`), so an open drawer reloads. */
  revisionKey: string
}

/** 历史 in the editor toolbar: opens the history drawer of the report. */
export function HistoryButton({ report, published, revisionKey }: Props) {
  const { t } = useI18n()
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="history-toggle">
        {t('history.open')}
      </button>
      {open && <HistoryDrawer report={report} published={published} revisionKey={revisionKey} onClose={() => setOpen(false)} />}
    </>
  )
}
