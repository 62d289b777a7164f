export { AgentImage, type AgentImageProps } from './agent-image';
export { type ModelAccess, type ModelArnContext, modelAccess } from './model-access';
export { MultiAgentStack, type MultiAgentStackProps } from './multi-agent-stack';
export { MultiAgentSystem, type MultiAgentSystemProps } from './multi-agent-system';
export {
  AgentRuntime,
  type AgentRuntimeProps,
  SystemAgent,
  type SystemAgentProps,
} from './system-agent';
