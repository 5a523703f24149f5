/** A compiled event pattern, as the pattern module returns it. */
export interface EventMatcher {
  matches(event: unknown): boolean;
}

/** Turns a pattern (JSON text or object) into a matcher; throws on an invalid pattern. */
export type PatternCompiler = (pattern: string | unknown) => EventMatcher;

/**
 * An event as EventBridge delivers it: the fields AWS documents, in AWS's
 * order, plus `replay-name` on replayed events.
 */
export interface BusEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  /** ISO 8601 with second precision, as AWS writes it. */
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Record<string, unknown>;
  readonly 'replay-name'?: string;
}

export type RuleState = 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

export interface RetryPolicy {
  readonly maximumRetryAttempts: number;
  readonly maximumEventAgeSeconds: number;
}

export interface InputTransformer {
  readonly inputPathsMap: Readonly<Record<string, string>>;
  readonly inputTemplate: string;
}

/** A rule target as PutTargets stored it. */
export interface TargetRecord {
  readonly id: string;
  readonly arn: string;
  readonly input?: string;
  readonly inputPath?: string;
  readonly inputTransformer?: InputTransformer;
  readonly retryPolicy: RetryPolicy;
  readonly deadLetterArn?: string;
  /** The target exactly as given, for ListTargetsByRule. */
  readonly raw: Record<string, unknown>;
}

export interface RuleRecord {
  readonly name: string;
  readonly arn: string;
  readonly busName: string;
  readonly eventPattern?: string;
  readonly matcher?: EventMatcher;
  state: RuleState;
  readonly description?: string;
  readonly roleArn?: string;
  readonly targets: Map<string, TargetRecord>;
}

export interface BusRecord {
  readonly name: string;
  readonly arn: string;
  readonly description?: string;
  readonly creationTime: number;
  readonly rules: Map<string, RuleRecord>;
}

export interface ArchivedEvent {
  readonly event: BusEvent;
  /** Event time in ms (the `time` field), which replays select by. */
  readonly eventTime: number;
  /** When the archive received it, which retention counts from. */
  readonly archivedAt: number;
  readonly sizeBytes: number;
}

export interface ArchiveRecord {
  readonly name: string;
  readonly arn: string;
  readonly eventSourceArn: string;
  readonly busName: string;
  description?: string;
  eventPattern?: string;
  matcher?: EventMatcher;
  retentionDays: number;
  readonly creationTime: number;
  events: ArchivedEvent[];
}

export type ReplayState =
  | 'STARTING'
  | 'RUNNING'
  | 'CANCELLING'
  | 'COMPLETED'
  | 'CANCELLED'
  | 'FAILED';

export interface ReplayRecord {
  readonly name: string;
  readonly arn: string;
  readonly description?: string;
  readonly eventSourceArn: string;
  readonly destinationArn: string;
  readonly filterArns?: readonly string[];
  readonly eventStartTime: number;
  readonly eventEndTime: number;
  state: ReplayState;
  stateReason?: string;
  readonly replayStartTime: number;
  replayEndTime?: number;
  eventLastReplayedTime?: number;
}

/** What an `onEvent` listener hears for each event a bus accepted. */
export interface BusActivity {
  readonly busName: string;
  readonly event: BusEvent;
  /** Names of the enabled rules whose pattern matched (and, for a replay, that it targets). */
  readonly matchedRules: readonly string[];
  /** Names of the archives that kept it (never any for a replayed event). */
  readonly archivedIn: readonly string[];
}

export type BusActivityListener = (activity: BusActivity) => void;

/** What an `onDelivery` listener hears when an event reached a rule's target. */
export interface DeliveryActivity {
  readonly ruleName: string;
  readonly targetArn: string;
  readonly event: BusEvent;
  /** Retries it took (0 when the first attempt succeeded). */
  readonly retries: number;
}

export type DeliveryListener = (activity: DeliveryActivity) => void;
