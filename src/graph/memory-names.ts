import { ACTOR_NAMESPACE_TEMPLATE } from '../agent-runtime/memory-contract';
import type { LongTermStrategy } from '../spec/schema';
import { deploymentPrefix } from './names';

/**
 * Every name derived for a system's memory: the resource's name, the id `dev` knows it by,
 * and each long-term strategy's name and namespace. The construct, the local stand-in and
 * the agents read these, so they cannot disagree.
 */

/**
 * The memory's name: `<system>_memory`, or `<system>_<stage>_memory` in a stage, since
 * names are unique per account and Region, where two stages may meet. AgentCore allows
 * letters, digits and underscores, 48 characters: the longest system and stage names fit.
 */
export function memoryName(systemName: string, stage?: string): string {
  return `${deploymentPrefix(systemName, stage)}_memory`;
}

/**
 * The id by which `dev`'s local endpoint knows the memory, shaped like a deployed one
 * (`<name>-<10 letters or digits>`), so any AWS SDK accepts it unchanged.
 */
export function localMemoryId(systemName: string): string {
  return `${memoryName(systemName)}-local00000`;
}

/** The stack output that holds the memory's id. */
export const MEMORY_OUTPUT_KEY = 'MemoryId';

/** A long-term strategy as deployed: its name in the memory and where its records go. */
export interface StrategyNames {
  /** The strategy's name within the memory. */
  readonly name: string;
  /** Its namespace template; AgentCore fills `{actorId}` and `{sessionId}` at extraction. */
  readonly namespace: string;
}

/**
 * Every namespace starts with the actor's, so an agent retrieves all of an actor's records
 * with one hierarchical query. Summaries are per session, as AgentCore writes them.
 */
export const LONG_TERM_STRATEGY_NAMES: { readonly [S in LongTermStrategy]: StrategyNames } = {
  semantic: { name: 'semantic', namespace: `${ACTOR_NAMESPACE_TEMPLATE}/facts` },
  summary: {
    name: 'summary',
    namespace: `${ACTOR_NAMESPACE_TEMPLATE}/sessions/{sessionId}/summary`,
  },
  userPreference: {
    name: 'user_preference',
    namespace: `${ACTOR_NAMESPACE_TEMPLATE}/preferences`,
  },
};

/** A namespace template with the actor and session filled in. */
export function resolveNamespace(template: string, actorId: string, sessionId: string): string {
  return template.replaceAll('{actorId}', actorId).replaceAll('{sessionId}', sessionId);
}
