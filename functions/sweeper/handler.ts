/**
 * The sweeper's handler: one sweep per invocation (EventBridge Scheduler sends `{source:
 * "scheduler"}` every minute; the payload carries nothing the sweep needs). Thin: the work is
 * the store's `sweep`.
 */
import { type StoreContext, type SweepOptions, type SweepReport, sweep } from "@cp/store";
import type { CheckpointCopies } from "@cp/store/audit/checkpoint-copies";
import { type CheckpointSigner, recordCheckpoints } from "@cp/store/audit/checkpoints";

type Log = (level: "info" | "warn" | "error", message: string, fields?: object) => void;

export function createSweeperHandler(
  ctx: StoreContext,
  log: Log,
  options: Partial<SweepOptions> = {},
  onReport: (report: SweepReport) => void = () => undefined,
  /** Signs chain heads of the cases that moved, so a cut-off tail is caught against them. */
  checkpointSigner?: () => Promise<CheckpointSigner>,
  /** Where each new checkpoint is also copied, out of reach of whoever can rewrite the table. */
  checkpointCopies?: CheckpointCopies,
) {
  return async (_event?: unknown): Promise<SweepReport> => {
    const report = await sweep(ctx, {
      ...options,
      onItemError: (what, id, error) =>
        log("error", "sweep item failed; the next run retries it", {
          what,
          id,
          error: (error as Error).name,
        }),
    });
    const worked =
      report.overdueTickets.due + report.reporterFeedback.due + report.outbox.waiting > 0;
    if (worked) log("info", "sweep done", report);
    if (checkpointSigner) {
      // Independent of the sweep: a failure here must not hide the sweep's report.
      await recordCheckpoints(ctx, await checkpointSigner(), {
        lookbackHours: 2,
        copies: checkpointCopies,
      })
        .then((run) => run.recorded > 0 && log("info", "audit checkpoints recorded", run))
        .catch((error) =>
          log("error", "audit checkpoints failed; the next run retries", {
            error: (error as Error).name,
          }),
        );
    }
    onReport(report);
    return report;
  };
}

/** Sweep options from the environment: `SWEEP_OUTBOX_GRACE_SECONDS` (default 120). */
export function sweepOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<SweepOptions> {
  const grace = env.SWEEP_OUTBOX_GRACE_SECONDS;
  if (grace === undefined || grace === "") return {};
  const seconds = Number(grace);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new Error("SWEEP_OUTBOX_GRACE_SECONDS must be a number of seconds, 0 or more.");
  }
  return { outboxGraceMs: seconds * 1000 };
}
