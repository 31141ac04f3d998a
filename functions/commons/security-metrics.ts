/**
 * The security log's metrics in Lambda, through Powertools (EMF on stdout, no API call): one
 * `SecurityRefusals` datapoint per refused request and one `SecurityRefusalBursts` per caller that
 * crossed the burst threshold, each with the kind as its only dimension (a per-caller dimension
 * would make a metric per user). The alarm on bursts is the infrastructure's; the caller of a
 * burst is in the warning line of the log. Namespace from POWERTOOLS_METRICS_NAMESPACE.
 */
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { SecurityMetrics } from "../api/security-log.ts";

export const SECURITY_METRIC_NAMES = {
  refusals: "SecurityRefusals",
  bursts: "SecurityRefusalBursts",
} as const;

export function powertoolsSecurityMetrics(
  metrics = new Metrics({ serviceName: "api" }),
): SecurityMetrics {
  const emit = (name: string, kind: string) => {
    const single = metrics.singleMetric();
    single.addDimension("kind", kind);
    single.addMetric(name, MetricUnit.Count, 1);
  };
  return {
    refusal: (kind) => emit(SECURITY_METRIC_NAMES.refusals, kind),
    burst: (kind) => emit(SECURITY_METRIC_NAMES.bursts, kind),
  };
}
