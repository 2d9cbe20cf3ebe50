/** A round badge with the first character of a name, in the user's colour. */
export function Avatar({ name, color, title }: { name: string; color: string; title?: string }) {
  return (
    <span className="avatar" style={{ background: color }} title={title ?? name} aria-label={name}>
      {Array.from(name)[0] ?? '?'}
    </span>
  )
}
