/**
 * The tables of docs/domain.md that list every routing rule, statutory duty, clock and measure
 * with its basis, written from the code (the one source of truth) rather than by hand. Each
 * table sits between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`; a unit test fails
 * when the page and the code differ. `npm run docs:domain` rewrites them.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  AGENCY_CODES,
  AGENCY_MEASURE_DETAILS,
  type Basis,
  CLOCK_DEFINITIONS,
  CLOCK_FLOOR,
  CLOCK_IDS,
  type ClockTrigger,
  DEFAULT_ROUTING_TABLE,
  DEFAULT_SLA_POLICY,
  type FloorClock,
  ROUTING_FLOOR,
  type SlaRule,
  TICKET_FLOOR,
} from "@cp/domain";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "15 min", "24 h", "3 days", "30 days": hours below three days, days from there. */
function span(ms: number | null): string {
  if (ms === null) return "none";
  if (ms >= 3 * DAY && ms % DAY === 0) return `${ms / DAY} days`;
  if (ms % HOUR === 0) return `${ms / HOUR} h`;
  return `${Math.round(ms / MINUTE)} min`;
}

function basisText(b: Basis): string {
  return b.source === "law"
    ? `**law**: ${b.citation}${b.note ? ` — ${b.note}` : ""}`
    : `**policy**: ${b.note}`;
}

const code = (s: string) => `\`${s}\``;
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [head, ...rows].map((r) => r.map(cell));
  const widths = head.map((_, i) => Math.max(3, ...all.map((r) => (r[i] ?? "").length)));
  const line = (r: readonly string[]) =>
    `| ${r.map((c, i) => c.padEnd(widths[i] as number)).join(" | ")} |`;
  return [
    line(all[0] as string[]),
    `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`,
    ...all.slice(1).map(line),
  ].join("\n");
}

function floorTable(): string {
  const routes = ROUTING_FLOOR.map((r) => [
    `${code(r.category)}: ${r.agency} at least **${r.kind}**`,
    r.when,
    `**law**: ${r.citation}`,
  ]);
  const clock = (what: string, f: FloorClock, max: string) => [
    `${what} ≤ **${max}**`,
    "—",
    `**law**: ${f.citation}${f.figure === "policy" ? " — the figure is policy, reading the law's words" : ""}`,
  ];
  const ticket = [
    clock(
      "Police lead: accept",
      TICKET_FLOOR.policeLeadAccept,
      span(TICKET_FLOOR.policeLeadAccept.maxMs),
    ),
    clock(
      "Police lead: decide on filing",
      TICKET_FLOOR.policeLeadClose,
      span(TICKET_FLOOR.policeLeadClose.maxMs),
    ),
    clock(
      "Police lead: extended to",
      TICKET_FLOOR.policeLeadExtendable,
      span(TICKET_FLOOR.policeLeadExtendable.maxMs),
    ),
  ];
  const events = CLOCK_IDS.flatMap((id) => {
    const f = CLOCK_FLOOR[id];
    if (!f) return [];
    const max =
      f.emergencyMaxMs === undefined
        ? span(f.maxMs)
        : `${span(f.maxMs)}, ${span(f.emergencyMaxMs)} in an emergency`;
    return [clock(code(id), f, max)];
  });
  return table(["Duty", "When", "Basis"], [...routes, ...ticket, ...events]);
}

function routingTable(): string {
  const when = (w: string) => (w === "always" ? "" : ` (${w.replace("_", " ")})`);
  const rows = DEFAULT_ROUTING_TABLE.rules.map((r) => [
    code(r.category),
    [
      `${r.lead}${r.leadFallback ? ` (fallback ${r.leadFallback})` : ""}`,
      ...(r.conditionalLeads ?? []).map((l) => `${l.agency}${when(l.when)}`),
    ].join("; "),
    r.support.map((s) => `${s.agency}${when(s.when)}`).join(", ") || "—",
    r.oversight.join(", ") || "—",
    basisText(r.basis),
  ]);
  return table(["Category", "Lead", "Support", "Oversight", "Basis"], rows);
}

function matchText(r: SlaRule): string {
  const m = r.match;
  const parts = [
    m.agency,
    m.kind,
    m.immediateDanger === true ? "immediate danger" : undefined,
    m.immediateDanger === false ? "no immediate danger" : undefined,
    m.categoriesAny ? m.categoriesAny.join(", ") : undefined,
  ].filter((p): p is string => p !== undefined);
  return parts.length > 0 ? parts.join("; ") : "anything no other rule matches";
}

function slaTable(): string {
  const p = DEFAULT_SLA_POLICY;
  const rows = [...p.rules, p.defaultRule].map((r) => [
    code(r.id),
    matchText(r),
    span(r.acceptWithinMs),
    r.closeWithinMs === null ? "none (open with the case)" : span(r.closeWithinMs),
    r.extendableToMs === null ? "—" : span(r.extendableToMs),
    basisText(r.basis),
  ]);
  return table(["Rule", "Matches", "Accept", "Close", "Extendable to", "Basis"], rows);
}

function triggerText(t: ClockTrigger): string {
  switch (t.on) {
    case "action":
      return code(t.type);
    case "created_without_carer":
      return "a ticket created for a child without a carer";
    case "report_filed":
      return "the report's filing";
    case "referral_applies":
      return `a referral applying for ${t.applies.replace(/_/g, " ")}`;
    case "art4_lead_declined":
      return "an Art. 4 lead ticket declined";
  }
}

function clocksTable(): string {
  const rows = CLOCK_IDS.map((id) => {
    const d = CLOCK_DEFINITIONS[id];
    const rule = DEFAULT_SLA_POLICY.clocks[id];
    return [
      code(id),
      d.agency,
      d.startedBy.map(triggerText).join("; or "),
      d.stoppedBy.map(code).join(", "),
      rule.emergencyWithinMs === undefined
        ? span(rule.withinMs)
        : `${span(rule.withinMs)}; ${span(rule.emergencyWithinMs)} in an emergency`,
      basisText(rule.basis),
    ];
  });
  return table(["Clock", "Agency", "Starts", "Stops", "Length", "Basis"], rows);
}

function measuresTable(): string {
  const rows = AGENCY_CODES.flatMap((agency) =>
    AGENCY_MEASURE_DETAILS[agency].map((m) => [
      agency,
      `${m.name} ${code(m.code)}`,
      basisText(m.basis),
    ]),
  );
  return table(["Agency", "Measure", "Basis"], rows);
}

/** Every generated table, by the name its markers carry. */
export function domainTables(): Record<string, string> {
  return {
    floor: floorTable(),
    routing: routingTable(),
    "sla-rules": slaTable(),
    "event-clocks": clocksTable(),
    measures: measuresTable(),
  };
}

/** The page with each generated block replaced by the code's table; throws on a missing marker. */
export function withGeneratedTables(page: string): string {
  let out = page;
  for (const [name, body] of Object.entries(domainTables())) {
    const open = `<!-- generated:${name} -->`;
    const close = `<!-- /generated:${name} -->`;
    const start = out.indexOf(open);
    const end = out.indexOf(close);
    if (start < 0 || end < start) throw new Error(`docs/domain.md has no ${open} … ${close}`);
    out = `${out.slice(0, start + open.length)}\n\n${body}\n\n${out.slice(end)}`;
  }
  return out;
}

export const DOMAIN_DOC = fileURLToPath(new URL("../../../docs/domain.md", import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(DOMAIN_DOC, withGeneratedTables(readFileSync(DOMAIN_DOC, "utf8")));
  console.log(`wrote the generated tables of ${DOMAIN_DOC}`);
}
