import type { ButtonHTMLAttributes } from 'react'
import type { Direction } from '@schema/kpi/metricFormulas'
import { useI18n } from '../../i18n/I18nProvider'

interface Props extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'value' | 'onChange' | 'name' | 'type'> {
  value: unknown
  onChange: (direction: Direction) => void
  editable: boolean
  /** The block whose direction it is: its labels name the field and the values. */
  block: 'metricRow' | 'goal'
}

/** The stored direction, or null when none is stored (the check reports it). */
export function storedDirection(value: unknown): Direction | null {
  return value === 'higher' || value === 'lower' ? value : null
}

/**
 * Which way is better: a button that toggles higher ↔ lower (Space/Enter, or
 * a click). It shows what is stored: "not set" until a direction is chosen
 * (new blocks store `higher`), and the first click sets `higher`.
 */
export function DirectionToggle({ value, onChange, editable, block, className, ...rest }: Props) {
  const { t } = useI18n()
  const direction = storedDirection(value)
  const label = direction ? t(`value.${block}.direction.${direction}`) : t('nv.direction.unset')
  return (
    <button
      {...rest}
      type="button"
      name="direction"
      value={direction ?? ''}
      className={`nv-direction nv-direction--${direction ?? 'unset'} ${className ?? ''}`.trim()}
      disabled={!editable}
      title={t('nv.direction.toggle')}
      aria-label={`${t(`field.${block}.direction`)}: ${label}`}
      onClick={() => onChange(direction === 'higher' ? 'lower' : 'higher')}
    >
      {label}
    </button>
  )
}
