import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { createApp } from '../infra/app';
import { startDynamoDbLocal } from '../local/services/dynamodb/start-dynamodb-local';
import type { SimulationEnv } from './simulation';

/** A simulation environment that stops what it started. */
export interface OpenSimulationEnv extends SimulationEnv {
  close(): Promise<void>;
}

/**
 * What every run of a process shares: the app synthesized once (or an
 * existing assembly), and one DynamoDB Local of its own — runs delete every
 * table of it when they end, so it must not be one other code uses.
 */
export async function openSimulationEnv(
  options: { readonly assemblyDir?: string } = {},
): Promise<OpenSimulationEnv> {
  let assemblyDir = options.assemblyDir;
  if (!assemblyDir) {
    assemblyDir = mkdtempSync(join(tmpdir(), 'eventline-sim-'));
    createApp(new App({ outdir: assemblyDir })).synth();
  }
  const dynamodb = await startDynamoDbLocal();
  return {
    assemblyDir,
    dynamoDbEndpoint: dynamodb.endpoint,
    close: () => dynamodb.stop(),
  };
}
