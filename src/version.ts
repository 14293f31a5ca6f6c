/**
 * The one place the published names and the major version live: the action reference a workflow
 * `uses:`, and the npm package a terminal runs with npx. Docs and the templates of `earshot init`
 * use these (test/unit/docs/versions.test.ts checks every doc against them).
 */
export const MAJOR = 1;
/** `uses:` in a workflow: the moving major tag of the GitHub release. */
export const ACTION_REF = `earshot/earshot@v${MAJOR}`;
/** `npx earshot@1 …`: the CLI package on the npm registry. */
export const CLI_PACKAGE = `earshot@${MAJOR}`;
