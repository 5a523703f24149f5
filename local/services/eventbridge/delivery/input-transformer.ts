import type { BusEvent, InputTransformer, TargetRecord } from '../types';
import { evaluateJsonPath } from './json-path';

/** What the reserved `<aws.events.*>` variables resolve to for one delivery. */
export interface DeliveryContext {
  readonly ruleName: string;
  readonly ruleArn: string;
  /** When EventBridge received the event (ms). */
  readonly ingestionTime: number;
}

/** The reserved variables of an input template (user guide, "Predefined variables"). */
export const ReservedVariables = {
  RULE_ARN: 'aws.events.rule-arn',
  RULE_NAME: 'aws.events.rule-name',
  INGESTION_TIME: 'aws.events.event.ingestion-time',
  EVENT: 'aws.events.event',
  EVENT_JSON: 'aws.events.event.json',
} as const;

/**
 * The payload a target receives: `Input` as given, the `InputPath` match as
 * JSON, the rendered `InputTransformer` template, or else the whole event.
 */
export function renderTargetInput(
  target: TargetRecord,
  event: BusEvent,
  context: DeliveryContext,
): string {
  if (target.input !== undefined) return target.input;
  if (target.inputPath !== undefined) {
    const result = evaluateJsonPath(target.inputPath, event);
    // AWS does not document a path that matches nothing; JSON null keeps the payload valid.
    return result.found ? JSON.stringify(result.value) : 'null';
  }
  if (target.inputTransformer) return renderInputTemplate(target.inputTransformer, event, context);
  return JSON.stringify(event);
}

type Variable =
  | { readonly found: true; readonly value: unknown; readonly verbatim?: string }
  | { readonly found: false };

const PLACEHOLDER = /^<([A-Za-z0-9_.-]+)>/;

/**
 * Fills an input template as EventBridge does. A placeholder inside a JSON
 * string literal takes the value's text unescaped (objects lose their inner
 * quotes); anywhere else it takes the value as JSON, so strings gain quotes.
 * A variable whose path matched nothing becomes `null` (or nothing inside a
 * string). `<aws.events.event>` and `<aws.events.event.json>` are JSON,
 * inserted as they are.
 */
export function renderInputTemplate(
  transformer: InputTransformer,
  event: BusEvent,
  context: DeliveryContext,
): string {
  const variables = resolveVariables(transformer, event, context);
  const template = transformer.inputTemplate;
  let out = '';
  let inString = false;
  let i = 0;
  while (i < template.length) {
    const ch = template[i] as string;
    if (ch === '\\' && inString) {
      out += template.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (ch === '"') {
      inString = !inString;
      out += ch;
      i++;
      continue;
    }
    if (ch === '<') {
      const name = PLACEHOLDER.exec(template.slice(i))?.[1];
      const variable = name === undefined ? undefined : variables.get(name);
      if (name !== undefined && variable !== undefined) {
        out += inString ? asStringText(variable) : asJsonValue(variable);
        i += name.length + 2;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return out;
}

function resolveVariables(
  transformer: InputTransformer,
  event: BusEvent,
  context: DeliveryContext,
): Map<string, Variable> {
  const variables = new Map<string, Variable>();
  for (const [name, path] of Object.entries(transformer.inputPathsMap)) {
    const result = evaluateJsonPath(path, event);
    variables.set(name, result.found ? { found: true, value: result.value } : { found: false });
  }
  const { detail: _detail, ...withoutDetail } = event;
  variables.set(ReservedVariables.RULE_ARN, { found: true, value: context.ruleArn });
  variables.set(ReservedVariables.RULE_NAME, { found: true, value: context.ruleName });
  variables.set(ReservedVariables.INGESTION_TIME, {
    found: true,
    value: new Date(context.ingestionTime).toISOString(),
  });
  variables.set(ReservedVariables.EVENT, {
    found: true,
    value: withoutDetail,
    verbatim: JSON.stringify(withoutDetail),
  });
  variables.set(ReservedVariables.EVENT_JSON, {
    found: true,
    value: event,
    verbatim: JSON.stringify(event),
  });
  return variables;
}

function asJsonValue(variable: Variable): string {
  if (!variable.found) return 'null';
  return variable.verbatim ?? JSON.stringify(variable.value);
}

function asStringText(variable: Variable): string {
  if (!variable.found) return '';
  if (variable.verbatim !== undefined) return variable.verbatim;
  const { value } = variable;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    // AWS drops the inner quotes so the string stays a valid JSON string.
    return JSON.stringify(value).replaceAll('"', '');
  }
  return String(value);
}
