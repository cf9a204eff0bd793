export { equityCurve, maxDrawdownPct } from "./equity-curve.js";
export type { EquityPoint, EquityPosition, MarkSeries } from "./equity-curve.js";
export { readReportData, resolveWindow } from "./read-report-data.js";
export type { ReadReportOptions } from "./read-report-data.js";
export type { AccountReport, ActivityMinute, CountRow, GateRejectionRow, ReportData, ReportWindow, TradeRow } from "./report-data.js";
export { renderReportHtml } from "./render-report-html.js";
export { DEFAULT_REPORT_PATH, REPORT_HELP, ReportUsageError, parseReportArgs } from "./parse-report-args.js";
export { runReportCli } from "./run-report-cli.js";
export { writeReport } from "./write-report.js";
