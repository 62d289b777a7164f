import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { suggestAgentName } from '../spec/rules';
import { type BuildMode, DEFAULT_REGION, type NetworkMode, type SystemInput } from '../spec/schema';

/** Everything the scaffolder asks; each field is also a flag. */
export interface Answers {
  name?: string;
  orchestrator?: string;
  specialists?: Array<{ name: string; description?: string }>;
  region?: string;
  networkMode?: NetworkMode;
  subnetIds?: string[];
  securityGroupIds?: string[];
  buildMode?: BuildMode;
  modelId?: string;
  /** Agents that speak A2A instead of HTTP, by name. */
  a2a?: string[];
  /** Whether the system gets an AgentCore Memory (long-term strategies imply it). */
  memory?: boolean;
  /** Long-term strategies of the memory, as typed (validation names a wrong one). */
  longTermMemory?: string[];
  install?: boolean;
}

/** The specialists of a system nobody described: enough to show delegation at work. */
export const DEFAULT_SPECIALISTS = [
  {
    name: 'researcher',
    description: 'Researches a topic in depth and reports the key facts with their sources.',
  },
  {
    name: 'writer',
    description: 'Turns notes into clear, well-structured prose: summaries, articles, emails.',
  },
];

/** `--specialist name=What it does` → `{ name, description }`. */
export function parseSpecialistFlag(value: string): { name: string; description?: string } {
  const at = value.indexOf('=');
  if (at === -1) return { name: value.trim() };
  return { name: value.slice(0, at).trim(), description: value.slice(at + 1).trim() };
}

/** A description for a specialist given only a name: its words, so models can still route. */
export function defaultDescription(name: string): string {
  const words = suggestAgentName(name)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return `Specialist for ${words} requests: answers questions and does tasks about ${words}.`;
}

/** A region a new system defaults to, and where it came from. */
export interface RegionDefault {
  readonly region: string;
  /**
   * Where the user set it, to name in messages: `AWS_REGION`, `AWS_DEFAULT_REGION` or the
   * AWS config file's profile.
   * @default undefined - the built-in default
   */
  readonly source?: string;
}

/**
 * The region a new system defaults to: the environment's (`AWS_REGION`,
 * `AWS_DEFAULT_REGION`), else the active profile's in the AWS config file, else us-east-1.
 * A variable set to an empty value counts as unset.
 */
export function defaultRegion(env: NodeJS.ProcessEnv = process.env): RegionDefault {
  const setting = (name: string) => env[name] || undefined;
  for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION']) {
    const region = setting(name);
    if (region) return { region, source: name };
  }
  const profile = setting('AWS_PROFILE') ?? 'default';
  const file = setting('AWS_CONFIG_FILE') ?? join(homedir(), '.aws', 'config');
  try {
    const config = readFileSync(file, 'utf8');
    const header =
      profile === 'default'
        ? /^\[\s*default\s*\]\s*$/
        : new RegExp(`^\\[\\s*profile\\s+${escapeRegExp(profile)}\\s*\\]\\s*$`);
    let inProfile = false;
    for (const line of config.split(/\r?\n/)) {
      if (/^\s*\[/.test(line)) inProfile = header.test(line.trim());
      const match = inProfile && /^\s*region\s*=\s*(\S+)/.exec(line);
      if (match) return { region: match[1], source: `the region of profile ${profile} in ${file}` };
    }
  } catch {
    // No config file: the built-in default applies.
  }
  return { region: DEFAULT_REGION };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Turns answers into a system description; what is still unanswered takes its default. */
export function toSystemInput(answers: Answers, fallbackName: string): SystemInput {
  const specialists = answers.specialists?.length ? answers.specialists : DEFAULT_SPECIALISTS;
  // Subnets without VPC mode are passed on, for validation to name the mistake.
  const { networkMode, subnetIds, securityGroupIds } = answers;
  const network =
    networkMode || subnetIds?.length || securityGroupIds?.length
      ? { mode: networkMode ?? 'PUBLIC', subnetIds, securityGroupIds }
      : undefined;
  return {
    name: answers.name ?? fallbackName,
    region: answers.region ?? defaultRegion().region,
    ...(network && { network }),
    ...(answers.modelId && { modelId: answers.modelId }),
    ...(answers.buildMode && { buildMode: answers.buildMode }),
    ...memoryOf(answers),
    agents: [
      {
        name: answers.orchestrator ?? 'orchestrator',
        role: 'orchestrator',
        description:
          'Answers user requests; delegates to the specialists what needs their expertise.',
        ...protocolOf(answers.orchestrator ?? 'orchestrator', answers),
      },
      ...specialists.map((s) => ({
        name: s.name,
        role: 'specialist' as const,
        description: s.description || defaultDescription(s.name),
        ...protocolOf(s.name, answers),
      })),
    ],
  };
}

/**
 * The system's memory: asked for, or implied by long-term strategies; `--no-memory` with
 * strategies is refused before this (see {@link memoryConflict}).
 */
function memoryOf(answers: Answers): Pick<SystemInput, 'memory'> {
  const longTerm = answers.longTermMemory ?? [];
  if (!answers.memory && longTerm.length === 0) return {};
  return { memory: longTerm.length > 0 ? { longTerm } : {} };
}

/** Long-term strategies asked for together with no memory: the scaffolder names the clash. */
export function memoryConflict(answers: Answers): boolean {
  return answers.memory === false && (answers.longTermMemory?.length ?? 0) > 0;
}

/** `{ protocol: 'A2A' }` for an agent named in `--a2a`; nothing (HTTP, the default) otherwise. */
function protocolOf(name: string, answers: Answers): { protocol?: 'A2A' } {
  return answers.a2a?.includes(name) ? { protocol: 'A2A' } : {};
}

/**
 * Names in `--a2a` that match no agent: reported by the scaffolder, since validation only
 * sees agents that exist.
 */
export function unknownA2aNames(answers: Answers, system: SystemInput): string[] {
  const names = new Set(system.agents.map((a) => a.name));
  return (answers.a2a ?? []).filter((name) => !names.has(name));
}
