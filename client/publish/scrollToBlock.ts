/**
 * Scrolls the editor to a block (by its id) or a section (by its key) and
 * flashes it, so a problem in the checklist leads to the place to fix.
 */
export function scrollToBlock(target: { blockId?: string; section?: string }): boolean {
  const el =
    (target.blockId &&
      document.querySelector<HTMLElement>(`[data-block-id="${CSS.escape(target.blockId)}"], [data-id="${CSS.escape(target.blockId)}"]`)) ||
    (target.section && document.querySelector<HTMLElement>(`section[data-section="${CSS.escape(target.section)}"]`))
  if (!el) return false
  el.scrollIntoView({ block: 'center', behavior: 'smooth' })
  el.classList.remove('flash-highlight')
  void el.offsetWidth // restart the animation when the same block is picked twice
  el.classList.add('flash-highlight')
  window.setTimeout(() => el.classList.remove('flash-highlight'), 2400)
  return true
}
