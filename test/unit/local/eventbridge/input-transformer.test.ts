import { describe, expect, it } from 'vitest';
import type { BusEvent } from '../../../../local/services/eventbridge';
import { renderInputTemplate, renderTargetInput } from '../../../../local/services/eventbridge';
import type { TargetRecord } from '../../../../local/services/eventbridge/types';

/** The EC2 example event of AWS's "Amazon EventBridge input transformation" page. */
const ec2Event: BusEvent = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2015-11-11T21:29:54Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
  detail: { 'instance-id': 'i-0123456789', state: 'RUNNING', count: 3, tags: { a: 'b' } },
};

const context = {
  ruleName: 'example',
  ruleArn: 'arn:aws:events:us-east-2:123456789012:rule/example',
  ingestionTime: Date.UTC(2015, 10, 11, 21, 29, 55),
};

const paths = {
  timestamp: '$.time',
  instance: '$.detail.instance-id',
  state: '$.detail.state',
  resource: '$.resources[0]',
};

function render(inputTemplate: string, inputPathsMap: Record<string, string> = paths): string {
  return renderInputTemplate({ inputPathsMap, inputTemplate }, ec2Event, context);
}

describe('Function: renderInputTemplate', () => {
  it('inserts string values without quotes inside a JSON string', () => {
    expect(render('"instance <instance> is in <state>"')).toBe(
      '"instance i-0123456789 is in RUNNING"',
    );
  });

  it('keeps escaped quotes around a placeholder inside a string', () => {
    expect(render('"instance \\"<instance>\\" is in <state>"')).toBe(
      '"instance \\"i-0123456789\\" is in RUNNING"',
    );
  });

  it('quotes string values used as JSON values', () => {
    const out = render('{"instance" : <instance>, "state": <state>}');
    expect(JSON.parse(out)).toEqual({ instance: 'i-0123456789', state: 'RUNNING' });
  });

  it('mixes placeholders, literals and array items as the AWS examples show', () => {
    // Prepare
    const template =
      '{"instance": <instance>, "state": [9, <state>, true], "status": "instance \\"<instance>\\" is in <state>", "Transformed": "Yes"}';

    // Act
    const out = JSON.parse(render(template));

    // Assess
    expect(out).toEqual({
      instance: 'i-0123456789',
      state: [9, 'RUNNING', true],
      status: 'instance "i-0123456789" is in RUNNING',
      Transformed: 'Yes',
    });
  });

  it('quotes string values in a template that is not JSON', () => {
    expect(render('instance <instance> is in <state>')).toBe(
      'instance "i-0123456789" is in "RUNNING"',
    );
  });

  it('inserts numbers and objects as JSON outside strings and as text inside them', () => {
    const map = { count: '$.detail.count', tags: '$.detail.tags' };
    expect(JSON.parse(render('{"n": <count>, "t": <tags>}', map))).toEqual({ n: 3, t: { a: 'b' } });
    expect(render('"n=<count> t=<tags>"', map)).toBe('"n=3 t={a:b}"');
  });

  it('resolves the reserved rule and ingestion-time variables', () => {
    const out = JSON.parse(
      render(
        '{"ruleArn": <aws.events.rule-arn>, "ruleName": <aws.events.rule-name>, "at": <aws.events.event.ingestion-time>}',
      ),
    );
    expect(out).toEqual({
      ruleArn: context.ruleArn,
      ruleName: 'example',
      at: '2015-11-11T21:29:55.000Z',
    });
    expect(render('"<aws.events.rule-name> triggered"')).toBe('"example triggered"');
  });

  it('inserts the whole event for <aws.events.event.json> and the event without detail for <aws.events.event>', () => {
    const out = JSON.parse(render('{"full": <aws.events.event.json>, "head": <aws.events.event>}'));
    expect(out.full).toEqual(ec2Event);
    const { detail: _detail, ...head } = ec2Event;
    expect(out.head).toEqual(head);
  });

  it('turns a variable whose path matches nothing into null, or nothing inside a string', () => {
    const map = { missing: '$.detail.nope' };
    expect(JSON.parse(render('{"m": <missing>}', map))).toEqual({ m: null });
    expect(render('"m=<missing>."', map)).toBe('"m=."');
  });

  it('leaves text in angle brackets that names no variable as it is', () => {
    expect(render('"a <b> c"', {})).toBe('"a <b> c"');
  });
});

describe('Function: renderTargetInput', () => {
  const base: TargetRecord = {
    id: 't',
    arn: 'arn:aws:sqs:us-east-1:000000000000:q',
    retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeSeconds: 86_400 },
    raw: {},
  };

  it('sends the whole event when the target has no input settings', () => {
    expect(JSON.parse(renderTargetInput(base, ec2Event, context))).toEqual(ec2Event);
  });

  it('sends Input exactly as given', () => {
    expect(renderTargetInput({ ...base, input: '{"fixed":1}' }, ec2Event, context)).toBe(
      '{"fixed":1}',
    );
  });

  it('sends the InputPath selection as JSON', () => {
    const out = renderTargetInput({ ...base, inputPath: '$.detail' }, ec2Event, context);
    expect(JSON.parse(out)).toEqual(ec2Event.detail);
  });
});
