import { Stack, Validations } from 'aws-cdk-lib';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag (AwsSolutions) findings this package's resources raise by design, each
 * acknowledged on the one resource it concerns with the reason it is acceptable. Finding
 * ids are cdk-nag's: a rule id, and for IAM findings the action or resource, with
 * references written `<LogicalId.Attribute>`. These acknowledgements only record
 * metadata; they change nothing in the template.
 */

const PACK = 'AwsSolutions';

function acknowledge(resource: IConstruct, finding: string, reason: string): void {
  Validations.of(resource).acknowledge({ id: `${PACK}-${finding}`, reason });
}

/** cdk-nag's spelling of a resource ARN: intrinsic references become `<Id>` / `<Id.Attr>`. */
export function nagResourceName(scope: IConstruct, arn: string): string {
  const visit = (node: unknown): string => {
    if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
    const o = node as Record<string, unknown>;
    if (o['Fn::Join']) {
      const [delimiter, items] = o['Fn::Join'] as [string, unknown[]];
      return items.map(visit).join(delimiter);
    }
    if (o['Fn::Sub'] !== undefined) return visit(o['Fn::Sub']);
    if (o['Fn::GetAtt']) {
      const [resource, attribute] = o['Fn::GetAtt'] as [string, string];
      return `<${resource}.${attribute}>`;
    }
    if (o.Ref) return `<${String(o.Ref)}>`;
    return JSON.stringify(node);
  };
  return visit(Stack.of(scope).resolve(arn));
}

function wildcardResource(role: IConstruct, arn: string, reason: string): void {
  acknowledge(role, `IAM5[Resource::${nagResourceName(role, arn)}]`, reason);
}

/**
 * An agent's execution role. Acknowledged on the role, which covers its default policy
 * and any overflow policy aws-cdk-lib splits off when a caller has many callees.
 */
export function acknowledgeRuntimeRole(
  role: IConstruct,
  options: {
    readonly calleeArns: readonly string[];
    readonly wildcardModelArns: readonly string[];
    readonly codeAsset?: Asset;
  },
): void {
  const stack = Stack.of(role);
  const logs = `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:`;
  const fromRuntime = "granted by aws-cdk-lib's Runtime default execution role";
  wildcardResource(
    role,
    `${logs}/aws/bedrock-agentcore/runtimes/*`,
    `AgentCore names a runtime's log groups after its generated id; limited to AgentCore runtime log groups (${fromRuntime})`,
  );
  wildcardResource(
    role,
    `${logs}/aws/bedrock-agentcore/runtimes/*:log-stream:*`,
    `Log streams are created by the service inside AgentCore runtime log groups only (${fromRuntime})`,
  );
  wildcardResource(
    role,
    `${logs}*`,
    `logs:DescribeLogGroups is a list action that cannot be limited to one log group (${fromRuntime})`,
  );
  wildcardResource(
    role,
    `arn:${stack.partition}:bedrock-agentcore:${stack.region}:${stack.account}:workload-identity-directory/default/workload-identity/*`,
    `The runtime's workload identity is created by AgentCore with a generated name in the default directory (${fromRuntime})`,
  );
  acknowledge(
    role,
    'IAM5[Resource::*]',
    'X-Ray trace and span writes and sampling, cloudwatch:PutMetricData (limited by a namespace condition) and ecr:GetAuthorizationToken support no resource-level permissions',
  );
  for (const arn of options.wildcardModelArns) {
    wildcardResource(
      role,
      arn,
      'A cross-Region inference profile routes each request to this one foundation model in a Region it picks; only the Region is open',
    );
  }
  for (const arn of options.calleeArns) {
    wildcardResource(
      role,
      `${arn}/*`,
      'InvokeAgentRuntime (and InvokeAgentRuntimeForUser, to a callee that keeps memory per user) is authorized on the endpoints of the one callee runtime this agent delegates to (its graph edge)',
    );
  }
  if (options.codeAsset) {
    const reason =
      "aws-cdk-lib's fromCodeAsset grants read on the CDK assets bucket so the runtime can fetch its code zip; the bucket holds this app's deployment assets only";
    for (const action of ['s3:GetBucket*', 's3:GetObject*', 's3:List*']) {
      acknowledge(role, `IAM5[Action::${action}]`, reason);
    }
    wildcardResource(role, options.codeAsset.bucket.arnForObjects('*'), reason);
  }
}

/** The CodeBuild project and trigger function `@cdklabs/deploy-time-build` shares per stack. */
export function acknowledgeSharedImageBuild(
  project: IConstruct,
  projectRole: IConstruct,
  handler: IConstruct,
  source: Asset,
): void {
  const cfnProject = project.node.defaultChild as IConstruct;
  acknowledge(
    cfnProject,
    'CB4',
    'The project keeps no artifacts: it builds an image and pushes it to ECR, which encrypts it; CodeBuild encrypts its own working data with an AWS managed key',
  );
  // On the role, which covers its default policy and the overflow policies aws-cdk-lib
  // splits off once many repositories are granted.
  const assetRead =
    'Read access to the CDK assets bucket, where each agent’s build context zip is uploaded (aws-cdk-lib asset grant)';
  for (const action of ['s3:GetBucket*', 's3:GetObject*', 's3:List*']) {
    acknowledge(projectRole, `IAM5[Action::${action}]`, assetRead);
  }
  wildcardResource(projectRole, source.bucket.arnForObjects('*'), assetRead);
  acknowledge(
    projectRole,
    'IAM5[Resource::*]',
    'ecr:GetAuthorizationToken supports no resource-level permission; pushes are limited to the agents’ repositories',
  );
  const stack = Stack.of(project);
  const projectName = (project as unknown as { projectName: string }).projectName;
  wildcardResource(
    projectRole,
    `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:/aws/codebuild/${projectName}:*`,
    "CodeBuild writes each build's log stream, named per build, into the project's own log group",
  );
  wildcardResource(
    projectRole,
    `arn:${stack.partition}:codebuild:${stack.region}:${stack.account}:report-group/${projectName}-*`,
    "aws-cdk-lib's default CodeBuild role allows the project's own report groups only",
  );
  acknowledge(
    projectRole,
    'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonElasticContainerRegistryPublicReadOnly]',
    'Authenticated pulls of public base images from ECR Public (higher rate limits); read-only',
  );
  acknowledge(
    handler.node.defaultChild as IConstruct,
    'L1',
    '@cdklabs/deploy-time-build bundles its trigger function for nodejs22.x; it only starts a build and runs for seconds per deployment',
  );
  const handlerRole = handler.node.findChild('ServiceRole');
  acknowledge(
    handlerRole.node.defaultChild as IConstruct,
    'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'The trigger function needs only to write its own logs, which is what this managed policy grants',
  );
}
