/** The OpenAI-compatible chat client against a loopback server speaking the chat completions protocol. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../src/http/client.js';
import {
  chatCompletionsUrl,
  createChatClient,
  isGitHubModels,
  LlmError,
  llmApiKey,
} from '../../../src/llm/openai-compatible.js';
import { chatCompletion } from '../../helpers/fake-llm.js';
import { type Loopback, startLoopback } from '../../helpers/loopback.js';

let server: Loopback;
let answer: { status: number; body: unknown } = { status: 200, body: {} };

beforeAll(async () => {
  server = await startLoopback((_req, res) => {
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
  });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

describe('createChatClient', () => {
  const client = () =>
    createChatClient({
      http: createHttpClient({ retries: 0 }),
      endpoint: `${server.url}/inference`,
      model: 'openai/gpt-4.1-mini',
      apiKey: 'k-123',
    });

  it('POSTs model, messages, max_tokens and temperature with the bearer key; returns the text', async () => {
    answer = { status: 200, body: chatCompletion('  Polished reply.  ') };
    const text = await client().complete([{ role: 'user', content: 'hi' }], {
      maxTokens: 50,
      temperature: 0.2,
    });
    expect(text).toBe('Polished reply.');
    const req = server.requests[0];
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/inference/chat/completions');
    expect(req?.headers.authorization).toBe('Bearer k-123');
    expect(JSON.parse(req?.body ?? '{}')).toEqual({
      model: 'openai/gpt-4.1-mini',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 50,
      temperature: 0.2,
      stream: false,
    });
  });

  it('explains refusals (with the GitHub Models permission hint) without leaking the key', async () => {
    answer = { status: 403, body: { error: { code: 'no_access', message: 'No access to model' } } };
    const e = await client()
      .complete([{ role: 'user', content: 'x' }])
      .catch((err: unknown) => err);
    expect(e).toBeInstanceOf(LlmError);
    expect((e as LlmError).message).toContain('HTTP 403: No access to model');
    expect((e as LlmError).message).toContain('models: read');
    expect((e as LlmError).message).not.toContain('k-123');
    answer = { status: 429, body: { error: 'Too many requests' } };
    await expect(client().complete([{ role: 'user', content: 'x' }])).rejects.toThrow(
      /HTTP 429: Too many requests/,
    );
  });

  it('an answer without text, or not JSON, is an error', async () => {
    answer = { status: 200, body: chatCompletion(null) };
    await expect(client().complete([{ role: 'user', content: 'x' }])).rejects.toThrow(/without any text/);
    answer = { status: 200, body: 'not json' };
    await expect(client().complete([{ role: 'user', content: 'x' }])).rejects.toThrow(/without any text/);
  });

  it('an unreachable endpoint is an LlmError naming the host', async () => {
    const c = createChatClient({
      http: createHttpClient({ retries: 0 }),
      endpoint: 'http://127.0.0.1:9/v1',
      model: 'm',
    });
    await expect(c.complete([{ role: 'user', content: 'x' }])).rejects.toThrow(
      /127\.0\.0\.1:9 did not answer/,
    );
  });

  it('accepts an endpoint that already ends in /chat/completions', () => {
    expect(chatCompletionsUrl('https://models.github.ai/inference/')).toBe(
      'https://models.github.ai/inference/chat/completions',
    );
    expect(chatCompletionsUrl('http://x/v1/chat/completions')).toBe('http://x/v1/chat/completions');
  });
});

describe('the API key of an llm config section', () => {
  const env = { LLM_KEY: 'k-1', EMPTY: '' };
  it('is the named environment variable, whatever the endpoint', () => {
    expect(llmApiKey({ endpoint: 'https://llm.example.com/v1', apiKeyEnv: 'LLM_KEY' }, env, 'gh-token')).toBe(
      'k-1',
    );
    expect(
      llmApiKey({ endpoint: 'https://models.github.ai/inference', apiKeyEnv: 'EMPTY' }, env, 'gh-token'),
    ).toBe(undefined);
  });
  it('is the workflow token on GitHub Models only, never on a look-alike host', () => {
    expect(isGitHubModels('https://models.github.ai/inference')).toBe(true);
    expect(isGitHubModels('https://models.github.ai')).toBe(true);
    expect(isGitHubModels('https://models.github.ai.example.com/inference')).toBe(false);
    expect(isGitHubModels('http://models.github.ai/inference')).toBe(false);
    expect(llmApiKey({ endpoint: 'https://models.github.ai/inference' }, env, 'gh-token')).toBe('gh-token');
    expect(llmApiKey({ endpoint: 'https://models.github.ai.example.com/inference' }, env, 'gh-token')).toBe(
      undefined,
    );
    expect(llmApiKey({ endpoint: 'https://llm.example.com/v1' }, env, 'gh-token')).toBe(undefined);
  });
});
