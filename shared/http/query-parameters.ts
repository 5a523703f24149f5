import * as z from '../zod';

/** A page size: a decimal integer from 1 to 100 (no signs, exponents or hex). */
export const LimitParameter = z
  .pipe(
    z.string().check(z.regex(/^[1-9][0-9]{0,2}$/, 'must be a decimal integer from 1 to 100')),
    z.transform(Number),
  )
  .check(z.refine((n) => n <= 100, 'must be a decimal integer from 1 to 100'));

/** A page cursor handed out by a previous page. */
export const CursorParameter = z.string().check(z.minLength(1), z.maxLength(2048));

/** A customer id as `POST /orders` accepts it, restricted to URL-safe characters. */
export const CustomerIdParameter = z
  .string()
  .check(z.regex(/^[A-Za-z0-9._@+-]{1,128}$/, 'must be 1 to 128 letters, digits or . _ @ + -'));

/** A UTC day, `YYYY-MM-DD`, that exists in the calendar. */
export const DayParameter = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day as YYYY-MM-DD'),
  z.refine(
    (day) => new Date(`${day}T00:00:00.000Z`).toISOString().slice(0, 10) === day,
    'is not a calendar day',
  ),
);
