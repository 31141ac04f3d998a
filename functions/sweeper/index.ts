/**
 * Lambda entry of the sweeper. Publishes (namespace from POWERTOOLS_METRICS_NAMESPACE) the number of open overdue tickets as the
 * `TicketsOverdue` metric, which the overdue-tickets alarm watches.
 */
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { checkpointCopiesFromEnv } from "@cp/store/audit/checkpoint-copies";
import { checkpointSignerFromEnv } from "@cp/store/audit/checkpoints";
import { log, storeContext, withRequestIds } from "../commons/runtime.ts";
import { createSweeperHandler, sweepOptionsFromEnv } from "./handler.ts";

const metrics = new Metrics({ serviceName: "sweeper" });

export const handler = withRequestIds(
  createSweeperHandler(
    storeContext(),
    log,
    sweepOptionsFromEnv(),
    (report) => {
      metrics.addMetric("TicketsOverdue", MetricUnit.Count, report.overdueTickets.due);
      metrics.addMetric(
        "EscalationsSent",
        MetricUnit.Count,
        report.overdueTickets.escalated + report.reporterFeedback.escalated,
      );
      metrics.addMetric("ReportsRepublished", MetricUnit.Count, report.outbox.republished);
      metrics.publishStoredMetrics();
    },
    () => checkpointSignerFromEnv(),
    checkpointCopiesFromEnv(),
  ),
);
