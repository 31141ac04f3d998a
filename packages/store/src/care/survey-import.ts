/**
 * The 摸底排查 survey import (CSV or XLSX, the template's columns) and the export for the
 * national system.
 *
 * Import: every row is validated first — the plan's definitions, the caller's area, duplicates
 * within the sheet and children who already have a file — and a sheet with any rejected row
 * imports nothing: the answer is the report of rejected rows, by row and column. A clean sheet is
 * written file by file, each file in its own transaction with its roll-ups, under ids derived
 * from the sheet's content and the row number; the import record says `in_progress` until the
 * last row is in, and sending the same sheet again completes it without repeating a file. So no
 * row is ever half in, and an interrupted import is finished by sending it again.
 */
import { createHash } from "node:crypto";
import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  type ChildFileInput,
  careScopeOf,
  childFingerprint,
  type FieldIssue,
  type Identity,
  InvalidInputError,
  localDate,
  NATIONAL_EXPORT_COLUMNS,
  nationalExportRow,
  SURVEY_COLUMNS,
  type SurveyRow,
  surveyRowToInput,
} from "@cp/domain";
import type ExcelJS from "exceljs";
import type { StoreContext } from "../context.ts";
import { derivedId } from "../ids.ts";
import { mainItem, mainItems } from "../query.ts";
import { fileForReader, logAccess, openChildFile, readChildFile } from "./files.ts";
import { careKeys } from "./keys.ts";
import { townshipPopulation } from "./spot-checks.ts";

const loadExcel = async () => (await import("exceljs")).default;

type SheetFormat = "csv" | "xlsx";

/** Rows of the first sheet, by the template's headers (unknown columns are ignored). */
async function readRows(content: Buffer, format: SheetFormat): Promise<SurveyRow[]> {
  const Excel = await loadExcel();
  const workbook = new Excel.Workbook();
  let sheet: ExcelJS.Worksheet | undefined;
  if (format === "xlsx") {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
    sheet = workbook.worksheets[0];
  } else {
    const { Readable } = await import("node:stream");
    const text = content.toString("utf8").replace(/^\uFEFF/, "");
    sheet = await workbook.csv.read(Readable.from([text]), {
      parserOptions: { delimiter: "," },
      map: (value: unknown) => value,
    });
  }
  if (!sheet) return [];
  const cell = (v: ExcelJS.CellValue): string => {
    if (v === null || v === undefined) return "";
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if (typeof v === "object" && "text" in v) return String(v.text);
    if (typeof v === "object" && "result" in v) return String(v.result ?? "");
    return String(v).trim();
  };
  const header = sheet.getRow(1);
  const keyOf = new Map<number, string>();
  header.eachCell((c, col) => {
    const column = SURVEY_COLUMNS.find(
      (s) => s.header === cell(c.value) || s.key === cell(c.value),
    );
    if (column) keyOf.set(col, column.key);
  });
  const missing = SURVEY_COLUMNS.filter((c) => c.required && ![...keyOf.values()].includes(c.key));
  if (missing.length > 0) {
    throw new InvalidInputError("The sheet lacks required columns of the template.", [
      ...missing.map((c) => ({ path: `columns.${c.header}`, message: "missing" })),
    ]);
  }
  const rows: SurveyRow[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const values: Record<string, string> = {};
    for (const [col, key] of keyOf) values[key] = cell(row.getCell(col).value);
    if (Object.values(values).some((v) => v !== "")) rows.push(values as SurveyRow);
    else rows.push({});
  }
  // Trailing empty rows are not rows.
  while (rows.length > 0 && Object.keys(rows.at(-1) ?? {}).length === 0) rows.pop();
  return rows;
}

export interface RejectedRow {
  /** The row number in the sheet (the header is row 1). */
  readonly row: number;
  readonly issues: readonly FieldIssue[];
}

interface ImportRecord {
  readonly importId: string;
  readonly status: "in_progress" | "completed";
  readonly rows: number;
  readonly created: number;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly by: string;
}

/** A sheet with rejected rows: nothing was imported; the report names each row and column. */
export class SheetRejected extends InvalidInputError {
  constructor(
    readonly rejected: readonly RejectedRow[],
    readonly rows: number,
  ) {
    super(
      `${rejected.length} of ${rows} rows are rejected; nothing was imported. Correct them and send the sheet again.`,
      rejected.flatMap((r) =>
        r.issues.map((i) => ({ path: `rows.${r.row}.${i.path}`, message: i.message })),
      ),
    );
  }
}

const sameChildKey = (i: ChildFileInput) =>
  i.idNumber ? `id:${i.idNumber}` : `n:${i.name}|${i.birthDate}|${i.township}`;

