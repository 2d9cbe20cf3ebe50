import type { ButtonHTMLAttributes } from 'react'
import type { Direction } from '@schema/kpi/metricFormulas'
import { useI18n } from '../../i18n/I18nProvider'

interface Props extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'value' | 'onChange' | 'name' | 'type'> {
  value: unknown
  onChange: (direction: Direction) => void
  editable: boolean
}

/** Which way is better: a button that toggles higher ↔ lower (Space/Enter, or a click). */
export function DirectionToggle({ value, onChange, editable, className, ...rest }: Props) {
  const { t } = useI18n()
  const direction: Direction = value === 'lower' ? 'lower' : 'higher'
  return (
    <button
      {...rest}
      type="button"
      name="direction"
      value={direction}
      className={`nv-direction nv-direction--${direction} ${className ?? ''}`.trim()}
      disabled={!editable}
      title={t('nv.direction.toggle')}
      aria-label={`${t('nv.direction')}: ${t(`nv.direction.${direction}`)}`}
      onClick={() => onChange(direction === 'higher' ? 'lower' : 'higher')}
    >
      {t(`nv.direction.${direction}`)}
    </button>
  )
}
