import { describe, expect, it } from 'vitest';
import { costUsd, formatUsd, priceOf } from '../../src/spec/prices';
import { checkSystem } from '../../src/spec/validate';

describe('model prices', () => {
  it('knows a model by any inference profile and version of it', () => {
    for (const id of [
      'global.anthropic.claude-sonnet-4-6',
      'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      'anthropic.claude-sonnet-4-5-20250929-v1:0',
    ]) {
      expect(priceOf(id), id).toEqual({ inputPerMillionTokens: 3, outputPerMillionTokens: 15 });
    }
    expect(priceOf('us.amazon.nova-pro-v1:0')?.inputPerMillionTokens).toBe(0.8);
    expect(priceOf('amazon.nova-premier-v1:0')?.inputPerMillionTokens).toBe(2.5);
  });

  it('shows no price for a model it does not know, never a guess', () => {
    expect(priceOf('acme.frontier-9')).toBeUndefined();
    expect(priceOf('anthropic.claude-sonnet-4')).toBeUndefined();
    expect(costUsd('acme.frontier-9', { inputTokens: 10, outputTokens: 10 })).toBeUndefined();
  });

  it("takes the project's prices first, exactly or by model", () => {
    const own = { 'acme.frontier-9': { inputPerMillionTokens: 2, outputPerMillionTokens: 4 } };
    expect(costUsd('acme.frontier-9', { inputTokens: 1e6, outputTokens: 5e5 }, own)).toBe(4);
    const cheaper = {
      'anthropic.claude-sonnet-4-6': { inputPerMillionTokens: 1, outputPerMillionTokens: 1 },
    };
    expect(priceOf('global.anthropic.claude-sonnet-4-6', cheaper)?.inputPerMillionTokens).toBe(1);
  });

  it('formats small and large costs readably', () => {
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(0.0000123)).toBe('$0.000012');
    expect(formatUsd(1.23456)).toBe('$1.2346');
  });

  it('validates prices in agents.json with the field, the value and the fix', () => {
    const check = checkSystem({
      name: 'team',
      prices: { 'acme.frontier-9': { inputPerMillionTokens: -1, outputPerMillionTokens: 2 } },
      agents: [{ name: 'lead', role: 'orchestrator', description: 'Leads.' }],
    });
    expect(check.spec).toBeUndefined();
    expect(check.problems[0]).toMatchObject({
      path: 'prices.acme.frontier-9.inputPerMillionTokens',
      value: -1,
    });
    const ok = checkSystem({
      name: 'team',
      prices: { 'acme.frontier-9': { inputPerMillionTokens: 1, outputPerMillionTokens: 2 } },
      agents: [{ name: 'lead', role: 'orchestrator', description: 'Leads.' }],
    });
    expect(ok.spec?.prices['acme.frontier-9'].outputPerMillionTokens).toBe(2);
  });
});
