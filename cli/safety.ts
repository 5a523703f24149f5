import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError } from './errors';
import type { Output } from './output';

/** What a command that moves or re-delivers data will touch, shown before it does. */
export interface Plan {
  readonly action: string;
  /** How many items it will move or deliver (when known). */
  readonly count?: number;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface ConfirmOptions {
  readonly yes?: boolean;
  readonly dryRun?: boolean;
  /** Above this count, `--yes` is required. */
  readonly threshold: number;
  /** Why `--yes` is required whatever the count (e.g. side effects), if it is. */
  readonly alwaysAsk?: string;
}

/**
 * Shows the plan (stderr; on stdout as the result with `--dry-run`) and
 * decides whether to go on.
 * @returns false for a dry run (nothing to do).
 * @throws UsageError when `--yes` is required and missing: nothing was changed.
 */
export function confirmPlan(out: Output, plan: Plan, options: ConfirmOptions): boolean {
  const summary = {
    dryRun: options.dryRun === true,
    action: plan.action,
    count: plan.count,
    ...plan.details,
  };
  if (options.dryRun) {
    out.record(summary);
    return false;
  }
  out.note(
    `${plan.action}: ${Object.entries({ count: plan.count, ...plan.details })
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join(' ')}`,
  );
  if (options.yes) return true;
  if (options.alwaysAsk) {
    throw new UsageError(
      `${plan.action} ${options.alwaysAsk}: add --yes to go on (or --dry-run to look)`,
    );
  }
  if (plan.count !== undefined && plan.count > options.threshold) {
    throw new UsageError(
      `${plan.action} would touch ${plan.count} items, more than ${options.threshold}: add --yes to go on (or --dry-run to look)`,
    );
  }
  return true;
}

/**
 * Paces work to at most `perSecond` units a second (no limit when undefined):
 * `take(n)` waits until n more units fit in the rate since the start.
 */
export function rateLimiter(
  perSecond: number | undefined,
  now: () => number = Date.now,
  wait: (ms: number) => Promise<unknown> = sleep,
) {
  const started = now();
  let taken = 0;
  return {
    async take(units = 1): Promise<void> {
      taken += units;
      if (!perSecond) return;
      const due = started + ((taken - units) * 1000) / perSecond;
      const ahead = due - now();
      if (ahead > 0) await wait(ahead);
    },
  };
}

/** Parses a whole number option, refusing anything outside `[min, max]`. */
export function parseWholeNumber(name: string, min: number, max: number) {
  return (text: string): number => {
    const value = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got '${text}'`);
    }
    return value;
  };
}

const AGO = /^(\d+)(s|m|h|d)$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * Parses a time option: an ISO 8601 date-time, `now`, or a span ago (`90s`,
 * `30m`, `2h`, `7d`).
 */
export function parseTime(name: string, now: () => number = Date.now) {
  return (text: string): Date => {
    if (text === 'now') return new Date(now());
    const ago = AGO.exec(text);
    if (ago) return new Date(now() - Number(ago[1]) * UNIT_MS[ago[2] as keyof typeof UNIT_MS]);
    const time = Date.parse(text);
    if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(time)) {
      throw new UsageError(
        `${name} must be an ISO 8601 time (2026-11-27T10:00:00Z), 'now' or a span ago (30m, 2h, 7d), got '${text}'`,
      );
    }
    return new Date(time);
  };
}
