/**
 * A local server speaking the OpenAI chat-completions protocol (POST …/chat/completions), for the
 * LLM classifier's tests. It reads the mentions from the user message as the classifier sends them
 * and answers each with `answer(text)`; `mode` makes it fail the ways real endpoints do.
 */
import { type Loopback, type RecordedRequest, sendJson, startLoopback } from './loopback.js';

export type FakeLlmMode =
  | 'ok'
  | 'http-500'
  | 'quota-429'
  | 'hang'
  | 'not-json'
  | 'fenced'
  | 'drop-last'
  | 'duplicate-first'
  | 'invalid-category';

export interface FakeItem {
  category: string;
  secondary?: string;
  confidence?: number;
}

export interface FakeLlm extends Loopback {
  mode: FakeLlmMode;
  answer: (text: string) => FakeItem;
  /** The mentions of each request, as the server read them. */
  batches(): { id: string; text: string }[][];
}

/** A chat.completion answer as OpenAI-compatible servers send it, with this message content. */
export function chatCompletion(content: string | null): Record<string, unknown> {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1795687200,
    model: 'openai/gpt-4.1-mini',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
  };
}

export function mentionsOf(req: RecordedRequest): { id: string; text: string }[] {
  const body = JSON.parse(req.body) as { messages: { role: string; content: string }[] };
  const user = body.messages.find((m) => m.role === 'user');
  return (JSON.parse(user?.content ?? '{}') as { mentions: { id: string; text: string }[] }).mentions;
}

export async function startFakeLlm(answer: FakeLlm['answer']): Promise<FakeLlm> {
  const state: { mode: FakeLlmMode; answer: FakeLlm['answer'] } = { mode: 'ok', answer };
  const loopback = await startLoopback((req, res) => {
    if (!req.url.endsWith('/chat/completions'))
      return sendJson(res, 404, { error: { message: 'not found' } });
    if (state.mode === 'http-500')
      return sendJson(res, 500, { error: { message: 'upstream model crashed' } });
    if (state.mode === 'quota-429')
      return sendJson(
        res,
        429,
        { error: { message: 'Rate limit of 150 per 86400s exceeded' } },
        { 'retry-after': '86400' },
      );
    if (state.mode === 'hang') return; // never answers: the client's timeout ends it
    if (state.mode === 'not-json')
      return sendJson(res, 200, chatCompletion('Sure! Here are the categories you asked for.'));
    const mentions = mentionsOf(req);
    let items = mentions.map((m) => {
      const a = state.answer(m.text);
      return {
        id: m.id,
        category: a.category,
        secondary: a.secondary ?? 'none',
        confidence: a.confidence ?? 0.9,
      };
    });
    if (state.mode === 'drop-last') items = items.slice(0, -1);
    if (state.mode === 'duplicate-first' && items[0])
      items = [items[0], { ...items[0], category: 'neutral' }, ...items.slice(1)];
    if (state.mode === 'invalid-category' && items[0]) items[0] = { ...items[0], category: 'furious' };
    const json = JSON.stringify({ items });
    sendJson(res, 200, chatCompletion(state.mode === 'fenced' ? `\`\`\`json\n${json}\n\`\`\`` : json));
  });
  return Object.assign(state, loopback, {
    batches: () => loopback.requests.filter((r) => r.url.endsWith('/chat/completions')).map(mentionsOf),
  });
}
