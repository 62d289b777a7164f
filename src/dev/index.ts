// The local system, for tests and tools: run every agent behind a local AgentCore
// endpoint, and invoke agents, local or deployed.
export { type Hop, type HopOutcome, TEXT_LIMIT } from './hop-log';
export {
  formatAnswerSummary,
  formatDelegation,
  type InvokeOptions,
  type InvokeResult,
  invokeAgent,
  newSessionId,
} from './invoke';
export {
  DEV_MODELS,
  type DevAgent,
  type DevModel,
  type DevOptions,
  DevSystem,
} from './system';
export { findInvokeTarget, type InvokeTarget, type InvokeTargetOptions } from './targets';
