import { type Agent, ModelStreamUpdateEvent } from '@strands-agents/sdk';
import { scopeOf } from './scope';
import { addUsage } from './usage';

/**
 * Adds each of the agent's model calls to the usage of the invocation it belongs to, and
 * notes the model that answered: a
 * model reports usage once per call (`modelMetadataEvent`), and the invocation state
 * leads to that invocation's scope, so sessions and concurrent invocations never mix.
 * Works for every provider, the offline model included, on HTTP and A2A servers alike.
 */
export function meterModelUsage(agent: Agent): void {
  agent.addHook(ModelStreamUpdateEvent, (event) => {
    if (event.event.type !== 'modelMetadataEvent' || !event.event.usage) return;
    const scope = scopeOf(event.invocationState as Record<string, unknown>);
    if (!scope) return;
    scope.usage = addUsage(scope.usage, event.event.usage);
    scope.model ??= event.agent.model.getConfig().modelId;
  });
}
