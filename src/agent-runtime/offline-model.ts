import { randomUUID } from 'node:crypto';
import {
  type BaseModelConfig,
  type Message,
  Model,
  type ModelStreamEvent,
  type StreamOptions,
} from '@strands-agents/sdk';
import { countUsage, planTurn } from './offline-plan';

/** Settings of the offline model. */
export interface OfflineModelConfig extends BaseModelConfig {
  /** The agent it speaks for; its answers name it so a reader sees who answered. */
  readonly agentName?: string;
}

/**
 * A deterministic model that needs no network and no account. It drives the real Strands
 * agent loop: when the prompt asks for what one of the agent's tools does (prompt words
 * matched against tool names and descriptions), it calls that tool with the prompt as
 * the query, then answers from the tool's result. Otherwise it answers directly, quoting
 * what was said earlier in the conversation and the long-term memory records it was given
 * with the prompt, which makes both kinds of memory visible.
 *
 * It exists so that a whole system can run, and be tested, on one machine with no hosted
 * model; it understands nothing.
 */
export class OfflineModel extends Model<OfflineModelConfig> {
  private config: OfflineModelConfig;

  constructor(config: OfflineModelConfig = {}) {
    super();
    this.config = { modelId: 'offline', ...config };
  }

  public updateConfig(modelConfig: OfflineModelConfig): void {
    this.config = { ...this.config, ...modelConfig };
  }

  public getConfig(): OfflineModelConfig {
    return this.config;
  }

  public async *stream(
    messages: Message[],
    options?: StreamOptions,
  ): AsyncGenerator<ModelStreamEvent, void, undefined> {
    const plan = planTurn(this.config.agentName ?? 'agent', messages, options?.toolSpecs ?? []);
    const usage = countUsage(messages, options?.systemPrompt, plan);
    yield { type: 'modelMessageStartEvent', role: 'assistant' };
    if (plan.kind === 'tool') {
      for (const tool of plan.tools) {
        yield {
          type: 'modelContentBlockStartEvent',
          start: { type: 'toolUseStart', name: tool, toolUseId: `offline-${randomUUID()}` },
        };
        yield {
          type: 'modelContentBlockDeltaEvent',
          delta: { type: 'toolUseInputDelta', input: JSON.stringify({ query: plan.query }) },
        };
        yield { type: 'modelContentBlockStopEvent' };
      }
      yield { type: 'modelMessageStopEvent', stopReason: 'toolUse' };
      yield { type: 'modelMetadataEvent', usage };
      return;
    }
    yield { type: 'modelContentBlockStartEvent' };
    // Words arrive one by one, as from a hosted model, so streaming is exercised for real.
    for (const piece of plan.text.match(/\S+\s*/g) ?? [plan.text]) {
      yield { type: 'modelContentBlockDeltaEvent', delta: { type: 'textDelta', text: piece } };
    }
    yield { type: 'modelContentBlockStopEvent' };
    yield { type: 'modelMessageStopEvent', stopReason: 'endTurn' };
    yield { type: 'modelMetadataEvent', usage };
  }
}
