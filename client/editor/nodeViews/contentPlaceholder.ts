import type { CSSProperties } from 'react'

/**
 * Style for a NodeViewContent whose empty paragraph should show a hint: the
 * text travels as a CSS custom property and is drawn by `::before` (see
 * the Node views part of styles.css), so it is never part of the document.
 */
export function contentPlaceholder(text: string): CSSProperties {
  return { '--nv-placeholder': JSON.stringify(text) } as CSSProperties
}
