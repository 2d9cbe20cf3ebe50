/**
 * Keyboard movement between the cells of a metrics table. Rows are separate
 * node views (separate React trees), so movement goes through the DOM: the
 * cells of a table are its elements marked `data-nav-cell`, in document
 * order; a row is `[data-testid=metric-row]`.
 */
const CELL = '[data-nav-cell]:not([disabled])'
const ROW = '[data-testid=metric-row]'
const TABLE = '[data-testid=metrics-table]'

function cellsOf(root: Element | null): HTMLElement[] {
  return root ? Array.from(root.querySelectorAll<HTMLElement>(CELL)) : []
}

function focusCell(cell: HTMLElement | undefined): boolean {
  if (!cell) return false
  cell.focus()
  if (cell instanceof HTMLInputElement) cell.select()
  return true
}

/** Focuses the first cell of the row drawn in `rowDom` (a metric row's node view); false when it has none. */
export function focusFirstCell(rowDom: Node | null): boolean {
  return rowDom instanceof Element && focusCell(cellsOf(rowDom)[0])
}

/** Tab / Shift-Tab: the next or previous cell of the whole table (across rows). False at either end. */
export function moveAcross(from: HTMLElement, step: 1 | -1): boolean {
  const cells = cellsOf(from.closest(TABLE))
  const at = cells.indexOf(from)
  return at >= 0 && focusCell(cells[at + step])
}

/** Enter / Shift-Enter, ↓ / ↑: the same field one row down or up (its first cell when the field is hidden there). */
export function moveVertically(from: HTMLElement, step: 1 | -1): boolean {
  const row = from.closest(ROW)
  const table = from.closest(TABLE)
  if (!row || !table) return false
  const rows = Array.from(table.querySelectorAll(ROW))
  const target = rows[rows.indexOf(row) + step]
  if (!target) return false
  const name = from.getAttribute('name')
  const same = name ? target.querySelector<HTMLElement>(`${CELL}[name="${name}"]`) : null
  return focusCell(same ?? cellsOf(target)[0])
}

/**
 * Focuses a cell of a row that may not be drawn yet (a row just inserted
 * renders a frame later), trying for a few frames.
 */
export function focusRowCell(blockId: string, name: string, tries = 20): void {
  const cell = document.querySelector<HTMLElement>(`${ROW}[data-block-id="${CSS.escape(blockId)}"] ${CELL}[name="${name}"]`)
  if (focusCell(cell ?? undefined) || tries <= 0) return
  requestAnimationFrame(() => focusRowCell(blockId, name, tries - 1))
}
