/** Deployment stages: `dev` may be destroyed; `prod` retains and protects its data. */
export const STAGES = ['dev', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * Reads the `stage` context value.
 * @throws Error naming the value received when it is not a known stage.
 */
export function parseStage(value: unknown): Stage {
  if (typeof value === 'string' && (STAGES as readonly string[]).includes(value))
    return value as Stage;
  throw new Error(
    `context 'stage' must be one of ${STAGES.join(', ')}, got ${JSON.stringify(value)}`,
  );
}

/** Sender of customer emails in `dev` when `-c senderEmail=` is not given. */
export const DEV_SENDER_EMAIL = 'orders@eventline.example';

/**
 * Reads the `senderEmail` context value: the SES-verified address customer
 * emails are sent from. `prod` must name one (a real sender is a deliberate
 * choice); `dev` falls back to {@link DEV_SENDER_EMAIL}, which the local cloud
 * accepts and which AWS cannot verify (emails then fail and wait in the
 * notifier's DLQ) — pass your own address to receive emails from a dev stack.
 * @throws Error when `prod` has no sender, or the value is not a string.
 */
export function parseSenderEmail(value: unknown, stage: Stage): string {
  if (value === undefined || value === '') {
    if (stage === 'prod') {
      throw new Error(
        "context 'senderEmail' is required for stage=prod: deploy with -c senderEmail=<address verified in SES>",
      );
    }
    return DEV_SENDER_EMAIL;
  }
  if (typeof value !== 'string') {
    throw new Error(`context 'senderEmail' must be an email address, got ${JSON.stringify(value)}`);
  }
  return value;
}
