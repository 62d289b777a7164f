import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { AGENT_ARTIFACT_DIR, AGENT_DOCKERFILE } from '../../src/layout';
import type { SystemSpec } from '../../src/spec/schema';
import { diamond, projectWithArtifacts, type Synthesized, synth } from './fixtures';
import type { CfnTemplate } from './template-graph';

function logicalId(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

/** Synthesizes the same system twice, the second time with agent `changed`'s bundle edited. */
function twice(spec: SystemSpec, changed: string): [Synthesized, Synthesized] {
  const base = (agent: string) => `export const agent = '${agent}';\n`;
  // Same folder path both times, so only file content can differ.
  const rootA = mkdtempSync(join(tmpdir(), 'agentcore-change-'));
  const before = synth(spec, {}, { projectDir: projectWithArtifacts(spec, base, rootA) });
  projectWithArtifacts(
    spec,
    (agent) => (agent === changed ? `${base(agent)}export const v = 2;\n` : base(agent)),
    rootA,
  );
  const after = synth(spec, {}, { projectDir: rootA });
  return [before, after];
}

/** Logical ids of resources whose definition differs between two templates. */
function changedResources(a: CfnTemplate, b: CfnTemplate): string[] {
  const ids = new Set([...Object.keys(a.Resources), ...Object.keys(b.Resources)]);
  return [...ids]
    .filter((id) => JSON.stringify(a.Resources[id]) !== JSON.stringify(b.Resources[id]))
    .sort();
}

describe('changing one agent’s artifact', () => {
  it('in container mode changes only that agent’s build, whose new tag rolls only its runtime', () => {
    const [before, after] = twice(diamond(), 'b');
    const changed = changedResources(
      before.template.toJSON() as CfnTemplate,
      after.template.toJSON() as CfnTemplate,
    );
    const buildB = logicalId(
      after.system
        .agent('b')
        .image?.node.findChild('Build')
        .node.findChild('Resource') as IConstruct,
    );
    expect(changed).toEqual([buildB]);

    // The new build reports a new ImageTag; only b's runtime reads it, so only b's runtime
    // is updated. Callers read b's ARN, which an update does not change.
    const json = after.template.toJSON() as CfnTemplate;
    const readers = Object.entries(json.Resources)
      .filter(([, r]) => JSON.stringify(r.Properties ?? {}).includes(`"${buildB}","ImageTag"`))
      .map(([id]) => id);
    expect(readers).toEqual([logicalId(after.system.agent('b').runtime)]);
  });

  it('in code mode changes only that agent’s runtime (its zip’s key)', () => {
    const [before, after] = twice(diamond({ buildMode: 'code' }), 'c');
    const changed = changedResources(
      before.template.toJSON() as CfnTemplate,
      after.template.toJSON() as CfnTemplate,
    );
    expect(changed).toEqual([logicalId(after.system.agent('c').runtime)]);
  });

  it('in code mode ignores a Dockerfile edit: the zip holds only the bundle', () => {
    const spec = diamond({ buildMode: 'code' });
    const root = projectWithArtifacts(spec);
    const before = synth(spec, {}, { projectDir: root }).template.toJSON() as CfnTemplate;
    writeFileSync(join(root, 'agents', 'a', AGENT_ARTIFACT_DIR, AGENT_DOCKERFILE), 'FROM other\n');
    const after = synth(spec, {}, { projectDir: root }).template.toJSON() as CfnTemplate;
    expect(changedResources(before, after)).toEqual([]);
  });

  it('leaves every resource as it was when nothing changed', () => {
    const spec = diamond();
    const root = projectWithArtifacts(spec);
    const a = synth(spec, {}, { projectDir: root }).template.toJSON() as CfnTemplate;
    const b = synth(spec, {}, { projectDir: root }).template.toJSON() as CfnTemplate;
    expect(changedResources(a, b)).toEqual([]);
  });
});
