/**
 * What the reporter's phone remembers of each report it sent, sealed (vault.ts): the reference
 * number and just enough to tell reports apart — the child's initial, the township, the
 * situations, whether the child was in danger. The API tells a reporter only the status of their
 * own report; these details never leave the device. The last status list is kept too, so
 * 我的报告 opens with no signal.
 */
import { createStore, entries, get, set } from "idb-keyval";
import type { FiledReport, ReportStatus } from "../api/types.ts";
import { type Sealed, seal, unseal } from "./vault.ts";

const store = createStore("cp-reporter-receipts", "receipts");

/** The few facts a reporter recognises a report by. */
export interface ReportSummary {
  readonly initial?: string;
  readonly township?: string;
  readonly categories: readonly string[];
  readonly immediateDanger: boolean;
}

export interface Receipt extends ReportSummary {
  readonly owner: string;
  readonly reportId: string;
  readonly referenceNo: string;
  readonly receivedAt: string;
}

interface Body {
  children?: { name?: string; township?: string }[];
  incident?: { categories?: string[]; immediateDanger?: boolean };
}

/** The first character of a name (a surname for a Chinese name), never the whole name. */
export function summarise(body: unknown): ReportSummary {
  const b = (body ?? {}) as Body;
  const child = b.children?.[0];
  const initial = child?.name ? [...child.name.trim()][0] : undefined;
  return {
    ...(initial ? { initial } : {}),
    ...(child?.township ? { township: child.township } : {}),
    categories: b.incident?.categories ?? [],
    immediateDanger: b.incident?.immediateDanger ?? false,
  };
}

export async function keepReceipt(owner: string, filed: FiledReport, body: unknown) {
  const receipt: Receipt = {
    owner,
    reportId: filed.reportId,
    referenceNo: filed.referenceNo,
    receivedAt: filed.receivedAt,
    ...summarise(body),
  };
  await set(`r:${owner}:${filed.reportId}`, await seal(receipt), store);
}

export async function receipts(owner: string): Promise<Receipt[]> {
  const prefix = `r:${owner}:`;
  const all = await entries<string, Sealed>(store);
  const opened = await Promise.all(
    all.filter(([k]) => String(k).startsWith(prefix)).map(([, v]) => unseal<Receipt>(v)),
  );
  return opened.filter((r): r is Receipt => r !== undefined);
}

export async function keepStatuses(owner: string, list: readonly ReportStatus[]) {
  await set(`s:${owner}`, await seal(list), store);
}

export async function lastStatuses(owner: string): Promise<ReportStatus[]> {
  return (await unseal<ReportStatus[]>(await get<Sealed>(`s:${owner}`, store))) ?? [];
}
