/**
 * `export`: the group's work as files. CSV for spreadsheets, Markdown to read
 * anywhere, a PDF brief for authorities and policy makers, and charts of the
 * last vote and of progress; `export csv`, `export md`, `export pdf` or
 * `export charts` for one kind. Channels that cannot send files show the
 * Markdown text instead. Each export covers one cycle: the current one, or
 * an earlier one by its number (`export 1`, `export 1 pdf`), so a finished
 * cycle's work stays within reach after `newcycle`.
 *
 * Inside the message's transaction the export only reads the report and
 * records that it was asked for (the audit entry stays even if making the
 * files then fails: it records the asking); the files are drawn and
 * typeset after the transaction commits, so no other message waits for them.
 */
import type { Command } from "./command.ts";
import type { OutboundFile } from "./messages.ts";
import { buildReport } from "./report.ts";
import { localDate } from "../domain/dates.ts";
import { asciiDigits, relay } from "../domain/text.ts";

const KINDS = ["csv", "md", "pdf", "charts"] as const;
type Kind = (typeof KINDS)[number];

function kindOf(word: string): Kind | undefined {
  return KINDS.find((k) => k === word || (k === "md" && word === "markdown"));
}

/** `[cycle number] [kind]` in either order, each optional; null for anything else. */
function parseArgs(args: string): { kinds: Kind[]; cycle: number | null } | null {
  const words = asciiDigits(args).trim().toLowerCase().split(/\s+/).filter((word) => word !== "");
  if (words.length > 2) return null;
  let cycle: number | null = null;
  let kind: Kind | undefined;
  for (const word of words) {
    // Any whole number is read as a cycle, 0 included, so a cycle that does not exist is answered as such.
    if (/^\d{1,6}$/.test(word) && cycle === null) cycle = Number(word);
    else if (kindOf(word) !== undefined && kind === undefined) kind = kindOf(word);
    else return null;
  }
  return { kinds: kind ? [kind] : [...KINDS], cycle };
}

export const exportCommand: Command = {
  name: "export",
  needsGroup: true,
  action: () => "export",
  async run(turn, args) {
    const group = turn.group;
    if (!group) return;
    const asked = parseArgs(args);
    if (!asked) {
      turn.reply("export.usage");
      return;
    }
    const { kinds } = asked;
    if (asked.cycle !== null) {
      const cycles = await turn.store.cycles.history(group.id);
      if (!cycles.some((cycle) => cycle.number === asked.cycle)) {
        const listed = cycles.map((cycle) =>
          cycle.closedAt === null
            ? turn.t("export.cycle-current", { number: cycle.number, start: localDate(cycle.startedAt, group.timeZone) })
            : turn.t("export.cycle-past", { number: cycle.number, start: localDate(cycle.startedAt, group.timeZone), end: localDate(cycle.closedAt, group.timeZone) }),
        );
        turn.reply("export.no-cycle", { number: asked.cycle, cycles: listed.join(turn.t("list-separator")) });
        return;
      }
    }
    const report = await buildReport(turn.store, group, turn.now, asked.cycle ?? undefined);
    await turn.store.audit.record({ at: turn.now, actorId: turn.person.id, groupId: group.id, action: "group.exported", entity: "group", entityId: group.id, details: { kinds: kinds.join(","), cycle: report.cycleNumber } });
    const { texts } = turn.deps;
    const locale = turn.locale;
    // Made from the report alone, after the transaction has committed.
    turn.attachLater(async () => {
      // The exports' libraries (pdfkit, HarfBuzz, Vega, the Skia canvas, the fonts) weigh about 100 MB: loaded on the first export, not at start.
      const { drawCharts, toCsv, toMarkdown, toPdfBrief } = await import("../exports/index.ts");
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
      return { caption: texts.t(locale, "export.caption", { group: relay(report.groupName), count: files.length }), files, fallback: new TextDecoder().decode(markdown.data) };
    });
  },
};
