/**
 * A piece of configuration as versioned, audited data (the routing table, the SLA policy).
 * Version 1 is the built-in default and is never stored; an administrator's change stores the
 * next version, and the pointer item that names the current one also holds the head of the
 * configuration's own audit chain, so the version and its audit event are one transaction,
 * like a case change.
 *
 * | item            | table | pk          | sk           |
 * |-----------------|-------|-------------|--------------|
 * | version         | main  | <pk>        | V#<000002>   |
 * | current pointer | main  | <pk>        | CURRENT      |
 * | audit event     | audit | <audit pk>  | <seq>        |
 *
 * A report is handled by the version in force when it was filed (`versionAt`).
 */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import {
  type AuditEvent,
  actorOf,
  ConflictError,
  EMPTY_HEAD,
  type Identity,
  sealNext,
} from "@cp/domain";
import { auditTrail } from "../audit/trail.ts";
import { putItem } from "../change.ts";
import type { StoreContext } from "../context.ts";
import { mainItem, queryAll } from "../query.ts";

export interface ConfigVersion<T> {
  readonly version: number;
  /** When it took effect: reports filed at or after this instant follow it. */
  readonly effectiveFrom: string;
  /** `system` for the built-in default. */
  readonly changedBy: string;
  readonly note?: string;
  readonly table: T;
}

interface VersionedConfig<T> {
  /** Partition of the versions and the pointer in the main table. */
  readonly pk: string;
  /** Partition of the audit chain in the audit table. */
  readonly auditPartition: string;
  /** The audit action of a change, e.g. `routing_rules_changed`. */
  readonly action: string;
  readonly defaultVersion: ConfigVersion<T>;
  /** A short account of a change for the audit event (ids, no prose). */
  readonly changeSummary: (before: T, after: T) => Record<string, unknown>;
  /** The stored table of version `version`, from what the administrator sent. */
  readonly build: (version: number) => T;
}

interface CurrentPointer {
  readonly version: number;
  readonly auditSeq: number;
  readonly auditHash: string;
}

const versionKey = (pk: string, v: number) => ({ pk, sk: `V#${String(v).padStart(6, "0")}` });
const currentKey = (pk: string) => ({ pk, sk: "CURRENT" });

/** Every version, oldest first (the default first). */
async function configVersions<T>(
  ctx: StoreContext,
  config: Pick<VersionedConfig<T>, "pk" | "defaultVersion">,
): Promise<ConfigVersion<T>[]> {
  const items = await queryAll(ctx, {
    TableName: ctx.config.mainTableName,
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :v)",
    ExpressionAttributeValues: { ":pk": config.pk, ":v": "V#" },
    ConsistentRead: true,
  });
  const stored = items.map(({ pk: _pk, sk: _sk, ...version }) => version as ConfigVersion<T>);
  return [config.defaultVersion, ...stored];
}

/** The version in force at `at`: the latest that took effect at or before it. */
function versionAt<T>(versions: readonly ConfigVersion<T>[], at: string): ConfigVersion<T> {
  let found = versions[0] as ConfigVersion<T>;
  for (const v of versions) if (v.effectiveFrom <= at && v.version > found.version) found = v;
  return found;
}

/**
 * Store a new version and its audit event in one transaction, guarded by the current pointer,
 * so two administrators' changes never get the same version number or fork the chain.
 */
async function putConfigVersion<T>(
  ctx: StoreContext,
  who: Identity,
  config: VersionedConfig<T>,
  note: string | undefined,
): Promise<ConfigVersion<T>> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const item = await mainItem(ctx, currentKey(config.pk));
    const pointer = item as CurrentPointer | undefined;
    const versions = await configVersions(ctx, config);
    const current = versions.at(-1) ?? config.defaultVersion;
    const now = ctx.clock.now().toISOString();
    const version = current.version + 1;
    const table = config.build(version);
    const next: ConfigVersion<T> = {
      version,
      effectiveFrom: now,
      changedBy: who.sub,
      ...(note ? { note } : {}),
      table,
    };
    const event: AuditEvent = sealNext(
      pointer ? { seq: pointer.auditSeq, hash: pointer.auditHash } : EMPTY_HEAD,
      {
        at: now,
        actor: actorOf(who),
        action: config.action,
        details: {
          version,
          previousVersion: current.version,
          ...config.changeSummary(current.table, table),
          ...(note ? { note } : {}),
        },
      },
    );
    try {
      await ctx.clients.ddb.send(
        new TransactWriteCommand({
          TransactItems: [
            putItem(
              ctx.config.mainTableName,
              { ...currentKey(config.pk), version, auditSeq: event.seq, auditHash: event.hash },
              pointer ? { version: pointer.version } : "new",
            ),
            putItem(
              ctx.config.mainTableName,
              { ...versionKey(config.pk, version), ...next },
              "new",
            ),
            putItem(
              ctx.config.auditTableName,
              { pk: config.auditPartition, sk: String(event.seq).padStart(10, "0"), event },
              "new",
            ),
          ],
        }),
      );
      return next;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
    }
  }
  throw new ConflictError("The configuration changed meanwhile; read it again.");
}

