import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findInvokeTarget } from '../../src/dev/targets';
import { AgentGraph } from '../../src/graph/agent-graph';
import { outputKey } from '../../src/graph/names';
import { StageChoiceError } from '../../src/spec/stages';
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

describe('findInvokeTarget in a stage', () => {
  const input = {
    ...RESEARCH_TEAM,
    stages: { dev: {}, prod: { region: 'eu-west-1' } },
  } as const;
  const arnOf = (stage: string) => `${ARN}-${stage}`;

  /** A project with the outputs `deploy --stage` wrote for each stage. */
  function project(): string {
    const dir = mkdtempSync(join(tmpdir(), 'targets-'));
    writeFileSync(join(dir, 'agents.json'), JSON.stringify(input));
    const graph = AgentGraph.fromSpec(validateSystem(input));
    const key = outputKey(graph.orchestrator.names, 'RuntimeArn');
    for (const stage of ['dev', 'prod']) {
      writeFileSync(
        join(dir, `cdk-outputs.${stage}.json`),
        JSON.stringify({ [`${graph.spec.name}-${stage}`]: { [key]: arnOf(stage) } }),
      );
    }
    return dir;
  }

  it('reads the stage’s own outputs file and stack', async () => {
    const dir = project();
    for (const stage of ['dev', 'prod']) {
      expect(await findInvokeTarget(dir, 'orchestrator', { stage })).toMatchObject({
        arn: arnOf(stage),
        where: 'deployed',
      });
    }
  });

  it('refuses to guess between stages, and says how to deploy a missing one', async () => {
    const dir = project();
    await expect(findInvokeTarget(dir, 'orchestrator', { deployed: true })).rejects.toThrow(
      new StageChoiceError(
        'agents.json describes 2 stages (dev, prod) and this acts on one; name it with --stage, e.g. --stage dev',
      ),
    );
    rmSync(join(dir, 'cdk-outputs.prod.json'));
    await expect(findInvokeTarget(dir, 'orchestrator', { stage: 'prod' })).rejects.toThrow(
      'cdk-outputs.prod.json does not exist; deploy first ("npx projen deploy --stage prod" writes it)',
    );
  });
});
