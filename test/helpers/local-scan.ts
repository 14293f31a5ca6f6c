/**
 * What a scan run with LOCAL_SCAN_INPUTS leaves to check: its per-source figures (the `result`
 * output), the issue files and state files under `.earshot/`, and everything a secret must never
 * appear in.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ActionRun, withoutMaskCommands } from './run-action.js';

/**
 * Writes the workspace's earshot.yml for a local scan: the company Acme with its products, a first
 * run that files what it finds (backfill), and `sources` (the YAML list items, indented two spaces).
 */
export function writeScanConfig(workspace: string, products: readonly string[], sources: string): void {
  writeFileSync(
    join(workspace, 'earshot.yml'),
    `company:\n  name: Acme\n  products: [${products.join(', ')}]\nbootstrap:\n  backfill: true\nsources:\n${sources}`,
  );
}

export interface SourceFigures {
  id: string;
  fetched: number;
  matched: number;
  new: number;
  error: string | null;
}

/** The per-source figures of the run's `result` output. */
export function sourceFigures(run: ActionRun): SourceFigures[] {
  return (JSON.parse(run.outputs.result ?? '{}') as { sources?: SourceFigures[] }).sources ?? [];
}

/** The bodies of the issues the local scans filed so far (`.earshot/issues`). */
export function localIssues(workspace: string): string[] {
  const dir = join(workspace, '.earshot', 'issues');
  return readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
}

/** The state files (`.earshot/*.json`), joined. */
export function localState(workspace: string): string {
  const dir = join(workspace, '.earshot');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}

/**
 * All a run showed or wrote: its output as a runner shows it (the add-mask commands consumed),
 * its summary, the issues and the state.
 */
export function everythingShown(run: ActionRun, workspace: string): string {
  return [
    withoutMaskCommands(run.stdout + run.stderr),
    run.summary,
    ...localIssues(workspace),
    localState(workspace),
  ].join('\n');
}
