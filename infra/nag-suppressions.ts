import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** One reviewed cdk-nag finding: its id (`Rule[Finding]`) and why it is accepted. */
export interface Acknowledgment {
  readonly id: string;
  readonly reason: string;
}

/**
 * Acknowledges reviewed cdk-nag findings on a construct. Every finding not
 * acknowledged here fails the synth; each acknowledgment carries the reason a
 * reviewer would ask for.
 */
export function acknowledge(scope: IConstruct, acknowledgments: readonly Acknowledgment[]): void {
  for (const a of acknowledgments) Validations.of(scope).acknowledge(a);
}
