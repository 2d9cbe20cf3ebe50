import type { SelectHTMLAttributes } from 'react'
import { attrText } from '../blockRules/attrText'

interface Props extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'name'> {
  name: string
  value: unknown
  options: readonly { value: string; label: string }[]
  onCommit: (value: string | null) => void
  editable: boolean
}

/**
 * A select bound to one node attribute. A value the list does not know (from
 * a newer client, or typed elsewhere) is shown as itself, never silently
 * replaced by the first option.
 */
export function AttrSelect({ name, value, options, onCommit, editable, className, ...rest }: Props) {
  const current = attrText(value)
  const known = options.some((o) => o.value === current)
  return (
    <select
      {...rest}
      name={name}
      className={['nv-select', className ?? ''].filter(Boolean).join(' ')}
      value={current}
      disabled={!editable}
      onChange={(e) => onCommit(e.currentTarget.value === '' ? null : e.currentTarget.value)}
    >
      {!known && <option value={current}>{current || '—'}</option>}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  )
}
