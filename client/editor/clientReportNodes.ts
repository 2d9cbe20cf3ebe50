import type { AnyExtension, KeyboardShortcutCommand } from '@tiptap/core'
import { ReactNodeViewRenderer, type ReactNodeViewProps } from '@tiptap/react'
import type { ComponentType } from 'react'
import { blockDefinitions, type BlockName } from '@schema/blocks/blockRegistry'
import { splitFeedbackTheme } from './blocks/splitFeedbackTheme'
import { ActionItemView } from './nodeViews/ActionItemView'
import { FeedbackSummaryView } from './nodeViews/FeedbackSummaryView'
import { FeedbackThemeView } from './nodeViews/FeedbackThemeView'
import { GoalView } from './nodeViews/GoalView'
import { IssueView } from './nodeViews/IssueView'
import { KpiBlockView } from './nodeViews/KpiBlockView'
import { MetricRowView } from './nodeViews/MetricRowView'
import { MetricsTableView } from './nodeViews/MetricsTableView'
import { QuarantineView } from './nodeViews/QuarantineView'
import { TrendChartView } from './nodeViews/TrendChartView'

/** What the client adds to a block's (data only) node. */
interface ClientBlock {
  /** Its React node view; null for a block shown as the schema renders it. */
  view: ComponentType<ReactNodeViewProps> | null
  /** Keyboard shortcuts of its own, given the node's name. */
  shortcuts?: (name: string) => Record<string, KeyboardShortcutCommand>
}

/**
 * Every block of the registry, with what the client adds to it. Exhaustive:
 * a block added to the registry without an entry here fails the typecheck,
 * instead of reaching browsers whose editor schema lacks it (the Yjs binding
 * would delete it from every open report).
 */
const clientBlocks: Record<BlockName, ClientBlock> = {
  reportSection: { view: null },
  metricsTable: { view: MetricsTableView },
  metricRow: { view: MetricRowView },
  issue: { view: IssueView },
  actionItem: { view: ActionItemView },
  goal: { view: GoalView },
  feedbackSummary: { view: FeedbackSummaryView },
  feedbackTheme: { view: FeedbackThemeView, shortcuts: (name) => ({ Enter: splitFeedbackTheme(name) }) },
  kpiBlock: { view: KpiBlockView },
  trendChart: { view: TrendChartView },
  quarantine: { view: QuarantineView },
}

/**
 * A React node view that re-renders only when its node changed in content
 * or attributes. A remote edit makes the Yjs binding rebuild every node of
 * the document: equal copies of the same blocks, which ProseMirror hands to
 * each view; rendering them again would show the same thing. The view's
 * `getPos`, `updateAttributes` and `deleteNode` always act on the current
 * node, so an equal older `node` prop is as good as the new one.
 */
function view(component: ComponentType<ReactNodeViewProps>) {
  return ReactNodeViewRenderer(component, {
    update: ({ oldNode, newNode, updateProps }) => {
      if (oldNode !== newNode && !oldNode.eq(newNode)) updateProps()
      return true
    },
  })
}

/**
 * The schema's report nodes, extended on the client with React node views
 * (`Node.extend({ addNodeView })`); the schema itself stays data only.
 * Same names, attributes and content as on the server (clientSchema.test.ts).
 */
export const clientReportNodes: AnyExtension[] = blockDefinitions.map(({ name, node }) => {
  const { view: component, shortcuts } = clientBlocks[name]
  if (!component && !shortcuts) return node
  return node.extend({
    ...(component ? { addNodeView: () => view(component) } : {}),
    ...(shortcuts ? { addKeyboardShortcuts: () => shortcuts(name) } : {}),
  })
})
