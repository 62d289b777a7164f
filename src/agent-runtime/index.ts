/**
 * The runtime every generated agent imports (`create-agentcore-multiagent/agent-runtime`):
 * peer-call bindings, session carrying, model selection, the offline model and the
 * AgentCore server. Generated code stays thin, so upgrading this package upgrades every
 * agent of a project. The A2A server has its own entry (`.../agent-runtime/a2a`): it
 * carries an HTTP server framework that HTTP agents' bundles should not.
 */
export * from './a2a';
export * from './a2a-client';
export * from './answer';
export * from './config';
export * from './contract';
export * from './models';
export * from './offline-model';
export * from './peer-client';
export * from './peer-tool';
export * from './protocol';
export * from './scope';
export * from './server';
export * from './session';
export * from './sse';
export * from './telemetry';
export * from './trace-context';
export * from './usage';
