import type { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * Writes the metrics an invocation stored (one EMF document), and nothing when
 * it stored none: on an empty flush Powertools logs the warning "No application
 * metrics to publish…" and an EMF document without metrics
 * (powertools-lambda-typescript#2036) — noise in every invocation without them.
 */
export function publishMetrics(metrics: Metrics): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}
