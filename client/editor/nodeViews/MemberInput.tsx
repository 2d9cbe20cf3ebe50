import { useId } from 'react'
import { useI18n } from '../../i18n/I18nProvider'
import type { ReportMember } from '../../api/apiClient'
import { AttrInput } from './AttrInput'

interface Props {
  name?: string
  value: unknown
  onCommit: (value: string | null) => void
  editable: boolean
  members: ReportMember[]
  /** The field's name, for screen readers (the block's own label of its owner field). */
  label: string
}

/**
 * An owner field: suggests the report's members by display name (a
 * datalist, so the keyboard and screen readers get a combobox) and still
 * accepts any name typed, e.g. someone outside the report.
 */
export function MemberInput({ name = 'owner', value, onCommit, editable, members, label }: Props) {
  const { t } = useI18n()
  const listId = useId()
  return (
    <>
      <AttrInput
        name={name}
        value={value}
        onCommit={onCommit}
        editable={editable}
        list={editable ? listId : undefined}
        placeholder={editable ? t('nv.ownerPlaceholder') : ''}
        aria-label={label}
      />
      {editable && (
        <datalist id={listId}>
          {members.map((m) => (
            <option key={m.userId} value={m.displayName}>
              {m.username}
            </option>
          ))}
        </datalist>
      )}
    </>
  )
}
