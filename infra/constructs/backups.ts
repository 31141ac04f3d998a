import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from "aws-cdk-lib/aws-backup";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import { Schedule } from "aws-cdk-lib/aws-events";
import { Construct } from "constructs";
import { stageName } from "../config.ts";
import type { DataKey } from "./encryption.ts";

export interface TableBackupsProps {
  readonly stage: string;
  readonly key: DataKey;
  readonly tables: readonly ITableV2[];
}

/** Days each daily backup and its copy are kept; also the locked vault's minimum retention. */
export const BACKUP_RETENTION_DAYS = 35;
/** Days after creation during which the vault lock can still be removed; then it is fixed. */
const VAULT_LOCK_GRACE_DAYS = 3;

/**
 * Daily AWS Backup of the tables (03:00 in China, 19:00 UTC), kept 35 days, each copied to a
 * second vault under a vault lock (compliance mode once the 3-day grace has passed: no one can
 * delete a copy before its 35 days, nor shorten that). Point-in-time recovery (35 days) stays
 * on the tables; backups add copies outside the table that an administrator who deletes the
 * table, or its recovery window, cannot remove. Both vaults are in the stack's region: the data
 * stays in the region it must stay in.
 *
 * Copying DynamoDB backups needs AWS Backup's advanced features for DynamoDB turned on in the
 * account and region (docs/deploy-china.md).
 */
export class TableBackups extends Construct {
  readonly vault: BackupVault;
  readonly lockedVault: BackupVault;
  readonly plan: BackupPlan;

  constructor(scope: Construct, id: string, props: TableBackupsProps) {
    super(scope, id);
    this.vault = new BackupVault(this, "Vault", {
      backupVaultName: stageName(props.stage, "cp-backups"),
      encryptionKey: props.key.key,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    this.lockedVault = new BackupVault(this, "LockedVault", {
      backupVaultName: stageName(props.stage, "cp-backups-locked"),
      encryptionKey: props.key.key,
      lockConfiguration: {
        minRetention: Duration.days(BACKUP_RETENTION_DAYS),
        changeableFor: Duration.days(VAULT_LOCK_GRACE_DAYS),
      },
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    this.plan = new BackupPlan(this, "Plan", {
      backupPlanName: stageName(props.stage, "cp-tables"),
      backupVault: this.vault,
    });
    this.plan.addRule(
      new BackupPlanRule({
        ruleName: "daily",
        scheduleExpression: Schedule.cron({ hour: "19", minute: "0" }),
        deleteAfter: Duration.days(BACKUP_RETENTION_DAYS),
        copyActions: [
          {
            destinationBackupVault: this.lockedVault,
            deleteAfter: Duration.days(BACKUP_RETENTION_DAYS),
          },
        ],
      }),
    );
    const selection = this.plan.addSelection("Tables", {
      resources: props.tables.map((table) => BackupResource.fromArn(table.tableArn)),
      // Restores are an operator's deliberate act with their own role, not this one's.
      allowRestores: false,
    });
    Validations.of(selection.node.findChild("Role")).acknowledge({
      id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]",
      reason:
        "AWS Backup's own service-role policy, assumable only by AWS Backup: it follows the resource types Backup supports as AWS changes them; the role backs up the selected tables and cannot restore.",
    });
  }
}
