import type { BusActivity } from '../services/eventbridge/types';

/**
 * One log line per event on a bus: time, bus, detail-type, stream@version,
 * correlation id, the rules it matched, and whether it is a replay.
 */
export function eventLogLine(activity: BusActivity): string {
  const event = activity.event as unknown as Record<string, unknown>;
  const detail = (event.detail ?? {}) as {
    metadata?: { streamId?: string; version?: number; correlationId?: string };
  };
  const meta = detail.metadata ?? {};
  const replay = typeof event['replay-name'] === 'string' ? ` replay=${event['replay-name']}` : '';
  const rules = activity.matchedRules.length > 0 ? activity.matchedRules.join(',') : '-';
  return (
    [
      String(event.time ?? new Date().toISOString()),
      `bus=${activity.busName}`,
      String(event['detail-type']),
      `${meta.streamId ?? '?'}@${meta.version ?? '?'}`,
      `correlation=${meta.correlationId ?? '-'}`,
      `rules=${rules}`,
    ].join(' ') + replay
  );
}
