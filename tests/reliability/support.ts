/**
 * What the reliability suite needs beyond the integration helpers: reading what the stack stored
 * straight from DynamoDB and SQS (the API is what is under test), the tickets a report's rules
 * demand, store contexts whose clients fail on cue, and queues of a test's own.
 */
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { BatchGetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { type Identity, type ReportInput, routeReport, routingSubjectOf } from "@cp/domain";
import { allQueues, type StoreContext } from "@cp/store";

export interface StoredTicket {
  readonly ticketId: string;
  readonly caseId: string;
  readonly agency: string;
  readonly kind: string;
  readonly status: string;
}

/**
 * Every ticket of a case, from the case's ticket index (gsi2), then each ticket by its key (the
 * index carries only the case list's attributes).
 */
export async function ticketsOfCase(ctx: StoreContext, caseId: string): Promise<StoredTicket[]> {
  const entries: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await ctx.clients.ddb.send(
      new QueryCommand({
        TableName: ctx.config.mainTableName,
        IndexName: "gsi2",
        KeyConditionExpression: "gsi2pk = :pk AND begins_with(gsi2sk, :t)",
        ExpressionAttributeValues: { ":pk": `CASE#${caseId}`, ":t": "TICKET#" },
        ExclusiveStartKey: start,
      }),
    );
    entries.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  const items: StoredTicket[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const keys = entries.slice(i, i + 100).map(({ pk, sk }) => ({ pk, sk }));
    const out = await ctx.clients.ddb.send(
      new BatchGetCommand({
        RequestItems: { [ctx.config.mainTableName]: { Keys: keys, ConsistentRead: true } },
      }),
    );
    items.push(...((out.Responses?.[ctx.config.mainTableName] ?? []) as StoredTicket[]));
  }
  return items;
}

/** Every audit event of a case, oldest first, from the audit table. */
export { allAuditEvents as auditOfCase } from "@cp/store";

/** `agency:kind` of every ticket the routing rules demand for a report about a new child. */
export function expectedTickets(input: ReportInput): string[] {
  return routeReport(routingSubjectOf(input), new Date())
    .map((d) => `${d.agency}:${d.kind}`)
    .sort();
}

/** Messages waiting or in flight on a queue. */
export async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<number> {
  const out = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  const a = out.Attributes ?? {};
  return (
    Number(a.ApproximateNumberOfMessages ?? 0) +
    Number(a.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

/** Wait until the queues are empty (checked twice in a row, a poll apart). */
export async function drained(sqs: SQSClient, queueUrls: readonly string[], timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  while (quiet < 2) {
    const depths = await Promise.all(queueUrls.map((u) => queueDepth(sqs, u)));
    quiet = depths.every((d) => d === 0) ? quiet + 1 : 0;
    if (Date.now() > deadline) throw new Error(`queues not drained: ${depths.join(", ")}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * Queues of the test's own, beside the stack's, named `<prefix><definition name>`: a store
 * context pointed at them sends its intake and agency messages where no poller of the stack
 * reads, so the test decides who consumes them and when.
 */
export async function privateQueues(sqs: SQSClient, stackPrefix: string, tag: string) {
  const prefix = `${stackPrefix}${tag}-`;
  for (const q of allQueues) {
    await sqs.send(
      new CreateQueueCommand({
        QueueName: `${tag}-${q.name}`,
        Attributes: { FifoQueue: "true", VisibilityTimeout: "30" },
      }),
    );
  }
  return prefix;
}

/** Thrown by a faulty client: stands for the process dying or the service failing. */
export class InjectedFault extends Error {
  constructor(what: string) {
    super(`injected fault: ${what}`);
    this.name = "InjectedFault";
  }
}

/**
 * Make a context's clients fail from the `afterWrites`-th write on (DynamoDB writes and SQS sends
 * count alike): everything after it throws, as if the process had died there.
 */
export function dyingAfter(ctx: StoreContext, afterWrites: number) {
  let writes = 0;
  const isWrite = (name: string) =>
    /^(TransactWriteItems|PutItem|UpdateItem|DeleteItem|BatchWriteItem|SendMessage|SendMessageBatch)Command$/.test(
      name,
    );
  const killSwitch = {
    get dead() {
      return writes >= afterWrites;
    },
    get writes() {
      return writes;
    },
  };
  const guard =
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
    async (args: unknown) => {
      if (killSwitch.dead) throw new InjectedFault("process died");
      if (isWrite(String(context.commandName))) writes++;
      return next(args);
    };
  ctx.clients.ddb.middlewareStack.add(guard as never, { step: "initialize", priority: "high" });
  ctx.clients.sqs.middlewareStack.add(guard as never, { step: "initialize", priority: "high" });
  return killSwitch;
}

/** Make a context's SQS client refuse every SendMessage (the write before it succeeds). */
export function failingSends(ctx: StoreContext) {
  ctx.clients.sqs.middlewareStack.add(
    ((next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: unknown) => {
        if (String(context.commandName).startsWith("SendMessage")) {
          throw new InjectedFault("SQS unavailable");
        }
        return next(args);
      }) as never,
    { step: "initialize", priority: "high" },
  );
  return ctx;
}

/** The identity of a demo reporter, for calling store functions directly. */
export const reporter: Identity = {
  sub: "teacher.li",
  name: "李老师",
  roles: ["reporter"],
  org: "建塘镇中心小学",
};
