import type { AnyExtension } from '@tiptap/core'
import { TextSelection } from '@tiptap/pm/state'
import { ReactNodeViewRenderer } from '@tiptap/react'
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
 * The schema's report nodes, extended on the client with React node views
 * (`Node.extend({ addNodeView })`); the schema itself stays data only.
 * Same names, attributes and content as on the server.
 */
export const clientReportNodes: AnyExtension[] = [
  reportSection,
  metricsTable.extend({ addNodeView: () => ReactNodeViewRenderer(MetricsTableView) }),
  metricRow.extend({ addNodeView: () => ReactNodeViewRenderer(MetricRowView) }),
  issue.extend({ addNodeView: () => ReactNodeViewRenderer(IssueView) }),
  actionItem.extend({ addNodeView: () => ReactNodeViewRenderer(ActionItemView) }),
  goal.extend({ addNodeView: () => ReactNodeViewRenderer(GoalView) }),
  feedbackSummary.extend({ addNodeView: () => ReactNodeViewRenderer(FeedbackSummaryView) }),
  feedbackTheme.extend({
    addNodeView: () => ReactNodeViewRenderer(FeedbackThemeView),
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
  kpiBlock.extend({ addNodeView: () => ReactNodeViewRenderer(KpiBlockView) }),
  trendChart.extend({ addNodeView: () => ReactNodeViewRenderer(TrendChartView) }),
  quarantine.extend({ addNodeView: () => ReactNodeViewRenderer(QuarantineView) }),
]
