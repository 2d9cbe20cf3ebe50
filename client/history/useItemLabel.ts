import { useCallback } from 'react'
import { useI18n } from '../i18n/I18nProvider'
import { formatTime, type HistoryItem } from './historyItems'

/** How an item is named in titles: "v1.1", "快照 2026-11-28 14:05:00", "当前草稿". */
export function useItemLabel(): (item: HistoryItem) => string {
  const { t } = useI18n()
  return useCallback(
    (item: HistoryItem) => {
      if (item.kind === 'version') return t('history.versionLabel', { version: item.version.version })
      if (item.kind === 'snapshot') return t('history.snapshotLabel', { at: formatTime(item.at) })
      return t('history.live')
    },
    [t],
  )
}
