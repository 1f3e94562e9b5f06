import { describe, expect, it } from 'vitest';
import { whileSchemasAreDropped } from '../src/db/database.ts';

/** PostgreSQL's error when a schema is dropped under a catalogue look-up (another shop's, another test's). */
const droppedSchema = () => Object.assign(new Error('schema "t_gone" does not exist'), { code: '3F000' });

describe('catalogue look-ups while other shops drop their schemas', () => {
  it('a look-up that met a schema dropped under it is made again, and answers', async () => {
    let calls = 0;
    const tables = await whileSchemasAreDropped(async () => {
      calls++;
      if (calls < 3) throw droppedSchema();
      return ['products'];
    });
    expect(tables).toEqual(['products']);
    expect(calls).toBe(3);
  });

  it('any other failure is not retried, and a schema that stays missing fails after a few attempts', async () => {
    let calls = 0;
    await expect(
      whileSchemasAreDropped(async () => {
        calls++;
        throw Object.assign(new Error('permission denied for schema shop'), { code: '42501' });
      }),
    ).rejects.toThrow('permission denied');
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      whileSchemasAreDropped(async () => {
        calls++;
        throw droppedSchema();
      }),
    ).rejects.toThrow('does not exist');
    expect(calls).toBe(5);
  });
});
