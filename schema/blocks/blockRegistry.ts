/**
 * Every report block, by node name: the one list the editor's extensions,
 * the attribute gate, the publish check, the KPIs, the exports and the diff
 * are built from. Adding a block is adding its folder and one line here.
 */
import type { BlockDefinition } from './BlockDefinition'
import { reportSectionDefinition } from './reportSection/reportSectionDefinition'
import { metricsTableDefinition } from './metricsTable/metricsTableDefinition'
import { metricRowDefinition } from './metricsTable/metricRowDefinition'
import { issueDefinition } from './issue/issueDefinition'
import { actionItemDefinition } from './actionItem/actionItemDefinition'
import { goalDefinition } from './goal/goalDefinition'
import { feedbackSummaryDefinition } from './feedbackSummary/feedbackSummaryDefinition'
import { feedbackThemeDefinition } from './feedbackSummary/feedbackThemeDefinition'
import { kpiBlockDefinition } from './kpiBlock/kpiBlockDefinition'
import { trendChartDefinition } from './trendChart/trendChartDefinition'
import { quarantineDefinition } from './quarantine/quarantineDefinition'

export const blockRegistry = {
  reportSection: reportSectionDefinition,
  metricsTable: metricsTableDefinition,
  metricRow: metricRowDefinition,
  issue: issueDefinition,
  actionItem: actionItemDefinition,
  goal: goalDefinition,
  feedbackSummary: feedbackSummaryDefinition,
  feedbackTheme: feedbackThemeDefinition,
  kpiBlock: kpiBlockDefinition,
  trendChart: trendChartDefinition,
  quarantine: quarantineDefinition,
} as const satisfies { [Name in string]: BlockDefinition<Name> }

/** The name of a report block. */
export type BlockName = keyof typeof blockRegistry

/** Every block definition, in registry order. */
export const blockDefinitions: readonly BlockDefinition<BlockName>[] = Object.values(blockRegistry)

/** Whether a node type is one of the report's blocks. */
export const isBlockName = (type: string): type is BlockName => Object.hasOwn(blockRegistry, type)

/** The definition of a block type, or undefined for any other node type. */
export const blockDefinition = (type: string): BlockDefinition<BlockName> | undefined => (isBlockName(type) ? blockRegistry[type] : undefined)
