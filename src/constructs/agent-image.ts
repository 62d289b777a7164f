import { ContainerImageBuild } from '@cdklabs/deploy-time-build';
import { type CfnResource, type CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AgentRuntimeArtifact } from 'aws-cdk-lib/aws-bedrockagentcore';
import { type CfnProject, Project } from 'aws-cdk-lib/aws-codebuild';
import { Repository, TagMutability, TagStatus } from 'aws-cdk-lib/aws-ecr';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { acknowledgeSharedImageBuild } from './nag-acknowledgements';

/** Options of an agent's container image. */
export interface AgentImageProps {
  /** The folder holding the agent's `Dockerfile` and bundle; it alone is the build context. */
  readonly directory: string;
  /**
   * How many images the repository keeps. Every build pushes a new tag, so older images
   * pile up; the one the runtime uses is always the newest.
   * @default 10
   */
  readonly keepImages?: number;
  /**
   * How long CloudFormation waits for the build to report. A build that dies before its
   * build steps run never reports, and without this bound the stack would wait an hour.
   * @default Duration.minutes(30)
   */
  readonly buildTimeout?: Duration;
}

/**
 * An agent's ARM64 image, built from its artifact folder by CodeBuild during deployment
 * (no local Docker) and pushed to the agent's own repository under a tag that is new at
 * every build. The build resource changes only when the folder's content does, so an
 * unchanged agent is neither rebuilt nor rolled, and a changed one gets a new image URI.
 * A failed build fails the custom resource and so the deployment.
 *
 * Built on `@cdklabs/deploy-time-build`'s `ContainerImageBuild`, which shares one
 * CodeBuild project and one trigger function per stack.
 */
export class AgentImage extends Construct {
  /** The agent's repository: scan on push, immutable tags, bounded history. */
  public readonly repository: Repository;
  /** The tag of the image this deployment built. */
  public readonly imageTag: string;
  /** The artifact to give the agent's runtime; it grants the runtime pull on the repository. */
  public readonly artifact: AgentRuntimeArtifact;
  /** The shared CodeBuild project that builds every agent image of the stack. */
  public readonly buildProject: Project;

  public constructor(scope: Construct, id: string, props: AgentImageProps) {
    super(scope, id);
    this.repository = new Repository(this, 'Repository', {
      imageScanOnPush: true,
      // Tags are never reused (a new one per build), so forbidding overwrites costs
      // nothing and guarantees a runtime's image URI always means the same image.
      imageTagMutability: TagMutability.IMMUTABLE,
      lifecycleRules: [
        {
          description: 'Keep the most recent images; the deployed one is always the newest',
          tagStatus: TagStatus.ANY,
          maxImageCount: props.keepImages ?? 10,
        },
      ],
      // Images are rebuilt from the project at every deployment: nothing in the repository
      // is worth keeping once the system is gone.
      removalPolicy: RemovalPolicy.DESTROY,
      emptyOnDelete: true,
    });

    const build = new ContainerImageBuild(this, 'Build', {
      directory: props.directory,
      platform: Platform.LINUX_ARM64,
      repository: this.repository,
    });
    const timeout = props.buildTimeout ?? Duration.minutes(30);
    const buildResource = build.node.findChild('Resource') as CustomResource;
    (buildResource.node.defaultChild as CfnResource).addPropertyOverride(
      'ServiceTimeout',
      timeout.toSeconds(),
    );

    this.imageTag = build.imageTag;
    this.artifact = AgentRuntimeArtifact.fromEcrRepository(this.repository, build.imageTag);
    this.buildProject = sharedBuildProject(this);
    if (!configured.has(this.buildProject)) {
      configured.add(this.buildProject);
      // CodeBuild logs to CloudWatch by default; saying so explicitly is what Control
      // Tower's CT.CODEBUILD.PR.3 checks, and where a failed build's reason is read.
      (this.buildProject.node.defaultChild as CfnProject).logsConfig = {
        cloudWatchLogs: { status: 'ENABLED' },
      };
      acknowledgeSharedImageBuild(
        this.buildProject,
        this.buildProject.role as unknown as Construct,
        sharedTriggerFunction(this),
        build.node.findChild('Source') as Asset,
      );
    }
  }
}

/** Shared projects already configured and acknowledged (once per stack is enough). */
const configured = new WeakSet<Project>();

/** The stack-level function that starts every image build (a `SingletonFunction`). */
function sharedTriggerFunction(scope: Construct): LambdaFunction {
  return stackSingleton(
    scope,
    LambdaFunction,
    'DeployTimeBuildCustomResourceHandler',
    'shared image build trigger',
  );
}

/**
 * `ContainerImageBuild` keeps its project as a stack-level singleton and does not expose
 * it; it is the one CodeBuild project whose id carries its purpose.
 */
function sharedBuildProject(scope: Construct): Project {
  return stackSingleton(
    scope,
    Project,
    'ContainerImageBuildArm64',
    'shared ARM64 image build project',
  );
}

/**
 * A construct `@cdklabs/deploy-time-build` adds once per stack without exposing it, found
 * by type and the start of its id.
 * @throws Error when it is not there, as after a change of its ids in a new version
 */
function stackSingleton<T extends Construct>(
  scope: Construct,
  type: abstract new (...args: never[]) => T,
  idPrefix: string,
  what: string,
): T {
  const found = Stack.of(scope)
    .node.children.filter((c): c is T => c instanceof type)
    .find((c) => c.node.id.startsWith(idPrefix));
  if (!found) {
    throw new Error(
      `The ${what} of @cdklabs/deploy-time-build was not found; ` +
        'its construct id may have changed in a new version: pin the version this package declares',
    );
  }
  return found;
}
