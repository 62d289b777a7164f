import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { CfnManagedPolicy, CfnPolicy, PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks, NagRuleCompliance, rules } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { MultiAgentSystem } from '../../src/constructs';
import type { SystemSpec } from '../../src/spec/schema';
import { diamond, projectWithArtifacts, star, synth } from './fixtures';

const VPC = {
  mode: 'VPC' as const,
  subnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
  securityGroupIds: ['sg-0123456789abcdef0'],
};

/**
 * Synthesizes with cdk-nag's AwsSolutions pack (any unacknowledged finding throws); the
 * number of runtimes in the assembly, proof the pack looked at a whole system.
 */
function runtimesAfterNag(spec: SystemSpec): number {
  const app = new App({ builtinCloudFormationValidation: false });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  synth(spec, {}, { app });
  return runtimesIn(app);
}

/** How many AgentCore runtimes the app's synthesized stacks hold (synthesizing it). */
function runtimesIn(app: App): number {
  return app
    .synth()
    .stacks.flatMap((stack) =>
      Object.values(stack.template.Resources as Record<string, { Type: string }>),
    )
    .filter((resource) => resource.Type === 'AWS::BedrockAgentCore::Runtime').length;
}

/** Acknowledged rule ids recorded on a construct itself. */
function acknowledgedOn(construct: IConstruct): string[] {
  return construct.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => Object.keys(m.data as Record<string, string>))
    .map((id) => id.replace(/^annotation::/i, ''));
}

function reasonsOn(construct: IConstruct): string[] {
  return construct.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => Object.values(m.data as Record<string, string>));
}

/** The IAM5 finding ids cdk-nag's own rule reports for one policy resource. */
function wildcardFindings(policy: CfnResource): string[] {
  const result = rules.iam.IAMNoWildcardPermissions(policy);
  if (result === NagRuleCompliance.COMPLIANT || result === NagRuleCompliance.NOT_APPLICABLE) {
    return [];
  }
  return (result as string[]).map((finding) => `AwsSolutions-IAM5[${finding}]`);
}

