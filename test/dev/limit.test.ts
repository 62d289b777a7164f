import { describe, expect, it } from 'vitest';
import { limit } from '../../src/dev/limit';
import { gate, settle } from './gate';

describe('limit', () => {
  it('runs at most its slots at once, the rest in the order given', async () => {
    const run = limit(2);
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    const all = gates.map((g, i) =>
      run(async () => {
        started.push(i);
        await g.done;
        return i;
      }),
    );
    await settle();
    expect(started).toEqual([0, 1]);
    gates[1].open();
    await settle();
    expect(started).toEqual([0, 1, 2]);
    gates[0].open();
    gates[2].open();
    await settle();
    expect(started).toEqual([0, 1, 2, 3]);
    gates[3].open();
    expect(await Promise.all(all)).toEqual([0, 1, 2, 3]);
  });

  it('frees the slot of a task that fails, and passes its error on', async () => {
    const run = limit(1);
    const first = gate();
    const failing = run(() => first.done);
    const next = run(async () => 'ran');
    first.fail(new Error('no start'));
    await expect(failing).rejects.toThrow('no start');
    expect(await next).toBe('ran');
  });

  it('refuses a limit without a slot', () => {
    expect(() => limit(0)).toThrow('A limit needs at least one slot, not 0');
  });
});
