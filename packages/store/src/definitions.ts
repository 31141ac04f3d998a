/**
 * The one definition of the platform's tables and queues.
 *
 * Both the local stack (`packages/local`) and the CDK app (`infra/`) create their resources from
 * these objects, so a key, an index or a queue exists in one place only.
 */
import { AGENCY_CODES, type AgencyCode } from "@cp/domain/agencies";
import { BY_PARENT_ATTRIBUTES, INDEX, WORK_LIST_ATTRIBUTES } from "./keys.ts";

/**
 * What an index holds of each item besides the keys (decision 0018): every attribute, only those
 * named, or none (the table's and the index's keys). An index that holds few attributes is not
 * written when an update leaves its keys and those attributes as they were.
 */
type IndexProjection =
  | { readonly type: "ALL" }
  | { readonly type: "KEYS_ONLY" }
  | { readonly type: "INCLUDE"; readonly attributes: readonly string[] };

/** An index's projection as DynamoDB's CreateTable (and CloudFormation) spell it. */
export function projectionOf(projection: IndexProjection) {
  return projection.type === "INCLUDE"
    ? { ProjectionType: "INCLUDE" as const, NonKeyAttributes: [...projection.attributes] }
    : { ProjectionType: projection.type };
}

interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly projection: IndexProjection;
  /** What the index is for: the access pattern it serves. */
  readonly purpose: string;
}

export interface TableDefinition {
  /** Name used in the local stack; in AWS the name is `<stage>-<name>`. */
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly indexes: readonly IndexDefinition[];
  /** Attribute holding an epoch-seconds expiry, when items may expire. */
  readonly ttlAttribute?: string;
  /** Items are appended and never updated or deleted (enforced by IAM in AWS). */
  readonly appendOnly: boolean;
}

/** Cases, reports, tickets, idempotency records, child fingerprints, deliveries. */
export const mainTable: TableDefinition = {
  name: "cp-main",
  partitionKey: "pk",
  sortKey: "sk",
  indexes: [
    {
      indexName: INDEX.inbox,
      partitionKey: "gsi1pk",
      sortKey: "gsi1sk",
      // A ticket's case never changes: carrying it costs no index write, and lets an inbox page
      // read its tickets and their cases' triage in one batch (decision 0018).
      projection: { type: "INCLUDE", attributes: ["caseId"] },
      purpose: "agency inbox by status and due time (INBOX#<agency>#<status> → <dueAt>#<ticketId>)",
    },
    {
      indexName: INDEX.byParent,
      partitionKey: "gsi2pk",
      sortKey: "gsi2sk",
      projection: { type: "INCLUDE", attributes: BY_PARENT_ATTRIBUTES },
      purpose:
        "tickets of a case (CASE#<caseId>); reports of a reporter (REPORTER#<sub>); every case (CASES), open first, newest first",
    },
    {
      indexName: INDEX.workList,
      partitionKey: "gsi3pk",
      sortKey: "gsi3sk",
      projection: { type: "INCLUDE", attributes: WORK_LIST_ATTRIBUTES },
      purpose:
        "sparse work lists ordered by time: open tickets by next due time (DUE#<shard>) and reports still received (OUTBOX#<shard>)",
    },
  ],
  ttlAttribute: "expiresAt",
  appendOnly: false,
};

/** The hash-chained audit trail: one partition per case, one item per event, append-only. */
export const auditTable: TableDefinition = {
  name: "cp-audit",
  partitionKey: "pk",
  sortKey: "sk",
  indexes: [],
  // Access-log entries expire (kept 400 days); chain events and checkpoints carry no TTL.
  ttlAttribute: "expiresAt",
  appendOnly: true,
};

export interface QueueDefinition {
  /** FIFO queue name (ends in `.fifo`); in AWS prefixed by `<stage>-`. */
  readonly name: string;
  readonly deadLetterName: string;
  /** Deliveries before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly visibilityTimeoutSeconds: number;
  /** The consumer this queue feeds. */
  readonly consumer: "router" | "dispatch";
}

function fifoQueue(base: string, consumer: QueueDefinition["consumer"]): QueueDefinition {
  return {
    name: `${base}.fifo`,
    deadLetterName: `${base}-dlq.fifo`,
    maxReceiveCount: 5,
    // 6× the consumer's timeout, as AWS advises for SQS event sources (functions time out at 30 s).
    visibilityTimeoutSeconds: 180,
    consumer,
  };
}

/** New reports waiting for routing. MessageGroupId = caseId. */
export const intakeQueue = fifoQueue("cp-intake", "router");

/** One queue per agency: the integration point for the agency's own systems. */
export function agencyQueue(agency: AgencyCode): QueueDefinition {
  return fifoQueue(`cp-agency-${agency.replaceAll("_", "-")}`, "dispatch");
}

/** Escalations (overdue tickets, reports without feedback) for supervisors. */
export const supervisorQueue = fifoQueue("cp-supervisors", "dispatch");

export const allQueues: readonly QueueDefinition[] = [
  intakeQueue,
  ...AGENCY_CODES.map(agencyQueue),
  supervisorQueue,
];
