/**
 * A small client for OpenAI-compatible chat completions (`POST {endpoint}/chat/completions`),
 * through the shared HttpClient. It works with GitHub Models (`https://models.github.ai/inference`,
 * the workflow token with `permissions: models: read`), OpenAI, Azure-style gateways and local
 * servers (Ollama, llama.cpp, vLLM) that speak the same protocol.
 *
 * Used by reply drafting (optional polish) and available to the classifier. The answer is data:
 * callers must check it (length, links) before using it, and a human approves anything published.
 */
import * as z from 'zod';
import { errorMessage, HttpError } from '../errors.js';
import type { HttpClient } from '../http/types.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatOptions {
  /** Largest answer, in tokens (default 400). */
  maxTokens?: number;
  /** Default 0.3: polish, not invention. */
  temperature?: number;
  signal?: AbortSignal;
  /**
   * Ask for a JSON answer that follows this schema (`response_format: {type: 'json_schema', …,
   * strict: true}`); the caller still validates what comes back.
   */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
}

export interface ChatClient {
  /** e.g. `openai/gpt-4.1-mini` on GitHub Models. */
  readonly model: string;
  /** The assistant's answer text (trimmed). Throws LlmError when there is none. */
  complete(messages: readonly ChatMessage[], options?: ChatOptions): Promise<string>;
}

export interface ChatClientOptions {
  http: HttpClient;
  /** The API root without `/chat/completions`, e.g. https://models.github.ai/inference. */
  endpoint: string;
  model: string;
  /** Sent as `Authorization: Bearer …` when given. */
  apiKey?: string | undefined;
  /** Per request (default 30 s). */
  timeoutMs?: number;
  /** Extra headers (e.g. an organization header some gateways want). */
  headers?: Record<string, string>;
}

/** The endpoint answered, but not with a usable completion (or not at all). Never carries the key. */
export class LlmError extends Error {
  override readonly name = 'LlmError';
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** GitHub Models, reachable from Actions with the workflow token (`permissions: models: read`). */
export const GITHUB_MODELS_ENDPOINT = 'https://models.github.ai/inference';

/** Whether an endpoint is on GitHub Models (the only host the workflow's token is sent to). */
export function isGitHubModels(endpoint: string): boolean {
  return /^https:\/\/models\.github\.ai(\/|$)/.test(endpoint);
}

/**
 * The API key of an `llm` config section: the value of its apiKeyEnv, else (on GitHub Models only)
 * the workflow's token; undefined when there is none.
 */
export function llmApiKey(
  llm: { endpoint: string; apiKeyEnv?: string | undefined },
  env: Readonly<Record<string, string | undefined>>,
  githubToken: string | undefined,
): string | undefined {
  if (llm.apiKeyEnv) return env[llm.apiKeyEnv] || undefined;
  return isGitHubModels(llm.endpoint) ? githubToken || undefined : undefined;
}

const completionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish() }).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  model: z.string().optional(),
});

const errorSchema = z.object({
  error: z.union([z.string(), z.object({ message: z.string().optional(), code: z.unknown() })]),
});

function errorText(body: unknown): string | undefined {
  const parsed = errorSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const e = parsed.data.error;
  return typeof e === 'string' ? e : e.message;
}

export function chatCompletionsUrl(endpoint: string): string {
  const base = endpoint.replace(/\/+$/, '');
  return /\/chat\/completions$/.test(base) ? base : `${base}/chat/completions`;
}

export function createChatClient(options: ChatClientOptions): ChatClient {
  const url = chatCompletionsUrl(options.endpoint);
  return {
    model: options.model,
    async complete(messages, chat = {}) {
      let status: number;
      let body: unknown;
      try {
        const res = await options.http.request({
          url,
          method: 'POST',
          headers: {
            accept: 'application/json',
            ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
            ...options.headers,
          },
          body: {
            model: options.model,
            messages: messages.map((m) => ({ role: m.role, content: m.content })),
            max_tokens: chat.maxTokens ?? 400,
            temperature: chat.temperature ?? 0.3,
            stream: false,
            ...(chat.jsonSchema
              ? {
                  response_format: {
                    type: 'json_schema',
                    json_schema: { name: chat.jsonSchema.name, strict: true, schema: chat.jsonSchema.schema },
                  },
                }
              : {}),
          },
          timeoutMs: options.timeoutMs ?? 30_000,
          maxBytes: 1024 * 1024,
          acceptStatus: () => true,
          retries: 1,
          ...(chat.signal ? { signal: chat.signal } : {}),
        });
        status = res.status;
        try {
          body = res.json();
        } catch {
          body = undefined;
        }
      } catch (error) {
        const what = error instanceof HttpError ? error.message : errorMessage(error);
        throw new LlmError(`the language model at ${new URL(url).host} did not answer: ${what}`, undefined, {
          cause: error,
        });
      }
      if (status < 200 || status >= 300) {
        const detail = errorText(body);
        const hint =
          status === 401 || status === 403
            ? ' (check the API key; on GitHub Models the workflow needs `permissions: models: read`)'
            : status === 429
              ? ' (rate limited or out of quota)'
              : '';
        throw new LlmError(
          `the language model answered HTTP ${status}${detail ? `: ${detail.slice(0, 200)}` : ''}${hint}`,
          status,
        );
      }
      const parsed = completionSchema.safeParse(body);
      const content = parsed.success ? parsed.data.choices[0]?.message?.content?.trim() : undefined;
      if (!content) throw new LlmError('the language model answered without any text', status);
      return content;
    },
  };
}
