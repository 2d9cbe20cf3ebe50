import type { AnyExtension } from '@tiptap/core'
import { TextSelection } from '@tiptap/pm/state'
import { ReactNodeViewRenderer, type ReactNodeViewProps } from '@tiptap/react'
import type { ComponentType } from 'react'
import { newBlockId } from '@schema/blockId'
import { reportBlocks } from '@schema/reportExtensions'
import { ActionItemView } from './ActionItemView'
import { FeedbackSummaryView } from './FeedbackSummaryView'
import { FeedbackThemeView } from './FeedbackThemeView'
import { GoalView } from './GoalView'
import { IssueView } from './IssueView'
import { KpiBlockView } from './KpiBlockView'
import { MetricRowView } from './MetricRowView'
import { MetricsTableView } from './MetricsTableView'
import { QuarantineView } from './QuarantineView'
import { TrendChartView } from './TrendChartView'

const {
  reportSection,
  metricsTable,
  metricRow,
  issue,
  actionItem,
  goal,
  feedbackSummary,
  feedbackTheme,
  kpiBlock,
  trendChart,
  quarantine,
} = reportBlocks

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
 * Same names, attributes and content as on the server.
 */
export const clientReportNodes: AnyExtension[] = [
  reportSection,
  metricsTable.extend({ addNodeView: () => view(MetricsTableView) }),
  metricRow.extend({ addNodeView: () => view(MetricRowView) }),
  issue.extend({ addNodeView: () => view(IssueView) }),
  actionItem.extend({ addNodeView: () => view(ActionItemView) }),
  goal.extend({ addNodeView: () => view(GoalView) }),
  feedbackSummary.extend({ addNodeView: () => view(FeedbackSummaryView) }),
  feedbackTheme.extend({
    addNodeView: () => view(FeedbackThemeView),
    addKeyboardShortcuts() {
      return {
        // Enter in a theme's text starts the next theme with its own id. The
        // default split would copy the attributes, id included.
        Enter: ({ editor }) => {
          const { $from, empty } = editor.state.selection
          const theme = $from.parent
          if (!empty || theme.type.name !== this.name) return false
          return editor.commands.command(({ tr }) => {
            tr.split($from.pos, 1, [{ type: theme.type, attrs: { id: newBlockId(), sentiment: theme.attrs.sentiment } }])
            tr.setSelection(TextSelection.create(tr.doc, tr.mapping.map($from.pos)))
            tr.scrollIntoView()
            return true
          })
        },
      }
    },
  }),
  kpiBlock.extend({ addNodeView: () => view(KpiBlockView) }),
  trendChart.extend({ addNodeView: () => view(TrendChartView) }),
  quarantine.extend({ addNodeView: () => view(QuarantineView) }),
]
