/**
 * The `respond:` section of the config (commands, drafts, replies, follow-up). Every field has a
 * default, so configurations written before it existed stay valid.
 */
import * as z from 'zod';

const login = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, 'a GitHub login without @');
const httpUrl = z.string().regex(/^https?:\/\/[^\s/?#]+[^\s]*$/, 'an http(s) URL');
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'name an environment variable');

export const teamSchema = z
  .object({
    mention: z
      .string()
      .regex(/^@[A-Za-z0-9-]+(\/[A-Za-z0-9_.-]+)?$/, 'a GitHub @user or @org/team')
      .optional()
      .describe('Who is pinged when a mention is escalated to this team, e.g. "@acme/billing".'),
    assignees: z.array(login).default([]).describe('People assigned on escalation.'),
    label: z.string().min(1).max(50).optional().describe('A label added on escalation, e.g. "team:billing".'),
  })
  .describe('A team that `/escalate <team>` hands mentions to.');

export const llmSchema = z
  .object({
    endpoint: httpUrl.describe(
      'OpenAI-compatible API root (POST {endpoint}/chat/completions). GitHub Models: https://models.github.ai/inference.',
    ),
    model: z.string().min(1).describe('Model id, e.g. "openai/gpt-4.1-mini" on GitHub Models.'),
    apiKeyEnv: envName
      .optional()
      .describe(
        'NAME of the environment variable holding the API key. Default: the action\'s github-token when the endpoint is GitHub Models (the job needs "permissions: models: read").',
      ),
    maxTokens: z
      .number()
      .int()
      .min(16)
      .max(4000)
      .default(400)
      .describe('Longest polished answer, in tokens.'),
    timeoutMs: z.number().int().min(1000).max(120_000).default(30_000).describe('Time limit per request.'),
  })
  .describe('Optional polish of playbook drafts by a language model; a person still approves every reply.');

export const respondConfigSchema = z
  .object({
    playbooks: z
      .string()
      .min(1)
      .default('config/playbooks')
      .describe(
        "Folder of reply playbooks (one YAML file per category). Missing files fall back to Earshot's own.",
      ),
    agentName: z
      .string()
      .min(1)
      .max(80)
      .optional()
      .describe('How replies are signed ({agent}), e.g. "Sam at Acme". Default: "the <company> team".'),
    link: httpUrl
      .optional()
      .describe('Where customers reach you privately ({link} in playbooks), e.g. a support page.'),
    followupRepo: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'owner/name')
      .optional()
      .describe(
        'A PRIVATE repository where `/followup` notes go as issues, linked both ways. Without it, only the fact of a follow-up is recorded.',
      ),
    allowEditedComments: z
      .boolean()
      .default(false)
      .describe('Also act on commands in edited comments (default: only new comments).'),
    botLogin: z
      .string()
      .min(1)
      .default('github-actions[bot]')
      .describe(
        "The login Earshot comments as (a PAT's user or an app's bot): its comments are never read as commands.",
      ),
    teams: z
      .record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/), teamSchema)
      .default({})
      .describe('Teams by name, for `/escalate <name>`.'),
    llm: llmSchema.optional(),
  })
  .describe('Answering mentions: commands on issues, reply drafts, publishing, private follow-up.');

export type RespondConfig = z.infer<typeof respondConfigSchema>;

export const RESPOND_DEFAULTS: RespondConfig = {
  playbooks: 'config/playbooks',
  allowEditedComments: false,
  botLogin: 'github-actions[bot]',
  teams: {},
};
