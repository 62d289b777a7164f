import { describe, expect, it } from 'vitest';
import { diamond, synth } from './fixtures';
import type { CfnTemplate } from './template-graph';

// CloudFormation replaces a resource whose logical id changes: a deployed runtime would be
// deleted and created again under a new ARN. The ids come from construct ids, never from
// class or file names, so renaming code must leave this list as it is; a change here is a
// change users pay for at their next deploy.

/** Each agent's resources, in the order the system creates them. */
const PER_AGENT: Readonly<Record<string, readonly string[]>> = {
  C: [
    'SystemCImageRepository07F10B1C AWS::ECR::Repository',
    'SystemCImageBuildE8F042E2 Custom::CDKContainerImageBuild',
    'SystemCRuntimeExecutionRole04C358FB AWS::IAM::Role',
    'SystemCRuntimeExecutionRoleDefaultPolicyB23610CB AWS::IAM::Policy',
    'SystemCRuntime22C1C0D3 AWS::BedrockAgentCore::Runtime',
  ],
  A: [
    'SystemAImageRepositoryE48EBC06 AWS::ECR::Repository',
    'SystemAImageBuild2D228A61 Custom::CDKContainerImageBuild',
    'SystemARuntimeExecutionRole9F4AE89B AWS::IAM::Role',
    'SystemARuntimeExecutionRoleDefaultPolicy70274A01 AWS::IAM::Policy',
    'SystemARuntimeE72A7452 AWS::BedrockAgentCore::Runtime',
  ],
  B: [
    'SystemBImageRepositoryCB5CC238 AWS::ECR::Repository',
    'SystemBImageBuildC926CDBD Custom::CDKContainerImageBuild',
    'SystemBRuntimeExecutionRole1D313F82 AWS::IAM::Role',
    'SystemBRuntimeExecutionRoleDefaultPolicyD30E7618 AWS::IAM::Policy',
    'SystemBRuntimeE18404B8 AWS::BedrockAgentCore::Runtime',
  ],
  Orchestrator: [
    'SystemOrchestratorImageRepository6DAFA4EF AWS::ECR::Repository',
    'SystemOrchestratorImageBuildE2B475C0 Custom::CDKContainerImageBuild',
    'SystemOrchestratorRuntimeExecutionRoleDD0F44BD AWS::IAM::Role',
    'SystemOrchestratorRuntimeExecutionRoleDefaultPolicy91F8EB73 AWS::IAM::Policy',
    'SystemOrchestratorRuntime8AAF3F65 AWS::BedrockAgentCore::Runtime',
  ],
};

/** The image build's resources, one set per stack. */
const SHARED_BUILD = [
  'DeployTimeBuildCustomResourceHandlerdb740fd554364a848a09e6dfcd01f4f3ServiceRoleB008BAA4 AWS::IAM::Role',
  'DeployTimeBuildCustomResourceHandlerdb740fd554364a848a09e6dfcd01f4f3ServiceRoleDefaultPolicyFECC51DC AWS::IAM::Policy',
  'DeployTimeBuildCustomResourceHandlerdb740fd554364a848a09e6dfcd01f4f306AEFF37 AWS::Lambda::Function',
  'ContainerImageBuildArm64e83729feb1564e709bec452b15847a30amd64RoleC5F7BBFE AWS::IAM::Role',
  'ContainerImageBuildArm64e83729feb1564e709bec452b15847a30amd64RoleDefaultPolicy2316728F AWS::IAM::Policy',
  'ContainerImageBuildArm64e83729feb1564e709bec452b15847a30amd64C13E3549 AWS::CodeBuild::Project',
];

const MEMORY = [
  'SystemSystemMemoryServiceRoleCB84E560 AWS::IAM::Role',
  'SystemSystemMemory987A6287 AWS::BedrockAgentCore::Memory',
];

const AGENT_OUTPUTS = Object.keys(PER_AGENT).flatMap((agent) =>
  ['RuntimeArn', 'InvokeCommand', 'Details'].map((suffix) => `${agent}${suffix}`),
);

function resources(json: CfnTemplate): string[] {
  return Object.entries(json.Resources).map(([id, r]) => `${id} ${r.Type}`);
}

function outputs(json: CfnTemplate): string[] {
  return Object.keys((json as { Outputs?: object }).Outputs ?? {});
}

describe('the logical ids a deployed system keeps', () => {
  it('in container mode, with memory', () => {
    const json = synth(
      diamond({ memory: { expiryDays: 45, longTerm: ['semantic'] } }),
    ).template.toJSON() as CfnTemplate;
    expect(resources(json)).toEqual([
      ...MEMORY,
      ...Object.values(PER_AGENT).flat(),
      ...SHARED_BUILD,
    ]);
    expect(outputs(json)).toEqual(['MemoryId', ...AGENT_OUTPUTS]);
  });

  it('in code mode: the same runtimes and roles, no image resources', () => {
    const json = synth(diamond({ buildMode: 'code' })).template.toJSON() as CfnTemplate;
    expect(resources(json)).toEqual(
      Object.values(PER_AGENT)
        .flat()
        .filter((r) => !r.includes('Image')),
    );
    expect(outputs(json)).toEqual(AGENT_OUTPUTS);
  });
});
