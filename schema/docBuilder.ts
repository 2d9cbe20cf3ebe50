/**
 * Builds report documents as ProseMirror JSON, so templates, the demo and
 * tests read as the document they make: `doc(section('goals', h2('目标设定'), goal({...}, '…')))`.
 * Every block gets a new id unless one is given. Each block's builder (its
 * initial attributes and content) lives in its folder as `<name>Json.ts`;
 * this file only gives them short names.
 */
export { doc, p, h, ul } from './jsonNodes'
export { reportSectionJson as section } from './blocks/reportSection/reportSectionJson'
export { metricsTableJson as metrics } from './blocks/metricsTable/metricsTableJson'
export { metricRowJson as metric } from './blocks/metricsTable/metricRowJson'
export { issueJson as issue } from './blocks/issue/issueJson'
export { actionItemJson as action } from './blocks/actionItem/actionItemJson'
export { goalJson as goal } from './blocks/goal/goalJson'
export { feedbackThemeJson as theme } from './blocks/feedbackSummary/feedbackThemeJson'
export { feedbackSummaryJson as feedback } from './blocks/feedbackSummary/feedbackSummaryJson'
export { kpiBlockJson as kpi } from './blocks/kpiBlock/kpiBlockJson'
export { trendChartJson as trend } from './blocks/trendChart/trendChartJson'
export { quarantineJson as quarantine } from './blocks/quarantine/quarantineJson'
