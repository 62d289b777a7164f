import { z } from 'zod';
import { type ModelPrice, modelPriceSchema } from './prices';

/**
 * The shape of what a user describes (flags, prompts or `agents.json`). This schema
 * checks types only; the rules that need the whole system (names, graph, limits) live
 * in the `check-*` modules `validate.ts` runs, so that every problem is reported at once
 * with its fix.
 */

/** Roles an agent can play: one orchestrator is the entry point, specialists do the work. */
export const AGENT_ROLES = ['orchestrator', 'specialist'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

/** How an agent is packaged: a container image built at deploy time, or a code zip. */
export const BUILD_MODES = ['container', 'code'] as const;
export type BuildMode = (typeof BUILD_MODES)[number];

/**
 * The AgentCore service contract an agent serves: `HTTP` (`POST /invocations` on 8080) or
 * `A2A` (the Agent2Agent protocol's JSON-RPC and agent card on 9000). Agents of both
 * kinds mix in one system and call each other.
 */
export const PROTOCOLS = ['HTTP', 'A2A'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/**
 * AgentCore Memory's built-in long-term strategies, by the name agents.json uses: facts
 * (`semantic`), a summary of each session (`summary`), and what the user prefers
 * (`userPreference`).
 */
export const LONG_TERM_STRATEGIES = ['semantic', 'summary', 'userPreference'] as const;
export type LongTermStrategy = (typeof LONG_TERM_STRATEGIES)[number];

/** How long AgentCore Memory keeps a session's events, in days: its own bounds. */
export const MIN_MEMORY_EXPIRY_DAYS = 7;
export const MAX_MEMORY_EXPIRY_DAYS = 365;
export const DEFAULT_MEMORY_EXPIRY_DAYS = 30;

export const NETWORK_MODES = ['PUBLIC', 'VPC'] as const;
export type NetworkMode = (typeof NETWORK_MODES)[number];

/** The model agents use unless the system or the agent names another. */
export const DEFAULT_MODEL_ID = 'global.anthropic.claude-sonnet-4-6';
export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_BUILD_MODE: BuildMode = 'container';
export const DEFAULT_PROTOCOL: Protocol = 'HTTP';

export const agentInputSchema = z.object({
  name: z.string(),
  role: z.enum(AGENT_ROLES),
  description: z.string(),
  systemPrompt: z.string().optional(),
  calls: z.array(z.string()).optional(),
  protocol: z.enum(PROTOCOLS).optional(),
  modelId: z.string().optional(),
  buildMode: z.enum(BUILD_MODES).optional(),
  memory: z.boolean().optional(),
});

export const networkInputSchema = z.object({
  mode: z.enum(NETWORK_MODES),
  subnetIds: z.array(z.string()).optional(),
  securityGroupIds: z.array(z.string()).optional(),
});

export const memoryInputSchema = z.object({
  expiryDays: z.number().optional(),
  longTerm: z.array(z.string()).optional(),
});

/** What a stage may change of one agent. */
export const stageAgentInputSchema = z.object({
  modelId: z.string().optional(),
});

/** One stage: where the system deploys there, and with what, where it differs from the system. */
export const stageInputSchema = z.object({
  region: z.string().optional(),
  account: z.string().optional(),
  modelId: z.string().optional(),
  network: networkInputSchema.optional(),
  agents: z.record(z.string(), stageAgentInputSchema).optional(),
});

export const systemInputSchema = z.object({
  name: z.string(),
  region: z.string().optional(),
  network: networkInputSchema.optional(),
  modelId: z.string().optional(),
  buildMode: z.enum(BUILD_MODES).optional(),
  prices: z.record(z.string(), modelPriceSchema).optional(),
  memory: memoryInputSchema.optional(),
  stages: z.record(z.string(), stageInputSchema).optional(),
  agents: z.array(agentInputSchema),
});

/** One agent as a user describes it; optional fields take the system's defaults. */
export type AgentInput = z.input<typeof agentInputSchema>;
/** The system's memory as a user describes it. */
export type MemoryInput = z.input<typeof memoryInputSchema>;
/** Network settings as a user describes them. */
export type NetworkInput = z.input<typeof networkInputSchema>;
/** One stage as a user describes it; what it leaves out is the system's. */
export type StageInput = z.input<typeof stageInputSchema>;
/** A whole system as a user describes it (the content of `agents.json`). */
export type SystemInput = z.input<typeof systemInputSchema>;

/** Network settings after validation: subnets and security groups only in VPC mode. */
export type NetworkConfig =
  | { readonly mode: 'PUBLIC' }
  | {
      readonly mode: 'VPC';
      readonly subnetIds: readonly string[];
      readonly securityGroupIds: readonly string[];
    };

/** One agent after validation, every default filled in. */
export interface AgentSpec {
  readonly name: string;
  readonly role: AgentRole;
  readonly description: string;
  readonly systemPrompt: string;
  /** Names of the agents it may delegate to, in the order given. */
  readonly calls: readonly string[];
  readonly protocol: Protocol;
  readonly modelId: string;
  readonly buildMode: BuildMode;
  /** Whether it uses the system's memory: the system has one and the agent did not opt out. */
  readonly memory: boolean;
}

/**
 * The one AgentCore Memory of a system, shared by its agents: each agent keeps its own
 * events of a session there, and long-term strategies turn conversations into records.
 */
export interface MemorySpec {
  /** Days a session's events are kept (short-term memory). */
  readonly expiryDays: number;
  /** The built-in long-term strategies; empty for short-term memory only. */
  readonly longTerm: readonly LongTermStrategy[];
}

/**
 * One stage after validation, every setting resolved: the system's where the stage leaves
 * it out. An agent's model is, from the first that names one: the stage's entry for the
 * agent, the agent's own `modelId`, the stage's `modelId`, the system's.
 */
export interface StageSpec {
  readonly region: string;
  /** @default undefined - the account the CDK CLI deploys to */
  readonly account?: string;
  readonly network: NetworkConfig;
  readonly modelId: string;
  /** Every agent's model in this stage, by agent name. */
  readonly agents: Readonly<Record<string, { readonly modelId: string }>>;
}

/** A validated, normalised system: everything downstream reads this and nothing else. */
export interface SystemSpec {
  readonly name: string;
  readonly region: string;
  readonly network: NetworkConfig;
  readonly modelId: string;
  readonly buildMode: BuildMode;
  /**
   * Model prices that extend or override the built-in table (US dollars per million
   * tokens), for cost estimates. @default {}
   */
  readonly prices: Readonly<Record<string, ModelPrice>>;
  /** The system's memory. @default undefined - no memory: a session lives as long as its agent's process */
  readonly memory?: MemorySpec;
  /**
   * The deployments of the system by stage name, in the order given: each its own stack,
   * with the stage in its runtimes' names. `stageSpec(spec, stage)` is a stage's view.
   * @default undefined - one deployment, as described, named after the system
   */
  readonly stages?: Readonly<Record<string, StageSpec>>;
  /**
   * The stage this spec is the view of, in a view `stageSpec` made; region, network and
   * models are then the stage's.
   * @default undefined - the system as described
   */
  readonly stage?: string;
  /**
   * The account to deploy to, in a stage's view when the stage names one.
   * @default undefined - the account the CDK CLI deploys to
   */
  readonly account?: string;
  /** Agents in the order given, the orchestrator first. */
  readonly agents: readonly AgentSpec[];
}
