import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { StateMachine } from 'aws-local-stepfunctions';
import type { LocalCloudContext } from '../../core/service';
import type { AslMachine } from './definition';
import {
  collectStates,
  inspectDefinition,
  retryingStates,
  rewriteTasks,
  rewriteWaits,
  takeExecutionTimeout,
} from './definition';
import { StepFunctionsErrors } from './errors';
import type { Machine } from './types';

/** Interpreter-ready definitions found valid, by their JSON text (validation is costly). */
const VALIDATED_DEFINITIONS = new Set<string>();

/** State machine and execution names: 1–80 of `[A-Za-z0-9_-]`. */
export const NAME = /^[A-Za-z0-9_-]{1,80}$/;

/** What `CreateStateMachine` takes. */
export interface StateMachineRequest {
  readonly name: string;
  readonly definition: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly roleArn: string;
}

/**
 * The state machines of the local Step Functions: each definition validated
 * (by the interpreter, plus the local cloud's own refusals) and rewritten
 * once for it at creation, then found by ARN.
 */
export class StateMachineRegistry {
  readonly #ctx: LocalCloudContext;
  readonly #machines = new Map<string, Machine>();

  constructor(context: LocalCloudContext) {
    this.#ctx = context;
  }

  /**
   * Creates a state machine, or returns the one of that name when its
   * definition is the same.
   * @throws AwsServiceError `InvalidName`, `InvalidDefinition`, `StateMachineAlreadyExists`
   */
  create(request: StateMachineRequest): Machine {
    const { name, definition } = request;
    if (!NAME.test(name)) throw StepFunctionsErrors.invalidName('State Machine', name);
    let parsed: AslMachine;
    try {
      parsed = JSON.parse(definition) as AslMachine;
    } catch {
      throw StepFunctionsErrors.invalidDefinition('not JSON');
    }
    const runnable = structuredClone(parsed);
    const states = collectStates(parsed);
    const policies = rewriteTasks(runnable);
    const waits = rewriteWaits(runnable);
    const timeoutSeconds = takeExecutionTimeout(runnable);
    const tasks = inspectDefinition(runnable);
    try {
      // The interpreter validates the rest of the ASL, once per definition: its
      // JSON-schema validator compiles its schemas on every call (~0.1 s).
      const runnableText = JSON.stringify(runnable);
      if (!VALIDATED_DEFINITIONS.has(runnableText)) {
        new StateMachine(runnable as unknown as StateMachineDefinition, {
          validationOptions: { checkArn: false },
        });
        VALIDATED_DEFINITIONS.add(runnableText);
      }
    } catch (error) {
      throw StepFunctionsErrors.invalidDefinition((error as Error).message);
    }
    const existing = this.#machines.get(name);
    if (existing) {
      if (existing.definition !== definition)
        throw StepFunctionsErrors.stateMachineAlreadyExists(existing.arn);
      return existing;
    }
    const machine: Machine = {
      name,
      arn: `arn:aws:states:${this.#ctx.region}:${this.#ctx.accountId}:stateMachine:${name}`,
      definition,
      type: request.type,
      roleArn: request.roleArn,
      createdAt: this.#ctx.clock.now(),
      runnable,
      tasks,
      policies,
      waits,
      retrying: retryingStates(runnable),
      timeoutSeconds,
      states,
    };
    this.#machines.set(name, machine);
    return machine;
  }

  /** The machine an ARN names. @throws AwsServiceError `StateMachineDoesNotExist` */
  get(arn: unknown): Machine {
    const name =
      String(arn ?? '')
        .split(':')
        .at(-1) ?? '';
    const m = this.#machines.get(name);
    if (!m || m.arn !== arn) throw StepFunctionsErrors.stateMachineDoesNotExist(String(arn));
    return m;
  }

  list(): Machine[] {
    return [...this.#machines.values()];
  }

  delete(machine: Machine): void {
    this.#machines.delete(machine.name);
  }
}
