/** The 儿童主任 register, training records and coverage (item 18). */
import { DeleteCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  type CareScope,
  coverageOf,
  type DirectorInput,
  type DirectorRecord,
  NotFoundError,
  type TrainingInput,
} from "@cp/domain";
import type { StoreContext } from "../context.ts";
import { mainItem, queryAll } from "../query.ts";
import { careKeys } from "./keys.ts";
import { villageLoads } from "./rollups.ts";

export async function listDirectors(
  ctx: StoreContext,
  scope: CareScope,
): Promise<DirectorRecord[]> {
  const prefix =
    scope.level === "city"
      ? ""
      : scope.level === "township"
        ? `${scope.township}#`
        : `${scope.township}#${scope.village}#`;
  const items = await queryAll(ctx, {
    TableName: ctx.config.mainTableName,
    // DynamoDB refuses an empty string in a key condition: the city reads the whole partition.
    ...(prefix
      ? {
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :p)",
          ExpressionAttributeValues: { ":pk": careKeys.directorsPartition, ":p": prefix },
        }
      : {
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": careKeys.directorsPartition },
        }),
  });
  return items.map(({ pk: _p, sk: _s, ...d }) => d as unknown as DirectorRecord);
}

/** Add a 主任 to the register, or change their entry (their trainings are kept). */
export async function putDirector(ctx: StoreContext, input: DirectorInput) {
  const existing = (await listDirectors(ctx, { level: "city" })).find((d) => d.sub === input.sub);
  if (existing && (existing.township !== input.township || existing.village !== input.village)) {
    await ctx.clients.ddb.send(
      new DeleteCommand({
        TableName: ctx.config.mainTableName,
        Key: careKeys.director(existing.township, existing.village, existing.sub),
      }),
    );
  }
  const record: DirectorRecord = { ...input, trainings: existing?.trainings ?? [] };
  await ctx.clients.ddb.send(
    new PutCommand({
      TableName: ctx.config.mainTableName,
      Item: { ...careKeys.director(input.township, input.village, input.sub), ...record },
    }),
  );
  return record;
}

export async function addTraining(ctx: StoreContext, sub: string, training: TrainingInput) {
  const existing = (await listDirectors(ctx, { level: "city" })).find((d) => d.sub === sub);
  if (!existing) throw new NotFoundError("Director");
  await ctx.clients.ddb.send(
    new UpdateCommand({
      TableName: ctx.config.mainTableName,
      Key: careKeys.director(existing.township, existing.village, sub),
      UpdateExpression: "SET trainings = list_append(if_not_exists(trainings, :none), :t)",
      ExpressionAttributeValues: { ":none": [], ":t": [training] },
    }),
  );
  const item = await mainItem(ctx, careKeys.director(existing.township, existing.village, sub));
  const { pk: _p, sk: _s, ...d } = item ?? {};
  return d as unknown as DirectorRecord;
}

export async function coverage(ctx: StoreContext, year: number) {
  const [villages, directors] = await Promise.all([
    villageLoads(ctx),
    listDirectors(ctx, { level: "city" }),
  ]);
  return coverageOf(villages, directors, year);
}
