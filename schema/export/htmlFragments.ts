/** Small pieces of the HTML export that several blocks share. */
import type { ExportLabels } from './exportLabels'
import { escapeHtml as e } from './reportJson'

/** A class-name suffix from a stored value: only known words, so a value cannot break out of the attribute. */
export const knownClass = (value: string | null, allowed: readonly string[]): string => (value && allowed.includes(value) ? value : 'unknown')

/** One "label: value" fact of a card's field line. */
export const htmlField = (labels: ExportLabels, label: string, value: string): string => `<span>${e(label)}${e(labels.colon)}<b>${e(value)}</b></span>`
