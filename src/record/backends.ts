/**
 * The record's two backends, each one object with its three roles: GitHub (one Octokit, the
 * issues, the state branch) and the local tracker (.earshot/). Scan, respond and report each take
 * the role they need; nothing else constructs a backend's parts. Each backend is its own file
 * (./github/backend.ts, ./local/backend.ts): the action's entry imports the local one statically
 * and the GitHub one only when there is a token, so a local run does not load Octokit.
 */
export type { RecordBackend } from './backend.js';
export { type GitHubRecordOptions, githubRecord } from './github/backend.js';
export { type LocalRecordOptions, localRecord } from './local/backend.js';
