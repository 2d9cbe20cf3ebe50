/**
 * One audit entry of a report in words, in the UI language: the line ("张三
 * 解锁了 v1 进行修订") and, where it has one, its detail (the reason of an
 * unlock, the note of a publish).
 */
import type { ActivityEntry } from '../api/apiClient'
import type { useI18n } from '../i18n/I18nProvider'
import type { MessageKey } from '../i18n/messages'
import { shownTime } from '../time/instanceTime'

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '')

type Translate = ReturnType<typeof useI18n>['t']

export function activityText(t: Translate, entry: ActivityEntry): { line: string; detail?: string } {
  const actor = entry.actor.displayName
  const subject = entry.subject?.displayName ?? ''
  const d = entry.detail
  switch (entry.action) {
    case 'report.publish':
      return { line: t('activity.report.publish', { actor, version: str(d.version) }), detail: d.note ? t('activity.report.publishNote', { note: str(d.note) }) : undefined }
    case 'report.unlock':
      return { line: t('activity.report.unlock', { actor, from: str(d.from) }), detail: t('activity.report.unlockReason', { reason: str(d.reason) }) }
    case 'report.restore':
      return { line: t('activity.report.restore', { actor, at: typeof d.snapshotAt === 'string' ? shownTime(d.snapshotAt) : '' }) }
    case 'member.set':
      return { line: t('activity.member.set', { actor, subject, role: t(`role.${str(d.role)}` as MessageKey) ?? str(d.role) }) }
    case 'member.remove':
      return { line: t('activity.member.remove', { actor, subject }) }
    case 'report.metrics.push': {
      const n = String(Number(d.updated ?? 0) + Number(d.created ?? 0))
      const line = d.via === 'token' ? t('activity.report.metrics.push', { actor, token: str(d.tokenName), n }) : t('activity.report.metrics.pushSession', { actor, n })
      return { line, detail: t('activity.report.metrics.pushDetail', { updated: str(d.updated ?? 0), created: str(d.created ?? 0), unchanged: str(d.unchanged ?? 0) }) }
    }
    case 'report.create':
    case 'report.archive':
    case 'report.unarchive':
      return { line: t(`activity.${entry.action}`, { actor }) }
    default:
      return { line: t('activity.other', { actor, action: str(entry.action) }) }
  }
}
