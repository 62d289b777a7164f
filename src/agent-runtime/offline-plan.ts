import type { ContentBlock, Message, StreamOptions, ToolSpec } from '@strands-agents/sdk';

// How the offline model decides and counts, apart from the model class itself: it only
// reads Strands' types, so the local endpoint's Bedrock stand-in and memory search use it
// without loading Strands (and its SDK clients) into the `dev` process.

/**
 * Usage as a hosted model reports it, counted in words instead of tokens so that it is
 * deterministic and checkable: everything the model read (system prompt and every
 * message, tool results included) and everything it wrote (text, or each tool call's input).
 */
export function countUsage(
  messages: Message[],
  systemPrompt: StreamOptions['systemPrompt'],
  plan: Plan,
): { inputTokens: number; outputTokens: number; totalTokens: number } {
  const read = [
    typeof systemPrompt === 'string' ? systemPrompt : JSON.stringify(systemPrompt ?? ''),
    ...messages.flatMap((m) => m.content.map(blockText)),
  ];
  const written =
    plan.kind === 'text'
      ? [plan.text]
      : plan.tools.map(() => JSON.stringify({ query: plan.query }));
  const inputTokens = read.reduce((sum, text) => sum + countWords(text), 0);
  const outputTokens = written.reduce((sum, text) => sum + countWords(text), 0);
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}

function blockText(block: ContentBlock): string {
  if (block.type === 'textBlock') return block.text;
  if (block.type === 'toolUseBlock') return JSON.stringify(block.input);
  if (isToolResult(block)) return resultText(block.content);
  return '';
}

/** How many words a text holds: the offline models' stand-in for a token count. */
export function countWords(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}

/** What the offline model does next: call tools with a query, or answer in text. */
export type Plan =
  | { readonly kind: 'tool'; readonly tools: readonly string[]; readonly query: string }
  | { readonly kind: 'text'; readonly text: string };

/** Decides the next assistant turn from the conversation so far. */
export function planTurn(agentName: string, messages: Message[], tools: ToolSpec[]): Plan {
  const last = messages.at(-1);
  const results = last?.content.filter(isToolResult) ?? [];
  if (last?.role === 'user' && results.length > 0) {
    const names = toolNamesById(messages);
    const parts = results.map((r) => {
      const tool = names.get(r.toolUseId) ?? 'a tool';
      const text = resultText(r.content);
      return r.status === 'error' ? `${tool} failed: ${text}` : `${tool} answered: ${text}`;
    });
    return { kind: 'text', text: `${agentName} (offline model) delegated. ${parts.join(' | ')}` };
  }
  const prompts = userPrompts(messages);
  const prompt = prompts.at(-1) ?? '';
  const chosen = chooseTools(prompt, tools);
  if (chosen.length > 0) return { kind: 'tool', tools: chosen, query: prompt };
  const earlier = prompts.slice(0, -1);
  const memory =
    earlier.length > 0
      ? ` Earlier in this session you said: ${earlier.map((p) => `"${p}"`).join('; ')}.`
      : '';
  const records = rememberedRecords(last);
  const recalled =
    records.length > 0 ? ` From long-term memory: ${records.map((r) => `"${r}"`).join('; ')}.` : '';
  return {
    kind: 'text',
    text: `${agentName} (offline model) received: "${prompt}".${memory}${recalled}`,
  };
}

/**
 * A block of retrieved long-term records, as Strands' memory manager adds it to the user's
 * message for one model call: `<memory>` with one `<entry>` per record, XML-escaped.
 */
const MEMORY_BLOCK = /^\s*<memory>([\s\S]*)<\/memory>\s*$/;

function isMemoryBlock(block: ContentBlock): boolean {
  return block.type === 'textBlock' && MEMORY_BLOCK.test(block.text);
}

/** The records a message was given, unescaped, in the order given. */
function rememberedRecords(message: Message | undefined): string[] {
  return (message?.content ?? []).flatMap((block) => {
    const inner = block.type === 'textBlock' ? MEMORY_BLOCK.exec(block.text)?.[1] : undefined;
    if (inner === undefined) return [];
    return [...inner.matchAll(/<entry[^>]*>([\s\S]*?)<\/entry>/g)].map((m) => unescapeXml(m[1]));
  });
}

function unescapeXml(text: string): string {
  const entities: Record<string, string> = {
    '&lt;': '<',
    '&gt;': '>',
    '&quot;': '"',
    '&apos;': "'",
    '&amp;': '&',
  };
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (entity) => entities[entity]);
}

/** Words too common to say what a request is about. */
const STOP_WORDS = new Set(
  'about after agent agents also answer answers been call calls does each from have into just more most must only other over some such than that their them then there these they this tool tools turn turns very what when where which while will with would your'.split(
    ' ',
  ),
);

/** Lower-case word stems of at least four letters: `Researches` → `research`. */
export function stems(text: string): Set<string> {
  const out = new Set<string>();
  for (const word of text.toLowerCase().split(/[^a-z0-9]+/)) {
    if (word.length < 4 || STOP_WORDS.has(word)) continue;
    out.add(word.replace(/(ings|ing|ers|er|es|ed|s)$/, ''));
  }
  return out;
}

/**
 * The tools a prompt asks for: every tool sharing a word stem with it (name words count
 * too, so "ask the writer" picks `call_writer`), best match first, so a request in two
 * parts reaches both agents. None when nothing matches.
 */
export function chooseTools(prompt: string, tools: readonly ToolSpec[]): string[] {
  const wanted = stems(prompt);
  if (wanted.size === 0) return [];
  const scored = tools.map((t) => {
    const known = stems(`${t.name.replace(/^call_/, '').replace(/_/g, ' ')} ${t.description}`);
    return { name: t.name, score: [...wanted].filter((w) => known.has(w)).length };
  });
  return scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score)
    .map((s) => s.name);
}

interface ToolResultLike {
  readonly type: 'toolResultBlock';
  readonly toolUseId: string;
  readonly status: 'success' | 'error';
  readonly content: ReadonlyArray<{ readonly type: string }>;
}

function isToolResult(block: ContentBlock): block is ContentBlock & ToolResultLike {
  return block.type === 'toolResultBlock';
}

function toolNamesById(messages: Message[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const message of messages) {
    for (const block of message.content) {
      if (block.type === 'toolUseBlock') names.set(block.toolUseId, block.name);
    }
  }
  return names;
}

function resultText(content: ToolResultLike['content']): string {
  return content
    .map((c) => {
      if ('text' in c && typeof c.text === 'string') return c.text;
      if ('json' in c) return JSON.stringify(c.json);
      return '';
    })
    .join(' ')
    .trim();
}

/** The user's own words in each turn, tool results and retrieved memory left out. */
function userPrompts(messages: Message[]): string[] {
  return messages
    .filter((m) => m.role === 'user')
    .map((m) =>
      m.content
        .map((b) => (b.type === 'textBlock' && !isMemoryBlock(b) ? b.text : ''))
        .join(' ')
        .trim(),
    )
    .filter((text) => text.length > 0);
}
