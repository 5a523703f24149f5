import { describe, expect, it } from 'vitest';
import * as classic from 'zod';
import * as z from '../../../shared/zod';

describe('Module: shared/zod', () => {
  it("gives zod/mini issues zod's English messages, as zod classic writes them", () => {
    // Prepare: the same rule in both flavours.
    const mini = z.string().check(z.minLength(3));
    const same = classic.string().min(3);

    // Act
    const miniResult = z.safeParse(mini, 'ab');
    const classicResult = same.safeParse('ab');

    // Assess: the message zod's English locale writes for `too_small` on a string.
    expect(miniResult.success).toBe(false);
    expect(miniResult.error?.issues[0]?.message).toBe(
      'Too small: expected string to have >=3 characters',
    );
    expect(miniResult.error?.issues[0]?.message).toBe(classicResult.error?.issues[0]?.message);
  });

  it('recognises the errors of zod/mini and of zod classic as $ZodError', () => {
    // Act
    const fromMini = (() => {
      try {
        z.int().parse(1.5);
      } catch (error) {
        return error;
      }
    })();
    const fromClassic = classic.int().safeParse(1.5).error;

    // Assess
    expect(fromMini).toBeInstanceOf(z.$ZodError);
    expect(fromClassic).toBeInstanceOf(z.$ZodError);
    expect(new Error('not zod')).not.toBeInstanceOf(z.$ZodError);
  });
});
