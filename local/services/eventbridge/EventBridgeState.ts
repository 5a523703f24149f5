import type { Clock } from '../../core/clock';
import type { CloudLogger } from '../../core/service';
import { busNameOf, EventBridgeArns } from './arns';
import { DEFAULT_EVENT_BUS, EventBridgeLimits } from './constants';
import type { TargetDeliveries } from './delivery/TargetDeliveries';
import { EventBridgeErrors } from './errors';
import type {
  ArchiveRecord,
  BusActivityListener,
  BusEvent,
  BusRecord,
  EventMatcher,
  PatternCompiler,
  ReplayRecord,
  RuleRecord,
} from './types';

/** Where a replayed event comes from: its replay, and the rules it may reach. */
export interface ReplaySource {
  readonly replayName: string;
  /** Rule ARNs of `Destination.FilterArns`; undefined = every rule of the bus. */
  readonly filterArns?: readonly string[];
}

export interface EventBridgeStateOptions {
  readonly clock: Clock;
  readonly logger: CloudLogger;
  readonly region: string;
  readonly accountId: string;
  readonly compilePattern: PatternCompiler;
  readonly deliveries: TargetDeliveries;
  /** Shuffles replays within their one-minute slices when given. @default - event-time order */
  readonly replayRandom?: () => number;
}

/**
 * Everything the local EventBridge holds (buses with their rules and
 * targets, archives, replays) and the one path every accepted event takes:
 * match rules, queue deliveries, archive, tell listeners.
 */
export class EventBridgeState {
  readonly clock: Clock;
  readonly logger: CloudLogger;
  readonly region: string;
  readonly accountId: string;
  readonly arns: EventBridgeArns;
  readonly deliveries: TargetDeliveries;
  /** The source of the within-slice shuffle of replays; undefined = event-time order. */
  readonly replayRandom: (() => number) | undefined;
  readonly buses = new Map<string, BusRecord>();
  readonly archives = new Map<string, ArchiveRecord>();
  readonly replays = new Map<string, ReplayRecord>();
  readonly listeners = new Set<BusActivityListener>();
  readonly #compilePattern: PatternCompiler;

  constructor(options: EventBridgeStateOptions) {
    this.clock = options.clock;
    this.logger = options.logger;
    this.region = options.region;
    this.accountId = options.accountId;
    this.deliveries = options.deliveries;
    this.replayRandom = options.replayRandom;
    this.arns = new EventBridgeArns(options.region, options.accountId);
    this.#compilePattern = options.compilePattern;
    this.buses.set(DEFAULT_EVENT_BUS, {
      name: DEFAULT_EVENT_BUS,
      arn: this.arns.bus(DEFAULT_EVENT_BUS),
      creationTime: options.clock.now(),
      rules: new Map(),
    });
  }

  /** The bus named (or ARN'd) by an `EventBusName` parameter; ResourceNotFoundException if absent. */
  bus(nameOrArn: string | undefined): BusRecord {
    const name = busNameOf(nameOrArn);
    const bus = this.buses.get(name);
    if (!bus) throw EventBridgeErrors.notFound(`Event bus ${name} does not exist.`);
    return bus;
  }

  rule(bus: BusRecord, name: string): RuleRecord {
    const rule = bus.rules.get(name);
    if (!rule)
      throw EventBridgeErrors.notFound(`Rule ${name} does not exist on EventBus ${bus.name}.`);
    return rule;
  }

  archive(name: string): ArchiveRecord {
    const found = this.archives.get(name);
    if (!found) throw EventBridgeErrors.notFound(`Archive ${name} does not exist.`);
    return found;
  }

  replay(name: string): ReplayRecord {
    const found = this.replays.get(name);
    if (!found) throw EventBridgeErrors.notFound(`Replay ${name} does not exist.`);
    return found;
  }

  /** Compiles a pattern; an invalid one is an `InvalidEventPatternException` with the matcher's reason. */
  compile(pattern: string, parameter = 'EventPattern'): EventMatcher {
    if (pattern.length > EventBridgeLimits.EVENT_PATTERN_MAX_LENGTH) {
      throw EventBridgeErrors.invalidParameter(
        parameter,
        `the pattern has ${pattern.length} characters; at most ${EventBridgeLimits.EVENT_PATTERN_MAX_LENGTH} are allowed.`,
      );
    }
    try {
      return this.#compilePattern(pattern);
    } catch (error) {
      throw EventBridgeErrors.invalidEventPattern(
        `Event pattern is not valid. Reason: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /**
   * Takes one accepted event: queues a delivery to every target of every
   * enabled rule it matches, archives it (unless it is a replay) and tells
   * the listeners. Returns the names of the matched rules.
   */
  ingest(bus: BusRecord, event: BusEvent, replay?: ReplaySource): string[] {
    const now = this.clock.now();
    const matched: string[] = [];
    for (const rule of bus.rules.values()) {
      if (rule.state === 'DISABLED' || !rule.matcher) continue;
      if (replay?.filterArns && !replay.filterArns.includes(rule.arn)) continue;
      if (!this.#matches(rule.matcher, event, `rule ${rule.name}`)) continue;
      matched.push(rule.name);
      for (const target of rule.targets.values()) {
        this.deliveries.enqueue({
          ruleName: rule.name,
          ruleArn: rule.arn,
          target,
          event,
          ingestionTime: now,
        });
      }
    }
    // Replayed events never go back into an archive (AWS scopes archives to non-replayed events).
    const archivedIn: string[] = [];
    if (!replay) {
      const sizeBytes = Buffer.byteLength(JSON.stringify(event), 'utf8');
      for (const archive of this.archives.values()) {
        if (archive.busName !== bus.name) continue;
        if (archive.matcher && !this.#matches(archive.matcher, event, `archive ${archive.name}`)) {
          continue;
        }
        archive.events.push({
          event,
          eventTime: Date.parse(event.time),
          archivedAt: now,
          sizeBytes,
        });
        archivedIn.push(archive.name);
      }
    }
    if (matched.length === 0) {
      this.logger.info(
        `events: ${event['detail-type']} ${event.id} on ${bus.name} matched no rule${replay ? ` (replay ${replay.replayName})` : ''}`,
      );
    }
    for (const listener of this.listeners) {
      try {
        listener({ busName: bus.name, event, matchedRules: matched, archivedIn });
      } catch (error) {
        this.logger.error('events: an onEvent listener threw', { error: String(error) });
      }
    }
    return matched;
  }

  /** Drops archived events older than their archive's retention. */
  expireArchives(): void {
    const now = this.clock.now();
    for (const archive of this.archives.values()) {
      if (archive.retentionDays <= 0) continue;
      const keepAfter = now - archive.retentionDays * 86_400_000;
      if (archive.events.some((e) => e.archivedAt <= keepAfter)) {
        archive.events = archive.events.filter((e) => e.archivedAt > keepAfter);
      }
    }
  }

  #matches(matcher: EventMatcher, event: BusEvent, owner: string): boolean {
    try {
      return matcher.matches(event);
    } catch (error) {
      this.logger.error(`events: the pattern of ${owner} threw on event ${event.id}`, {
        error: String(error),
      });
      return false;
    }
  }
}
