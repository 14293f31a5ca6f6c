/**
 * The classifier a run uses, from the config's `classify` section: the embedded model, with the
 * LLM classifier in front of it when `classify.llm` is set and has a key.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EarshotConfig } from '../config/schema.js';
import { ConfigError, errorMessage } from '../errors.js';
import type { HttpClient } from '../http/types.js';
import { createChatClient, isGitHubModels, llmApiKey } from '../llm/openai-compatible.js';
import type { Logger } from '../logger.js';
import { createLlmClassifier } from './llm-classifier.js';
import { createModelClassifier, lazyEmbeddedClassifier } from './model-classifier.js';
import { decodeModelFile } from './model-file.js';
import type { Classifier } from './types.js';

export interface ClassifierSetup {
  config: Pick<EarshotConfig, 'classify'>;
  env: Readonly<Record<string, string | undefined>>;
  http: HttpClient;
  /** The action's github-token (GitHub Models accepts it with `permissions: models: read`). */
  githubToken?: string | undefined;
  logger: Logger;
  /** Where classify.model resolves (the repository root; default the working directory). */
  workspace?: string | undefined;
}

/** The team's model file (classify.model), or a ConfigError naming the file and what is wrong. */
export function loadModelClassifier(path: string, workspace = process.cwd()): Classifier {
  const file = resolve(workspace, path);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`classify.model: cannot read ${path}: ${errorMessage(error)}`);
  }
  try {
    return createModelClassifier(decodeModelFile(data), `model:${path}`);
  } catch (error) {
    throw new ConfigError(`classify.model: ${path} is not an Earshot model file: ${errorMessage(error)}`);
  }
}

/** The model the config names: the team's model file (classify.model), else the embedded one. */
export function modelClassifierFromConfig(
  config: Pick<EarshotConfig, 'classify'>,
  workspace?: string | undefined,
): Classifier {
  const model = config.classify.model;
  // The embedded model is loaded on the first classification (model-classifier.ts).
  return model ? loadModelClassifier(model, workspace) : lazyEmbeddedClassifier();
}

/** The value of every secret the classifier may send (to mask in logs). */
export function classifySecrets(
  config: Pick<EarshotConfig, 'classify'>,
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  const name = config.classify.llm?.apiKeyEnv;
  const value = name ? env[name] : undefined;
  return value ? [value] : [];
}

export function classifierFromConfig(setup: ClassifierSetup): Classifier {
  const embedded = modelClassifierFromConfig(setup.config, setup.workspace);
  const llm = setup.config.classify.llm;
  if (!llm) return embedded;
  const apiKey = llmApiKey(llm, setup.env, setup.githubToken || setup.env.GITHUB_TOKEN);
  if (!apiKey && (llm.apiKeyEnv || isGitHubModels(llm.endpoint))) {
    setup.logger.warn(
      `classify.llm: no API key (${llm.apiKeyEnv ? `the environment variable ${llm.apiKeyEnv} is empty` : 'no github-token'}); the embedded model classifies`,
    );
    return embedded;
  }
  const chat = createChatClient({
    http: setup.http,
    endpoint: llm.endpoint,
    model: llm.model,
    apiKey,
    timeoutMs: llm.timeoutMs,
  });
  return createLlmClassifier({
    chat,
    fallback: embedded,
    batchSize: llm.batchSize,
    maxRequests: llm.maxRequests,
    maxTextChars: llm.maxTextChars,
    jsonSchema: llm.jsonSchema,
    logger: setup.logger,
  });
}
