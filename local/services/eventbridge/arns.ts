import { DEFAULT_EVENT_BUS } from './constants';

/** Builds the ARNs of one region and account's EventBridge resources. */
export class EventBridgeArns {
  readonly #prefix: string;

  constructor(region: string, accountId: string) {
    this.#prefix = `arn:aws:events:${region}:${accountId}`;
  }

  bus(name: string): string {
    return `${this.#prefix}:event-bus/${name}`;
  }

  /** Rules of the default bus have no bus segment, as in AWS. */
  rule(busName: string, ruleName: string): string {
    return busName === DEFAULT_EVENT_BUS
      ? `${this.#prefix}:rule/${ruleName}`
      : `${this.#prefix}:rule/${busName}/${ruleName}`;
  }

  archive(name: string): string {
    return `${this.#prefix}:archive/${name}`;
  }

  replay(name: string): string {
    return `${this.#prefix}:replay/${name}`;
  }
}

/** The bus name of an `EventBusName` parameter, which may hold a name or an ARN. */
export function busNameOf(nameOrArn: string | undefined): string {
  if (nameOrArn === undefined || nameOrArn === '') return DEFAULT_EVENT_BUS;
  const marker = ':event-bus/';
  const at = nameOrArn.indexOf(marker);
  return nameOrArn.startsWith('arn:') && at >= 0 ? nameOrArn.slice(at + marker.length) : nameOrArn;
}

/** The name after `archive/` in an archive ARN, or undefined when it is not one. */
export function archiveNameOf(arn: string): string | undefined {
  const match = /^arn:aws[a-z-]*:events:[^:]*:[^:]*:archive\/(.+)$/.exec(arn);
  return match?.[1];
}

/** The service part of an ARN (`sqs`, `lambda`, `states`, `events`). */
export function arnService(arn: string): string | undefined {
  return arn.split(':')[2];
}
