/** The metric keys of the document's metric rows, as suggestions for an input with `list={id}`, each shown as "name (key)". */
export function MetricKeyOptions({ id, metrics }: { id: string; metrics: readonly { key: string; name: string }[] }) {
  return (
    <datalist id={id}>
      {metrics.map((m) => (
        <option key={m.key} value={m.key}>
          {m.name ? `${m.name} (${m.key})` : m.key}
        </option>
      ))}
    </datalist>
  )
}
