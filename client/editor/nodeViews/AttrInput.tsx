import type { InputHTMLAttributes, KeyboardEvent, TextareaHTMLAttributes } from 'react'
import { parseNumber } from '@schema/kpi/parseNumber'
import { fieldMaxLength } from '@schema/nodes/attributeSchemas'
import { useI18n } from '../../i18n/I18nProvider'
import { attrText, textAttr } from '../blockRules/attrText'
import { useDraft } from '../viewHooks/useDraft'

type Commit = (value: string | null) => void

interface AttrInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'name'> {
  /** The attribute name; also the input's `name` (tests and navigation find cells by it). */
  name: string
  value: unknown
  onCommit: Commit
  editable: boolean
  /** Validate as a number as typed: an invalid value is kept, marked `aria-invalid`, never turned into NaN. */
  numeric?: boolean
  onKeyDown?: (event: KeyboardEvent<HTMLInputElement>) => void
}

/** A text input bound to one node attribute, committing on every change. */
export function AttrInput({ name, value, onCommit, editable, numeric, className, ...rest }: AttrInputProps) {
  const { t } = useI18n()
  const draft = useDraft(attrText(value), (text) => onCommit(textAttr(text)))
  const parsed = numeric === true ? parseNumber(draft.value) : null
  const invalid = parsed?.ok === false && parsed.reason === 'not_a_number'
  return (
    <input
      type="text"
      {...rest}
      {...draft}
      name={name}
      className={['nv-input', numeric ? 'nv-input--numeric' : '', invalid ? 'nv-invalid' : '', className ?? '']
        .filter(Boolean)
        .join(' ')}
      inputMode={numeric ? 'decimal' : rest.inputMode}
      maxLength={rest.maxLength ?? fieldMaxLength(name)}
      readOnly={!editable}
      aria-invalid={invalid || rest['aria-invalid'] || undefined}
      title={invalid ? t('nv.invalidNumber') : rest.title}
      autoComplete="off"
      spellCheck={false}
    />
  )
}

interface AttrTextareaProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange' | 'name'> {
  name: string
  value: unknown
  onCommit: Commit
  editable: boolean
}

/** A multi-line text field bound to one node attribute. */
export function AttrTextarea({ name, value, onCommit, editable, className, ...rest }: AttrTextareaProps) {
  const draft = useDraft(attrText(value), (text) => onCommit(textAttr(text)))
  return (
    <textarea
      rows={2}
      {...rest}
      {...draft}
      name={name}
      maxLength={rest.maxLength ?? fieldMaxLength(name)}
      className={['nv-input', 'nv-textarea', className ?? ''].filter(Boolean).join(' ')}
      readOnly={!editable}
    />
  )
}
