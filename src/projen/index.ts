export {
  AgentCoreMultiAgentProject,
  type AgentCoreMultiAgentProjectOptions,
} from './project';
export { VERSIONS } from './versions';
