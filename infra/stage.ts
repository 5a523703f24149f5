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
