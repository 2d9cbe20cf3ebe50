/**
 * Trend charts as pictures for the Word export: the chart's SVG rasterised
 * with resvg (a native module, so it lives on the server and is handed to
 * renderReportDocx as `chartPng`; schema/ code never imports it). Chart
 * labels are Chinese, so a CJK font is passed when one is installed
 * (fonts-noto-cjk, .ci/run); without one the system fonts are searched,
 * and a failure leaves the chart as its values in the document.
 */
import { existsSync } from 'node:fs'
import { renderAsync } from '@resvg/resvg-js'
import type { ChartPngRenderer } from '@schema/export/DocxBlockRenderer'

/** CJK fonts first (the chart names them: Noto Sans CJK SC), then a Latin one. */
const FONT_CANDIDATES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
]

let fontFiles: string[] | undefined

/** The installed candidates, looked up once. */
export function chartFontFiles(): string[] {
  fontFiles ??= FONT_CANDIDATES.filter((f) => existsSync(f))
  return fontFiles
}

/** Renders in libuv's thread pool: loading a CJK font collection takes ~0.2 s, which must not stall the event loop. */
export const renderChartPng: ChartPngRenderer = async (svg, widthPx) => {
  const files = chartFontFiles()
  const hasCjk = files.some((f) => /cjk|wqy/i.test(f))
  try {
    const image = await renderAsync(svg, {
      fitTo: { mode: 'width', value: widthPx },
      background: '#ffffff',
      font: hasCjk
        ? { loadSystemFonts: false, fontFiles: files, defaultFontFamily: 'Noto Sans CJK SC', sansSerifFamily: 'Noto Sans CJK SC' }
        : { loadSystemFonts: true },
      logLevel: 'off',
    })
    return new Uint8Array(image.asPng())
  } catch (err) {
    console.error(`[export] a trend chart could not be rasterised: ${(err as Error).message}`)
    return null
  }
}
