import { createContext, useContext } from 'react'
import type { Locale } from '@schema/templates/ReportTemplate'
import type { ReportDetail, ReportMember } from '../api/apiClient'

/** What node views need to know about the report around them. */
export interface ReportContextValue {
  report: ReportDetail
  members: ReportMember[]
  /** Language of the report's content (template titles, hints). */
  contentLocale: Locale
  editable: boolean
}

export const ReportContext = createContext<ReportContextValue | null>(null)

export function useReport(): ReportContextValue {
  const value = useContext(ReportContext)
  if (!value) throw new Error('useReport outside ReportContext')
  return value
}
