// The package's root entry: describe, validate and read an agent system, and render a new
// project from it. Helpers the renderer and the commands share stay internal.
export { AgentGraph, type AgentNode, type Edge } from './graph/agent-graph';
export {
  type AgentNames,
  type AgentOutput,
  agentNames,
  outputKey,
  stackName,
} from './graph/names';
export { AGENTS_FILE, outputsFile } from './layout';
export type { AgentView, StageView, SystemView } from './render/context';
export { TEMPLATES_DIR, TemplateEngine } from './render/engine';
export type { Ownership, RenderedFile } from './render/files';
export { WriteError, type WriteProjectOptions, writeNewProject } from './render/write';
export { loadSystemFile, readSystemFile } from './spec/load';
export {
  BUILT_IN_PRICES,
  type CostedHop,
  costUsd,
  formatUsd,
  type ModelPrice,
  priceOf,
  type TokenCount,
  totalCostUsd,
} from './spec/prices';
export { SpecError, type SpecProblem } from './spec/problems';
export {
  AGENT_ROLES,
  type AgentInput,
  type AgentRole,
  type AgentSpec,
  agentInputSchema,
  BUILD_MODES,
  type BuildMode,
  DEFAULT_BUILD_MODE,
  DEFAULT_MEMORY_EXPIRY_DAYS,
  DEFAULT_MODEL_ID,
  DEFAULT_PROTOCOL,
  DEFAULT_REGION,
  LONG_TERM_STRATEGIES,
  type LongTermStrategy,
  MAX_MEMORY_EXPIRY_DAYS,
  type MemoryInput,
  type MemorySpec,
  MIN_MEMORY_EXPIRY_DAYS,
  memoryInputSchema,
  NETWORK_MODES,
  type NetworkConfig,
  type NetworkInput,
  type NetworkMode,
  networkInputSchema,
  PROTOCOLS,
  type Protocol,
  type StageInput,
  type StageSpec,
  type SystemInput,
  type SystemSpec,
  stageInputSchema,
  systemInputSchema,
} from './spec/schema';
export { stageNames, stageSpec } from './spec/stages';
export { checkSystem, type SpecCheck, validateSystem } from './spec/validate';