describe('cdk-nag AwsSolutions', () => {
  it.each([
    ['container agents, public network', diamond()],
    ['code agents in a VPC', diamond({ buildMode: 'code', network: VPC })],
    ['50 container agents', star(50)],
    [
      'agents with memory and every long-term strategy',
      diamond({ memory: { longTerm: ['semantic', 'summary', 'userPreference'] } }),
    ],
  ])('leaves no unacknowledged finding: %s', (_, spec) => {
    expect(runtimesAfterNag(spec)).toBe(spec.agents.length);
  });

  it('leaves no unacknowledged finding in an environment-agnostic stack', () => {
    const app = new App({ builtinCloudFormationValidation: false });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const stack = new Stack(app, 'Anywhere');
    const spec = diamond();
    const mixed = {
      ...spec,
      agents: spec.agents.map((a) => (a.name === 'c' ? { ...a, buildMode: 'code' as const } : a)),
    };
    new MultiAgentSystem(stack, 'System', {
      system: mixed,
      projectDir: projectWithArtifacts(mixed),
    });
    expect(runtimesIn(app)).toBe(mixed.agents.length);
  });

  it.each([
    ['container', diamond()],
    ['code', diamond({ buildMode: 'code' })],
    ['memory-using', diamond({ memory: { longTerm: ['semantic'] } })],
  ])(
    'acknowledges on each %s-mode execution role exactly the wildcard findings its policies raise',
    (_, spec) => {
      const { system } = synth(spec);
      for (const agent of system.agents) {
        const role = agent.runtime.role as Role;
        const policies = role.node
          .findAll()
          .filter((c): c is CfnResource => c instanceof CfnPolicy || c instanceof CfnManagedPolicy);
        expect(policies.length).toBeGreaterThan(0);
        const findings = new Set(policies.flatMap(wildcardFindings));
        const acknowledged = new Set(
          acknowledgedOn(role).filter((id) => id.startsWith('AwsSolutions-IAM5')),
        );
        // No finding left unexplained, and no acknowledgement for a finding that is not there.
        expect([...acknowledged].sort()).toEqual([...findings].sort());
        // Never the bare rule id, which would silence every future wildcard too.
        expect(acknowledgedOn(role)).not.toContain('AwsSolutions-IAM5');
        for (const reason of reasonsOn(role)) expect(reason.length).toBeGreaterThan(40);
      }
    },
  );

  it.each([
    ['4', diamond()],
    ['50', star(50)],
  ])(
    'acknowledges on the shared build role exactly its wildcard findings (%s agents)',
    (_, spec) => {
      const { system } = synth(spec);
      const role = system.agents[0].image?.buildProject.role as Role;
      const policies = role.node
        .findAll()
        .filter((c): c is CfnResource => c instanceof CfnPolicy || c instanceof CfnManagedPolicy);
      const findings = new Set(policies.flatMap(wildcardFindings));
      const acknowledged = acknowledgedOn(role).filter((id) => id.startsWith('AwsSolutions-IAM5'));
      expect(acknowledged.sort()).toEqual([...findings].sort());
    },
  );

  it('acknowledges only on the resource concerned, never on the system or the stack', () => {
    const { system, stack } = synth(diamond());
    expect(acknowledgedOn(system)).toEqual([]);
    expect(acknowledgedOn(stack)).toEqual([]);
    for (const agent of system.agents) expect(acknowledgedOn(agent)).toEqual([]);
  });

  it('still reports a wildcard this package did not explain', () => {
    const app = new App({ builtinCloudFormationValidation: false });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const stack = new Stack(app, 'Agents');
    const spec = diamond({ buildMode: 'code' });
    const system = new MultiAgentSystem(stack, 'System', {
      system: spec,
      projectDir: projectWithArtifacts(spec),
    });
    system
      .agent('c')
      .runtime.role.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::elsewhere/*'] }),
      );
    let message = '';
    try {
      app.synth();
    } catch (error) {
      message = String(error);
    }
    const reportPath = /found in: (\S+)/.exec(message)?.[1] ?? '';
    expect(reportPath).not.toBe('');
    const report = readFileSync(reportPath, 'utf8');
    expect(report).toContain('AwsSolutions-IAM5[Resource::arn:aws:s3:::elsewhere/*]');
    // Only that one: everything the package creates stays acknowledged.
    expect(report.match(/AwsSolutions-IAM5\[/g)).toHaveLength(1);
  });
});

describe('aws-cdk-lib built-in CloudFormation validator (default rules as errors)', () => {
  it('finds no error in a mixed system with memory', () => {
    const app = new App({ context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
    const spec = diamond({ memory: { longTerm: ['semantic', 'summary', 'userPreference'] } });
    synth(
      {
        ...spec,
        agents: spec.agents.map((a) => (a.name === 'c' ? { ...a, buildMode: 'code' } : a)),
      },
      {},
      { app },
    );
    const assembly = app.synth();
    const report = JSON.parse(
      readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'),
    );
    expect(report.pluginReports).toEqual([]);
  });

  it('does fail on an invalid runtime (so the check above can fail)', () => {
    const app = new App({ context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
    const stack = new Stack(app, 'Broken');
    new CfnResource(stack, 'Runtime', {
      type: 'AWS::BedrockAgentCore::Runtime',
      properties: { AgentRuntimeName: 'x', Unknown: true },
    });
    expect(() => app.synth()).toThrow(/CloudFormation Validate/);
  });
});

describe('cfn-guard Control Tower rules', () => {
  it('records the known findings of the shared image build, and nothing on agents', () => {
    const s = synth(diamond({ network: VPC }));
    const assembly = s.app.synth();
    const templatePath = assembly.getStackByName(s.stack.stackName).templateFullPath;
    const report = new CfnGuardValidator().validate({
      templatePaths: [templatePath],
      appConstruct: s.app,
    });
    const template = s.template.toJSON() as { Resources: Record<string, { Type: string }> };
    const found = report.violations
      .flatMap((v) =>
        v.violatingResources.map(
          (r) => `${v.ruleName} on ${template.Resources[r.resourceLogicalId]?.Type}`,
        ),
      )
      .sort();
    // Docker builds need a privileged CodeBuild environment; the trigger function only
    // calls CodeBuild's public API and would need NAT or endpoints inside a VPC. Both come
    // from @cdklabs/deploy-time-build's shared resources, one of each per stack.
    expect(found).toEqual([
      'codebuild_project_environment_privileged_check on AWS::CodeBuild::Project',
      'lambda_inside_vpc_check on AWS::Lambda::Function',
    ]);
  });
});

describe('a correct system synthesizes without warnings', () => {
  it.each([
    ['container agents, public network', diamond()],
    ['code agents, public network', diamond({ buildMode: 'code' })],
    ['container agents in a VPC', diamond({ network: VPC })],
    ['code agents in a VPC', diamond({ buildMode: 'code', network: VPC })],
  ])('%s', (_, spec) => {
    const { app } = synth(spec);
    const warnings = app
      .synth()
      .stacks.flatMap((stack) => stack.messages)
      .filter((m) => m.level === 'warning')
      .map((m) => `${m.id}: ${String(m.entry.data)}`);
    expect(warnings).toEqual([]);
  });
});
