/**
 * The `classify` section of earshot.yml: which classifier files mentions. Default: the embedded
 * model alone. `llm` adds a language model in front of it (the embedded model stays the fallback);
 * `model` replaces the embedded weights with a team-trained model file (`earshot train --from-issues`).
 */
import * as z from 'zod';
import { GITHUB_MODELS_ENDPOINT } from '../llm/openai-compatible.js';

const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'the NAME of an environment variable (letters, digits, _), not a value');

export const classifyLlmSchema = z
  .object({
    endpoint: z
      .string()
      .regex(/^https?:\/\/[^\s/?#]+[^\s]*$/, 'an http(s) URL')
      .default(GITHUB_MODELS_ENDPOINT)
      .describe(
        'OpenAI-compatible API root (POST {endpoint}/chat/completions). Default: GitHub Models, reachable with the workflow token and "permissions: models: read".',
      ),
    model: z
      .string()
      .min(1)
      .default('openai/gpt-4.1-mini')
      .describe('Model id, e.g. "openai/gpt-4.1-mini" on GitHub Models.'),
    apiKeyEnv: envName
      .optional()
      .describe(
        "NAME of the environment variable holding the API key. Default: the action's github-token when the endpoint is GitHub Models.",
      ),
    batchSize: z
      .number()
      .int()
      .min(1)
      .max(50)
      .default(20)
      .describe('Mentions per request: several share one prompt, so a run of 100 mentions costs 5 requests.'),
    maxRequests: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(25)
      .describe(
        'Requests per run at most (cost and quota guard); mentions beyond them get the embedded model.',
      ),
    maxTextChars: z
      .number()
      .int()
      .min(200)
      .max(20_000)
      .default(2000)
      .describe("Characters of each mention's title and text sent to the model."),
    timeoutMs: z.number().int().min(1000).max(120_000).default(30_000).describe('Time limit per request.'),
    jsonSchema: z
      .boolean()
      .default(true)
      .describe(
        'Ask for a strict JSON schema answer (response_format json_schema). Turn off for servers that do not support it; the answer is validated either way.',
      ),
  })
  .strict()
  .describe(
    'Optional: classify with a language model, several mentions per request; any error, quota, timeout or invalid answer falls back to the embedded model. Mention text is sent to the endpoint.',
  );

/** `classify.needsTriageBelow` when the config does not set it. */
export const DEFAULT_NEEDS_TRIAGE_BELOW = 0.6;

export const classifyConfigSchema = z
  .object({
    llm: classifyLlmSchema.optional(),
    needsTriageBelow: z
      .number()
      .min(0)
      .max(1)
      .default(DEFAULT_NEEDS_TRIAGE_BELOW)
      .describe(
        'Below this confidence (0–1) the category is a guess: the issue says so and gets the `needs-triage` label, asking the team to confirm or correct it (`/reclassify`). 0 turns it off.',
      ),
    model: z
      .string()
      .min(1)
      .optional()
      .describe(
        'A model file trained on your team\'s labels (`earshot train --from-issues`), relative to the repository root, e.g. ".github/earshot-model.json". Default: the embedded model.',
      ),
  })
  .strict()
  .prefault({})
  .describe('How mentions are classified (docs/classifier.md). Default: the embedded model.');

export type ClassifyLlmConfig = z.infer<typeof classifyLlmSchema>;
export type ClassifyConfig = z.infer<typeof classifyConfigSchema>;
