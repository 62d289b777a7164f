import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findInvokeTarget } from '../../src/dev/targets';
import { AgentGraph } from '../../src/graph/agent-graph';
import { outputKey } from '../../src/graph/names';
import { validateSystem } from '../../src/spec/validate';
import { RESEARCH_TEAM } from './harness';

const ARN = 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/orchestrator-abc';

describe('findInvokeTarget --deployed', () => {
  it('reads the stack outputs from a file relative to the project, or at an absolute path', async () => {
    const project = mkdtempSync(join(tmpdir(), 'targets-'));
    writeFileSync(join(project, 'agents.json'), JSON.stringify(RESEARCH_TEAM));
    const graph = AgentGraph.fromSpec(validateSystem(RESEARCH_TEAM));
    const outputs = JSON.stringify({
      [graph.spec.name]: { [outputKey(graph.orchestrator.names, 'RuntimeArn')]: ARN },
    });
    writeFileSync(join(project, 'staging.json'), outputs);
    const elsewhere = join(mkdtempSync(join(tmpdir(), 'outputs-')), 'cdk-outputs.json');
    writeFileSync(elsewhere, outputs);

    for (const outputsFile of ['staging.json', elsewhere]) {
      const target = await findInvokeTarget(project, 'orchestrator', {
        deployed: true,
        outputsFile,
      });
      expect(target, outputsFile).toMatchObject({ arn: ARN, where: 'deployed' });
    }
  });
});
