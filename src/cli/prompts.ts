import { describeProblem } from '../spec/problems';
import { LONG_TERM_STRATEGIES, type LongTermStrategy } from '../spec/schema';
import { checkSystem } from '../spec/validate';
import {
  type Answers,
  DEFAULT_SPECIALISTS,
  defaultDescription,
  defaultRegion,
  toSystemInput,
} from './answers';

/** What each of AgentCore Memory's built-in long-term strategies keeps, in words. */
const LONG_TERM_WORDS: { readonly [S in LongTermStrategy]: string } = {
  semantic: 'facts from the conversations',
  summary: 'a summary of each session',
  userPreference: 'what the user prefers',
};

/**
 * Asks, one prompt at a time, for every answer the flags left open. Each answer is
 * checked by the same validator as a whole system (the candidate system with that answer
 * in it), so a prompt shows the exact message a spec file would get.
 * @returns the answers, or undefined when the person cancelled (Ctrl-C) at a prompt
 */
export async function promptForAnswers(
  given: Answers,
  fallbackName: string,
): Promise<Answers | undefined> {
  try {
    return await ask(given, fallbackName);
  } catch (error) {
    // How the prompt library reports Ctrl-C at a prompt: the person's choice, not a failure.
    if (error instanceof Error && error.name === 'ExitPromptError') return undefined;
    throw error;
  }
}

async function ask(given: Answers, fallbackName: string): Promise<Answers> {
  // Loaded only here: the prompt library is not needed by non-interactive runs.
  const { input, select, confirm, checkbox } = await import('@inquirer/prompts');
  const answers: Answers = { ...given };

  const problemAt = (candidate: Answers, path: string): string | true => {
    const problem = checkSystem(toSystemInput(candidate, fallbackName)).problems.find(
      (p) => p.path === path || p.path.startsWith(`${path}[`) || p.path.startsWith(`${path}.`),
    );
    return problem ? describeProblem(problem) : true;
  };

  answers.name ??= await input({
    message: 'Project name',
    default: fallbackName,
    validate: (value) => problemAt({ ...answers, name: value }, 'name'),
  });
  answers.orchestrator ??= await input({
    message: 'Orchestrator agent name',
    default: 'orchestrator',
    validate: (value) => problemAt({ ...answers, orchestrator: value }, 'agents[0].name'),
  });
  if (!answers.specialists?.length) {
    const specialists: NonNullable<Answers['specialists']> = [];
    for (;;) {
      const index = specialists.length + 1;
      const suggestion = DEFAULT_SPECIALISTS[specialists.length];
      const name = await input({
        message:
          specialists.length === 0
            ? 'Specialist name'
            : 'Another specialist name (leave empty when done)',
        default: specialists.length === 0 ? suggestion?.name : undefined,
        validate: (value) =>
          value === '' && specialists.length > 0
            ? true
            : problemAt(
                { ...answers, specialists: [...specialists, { name: value, description: 'x' }] },
                `agents[${index}].name`,
              ),
      });
      if (name === '') break;
      const description = await input({
        message: `What does ${name} do? (its callers' models read this to decide when to delegate)`,
        default:
          suggestion && suggestion.name === name
            ? suggestion.description
            : defaultDescription(name),
        validate: (value) =>
          problemAt(
            { ...answers, specialists: [...specialists, { name, description: value }] },
            `agents[${index}].description`,
          ),
      });
      specialists.push({ name, description });
    }
    answers.specialists = specialists;
  }
  if (answers.a2a === undefined) {
    const a2a: string[] = [];
    for (const { name } of answers.specialists) {
      const protocol = await select({
        message: `How do callers reach ${name}?`,
        choices: [
          { name: 'HTTP: InvokeAgentRuntime with a JSON prompt (default)', value: 'HTTP' as const },
          { name: 'A2A: the Agent2Agent protocol (JSON-RPC, agent card)', value: 'A2A' as const },
        ],
      });
      if (protocol === 'A2A') a2a.push(name);
    }
    answers.a2a = a2a;
  }
  answers.region ??= await input({
    message: 'AWS region',
    default: defaultRegion().region,
    validate: (value) => problemAt({ ...answers, region: value }, 'region'),
  });
  if (!answers.networkMode) {
    answers.networkMode = await select({
      message: 'Network mode',
      choices: [
        { name: 'PUBLIC: runtimes reach the internet directly', value: 'PUBLIC' as const },
        { name: 'VPC: runtimes run in your subnets and security groups', value: 'VPC' as const },
      ],
    });
  }
  if (answers.networkMode === 'VPC') {
    const list = (value: string) => value.split(/[\s,]+/).filter((v) => v.length > 0);
    if (!answers.subnetIds?.length) {
      answers.subnetIds = list(
        await input({
          message: 'Subnet ids (comma-separated)',
          validate: (value) =>
            problemAt(
              { ...answers, subnetIds: list(value), securityGroupIds: ['sg-00000000'] },
              'network.subnetIds',
            ),
        }),
      );
    }
    if (!answers.securityGroupIds?.length) {
      answers.securityGroupIds = list(
        await input({
          message: 'Security group ids (comma-separated)',
          validate: (value) =>
            problemAt({ ...answers, securityGroupIds: list(value) }, 'network.securityGroupIds'),
        }),
      );
    }
  }
  if (!answers.buildMode) {
    answers.buildMode = await select({
      message: 'How should agents be packaged?',
      choices: [
        {
          name: 'container: an ARM64 image built in CodeBuild at deploy time (no local Docker)',
          value: 'container' as const,
        },
        {
          name: 'code: a zip on the managed Node.js 22 runtime (no image, faster deploys)',
          value: 'code' as const,
        },
      ],
    });
  }
  if (answers.memory === undefined && answers.longTermMemory === undefined) {
    answers.memory = await confirm({
      message:
        'Give the agents memory (AgentCore Memory), so conversations outlive their processes?',
      default: false,
    });
  }
  if (answers.memory && answers.longTermMemory === undefined) {
    answers.longTermMemory = await checkbox({
      message:
        'What should the memory learn about each user across sessions? (none: just sessions)',
      choices: LONG_TERM_STRATEGIES.map((value) => ({
        name: `${value}: ${LONG_TERM_WORDS[value]}`,
        value,
      })),
    });
  }
  answers.install ??= await confirm({ message: 'Install dependencies now?', default: true });
  return answers;
}
