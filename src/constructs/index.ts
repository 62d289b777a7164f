export { AgentImage, type AgentImageProps } from './agent-image';
export { AgentRuntime, type AgentRuntimeProps } from './agent-runtime';
export { type ModelAccess, type ModelArnContext, modelAccess } from './model-access';
export { MultiAgentStack, type MultiAgentStackProps } from './multi-agent-stack';
export { MultiAgentSystem, type MultiAgentSystemProps } from './multi-agent-system';
