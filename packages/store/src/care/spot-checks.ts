/**
 * The annual spot check (item 5): 民政 draws a sample of each township's active files from a
 * recorded seed, works the checklist on each, and the results are kept and summarised. The
 * population is read from the township's index of active files (a Query per township, once a year).
 */

import { createHash } from "node:crypto";
import { GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import {
  type CheckResult,
  drawSample,
  type Identity,
  InvalidInputError,
  NotFoundError,
  type SampleRule,
  summariseCheck,
} from "@cp/domain";
import type { StoreContext } from "../context.ts";
import { mainItem, queryAll } from "../query.ts";
import { careKeys } from "./keys.ts";

async function townships(ctx: StoreContext) {
  const out = await ctx.clients.ddb.send(
    new GetCommand({ TableName: ctx.config.mainTableName, Key: careKeys.areasCity() }),
  );
  return [...((out.Item?.names as Set<string> | undefined) ?? [])].sort();
}

/** The active files of a township (ids only). */
export async function townshipPopulation(ctx: StoreContext, township: string) {
  const items = await queryAll(ctx, {
    TableName: ctx.config.mainTableName,
    IndexName: "gsi2",
    KeyConditionExpression: "gsi2pk = :p",
    ExpressionAttributeValues: { ":p": `CARETOWNSHIP#${township}` },
    ProjectionExpression: "childId",
  });
  return items.map((i) => i.childId as string);
}

interface SpotCheckRecord {
  readonly checkId: string;
  readonly year: number;
  readonly seed: string;
  readonly rule: SampleRule;
  readonly createdAt: string;
  readonly createdBy: string;
  /** Per township: its population then, and the files drawn. */
  readonly townships: Readonly<Record<string, { population: number; sample: readonly string[] }>>;
}

/** The check's id: the same year and seed name the same check (drawing it again returns it). */
const checkIdOf = (year: number, seed: string) =>
  `${year}-${createHash("sha256").update(seed).digest("hex").slice(0, 12)}`;

export async function startSpotCheck(
  ctx: StoreContext,
  who: Identity,
  request: { year: number; seed: string; percent: number; minimum: number },
): Promise<{ check: SpotCheckRecord; created: boolean }> {
  const checkId = checkIdOf(request.year, request.seed);
  const existing = await readSpotCheck(ctx, checkId);
  if (existing) return { check: existing, created: false };
  const rule = { percent: request.percent, minimum: request.minimum };
  const drawn: Record<string, { population: number; sample: string[] }> = {};
  for (const t of await townships(ctx)) {
    const population = await townshipPopulation(ctx, t);
    drawn[t] = {
      population: population.length,
      sample: drawSample(population, request.seed, t, rule),
    };
  }
  const check: SpotCheckRecord = {
    checkId,
    year: request.year,
    seed: request.seed,
    rule,
    createdAt: ctx.clock.now().toISOString(),
    createdBy: who.sub,
    townships: drawn,
  };
  try {
    await ctx.clients.ddb.send(
      new PutCommand({
        TableName: ctx.config.mainTableName,
        Item: { ...careKeys.spotCheck(checkId), ...check },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  } catch {
    const raced = await readSpotCheck(ctx, checkId);
    if (raced) return { check: raced, created: false };
    throw new Error("spot check not stored");
  }
  return { check, created: true };
}

async function readSpotCheck(ctx: StoreContext, checkId: string) {
  const item = await mainItem(ctx, careKeys.spotCheck(checkId));
  if (!item) return undefined;
  const { pk: _p, sk: _s, ...check } = item;
  return check as SpotCheckRecord;
}

export async function recordCheckResult(
  ctx: StoreContext,
  who: Identity,
  checkId: string,
  childId: string,
  result: CheckResult,
) {
  const check = await readSpotCheck(ctx, checkId);
  if (!check) throw new NotFoundError("Spot check");
  const sampled = Object.values(check.townships).some((t) => t.sample.includes(childId));
  if (!sampled) {
    throw new InvalidInputError("This file is not in the check's sample.", [
      { path: "childId", message: "not sampled" },
    ]);
  }
  const at = ctx.clock.now().toISOString();
  await ctx.clients.ddb.send(
    new PutCommand({
      TableName: ctx.config.mainTableName,
      Item: { ...careKeys.spotCheckResult(checkId, childId), childId, ...result, at, by: who.sub },
    }),
  );
  return { checkId, childId, at };
}

export async function spotCheckView(ctx: StoreContext, checkId: string) {
  const check = await readSpotCheck(ctx, checkId);
  if (!check) throw new NotFoundError("Spot check");
  const out = await ctx.clients.ddb.send(
    new QueryCommand({
      TableName: ctx.config.mainTableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :r)",
      ExpressionAttributeValues: { ":pk": careKeys.spotCheck(checkId).pk, ":r": "RESULT#" },
      ConsistentRead: true,
    }),
  );
  const results = (out.Items ?? []) as (CheckResult & { childId: string; at: string })[];
  const sampledCount = Object.values(check.townships).reduce((n, t) => n + t.sample.length, 0);
  return {
    ...check,
    results: results.map(({ childId, results: r, note, at }) => ({
      childId,
      results: r,
      ...(note ? { note } : {}),
      at,
    })),
    summary: summariseCheck(sampledCount, results),
    byTownship: Object.fromEntries(
      Object.entries(check.townships).map(([t, { sample }]) => [
        t,
        summariseCheck(
          sample.length,
          results.filter((r) => sample.includes(r.childId)),
        ),
      ]),
    ),
  };
}
