import './zodConfig'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { I18nProvider } from './i18n/I18nProvider'
import './styles.css'
import { loadInstanceTimeZone } from './time/instanceTime'
import { registerServiceWorker } from './offline/serviceWorker'

registerServiceWorker()

// Times are shown in the instance's zone from the first paint on.
void loadInstanceTimeZone().then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <I18nProvider>
        <App />
      </I18nProvider>
    </StrictMode>,
  ),
)