/** Which rules a new version adds, removes or changes, by rule id: for the change's audit event. */
export function ruleChanges(before: readonly { id: string }[], after: readonly { id: string }[]) {
  const byId = new Map(before.map((r) => [r.id, JSON.stringify(r)]));
  const afterIds = new Set(after.map((r) => r.id));
  return {
    rulesAdded: after.filter((r) => !byId.has(r.id)).map((r) => r.id),
    rulesRemoved: before.filter((r) => !afterIds.has(r.id)).map((r) => r.id),
    rulesChanged: after
      .filter((r) => byId.has(r.id) && byId.get(r.id) !== JSON.stringify(r))
      .map((r) => r.id),
  };
}

/** Clocks of two functions may differ by this much: a list answers only for instants before it. */
const CLOCK_MARGIN_MS = 1_000;

/**
 * The one reader of a configuration in force, for filing, routing and ticket commands alike: the
 * version that took effect at or before an instant, never from a list that may miss it. A version
 * takes effect when it is stored, so a list known complete at time f answers for every instant
 * before f (less a clock margin) with no read at all: the router, routing reports filed a moment
 * ago. For a later instant (a report being filed, a ticket command) one consistent GetItem of the
 * pointer tells whether a version was added since; only then are the versions read again.
 */
function versionCache<T>(config: Pick<VersionedConfig<T>, "pk" | "defaultVersion">) {
  let cached:
    | { readonly table: string; readonly completeAt: number; readonly versions: ConfigVersion<T>[] }
    | undefined;
  return {
    clear() {
      cached = undefined;
    },
    async at(ctx: StoreContext, instant: string): Promise<ConfigVersion<T>> {
      const wall = Date.now();
      const held = cached?.table === ctx.config.mainTableName ? cached : undefined;
      if (held && Date.parse(instant) < held.completeAt - CLOCK_MARGIN_MS) {
        return versionAt(held.versions, instant);
      }
      if (held) {
        const pointer = (await mainItem(ctx, currentKey(config.pk))) as CurrentPointer | undefined;
        const latest = pointer?.version ?? config.defaultVersion.version;
        if (latest === held.versions.at(-1)?.version) {
          cached = { ...held, completeAt: wall };
          return versionAt(held.versions, instant);
        }
      }
      const versions = await configVersions(ctx, config);
      cached = { table: ctx.config.mainTableName, completeAt: wall, versions };
      return versionAt(versions, instant);
    },
  };
}

/** What one piece of configuration adds to the versioned-config machinery. */
interface ConfigSpec<T extends { readonly version: number }, I> {
  /** Partition of the versions and the pointer in the main table. */
  readonly pk: string;
  /** Partition of the audit chain in the audit table. */
  readonly auditPartition: string;
  /** The audit action of a change, e.g. `routing_rules_changed`. */
  readonly action: string;
  /** The built-in version 1 and the note it is listed with. */
  readonly defaultTable: T;
  readonly defaultNote: string;
  /** Refuses an input below the statutory floor, before anything is read or written. */
  readonly checkFloor: (input: I) => void;
  /** The stored table of version `version`, and the change's note, from what the administrator sent. */
  readonly build: (version: number, input: I) => T;
  readonly noteOf: (input: I) => string | undefined;
  /** A short account of a change for the audit event (ids, no prose). */
  readonly changeSummary: (before: T, after: T) => Record<string, unknown>;
}

/** The repository of one piece of versioned configuration: its versions, audit, change and the version in force. */
export function configRepository<T extends { readonly version: number }, I>(
  spec: ConfigSpec<T, I>,
) {
  const base = {
    pk: spec.pk,
    defaultVersion: {
      version: spec.defaultTable.version,
      effectiveFrom: "1970-01-01T00:00:00.000Z",
      changedBy: "system",
      note: spec.defaultNote,
      table: spec.defaultTable,
    } satisfies ConfigVersion<T>,
  };
  const cache = versionCache(base);
  return {
    /** Every version, oldest first (the default first). */
    versions: (ctx: StoreContext): Promise<ConfigVersion<T>[]> => configVersions(ctx, base),
    /** The configuration's own audit trail, oldest first. */
    audit: (ctx: StoreContext): Promise<AuditEvent[]> => auditTrail(ctx, spec.auditPartition),
    async put(ctx: StoreContext, who: Identity, input: I): Promise<ConfigVersion<T>> {
      spec.checkFloor(input);
      const config: VersionedConfig<T> = {
        ...base,
        auditPartition: spec.auditPartition,
        action: spec.action,
        changeSummary: spec.changeSummary,
        build: (version) => spec.build(version, input),
      };
      const stored = await putConfigVersion(ctx, who, config, spec.noteOf(input));
      cache.clear();
      return stored;
    },
    /** The version in force at an instant, e.g. when a report was filed (`versionCache`). */
    at: async (ctx: StoreContext, at: string): Promise<T> => (await cache.at(ctx, at)).table,
    /** The version in force now, e.g. for a ticket command: the same reader at the clock's now. */
    now: async (ctx: StoreContext): Promise<T> =>
      (await cache.at(ctx, ctx.clock.now().toISOString())).table,
  };
}
