import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSIONS } from '../../src/projen/versions';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const pinned = new Set<string>(Object.values(VERSIONS));

describe("this package's dependency declarations", () => {
  it('declares each peer as a caret range from the pin generated projects use', () => {
    const peers = Object.entries(manifest.peerDependencies);
    expect(peers.length).toBeGreaterThan(0);
    for (const [name, range] of peers) {
      expect(range, name).toMatch(/^\^\d+\.\d+\.\d+$/);
      expect(pinned.has(range.slice(1)), `${name}@${range} starts at a pin of versions.ts`).toBe(
        true,
      );
    }
  });

  it('builds and tests against exactly those pins', () => {
    for (const [name, range] of Object.entries(manifest.peerDependencies)) {
      expect(manifest.devDependencies[name], name).toBe(range.slice(1));
    }
    for (const [name, version] of Object.entries(manifest.devDependencies)) {
      expect(version, name).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });
});
