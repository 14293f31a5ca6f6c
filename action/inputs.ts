/** The action's inputs, read and validated once. */
import * as core from '@actions/core';
import * as z from 'zod';

export const inputsSchema = z.object({
  githubToken: z.string(),
  config: z.string().min(1),
  mode: z.enum(['auto', 'scan', 'respond', 'report']),
  dryRun: z.boolean(),
  maxNewIssues: z.number().int().min(0).max(500).optional(),
  shard: z.string().optional(),
});
export type ActionInputs = z.infer<typeof inputsSchema>;

export function readInputs(): ActionInputs {
  const maxNew = core.getInput('max-new-issues').trim();
  const shard = core.getInput('shard').trim();
  const token = core.getInput('github-token').trim();
  if (token) core.setSecret(token);
  const parsed = inputsSchema.safeParse({
    githubToken: token,
    config: core.getInput('config').trim() || '.github/earshot.yml',
    mode: core.getInput('mode').trim() || 'auto',
    dryRun: (core.getInput('dry-run').trim() || 'false').toLowerCase() === 'true',
    ...(maxNew ? { maxNewIssues: Number(maxNew) } : {}),
    ...(shard ? { shard } : {}),
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `input ${String(i.path[0])}: ${i.message}`).join('; ');
    throw new Error(`invalid action inputs: ${problems}`);
  }
  return parsed.data;
}
