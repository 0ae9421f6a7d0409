/**
 * Files made from a group's report, for `export` and for charts in chats:
 * CSV for spreadsheets, Markdown to read anywhere, a PDF brief for
 * authorities and policy makers, and PNG charts of the last vote and of the
 * plans' progress. Each takes the report, the texts and the reader's
 * language, and touches nothing else.
 */
export { toCsv, type CsvFile } from "./csv.ts";
export { toMarkdown, type MarkdownFile } from "./markdown.ts";
export { drawCharts, toPdfBrief, type BriefCharts, type PdfFile } from "./pdf/brief.ts";
export { voteChart, type PngFile } from "./charts/vote.ts";
export { progressChart } from "./charts/progress.ts";
export type { ExportFile } from "./file.ts";
