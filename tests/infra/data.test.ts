import { auditTable, mainTable, projectionOf } from "@cp/store/definitions";
import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUDIT_FORBIDDEN_ACTIONS } from "../../infra/constructs/data.ts";
import { iamStatements, logicalIdByName, mentions, type Synthesized, synthesize } from "./synth.ts";

let synth: Synthesized;
beforeAll(() => {
  synth = synthesize();
}, 120_000);
afterAll(() => synth?.cleanup());

describe("tables", () => {
  it.each([mainTable, auditTable])(
    "$name: keys and indexes from the store definitions",
    (table) => {
      synth.template.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
        TableName: `dev-${table.name}`,
        KeySchema: [
          { AttributeName: table.partitionKey, KeyType: "HASH" },
          { AttributeName: table.sortKey, KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes:
          table.indexes.length > 0
            ? table.indexes.map((index) =>
                Match.objectLike({
                  IndexName: index.indexName,
                  KeySchema: [
                    { AttributeName: index.partitionKey, KeyType: "HASH" },
                    { AttributeName: index.sortKey, KeyType: "RANGE" },
                  ],
                  Projection: projectionOf(index.projection),
                }),
              )
            : Match.absent(),
      });
    },
  );

  it.each([mainTable, auditTable])(
    "$name: on-demand, PITR, deletion protection, KMS CMK",
    (table) => {
      const keyId = Object.keys(synth.template.findResources("AWS::KMS::Key"))[0] as string;
      synth.template.hasResource("AWS::DynamoDB::GlobalTable", {
        // Kept when the stack goes, deleted when a first create rolls back (so a retry works).
        DeletionPolicy: "RetainExceptOnCreate",
        Properties: Match.objectLike({
          TableName: `dev-${table.name}`,
          BillingMode: "PAY_PER_REQUEST",
          SSESpecification: { SSEEnabled: true, SSEType: "KMS" },
          Replicas: [
            Match.objectLike({
              DeletionProtectionEnabled: true,
              PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
              SSESpecification: { KMSMasterKeyId: { "Fn::GetAtt": [keyId, "Arn"] } },
            }),
          ],
        }),
      });
    },
  );

  it("expires idempotency records on the main table and access-log entries on the audit table", () => {
    synth.template.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
      TableName: `dev-${mainTable.name}`,
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
    });
    // TTL removes only items written with `expiresAt`: the access log's entries (kept 400 days,
    // decision 0009). Chain events never carry it, and no role may update an audit item to add it
    // (the append-only tests below), so the chain itself cannot expire.
    synth.template.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
      TableName: `dev-${auditTable.name}`,
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
    });
  });

  it("rotates the customer-managed data key; the checkpoint key only signs", () => {
    const keys = Object.values(synth.template.findResources("AWS::KMS::Key")).map(
      (k) => k.Properties as Record<string, unknown>,
    );
    // Asymmetric keys cannot rotate in KMS; the one here signs checkpoints and encrypts nothing.
    const symmetric = keys.filter((k) => k.KeySpec === undefined);
    const asymmetric = keys.filter((k) => k.KeySpec !== undefined);
    expect(symmetric).toHaveLength(1);
    expect(symmetric[0]?.EnableKeyRotation).toBe(true);
    expect(asymmetric).toEqual([
      expect.objectContaining({ KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" }),
    ]);
  });
});

describe("the audit trail is append-only", () => {
  it("no role may update, delete or batch-write audit items", () => {
    const auditId = logicalIdByName(
      synth.template,
      "AWS::DynamoDB::GlobalTable",
      "TableName",
      "dev-cp-audit",
    );
    const onAudit = iamStatements(synth.template).filter(
      (statement) => statement.effect === "Allow" && mentions(statement.resources, auditId),
    );
    // The API, the router and the sweeper write audit events (dispatch never touches the trail),
    // so the check is not vacuous.
    expect(new Set(onAudit.map((statement) => statement.policy.replace(/Role.*$/, "")))).toEqual(
      new Set(["ApiHandler", "WorkersRouter", "SweeperHandler"]),
    );
    for (const statement of onAudit) {
      expect(statement.actions).toContain("dynamodb:PutItem");
      for (const action of statement.actions) {
        expect(AUDIT_FORBIDDEN_ACTIONS as readonly string[]).not.toContain(action);
        expect(action).not.toMatch(/\*/);
      }
    }
  });

  it("the table's resource policy denies those operations to every principal", () => {
    synth.template.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
      TableName: "dev-cp-audit",
      Replicas: [
        Match.objectLike({
          ResourcePolicy: {
            PolicyDocument: Match.objectLike({
              Statement: Match.arrayWith([
                Match.objectLike({
                  Effect: "Deny",
                  Principal: { AWS: "*" },
                  Action: Match.arrayWith(["dynamodb:DeleteItem", "dynamodb:UpdateItem"]),
                }),
                // Nobody but the break-glass role rewrites the policy or drops the table.
                Match.objectLike({
                  Effect: "Deny",
                  Principal: { AWS: "*" },
                  Action: [
                    "dynamodb:DeleteResourcePolicy",
                    "dynamodb:DeleteTable",
                    "dynamodb:PutResourcePolicy",
                    "dynamodb:UpdateTable",
                  ],
                }),
              ]),
            }),
          },
        }),
      ],
    });
  });

  it("refuses a write grant on the audit table when the stack is built", async () => {
    const { Stack } = await import("aws-cdk-lib");
    const { Role, ServicePrincipal } = await import("aws-cdk-lib/aws-iam");
    const { Data } = await import("../../infra/constructs/data.ts");
    const { DataKey } = await import("../../infra/constructs/encryption.ts");
    const stack = new Stack(undefined, "Probe", { env: { region: "ap-southeast-1" } });
    const data = new Data(stack, "Data", {
      stage: "t",
      key: new DataKey(stack, "Key", { stage: "t" }),
    });
    const role = new Role(stack, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
    });
    expect(() => data.grant(role, "audit", ["UpdateItem"])).toThrow(/append-only/);
    expect(() => data.grant(role, "audit", ["DeleteItem"])).toThrow(/append-only/);
    expect(() => data.grant(role, "audit", ["PutItem", "Query"])).not.toThrow();
  });
});

describe("table permissions", () => {
  it("names every DynamoDB action: no wildcards, no Scan", () => {
    const dynamo = iamStatements(synth.template).flatMap((statement) =>
      statement.actions.filter((action) => action.startsWith("dynamodb:")),
    );
    expect(dynamo.length).toBeGreaterThan(0);
    for (const action of dynamo) {
      expect(action).not.toContain("*");
      expect(action).not.toBe("dynamodb:Scan");
    }
  });

  it("gives DeleteItem on the main table only to the functions that seal pending events or drop idempotency records", () => {
    const mainId = logicalIdByName(
      synth.template,
      "AWS::DynamoDB::GlobalTable",
      "TableName",
      "dev-cp-main",
    );
    const deleters = iamStatements(synth.template)
      .filter((statement) => mentions(statement.resources, mainId))
      .filter((statement) => statement.actions.includes("dynamodb:DeleteItem"))
      .map((statement) => statement.policy)
      .sort();
    // API: idempotency records and the open-case link; router and sweeper: a change they commit
    // seals the case's pending events onto its chain and removes them (decision 0009).
    expect(deleters).toEqual([
      expect.stringMatching(/^ApiHandler/),
      expect.stringMatching(/^SweeperHandler/),
      expect.stringMatching(/^WorkersRouter/),
    ]);
  });
});
