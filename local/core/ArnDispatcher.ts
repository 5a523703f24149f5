import { CoreErrors } from './errors';
import type { DeliveryOptions, DeliveryResult, TargetDispatcher } from './service';

/** Delivers a payload to one kind of resource (the ARN's service: `sqs`, `lambda`, ...). */
export type ArnRoute = (
  arn: string,
  payload: string,
  options: DeliveryOptions,
) => Promise<DeliveryResult>;

const ARN = /^arn:aws[a-z-]*:([a-z0-9-]+):[a-z0-9-]*:\d{12}:.+$/;

/**
 * The cloud's {@link TargetDispatcher}: routes a delivery by the service in
 * its ARN (`arn:aws:<service>:<region>:<account>:<resource>`) to the route
 * registered for that service. An ARN of no routed service, or not an ARN,
 * is refused with `ResourceNotFoundException` naming it.
 */
export class ArnDispatcher implements TargetDispatcher {
  readonly #routes = new Map<string, ArnRoute>();
  readonly #onDispatch: ((targetArn: string, payload: string) => void) | undefined;

  /** @param onDispatch sees every delivery before it is routed (e.g. to count them). */
  constructor(onDispatch?: (targetArn: string, payload: string) => void) {
    this.#onDispatch = onDispatch;
  }

  /** Routes deliveries to ARNs of `service` (replacing an earlier route). */
  route(service: string, deliver: ArnRoute): void {
    this.#routes.set(service, deliver);
  }

  deliver(
    targetArn: string,
    payload: string,
    options: DeliveryOptions = {},
  ): Promise<DeliveryResult> {
    this.#onDispatch?.(targetArn, payload);
    const service = ARN.exec(targetArn)?.[1];
    const route = service === undefined ? undefined : this.#routes.get(service);
    if (!route) {
      return Promise.reject(
        CoreErrors.noSuchTarget(
          `The local cloud cannot deliver to ${targetArn}${service ? ` (no ${service} service)` : ' (not an ARN)'}`,
        ),
      );
    }
    return route(targetArn, payload, options);
  }
}
