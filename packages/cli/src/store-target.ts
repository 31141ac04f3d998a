/**
 * Which stack a command-line tool reads. The local stack started by `npm start` is found through
 * its state file (packages/local/src/state-file.ts) with no environment to set; `--local-stack
 * FILE` or `CP_LOCAL_STACK` names another one. A deployed stack is read as its functions read it:
 * MAIN_TABLE_NAME, AWS_REGION and the usual AWS credentials.
 */
import { systemClock } from "@cp/domain";
import { readStateFile, shown, stateFilePath } from "@cp/local/state-file";
import { configFromEnv, createClients, type StoreContext } from "@cp/store";

export interface StoreTarget {
  /** For messages: "the local stack (.local-stack/state.json)" or "table cp-prod-main". */
  readonly description: string;
  readonly ctx: StoreContext;
}

/**
 * Points this process's AWS SDK at the chosen stack, as the environment of a function would. A
 * deployed stack is recognised by the variable the tool needs (`MAIN_TABLE_NAME` for the store's
 * tools, `QUEUE_URL_PREFIX` for the queues').
 */
export function useEnvironmentOf(
  localStackFile: string | undefined,
  env: NodeJS.ProcessEnv,
  deployedBy: "MAIN_TABLE_NAME" | "QUEUE_URL_PREFIX" = "MAIN_TABLE_NAME",
): string {
  const explicit = localStackFile ?? env.CP_LOCAL_STACK;
  if (!explicit && env[deployedBy]) {
    return deployedBy === "MAIN_TABLE_NAME"
      ? `table ${env.MAIN_TABLE_NAME}`
      : `queues ${env.QUEUE_URL_PREFIX}*`;
  }
  const file = explicit || stateFilePath(env);
  const state = readStateFile(file);
  Object.assign(env, {
    AWS_REGION: state.region,
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_ENDPOINT_URL_DYNAMODB: state.dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: state.sqsEndpoint,
    MAIN_TABLE_NAME: state.mainTableName,
    AUDIT_TABLE_NAME: state.auditTableName,
    QUEUE_URL_PREFIX: state.queueUrlPrefix,
  });
  return `the local stack (${shown(file)})`;
}

/**
 * A store context for tools that read aggregates and audit records only. It holds no
 * personal-data key: opening a child's or a reporter's data through it fails, by design.
 */
export function storeWithoutPersonalData(
  localStackFile: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): StoreTarget {
  const description = useEnvironmentOf(localStackFile, env);
  // The SDK's notice that its 2027 releases will need Node.js 22 is many lines on every run of a
  // tool on Node.js 20, which this project supports; it is not the tool's user's to act on.
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const refuse = async (): Promise<never> => {
    throw new Error("this tool does not read personal data");
  };
  return {
    description,
    ctx: {
      clients: createClients(),
      config: configFromEnv({
        // Neither is used by a reading tool; the store's config requires them for writers.
        QUEUE_URL_PREFIX: "unused-by-reading-tools/",
        FINGERPRINT_KEY: "unused-by-reading-tools",
        ...env,
      }),
      clock: systemClock,
      cipher: {
        seal: refuse,
        open: refuse,
        newSubjectKey: refuse,
        sealFor: refuse,
        openFor: refuse,
        forget: () => undefined,
      },
    },
  };
}
