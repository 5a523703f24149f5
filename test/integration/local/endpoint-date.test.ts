import { afterEach, describe, expect, inject, it } from 'vitest';
import type { LocalCloud } from '../../../local/cloud';
import { startLocalCloud } from '../../../local/cloud';
import { ManualClock } from '../../../local/core/clock';
import { memoryLogger } from '../../../local/core/console-logger';

const clouds: LocalCloud[] = [];
afterEach(async () => {
  await Promise.all(clouds.splice(0).map((c) => c.stop()));
});

/** POSTs a JSON-protocol request to the endpoint and returns the answer's `Date` header. */
async function dateOf(cloud: LocalCloud, target: string, body: unknown): Promise<string | null> {
  const res = await fetch(cloud.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
    body: JSON.stringify(body),
  });
  await res.text();
  return res.headers.get('date');
}

describe("Local cloud endpoint: answers dated by the cloud's clock", () => {
  it("dates its own services' answers and DynamoDB Local's by the manual clock", async () => {
    // Prepare: a manual clock months away from the machine's.
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 8, 30, 0));
    const cloud = await startLocalCloud({
      clock,
      logger: memoryLogger(),
      dynamodb: { endpoint: inject('dynamoDbEndpoint') },
    });
    clouds.push(cloud);

    // Act
    const sqs = await dateOf(cloud, 'AmazonSQS.ListQueues', {});
    const dynamodb = await dateOf(cloud, 'DynamoDB_20120810.ListTables', {});
    await clock.advance(90_000);
    const later = await dateOf(cloud, 'DynamoDB_20120810.ListTables', {});

    // Assess: HTTP's IMF-fixdate (RFC 9110, 5.6.7) of the clock's time, not the machine's.
    expect(sqs).toBe('Thu, 01 Jan 2026 08:30:00 GMT');
    expect(dynamodb).toBe('Thu, 01 Jan 2026 08:30:00 GMT');
    expect(later).toBe('Thu, 01 Jan 2026 08:31:30 GMT');
  });
});
