import type { TableDefinition } from "@cp/store/definitions";
import { auditTable, mainTable } from "@cp/store/definitions";
import { RemovalPolicy, Stack } from "aws-cdk-lib";
import {
  AttributeType,
  Billing,
  ProjectionType,
  TableEncryptionV2,
  TableV2,
} from "aws-cdk-lib/aws-dynamodb";
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

/**
 * The item actions a function may be granted on a table, named one by one: each function gets
 * exactly the ones its code calls (tests/infra/permissions.test.ts holds the grants against the
 * recorded calls). `Query` on an index is granted by naming the index.
 */
export type TableAction =
  | "GetItem"
  | "BatchGetItem"
  | "Query"
  | "PutItem"
  | "UpdateItem"
  | "DeleteItem";

/** Actions that could rewrite an append-only table's history. */
const REWRITING_ACTIONS: readonly TableAction[] = ["UpdateItem", "DeleteItem"];

/** Item operations that could rewrite history; the audit table refuses them to every principal. */
export const AUDIT_FORBIDDEN_ACTIONS = [
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:PartiQLUpdate",
  "dynamodb:PartiQLDelete",
] as const;

/** Administration of the audit table that could remove its protection or the table itself. */
const AUDIT_ADMINISTRATION_ACTIONS = [
  "dynamodb:PutResourcePolicy",
  "dynamodb:DeleteResourcePolicy",
  "dynamodb:UpdateTable",
  "dynamodb:DeleteTable",
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

  private readonly breakGlassRoleArn?: string;

  constructor(
    scope: Construct,
    id: string,
    props: {
      readonly stage: string;
      readonly key: DataKey;
      /** The only principal that may administer the audit table (absent: nobody may). */
      readonly auditBreakGlassRoleArn?: string;
    },
  ) {
    super(scope, id);
    this.key = props.key;
    this.breakGlassRoleArn = props.auditBreakGlassRoleArn;
    this.tables = {
      main: this.table("Main", props.stage, mainTable),
      audit: this.table("Audit", props.stage, auditTable),
    };
  }

  /**
   * Grants `grantee` exactly `actions` on one table, `Query` on the named `indexes`, and the key
   * use the table's encryption needs. Throws if an action could rewrite an append-only table.
   */
  grant(
    grantee: IGrantable,
    table: TableKey,
    actions: readonly TableAction[],
    indexes: readonly string[] = [],
  ): void {
    const definition = this.definitions[table];
    if (definition.appendOnly && actions.some((action) => REWRITING_ACTIONS.includes(action))) {
      throw new Error(`${definition.name} is append-only: grant PutItem (append) and reads only`);
    }
    const unknown = indexes.filter((name) => !definition.indexes.some((i) => i.indexName === name));
    if (unknown.length > 0)
      throw new Error(`${definition.name} has no index ${unknown.join(", ")}`);
    const tableArn = this.tables[table].tableArn;
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: actions.map((a) => `dynamodb:${a}`), resources: [tableArn] }),
    );
    if (indexes.length > 0) {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ["dynamodb:Query"],
          resources: indexes.map((name) => `${tableArn}/index/${name}`),
        }),
      );
    }
    this.key.grantUse(grantee);
  }

  /** DescribeTable on one table (the health check), nothing else. */
  grantDescribe(grantee: IGrantable, table: TableKey): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ["dynamodb:DescribeTable"],
        resources: [this.tables[table].tableArn],
      }),
    );
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
        ...(index.projection.type === "INCLUDE"
          ? {
              projectionType: ProjectionType.INCLUDE,
              nonKeyAttributes: [...index.projection.attributes],
            }
          : {
              projectionType:
                index.projection.type === "KEYS_ONLY"
                  ? ProjectionType.KEYS_ONLY
                  : ProjectionType.ALL,
            }),
      })),
      timeToLiveAttribute: definition.ttlAttribute,
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.customerManagedKey(this.key.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
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
        new PolicyStatement({
          // The table's own administration: no one rewrites this policy or the table without the
          // break-glass role (-c auditBreakGlassRoleArn=…), whose use CloudTrail records.
          sid: "AuditTableAdministrationOnlyByBreakGlass",
          effect: Effect.DENY,
          principals: [new AnyPrincipal()],
          actions: [...AUDIT_ADMINISTRATION_ACTIONS],
          resources: [arn],
          ...(this.breakGlassRoleArn
            ? { conditions: { ArnNotEquals: { "aws:PrincipalArn": this.breakGlassRoleArn } } }
            : {}),
        }),
      ],
    });
  }
}
