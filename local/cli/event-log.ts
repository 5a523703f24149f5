import type { BusActivity } from '../services/eventbridge/types';

/** What the timeline shows of an event: its type, position, correlation id, rules and replay. */
export interface EventSummary {
  readonly detailType: string;
  /** `stream@version` from the envelope's metadata, `?` where it has none. */
  readonly position: string;
  readonly correlationId: string | undefined;
  /** The matched rules, comma-separated, or `-`. */
  readonly rules: string;
  readonly replay: string | undefined;
}

/** Reads an eventline envelope (`detail.metadata`) off a bus event, tolerating any other shape. */
export function eventSummary(activity: BusActivity): EventSummary {
  const event = activity.event as unknown as Record<string, unknown>;
  const detail = (event.detail ?? {}) as {
    metadata?: { streamId?: unknown; version?: unknown; correlationId?: unknown };
  };
  const meta = detail.metadata ?? {};
  return {
    detailType: String(event['detail-type']),
    position: `${typeof meta.streamId === 'string' ? meta.streamId : '?'}@${typeof meta.version === 'number' ? meta.version : '?'}`,
    correlationId: typeof meta.correlationId === 'string' ? meta.correlationId : undefined,
    rules: activity.matchedRules.length > 0 ? activity.matchedRules.join(',') : '-',
    replay: typeof event['replay-name'] === 'string' ? event['replay-name'] : undefined,
  };
}

/**
 * One log line per event on a bus: time, bus, detail-type, stream@version,
 * correlation id, the rules it matched, and whether it is a replay.
 */
export function eventLogLine(activity: BusActivity): string {
  const s = eventSummary(activity);
  const time = (activity.event as unknown as { time?: unknown }).time;
  return (
    [
      String(time ?? new Date().toISOString()),
      `bus=${activity.busName}`,
      s.detailType,
      s.position,
      `correlation=${s.correlationId ?? '-'}`,
      `rules=${s.rules}`,
    ].join(' ') + (s.replay ? ` replay=${s.replay}` : '')
  );
}
