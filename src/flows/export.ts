/**
 * `export`: the group's work as files. CSV for spreadsheets, Markdown to read
 * anywhere, a PDF brief for authorities and policy makers, and charts of the
 * last vote and of progress; `export csv`, `export md`, `export pdf` or
 * `export charts` for one kind. Channels that cannot send files show the
 * Markdown text instead.
 */
import { drawCharts, toCsv, toMarkdown, toPdfBrief } from "../exports/index.ts";
import type { Command } from "./command.ts";
import type { OutboundFile } from "./messages.ts";
import { buildReport } from "./report.ts";
import { relay } from "../domain/text.ts";

const KINDS = ["csv", "md", "pdf", "charts"] as const;
type Kind = (typeof KINDS)[number];

function kindsOf(args: string): Kind[] | null {
  const word = args.trim().toLowerCase();
  if (word === "") return [...KINDS];
  const kind = KINDS.find((k) => k === word || (k === "md" && word === "markdown"));
  return kind ? [kind] : null;
}

export const exportCommand: Command = {
  name: "export",
  needsGroup: true,
  action: () => "export",
  async run(turn, args) {
    const group = turn.group;
    if (!group) return;
    const kinds = kindsOf(args);
    if (!kinds) {
      turn.reply("export.usage");
      return;
    }
    const report = await buildReport(turn.store, group, turn.now);
    const { texts } = turn.deps;
    const locale = turn.locale;
    const markdown = toMarkdown(report, texts, locale);
    const files: OutboundFile[] = [];
    if (kinds.includes("csv")) files.push(...toCsv(report, texts, locale));
    if (kinds.includes("md")) files.push(markdown);
    // Drawing a chart is the slow part of an export: once, for the brief and the chart files alike.
    const charts = kinds.includes("pdf") || kinds.includes("charts") ? await drawCharts(report, texts, locale) : null;
    if (charts && kinds.includes("pdf")) files.push(await toPdfBrief(report, texts, locale, charts));
    if (charts && kinds.includes("charts")) {
      for (const chart of [charts.vote, charts.progress]) if (chart) files.push(chart);
    }
    await turn.store.audit.record({ at: turn.now, actorId: turn.person.id, groupId: group.id, action: "group.exported", entity: "group", entityId: group.id, details: { kinds: kinds.join(",") } });
    turn.attach(turn.t("export.caption", { group: relay(report.groupName), count: files.length }), files, new TextDecoder().decode(markdown.data));
  },
};
