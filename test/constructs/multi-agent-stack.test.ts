import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { MultiAgentStack, MultiAgentSystem } from '../../src/constructs';
import type { SystemSpec } from '../../src/spec/schema';
import { diamond, projectWithArtifacts } from './fixtures';
import { type CfnTemplate, references, statementsByRole } from './template-graph';

const app = () => new App({ builtinCloudFormationValidation: false });

/** A generated project's folder: its agents.json and every agent's bundle. */
function project(spec: SystemSpec = diamond()): string {
  const dir = projectWithArtifacts(spec);
  writeFileSync(join(dir, 'agents.json'), JSON.stringify(spec, undefined, 2));
  return dir;
}

function roleId(system: MultiAgentSystem, agent: string): string {
  const role = system.agent(agent).role.node.defaultChild as CfnRole;
  return Stack.of(role).getLogicalId(role as CfnElement);
}

/** The roles whose policies allow anything on the resource of that logical id. */
function rolesGranted(template: CfnTemplate, resource: string): string[] {
  return [...statementsByRole(template)]
    .filter(([, statements]) => statements.some((s) => references(s.Resource).has(resource)))
    .map(([role]) => role);
}

describe('an agent, the CDK way', () => {
  it('is grantable: bucket.grantRead(system.agent(name)) grants exactly that agent’s role', () => {
    const dir = project();
    const stack = new Stack(app(), 'Mine');
    const system = new MultiAgentSystem(stack, 'Agents', { projectDir: dir });
    const bucket = new Bucket(stack, 'Documents');
    bucket.grantRead(system.agent('b'));
    const template = Template.fromStack(stack).toJSON() as CfnTemplate;

    const bucketId = stack.getLogicalId(bucket.node.defaultChild as CfnElement);
    expect(rolesGranted(template, bucketId)).toEqual([roleId(system, 'b')]);
    expect(system.agent('b').grantPrincipal).toBe(system.agent('b').runtime.role);
    expect(system.agent('b').role).toBe(system.agent('b').runtime.role);
  });
});

describe('MultiAgentStack', () => {
  it('reads agents.json: named after the system, in its Region, holding every agent', () => {
    const dir = project(diamond({ region: 'eu-west-1' }));
    const stack = new MultiAgentStack(app(), undefined, { projectDir: dir });
    expect(stack.stackName).toBe('diamond');
    expect(stack.region).toBe('eu-west-1');
    expect(stack.system.agents.map((a) => a.agent.spec.name).sort()).toEqual([
      'a',
      'b',
      'c',
      'orchestrator',
    ]);
  });

  it('synthesizes what the generated app synthesized when src/main.ts was managed', () => {
    // The app the earlier, managed src/main.ts built, verbatim: a project moving to its own
    // src/main.ts must deploy exactly the same resources under the same logical ids.
    const spec = diamond();
    const dir = project(spec);
    const earlier = new Stack(app(), spec.name, {
      env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: spec.region },
      description: `Multi-agent system ${spec.name} on Amazon Bedrock AgentCore (${spec.agents.length} agents)`,
    });
    new MultiAgentSystem(earlier, 'Agents', { system: spec, projectDir: dir });
    const now = new MultiAgentStack(app(), undefined, { projectDir: dir });

    expect(now.stackName).toBe(earlier.stackName);
    expect(Template.fromStack(now).toJSON()).toEqual(Template.fromStack(earlier).toJSON());
  });

  it('names agents.json and the fix when the file is invalid', () => {
    const dir = project();
    writeFileSync(join(dir, 'agents.json'), JSON.stringify({ ...diamond(), region: 'nowhere' }));
    expect(() => new MultiAgentStack(app(), undefined, { projectDir: dir })).toThrow(
      /agents\.json has 1 problem:\n {2}- region: is not an AWS region code/,
    );
  });
});
