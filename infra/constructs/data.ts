import type { TableDefinition } from "@cp/store/definitions";
import { auditTable, mainTable } from "@cp/store/definitions";
import { RemovalPolicy, Stack } from "aws-cdk-lib";
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from "aws-cdk-lib/aws-dynamodb";
import {
  AnyPrincipal,
  Effect,
  type IGrantable,
  PolicyDocument,
  PolicyStatement,
} from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import { stageName } from "../config.ts";
import type { DataKey } from "./encryption.ts";

/** What a function may do with a table; each mode is a fixed, wildcard-free list of actions. */
export type TableAccess = "read" | "write" | "delete" | "append";

export const TABLE_ACTIONS: Readonly<Record<TableAccess, readonly string[]>> = {
  read: [
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:ConditionCheckItem",
  ],
  write: ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"],
  delete: ["dynamodb:DeleteItem"],
  append: ["dynamodb:PutItem", "dynamodb:ConditionCheckItem"],
};

/** Item operations that could rewrite history; the audit table refuses them to every principal. */
export const AUDIT_FORBIDDEN_ACTIONS = [
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:PartiQLUpdate",
  "dynamodb:PartiQLDelete",
] as const;

export type TableKey = "main" | "audit";

/**
 * The platform's DynamoDB tables, built from the definitions the local stack also uses.
 *
 * On-demand, point-in-time recovery, deletion protection and the customer-managed key on both.
 * The audit table is append-only twice over: `grant` refuses write/delete modes on it, and its
 * resource policy denies update and delete operations to every principal, so even an
 * administrator's role cannot rewrite an audit event without first changing this stack.
 */
export class Data extends Construct {
  readonly tables: Readonly<Record<TableKey, TableV2>>;
  private readonly definitions: Readonly<Record<TableKey, TableDefinition>> = {
    main: mainTable,
    audit: auditTable,
  };
  private readonly key: DataKey;

  constructor(
    scope: Construct,
    id: string,
    props: { readonly stage: string; readonly key: DataKey },
  ) {
    super(scope, id);
    this.key = props.key;
    this.tables = {
      main: this.table("Main", props.stage, mainTable),
      audit: this.table("Audit", props.stage, auditTable),
    };
  }

  /**
   * Grants `grantee` exactly the actions of `modes` on one table and its indexes, plus the key use
   * the table's encryption needs. Throws if a mode would let it change an append-only table.
   */
  grant(grantee: IGrantable, table: TableKey, ...modes: TableAccess[]): void {
    const definition = this.definitions[table];
    if (definition.appendOnly && modes.some((mode) => mode === "write" || mode === "delete")) {
      throw new Error(`${definition.name} is append-only: grant "append" and "read" only`);
    }
    const actions = [...new Set(modes.flatMap((mode) => TABLE_ACTIONS[mode]))];
    const tableArn = this.tables[table].tableArn;
    const resources = [
      tableArn,
      ...definition.indexes.map((index) => `${tableArn}/index/${index.indexName}`),
    ];
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions, resources }));
    this.key.grantUse(grantee);
  }

  private table(id: string, stage: string, definition: TableDefinition): TableV2 {
    const tableName = stageName(stage, definition.name);
    return new TableV2(this, id, {
      tableName,
      partitionKey: { name: definition.partitionKey, type: AttributeType.STRING },
      sortKey: { name: definition.sortKey, type: AttributeType.STRING },
      globalSecondaryIndexes: definition.indexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      })),
      timeToLiveAttribute: definition.ttlAttribute,
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.customerManagedKey(this.key.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      resourcePolicy: definition.appendOnly ? this.appendOnlyPolicy(tableName) : undefined,
    });
  }

  private appendOnlyPolicy(tableName: string): PolicyDocument {
    // The table's own ARN, spelled out: referencing the table from its own policy would be circular.
    const arn = Stack.of(this).formatArn({
      service: "dynamodb",
      resource: "table",
      resourceName: tableName,
    });
    return new PolicyDocument({
      statements: [
        new PolicyStatement({
          sid: "AuditEventsAreAppendOnly",
          effect: Effect.DENY,
          principals: [new AnyPrincipal()],
          actions: [...AUDIT_FORBIDDEN_ACTIONS],
          resources: [arn],
        }),
      ],
    });
  }
}
