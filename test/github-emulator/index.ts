/** The GitHub emulator's public surface (see docs/emulator.md). */
export type { CallRecord, CallsSnapshot } from './calls.js';
export { Calls } from './calls.js';
export type { Violation, ViolationKind } from './dispatch.js';
export type { FaultEffect, FaultRule, FaultRuleInput } from './faults.js';
export { Faults, SECONDARY_RATE_LIMIT_MESSAGE } from './faults.js';
export { CONTENTS_INLINE_LIMIT, FILE_SIZE_LIMIT } from './media.js';
export type { SchemaError } from './openapi.js';
export { findOperation, validateComponent, validateRequestBody, validateResponseBody } from './openapi.js';
export type { WorkflowRunSnapshot, WorkflowRunSpec } from './runs.js';
export type { SeedData, SeedIssue, SeedResult, UserSpec } from './seed.js';
export type {
  ActResult,
  Emulator,
  EmulatorOptions,
  EmulatorState,
  Person,
  TokenSpec,
} from './server.js';
export { startEmulator } from './server.js';
export type { CommentSnapshot, EventSnapshot, IssueSnapshot, RepoSnapshot } from './snapshot.js';
export type { Role, RunConclusion, RunStatus, Scope } from './store.js';
