import { Duration } from 'aws-cdk-lib';
import {
  type IMemory,
  type IMemoryStrategy,
  Memory,
  MemoryStrategy,
} from 'aws-cdk-lib/aws-bedrockagentcore';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { LONG_TERM_STRATEGY_NAMES, memoryName } from '../graph/memory-names';
import type { LongTermStrategy, MemorySpec, SystemSpec } from '../spec/schema';

/** The construct id of a system's memory: no agent's construct id can be this (agents' have no hyphen). */
export const MEMORY_CONSTRUCT_ID = 'System-Memory';

/** aws-cdk-lib's factory for each built-in strategy. */
const STRATEGY_FACTORIES: {
  readonly [S in LongTermStrategy]: typeof MemoryStrategy.usingSemantic;
} = {
  semantic: (props) => MemoryStrategy.usingSemantic(props),
  summary: (props) => MemoryStrategy.usingSummarization(props),
  userPreference: (props) => MemoryStrategy.usingUserPreference(props),
};

/**
 * A system's one AgentCore Memory (aws-cdk-lib's `Memory`; one per stage, named for it):
 * events kept for the spec's days, and each chosen long-term strategy with its namespace
 * under the actor's (see `LONG_TERM_STRATEGY_NAMES`).
 */
export function createSystemMemory(
  scope: Construct,
  system: Pick<SystemSpec, 'name' | 'stage'>,
  memory: MemorySpec,
): Memory {
  const inStage = system.stage === undefined ? '' : ` (stage ${system.stage})`;
  return new Memory(scope, MEMORY_CONSTRUCT_ID, {
    memoryName: memoryName(system.name, system.stage),
    description: `Conversations of the ${system.name} agents${inStage} and what they learned`,
    expirationDuration: Duration.days(memory.expiryDays),
    memoryStrategies: memory.longTerm.map((strategy): IMemoryStrategy => {
      const { name, namespace } = LONG_TERM_STRATEGY_NAMES[strategy];
      return STRATEGY_FACTORIES[strategy]({ strategyName: name, namespaces: [namespace] });
    }),
  });
}

/**
 * What an agent does with its system's memory, and nothing more: write its turns
 * (CreateEvent), read its session back after a restart (ListEvents), and, when the memory
 * has long-term strategies, retrieve its actor's records (RetrieveMemoryRecords).
 */
export function memoryActions(memory: MemorySpec): string[] {
  return [
    'bedrock-agentcore:CreateEvent',
    'bedrock-agentcore:ListEvents',
    ...(memory.longTerm.length > 0 ? ['bedrock-agentcore:RetrieveMemoryRecords'] : []),
  ];
}

/** Grants an agent exactly {@link memoryActions} on exactly this memory. */
export function grantMemoryUse(memory: IMemory, spec: MemorySpec, agent: IGrantable): void {
  memory.grant(agent, ...memoryActions(spec));
}
