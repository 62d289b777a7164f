/**
 * The runtime every generated agent imports (`create-agentcore-multiagent/agent-runtime`):
 * peer-call bindings, session carrying, model selection, the offline model and the
 * AgentCore HTTP server (`serve-http.ts`). Generated code stays thin, so upgrading this
 * package upgrades every agent of a project. The A2A server has its own entry
 * (`.../agent-runtime/a2a`, `serve-a2a.ts`): it carries an HTTP server framework that
 * HTTP agents' bundles should not.
 */
export {
  DEFAULT_MAX_SESSIONS,
  DEFAULT_PEER_ATTEMPTS,
  DEFAULT_PEER_TIMEOUT_MS,
  DEFAULT_PORT,
  MAX_SESSIONS_ENV,
  MODEL_ID_ENV,
  MODEL_PROVIDER_ENV,
  MODEL_PROVIDERS,
  type ModelProvider,
  OPENAI_API_KEY_ENV,
  OPENAI_BASE_URL_ENV,
  OPENAI_MODEL_ENV,
  PEER_ATTEMPTS_ENV,
  PEER_TIMEOUT_ENV,
  PORT_ENV,
} from './config';
export { parseRuntimeArn, SESSION_HEADER } from './contract';
export { DEFAULT_ACTOR_ID, MEMORY_ID_ENV, USER_ID_HEADER } from './memory-contract';
export { describeModel, type ModelChoice, type SelectedModel, selectModel } from './models';
export { OfflineModel, type OfflineModelConfig } from './offline-model';
export {
  type PeerCallResult,
  PeerClient,
  type PeerClientOptions,
  type PeerTarget,
} from './peer-client';
export { type PeerTool, type PeerToolOptions, peerTool } from './peer-tool';
export type {
  AgentResponse,
  AnswerReport,
  Delegation,
  InvocationPayload,
  StreamEvent,
} from './protocol';
export {
  type AgentSession,
  type ServeAgentOptions,
  type ServedAgent,
  serveAgent,
} from './serve-http';
export { deriveRuntimeSessionId } from './session';
export type { AgentMemoryOptions } from './session-memory';
export { AGENTCORE_OBSERVABILITY_ENV } from './telemetry';
export type { TraceHeaders } from './trace-context';
export type { Usage } from './usage';
