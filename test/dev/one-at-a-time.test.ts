import { describe, expect, it } from 'vitest';
import { oneAtATime } from '../../src/dev/one-at-a-time';
import { gate, settle } from './gate';

describe('oneAtATime', () => {
  it('runs once at a time; calls during a run share the one run after it', async () => {
    const gates = [gate(), gate(), gate()];
    let runs = 0;
    const build = oneAtATime(async () => {
      const run = runs++;
      await gates[run].done;
      return run;
    });
    const first = build();
    await settle();
    const second = build();
    const third = build();
    await settle();
    // The second run waits for the first, and the calls made meanwhile share it.
    expect(runs).toBe(1);
    expect(third).toBe(second);
    gates[0].open();
    expect(await first).toBe(0);
    await settle();
    expect(runs).toBe(2);
    // A call once the second run has begun gets a third, after it.
    const fourth = build();
    gates[1].open();
    expect(await second).toBe(1);
    gates[2].open();
    expect(await fourth).toBe(2);
    expect(runs).toBe(3);
  });

  it('fails the callers of a failed run only; the next run still happens', async () => {
    const first = gate();
    let runs = 0;
    const build = oneAtATime(async () => {
      runs++;
      if (runs === 1) await first.done;
      return runs;
    });
    const failing = build();
    await settle();
    const next = build();
    first.fail(new Error('does not compile'));
    await expect(failing).rejects.toThrow('does not compile');
    expect(await next).toBe(2);
  });
});
