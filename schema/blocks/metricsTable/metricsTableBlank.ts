import type { BlockBlank } from '../../templates/BlockBlank'
import { metricRowJson } from './metricRowJson'
import { metricsTableJson } from './metricsTableJson'

/** A new metrics table: the template's metrics (name and 口径 in the report's locale), else one empty row. */
export const metricsTableBlank: BlockBlank = (locale, seed) =>
  metricsTableJson(
    ...(seed?.metrics ?? [null]).map((m) =>
      m ? metricRowJson({ key: m.key, name: m.name[locale], unit: m.unit, direction: m.direction, definition: m.definition[locale] }) : metricRowJson({}),
    ),
  )
