import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react'
import { messages, type MessageKey, type UiLocale } from './messages'

interface I18n {
  locale: UiLocale
  /** The message in the UI locale; `{name}` placeholders are filled from `vars`. */
  t: (key: MessageKey, vars?: Record<string, string | number>) => string
  toggle: () => void
}

const I18nContext = createContext<I18n | null>(null)
const STORAGE_KEY = 'ops-report.locale'

/** UI locale: zh-CN unless the user switched to English (remembered in localStorage). */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocale] = useState<UiLocale>(() => (localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN'))
  const toggle = useCallback(() => {
    setLocale((current) => {
      const next = current === 'zh-CN' ? 'en' : 'zh-CN'
      localStorage.setItem(STORAGE_KEY, next)
      document.documentElement.lang = next
      return next
    })
  }, [])
  const value = useMemo<I18n>(() => ({
      locale,
      t: (key, vars) => {
        const text: string = messages[locale][key]
        return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text
      },
      toggle,
    }), [locale, toggle])
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export function useI18n(): I18n {
  const value = useContext(I18nContext)
  if (!value) throw new Error('useI18n outside I18nProvider')
  return value
}
