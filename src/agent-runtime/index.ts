/**
 * The runtime every generated agent imports (`create-agentcore-multiagent/agent-runtime`):
 * peer-call bindings, session carrying, model selection, the offline model and the
 * AgentCore server. Generated code stays thin, so upgrading this package upgrades every
 * agent of a project.
 */
export * from './a2a';
export * from './a2a-client';
export * from './a2a-server';
export * from './config';
export * from './models';
export * from './offline-model';
export * from './peer-client';
export * from './peer-tool';
export * from './protocol';
export * from './server';
export * from './session';
export * from './sse';
