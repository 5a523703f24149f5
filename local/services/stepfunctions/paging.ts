import { modelConstraintMessage, requireIntegerInRange } from '../../core/validators';
import { StepFunctionsErrors } from './errors';

/** Step Functions list and history pages: "The default is 100 and the maximum allowed page size is 1000. A value of 0 uses the default." */
export const PAGE_SIZE = { default: 100, max: 1000 } as const;

/**
 * One page of `items` as the `maxResults` / `nextToken` parameters ask for.
 * The token is opaque to clients (here: the offset, base64url) and tied to
 * the request it came from (`scope`).
 * @throws AwsServiceError `InvalidToken` for a token not issued for this scope,
 *   `ValidationException` for `maxResults` outside 0–1000.
 */
export function page<T>(
  items: readonly T[],
  input: { maxResults?: unknown; nextToken?: unknown },
  scope: string,
): { items: T[]; nextToken?: string } {
  const size = requireIntegerInRange(
    'maxResults',
    input.maxResults === undefined ? 0 : Number(input.maxResults),
    { min: 0, max: PAGE_SIZE.max },
    (field, _value, range) =>
      StepFunctionsErrors.validation(
        modelConstraintMessage(
          field,
          `Member must have value between ${range.min} and ${range.max}`,
          input.maxResults,
        ),
      ),
  );
  const limit = size === 0 ? PAGE_SIZE.default : size;
  let offset = 0;
  if (input.nextToken !== undefined) {
    const [tokenScope, at] = Buffer.from(String(input.nextToken), 'base64url')
      .toString('utf8')
      .split('\n');
    offset = Number(at);
    if (tokenScope !== scope || !Number.isInteger(offset) || offset < 0)
      throw StepFunctionsErrors.invalidToken(String(input.nextToken));
  }
  const slice = items.slice(offset, offset + limit);
  const next = offset + limit;
  return next < items.length
    ? { items: slice, nextToken: Buffer.from(`${scope}\n${next}`).toString('base64url') }
    : { items: slice };
}
