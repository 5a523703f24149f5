import type { LocalCloudContext } from '../../core/service';
import type { EventBridgeServiceOptions } from './EventBridgeService';
import { EventBridgeService } from './EventBridgeService';
import { compileEventPattern } from './pattern';

/**
 * The local EventBridge for a cloud context, matching with the full
 * event-pattern language of the pattern module. Register it with the cloud's
 * endpoint (`registerService`).
 */
export function createEventBridgeService(
  context: LocalCloudContext,
  options: Partial<EventBridgeServiceOptions> = {},
): EventBridgeService {
  return new EventBridgeService(context, {
    compilePattern: compileEventPattern,
    ...options,
  });
}
