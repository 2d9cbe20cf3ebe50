import { useState } from 'react'
import type { ReportDetail } from '../api/apiClient'
import { useI18n } from '../i18n/I18nProvider'
import { ActivityDrawer } from './ActivityDrawer'

/** 动态 in the editor toolbar: opens the report's activity drawer. */
export function ActivityButton({ report, revisionKey }: { report: ReportDetail; revisionKey: string }) {
  const { t } = useI18n()
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="activity-toggle">
        {t('activity.open')}
      </button>
      {open && <ActivityDrawer report={report} revisionKey={revisionKey} onClose={() => setOpen(false)} />}
    </>
  )
}
