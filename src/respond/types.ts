/** Types shared by runCommand and the command handlers. */
import type { EarshotConfig } from '../config/schema.js';
import type { HttpClient } from '../http/types.js';
import type { ChatClient } from '../llm/openai-compatible.js';
import type { Logger } from '../logger.js';
import type { Publisher } from '../platforms/publisher.js';
import type { MarkerData } from '../record/marker.js';
import type { PortComment, PortUser, RecordIssue, RepoInfo, RespondRecord } from '../record/respond-port.js';
import type { ParsedCommand } from './parse.js';
import type { IssueHistory } from './state.js';

export interface RespondDeps {
  config: EarshotConfig;
  port: RespondRecord;
  http: HttpClient;
  env: Readonly<Record<string, string | undefined>>;
  now: () => Date;
  logger: Logger;
  /** The folder relative config paths (respond.playbooks) are resolved against: the workspace. */
  root: string;
  /** Publishers by source kind (default: the registry in publishers/index.ts). */
  publishers?: ReadonlyMap<string, Publisher>;
  /** A chat client for polish (default: built from respond.llm, when configured). */
  llm?: ChatClient | undefined;
  /** Earshot's own playbooks folder (default: found next to the code). */
  builtinPlaybooks?: string | undefined;
}

/** An issue as an event describes it (the payload's `issue`). */
/** The issue an event carries (the webhook's issue object): the record's issue type. */
export type EventIssue = RecordIssue & { isPullRequest: boolean };

/** The events respond mode acts on, normalized from GitHub's webhook payloads (events.ts). */
export type RespondEvent =
  | {
      kind: 'comment';
      /** `created`, `edited` or `deleted`. */
      action: string;
      issue: EventIssue;
      /**
       * `association`: the comment's `author_association` as GitHub sent it in the event (OWNER,
       * MEMBER, COLLABORATOR, CONTRIBUTOR, NONE …); authorize.ts says which value proves write access.
       */
      comment: { id: number; body: string; user: PortUser; association?: string };
      sender: PortUser;
    }
  | { kind: 'label'; action: 'labeled' | 'unlabeled'; issue: EventIssue; label: string; sender: PortUser }
  | { kind: 'closed'; issue: EventIssue; sender: PortUser }
  | { kind: 'merged'; pull: { number: number; title: string; url: string }; sender: PortUser };

export type Outcome = 'ok' | 'failed' | 'refused' | 'ignored';

export interface RespondResult {
  outcome: Outcome;
  /** The command (or label transition) acted on, e.g. `draft`. */
  command?: string;
  issue?: number;
  /** One line for logs and the job summary. */
  message: string;
}

export interface CommandContext {
  deps: RespondDeps;
  port: RespondRecord;
  config: EarshotConfig;
  issue: RecordIssue;
  /** The mention issue's hidden marker (key, source, kind, url, author, replyTo …). */
  marker: MarkerData;
  /** Who gave the command. */
  actor: string;
  command: ParsedCommand;
  /** A comment command, or a label a person added. */
  via: 'comment' | 'label';
  now: Date;
  /** The issue's comments and Earshot's record in them (listed once, on first use). */
  record(): Promise<IssueHistory>;
  repo(): Promise<RepoInfo>;
  /** Posts a comment on the mention issue. */
  post(body: string): Promise<PortComment>;
}

export interface CommandOutcome {
  ok: boolean;
  message: string;
}

export interface CommandHandler {
  name: string;
  /** e.g. `/followup <note>`. */
  usage: string;
  summary: string;
  /** The label that triggers this command when a person adds it, if any. */
  label?: string;
  run(ctx: CommandContext): Promise<CommandOutcome>;
}

/** A command that cannot do what was asked (the person gets a comment saying why). */
export class CommandProblem extends Error {
  override readonly name = 'CommandProblem';
}