export async function importSurvey(
  ctx: StoreContext,
  who: Identity,
  content: Buffer,
  format: SheetFormat,
): Promise<ImportRecord> {
  const scope = careScopeOf(who);
  if (!scope || scope.level === "village") {
    throw new InvalidInputError("Only a township's 督导员 or 民政 imports a survey.");
  }
  const importId = createHash("sha256").update(content).digest("hex").slice(0, 24);
  const previous = await readImport(ctx, importId);
  if (previous?.status === "completed") return previous;

  const rows = await readRows(content, format);
  if (rows.length === 0) {
    throw new InvalidInputError("The sheet has no rows.", [{ path: "rows", message: "empty" }]);
  }
  const today = localDate(ctx.clock.now());
  const startedAt = previous?.startedAt ?? ctx.clock.now().toISOString();
  const idOf = (rowNumber: number) => derivedId(new Date(startedAt), importId, String(rowNumber));
  const rejected: RejectedRow[] = [];
  const accepted: { row: number; input: ChildFileInput }[] = [];
  const seen = new Map<string, number>();
  rows.forEach((raw, i) => {
    const row = i + 2;
    const out = surveyRowToInput(raw, today);
    if (!out.ok) {
      rejected.push({ row, issues: out.issues });
      return;
    }
    if (scope.level === "township" && out.input.township !== scope.township) {
      rejected.push({ row, issues: [{ path: "乡镇", message: "not your township" }] });
      return;
    }
    const key = sameChildKey(out.input);
    const first = seen.get(key);
    if (first !== undefined) {
      rejected.push({ row, issues: [{ path: "姓名", message: `the same child as row ${first}` }] });
      return;
    }
    seen.set(key, row);
    accepted.push({ row, input: out.input });
  });
  // Children who already have a file (other than from this very sheet) are rejected.
  const fingerprints = accepted.map(
    (a) => childFingerprint(a.input, ctx.config.fingerprintKey) as string,
  );
  for (let i = 0; i < fingerprints.length; i += 100) {
    const owners = await childFilesOfMap(ctx, fingerprints.slice(i, i + 100));
    fingerprints.slice(i, i + 100).forEach((f, j) => {
      const a = accepted[i + j] as { row: number };
      const owner = owners.get(f);
      if (owner && owner !== idOf(a.row)) {
        rejected.push({
          row: a.row,
          issues: [{ path: "姓名", message: "this child already has a file" }],
        });
      }
    });
  }
  if (rejected.length > 0) {
    throw new SheetRejected(
      rejected.sort((a, b) => a.row - b.row),
      rows.length,
    );
  }
  const record: ImportRecord = {
    importId,
    status: "in_progress",
    rows: rows.length,
    created: 0,
    startedAt,
    by: who.sub,
  };
  if (!previous) {
    await ctx.clients.ddb
      .send(
        new PutCommand({
          TableName: ctx.config.mainTableName,
          Item: { ...careKeys.import(importId), ...record },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      )
      .catch(() => undefined);
  }
  for (const a of accepted) {
    await openChildFile(ctx, who, a.input, { childId: idOf(a.row), importId });
  }
  const finishedAt = ctx.clock.now().toISOString();
  await ctx.clients.ddb.send(
    new UpdateCommand({
      TableName: ctx.config.mainTableName,
      Key: careKeys.import(importId),
      UpdateExpression: "SET #s = :done, finishedAt = :t, created = :n",
      ExpressionAttributeNames: { "#s": "status" },
      ExpressionAttributeValues: { ":done": "completed", ":t": finishedAt, ":n": rows.length },
    }),
  );
  return { ...record, status: "completed", created: rows.length, finishedAt };
}

async function childFilesOfMap(ctx: StoreContext, fingerprints: readonly string[]) {
  const items = await mainItems(ctx, fingerprints.map(careKeys.fingerprint));
  return new Map(
    items.map((item) => [(item.pk as string).slice("CAREFP#".length), item.childId as string]),
  );
}

async function readImport(ctx: StoreContext, importId: string) {
  const item = await mainItem(ctx, careKeys.import(importId));
  if (!item) return undefined;
  const { pk: _p, sk: _s, ...r } = item;
  return r as ImportRecord;
}

/** The survey template: the columns' headers and one example row (XLSX or CSV, UTF-8 with BOM). */
export async function surveyTemplate(format: SheetFormat): Promise<Buffer> {
  const Excel = await loadExcel();
  const workbook = new Excel.Workbook();
  const sheet = workbook.addWorksheet("摸底排查");
  sheet.addRow(SURVEY_COLUMNS.map((c) => c.header));
  sheet.addRow(SURVEY_COLUMNS.map((c) => c.example));
  if (format === "xlsx") return Buffer.from(await workbook.xlsx.writeBuffer());
  const csv = Buffer.from(await workbook.csv.writeBuffer());
  return Buffer.concat([Buffer.from("\uFEFF"), csv]);
}

/**
 * A township's active files in the national system's layout (CSV, UTF-8 with BOM). Each file
 * exported is a read and is logged on its access log.
 */
export async function exportForNationalSystem(ctx: StoreContext, who: Identity, township: string) {
  const ids = await townshipPopulation(ctx, township);
  const files = [];
  for (const id of ids) {
    const file = await readChildFile(ctx, id);
    if (file && file.status === "active") files.push(file);
  }
  // Only 民政 exports (route policy); the object rule is checked per file all the same.
  for (const f of files) await fileForReader(ctx, who, f.childId);
  await logAccess(
    ctx,
    who,
    files.map((f) => f.childId),
    "child_file_exported",
  );
  const Excel = await loadExcel();
  const workbook = new Excel.Workbook();
  const sheet = workbook.addWorksheet("全国儿童福利信息系统");
  sheet.addRow([...NATIONAL_EXPORT_COLUMNS]);
  for (const f of files) {
    sheet.addRow(
      nationalExportRow(f.input, {
        childId: f.childId,
        lastContactOn: f.lastContactOn,
        lastHomeVisitOn: f.lastHomeVisitOn,
      }),
    );
  }
  const csv = Buffer.from(await workbook.csv.writeBuffer());
  return Buffer.concat([Buffer.from("\uFEFF"), csv]);
}
