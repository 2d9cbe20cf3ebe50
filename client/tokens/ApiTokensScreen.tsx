import { useCallback, useEffect, useState, type FormEvent } from 'react'
import { roleAtLeast } from '@schema/roles'
import { api, type ApiTokenInfo, type ReportListItem } from '../api/apiClient'
import { errorText } from '../api/errorText'
import { useApiAction } from '../api/useApiAction'
import { useI18n } from '../i18n/I18nProvider'
import { instanceTimeZone, shownTime } from '../time/instanceTime'
import { NewTokenSecret } from './NewTokenSecret'
import { tokenExpiryInput } from './tokenExpiry'

/**
 * The signed-in user's API tokens for machines (`#/tokens`, from the top bar):
 * a form to create one (name, scope of reports the user may edit and/or
 * series, expiry day in the instance's zone: 90 days by default, at most a year), its secret shown once
 * (NewTokenSecret), and the list with scope, creation, expiry and last use,
 * each revocable after a confirmation.
 */
export function ApiTokensScreen() {
  const { t } = useI18n()
  const [tokens, setTokens] = useState<ApiTokenInfo[] | null>(null)
  const [reports, setReports] = useState<ReportListItem[]>([])
  const [seriesOptions, setSeriesOptions] = useState<string[]>([])
  const [name, setName] = useState('')
  const [pickedReports, setPickedReports] = useState<string[]>([])
  const [pickedSeries, setPickedSeries] = useState<string[]>([])
  const expiry = tokenExpiryInput(new Date(), instanceTimeZone())
  const [expiresOn, setExpiresOn] = useState(expiry.defaultDate)
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null)
  const [confirming, setConfirming] = useState<string | null>(null)

  const load = useCallback(() => {
    api.apiTokens().then(setTokens, (err: unknown) => setError(errorText(t, err)))
  }, [t])
  useEffect(load, [load])
  const { run, busy, message, error, setError } = useApiAction(load)

  useEffect(() => {
    // The scope is picked from what the user may write: reports they edit or own, series they may add to.
    api.reports().then((list) => setReports(list.filter((r) => roleAtLeast(r.role, 'editor'))), () => setReports([]))
    api.series().then((list) => setSeriesOptions(list.map((s) => s.series)), () => setSeriesOptions([]))
  }, [])

  const toggle = (list: string[], value: string) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value])

  const create = async (event: FormEvent) => {
    event.preventDefault()
    if (pickedReports.length + pickedSeries.length === 0) {
      setError(t('tokens.scopeMissing'))
      return
    }
    const trimmed = name.trim()
    const scope = { ...(pickedReports.length ? { reports: pickedReports } : {}), ...(pickedSeries.length ? { series: pickedSeries } : {}) }
    let created: { token: string } | undefined
    const ok = await run(async () => {
      created = await api.createApiToken({ name: trimmed, scope, expiresAt: expiry.toInstant(expiresOn) })
    }, t('tokens.created', { name: trimmed }))
    if (ok && created) {
      setSecret({ name: trimmed, token: created.token })
      setName('')
      setPickedReports([])
      setPickedSeries([])
      setExpiresOn(expiry.defaultDate)
    }
  }

  const reportTitle = (id: string) => {
    const r = reports.find((x) => x.id === id)
    return r ? `${r.title} (${r.period})` : id
  }
  const now = Date.now()

  return (
    <main className="page">
      <section className="card">
        <h1>{t('tokens.title')}</h1>
        <p className="muted">{t('tokens.intro')}</p>
        {message && (
          <p className="side-drawer__message" role="status" data-testid="tokens-message">
            {message}
          </p>
        )}
        {error && (
          <p className="error" role="alert" data-testid="tokens-error">
            {error}
          </p>
        )}
        {secret && <NewTokenSecret name={secret.name} token={secret.token} onDone={() => setSecret(null)} />}
        {tokens === null ? (
          <p className="muted">{t('tokens.loading')}</p>
        ) : tokens.length === 0 ? (
          <p className="muted" data-testid="tokens-empty">
            {t('tokens.empty')}
          </p>
        ) : (
          <ul className="user-list">
            {tokens.map((k) => {
              const expired = Date.parse(k.expiresAt) <= now
              return (
                <li key={k.id} className="user-row token-row" data-testid="token-row" data-token-id={k.id}>
                  <div className="user-row__who">
                    <strong>{k.name}</strong>
                    <span className={k.revoked || expired ? 'badge danger' : 'badge ok'} data-testid="token-state">
                      {k.revoked ? t('tokens.stateRevoked') : expired ? t('tokens.stateExpired') : t('tokens.stateActive')}
                    </span>
                  </div>
                  <div className="user-row__actions">
                    {!k.revoked && (
                      <button type="button" className="danger-button" disabled={busy} onClick={() => setConfirming(k.id)} data-testid="token-revoke">
                        {t('tokens.revoke')}
                      </button>
                    )}
                  </div>
                  <dl className="token-facts">
                    <dt>{t('tokens.colScope')}</dt>
                    <dd data-testid="token-scope">
                      {[
                        k.scope.reports?.length ? t('tokens.scopeReport', { names: k.scope.reports.map(reportTitle).join('、') }) : null,
                        k.scope.series?.length ? t('tokens.scopeSeriesList', { names: k.scope.series.join('、') }) : null,
                      ]
                        .filter(Boolean)
                        .join('；')}
                    </dd>
                    <dt>{t('tokens.colCreated')}</dt>
                    <dd>{shownTime(k.createdAt)}</dd>
                    <dt>{t('tokens.colExpires')}</dt>
                    <dd data-testid="token-expires">{shownTime(k.expiresAt)}</dd>
                    <dt>{t('tokens.colLastUsed')}</dt>
                    <dd data-testid="token-last-used">{k.lastUsedAt ? shownTime(k.lastUsedAt) : t('tokens.neverUsed')}</dd>
                  </dl>
                  {confirming === k.id && (
                    <div className="confirm-row" role="alertdialog" aria-label={t('tokens.revokeConfirm', { name: k.name })}>
                      <p>{t('tokens.revokeConfirm', { name: k.name })}</p>
                      <button
                        type="button"
                        className="danger-button"
                        disabled={busy}
                        data-testid="token-revoke-confirm"
                        onClick={() => {
                          setConfirming(null)
                          void run(() => api.revokeApiToken(k.id), t('tokens.revoked', { name: k.name }))
                        }}
                      >
                        {t('tokens.revokeYes')}
                      </button>
                      <button type="button" className="link" onClick={() => setConfirming(null)}>
                        {t('tokens.cancel')}
                      </button>
                    </div>
                  )}
                </li>
              )
            })}
          </ul>
        )}
      </section>
      <section className="card">
        <h2>{t('tokens.create')}</h2>
        <form className="token-create" onSubmit={(e) => void create(e)}>
          <label>
            {t('tokens.name')}
            <input
              name="token-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder={t('tokens.namePlaceholder')}
              required
              maxLength={100}
              autoComplete="off"
            />
          </label>
          <fieldset className="token-scope">
            <legend>{t('tokens.scope')}</legend>
            <p className="muted">{t('tokens.scopeHint')}</p>
            <div className="token-scope__group" data-testid="token-scope-reports">
              <strong>{t('tokens.scopeReports')}</strong>
              {reports.length === 0 && <span className="muted">{t('tokens.noReports')}</span>}
              {reports.map((r) => (
                <label key={r.id} className="token-check">
                  <input type="checkbox" value={r.id} checked={pickedReports.includes(r.id)} onChange={() => setPickedReports((l) => toggle(l, r.id))} />
                  <span>
                    {r.title} <span className="muted">{r.period}</span>
                  </span>
                </label>
              ))}
            </div>
            <div className="token-scope__group" data-testid="token-scope-series">
              <strong>{t('tokens.scopeSeries')}</strong>
              {seriesOptions.length === 0 && <span className="muted">{t('tokens.noSeries')}</span>}
              {seriesOptions.map((s) => (
                <label key={s} className="token-check">
                  <input type="checkbox" value={s} checked={pickedSeries.includes(s)} onChange={() => setPickedSeries((l) => toggle(l, s))} />
                  <span>{s}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <label>
            {t('tokens.expires')}
            <input
              name="token-expires"
              type="date"
              value={expiresOn}
              min={expiry.minDate}
              max={expiry.maxDate}
              onChange={(e) => setExpiresOn(e.target.value)}
              required
            />
            <span className="muted">{t('tokens.expiresHint')}</span>
          </label>
          <button type="submit" className="primary" disabled={busy} data-testid="token-submit">
            {t('tokens.submit')}
          </button>
        </form>
      </section>
    </main>
  )
}
