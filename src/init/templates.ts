/**
 * What `earshot init` writes into a repository: a commented config and the three workflows, each
 * with only the permissions its job needs. Kept as text so the comments survive.
 */
import { ACTION_REF, CLI_PACKAGE } from '../version.js';

export const CONFIG_PATH = '.github/earshot.yml';
export const SCHEMA_PATH = '.github/earshot.schema.json';
export const WORKFLOWS = {
  scan: '.github/workflows/earshot-scan.yml',
  respond: '.github/workflows/earshot-respond.yml',
  report: '.github/workflows/earshot-report.yml',
} as const;

/** A YAML scalar for any text (JSON strings are valid YAML). */
const q = (text: string) => JSON.stringify(text);

export function configTemplate(company: string): string {
  const news = `https://news.google.com/rss/search?q=${encodeURIComponent(`"${company}"`)}&hl=en-US&gl=US&ceid=US:en`;
  return `# yaml-language-server: $schema=./earshot.schema.json
# Earshot: every public mention of ${company} becomes one GitHub issue.
# Check it with \`npx ${CLI_PACKAGE} validate\`; try it with \`npx ${CLI_PACKAGE} scan --dry-run\`.
# Every field: https://github.com/earshot/earshot/blob/v1/docs/configuration.md

company:
  name: ${q(company)}
  aliases: []        # other spellings: [${q(`${company} Inc`)}]
  products: []       # product names people mention
  handles: []        # social handles: ['@yourhandle']

# Without queries Earshot listens for the names above. The query language has "phrases",
# AND / OR / NOT, -exclusions and parentheses:
# queries:
#   - id: brand
#     query: '${company.replace(/'/g, "''")} -"unrelated phrase"'

# Where to listen (every kind, its options and its credentials: docs/sources.md).
# These need no credentials.
sources:
  - id: hn
    kind: hacker-news
  - id: news
    kind: rss
    url: ${q(news)}
  - id: stackoverflow
    kind: stack-exchange
    site: stackoverflow
    # credentials: { key: STACK_EXCHANGE_KEY }   # optional: a higher daily quota
  # A source that needs a credential names an environment variable, never the secret itself;
  # the workflows pass that variable from a repository secret of the same name:
  # - id: youtube
  #   kind: youtube
  #   credentials: { apiKey: YOUTUBE_API_KEY }

lookbackDays: 14               # how far back the first run looks
budgets:
  maxNewIssues: 50             # issues filed per run at most; the rest follow next run
milestones:
  period: week                 # one milestone per ISO week

# The first run records what is already out there and files one summary issue; set
# backfill: true to file those mentions too.
bootstrap:
  backfill: false

# Who gets what: the first rule whose \`when\` holds gives assignees and labels.
# routing:
#   - when: { category: [complaint], keyword: [billing, invoice] }
#     assignees: [your-login]
#     labels: [team:billing]

# Response targets, measured by the report workflow.
sla:
  firstResponse:
    complaint: { high: 4h, default: 24h }
    default: 3d
`;
}

/** `env:` lines passing each named variable from the repository secret of the same name. */
function envBlock(variables: readonly string[], indent: string, comment: string): string {
  if (variables.length === 0)
    return `${indent}# env:   # ${comment}\n${indent}#   SOME_KEY: \${{ secrets.SOME_KEY }}\n`;
  return `${indent}env:   # ${comment}\n${variables.map((v) => `${indent}  ${v}: \${{ secrets.${v} }}\n`).join('')}`;
}

export function scanWorkflow(credentialEnv: readonly string[]): string {
  return `# Earshot: search the sources on a schedule and file each new mention as one issue.
name: Earshot scan
on:
  schedule:
    - cron: '*/30 * * * *'
  workflow_dispatch:

permissions: {}

jobs:
  scan:
    runs-on: ubuntu-latest
    concurrency:                 # one scan at a time (Earshot also takes a lease of its own)
      group: earshot-scan
      cancel-in-progress: false
    permissions:
      issues: write              # issues, labels, milestones
      contents: write            # the small state file on the earshot-state branch
      actions: read              # a crashed run's filing lease is taken over once it has finished
    steps:
      - uses: actions/checkout@v4
      - uses: ${ACTION_REF}
        with:
          mode: scan
          config: ${CONFIG_PATH}
${envBlock(credentialEnv, '        ', 'the credentials named in the config, from repository secrets')}`;
}

export function respondWorkflow(credentialEnv: readonly string[]): string {
  return `# Earshot: answer mentions through commands (/draft, /approve, /reply …) and labels on their issues.
name: Earshot respond
on:
  issue_comment:
    types: [created]
  issues:
    types: [labeled, closed]
  pull_request:                  # a merged fix linked with /link drafts the follow-up reply
    types: [closed]

permissions: {}

jobs:
  respond:
    # Commands, labels on mention issues, closed issues and merged pull requests; never bots.
    if: >-
      github.event.sender.type != 'Bot' && (
      (github.event_name == 'issue_comment' && startsWith(github.event.comment.body, '/')) ||
      (github.event_name == 'issues' && (github.event.action == 'closed' || contains(github.event.issue.labels.*.name, 'earshot'))) ||
      (github.event_name == 'pull_request' && github.event.pull_request.merged))
    runs-on: ubuntu-latest
    concurrency:                 # one command at a time per issue
      group: earshot-respond-\${{ github.event.issue.number || github.event.pull_request.number }}
      cancel-in-progress: false
    permissions:
      issues: write              # comments, reactions, labels, closing
      contents: read             # the config and playbooks
    steps:
      - uses: actions/checkout@v4
      - uses: ${ACTION_REF}
        with:
          mode: respond
          config: ${CONFIG_PATH}
${envBlock(credentialEnv, '        ', 'reply credentials named in the config, from repository secrets')}`;
}

export function reportWorkflow(): string {
  return `# Earshot: the response report every morning — job summary, the week's report issue,
# sla:breached labels, each week's figures on its milestone.
name: Earshot report
on:
  schedule:
    - cron: '17 6 * * *'
  workflow_dispatch:

permissions: {}

jobs:
  report:
    runs-on: ubuntu-latest
    concurrency:
      group: earshot-report
      cancel-in-progress: false
    permissions:
      issues: write              # the report issue, sla:breached labels, milestone descriptions
      contents: write            # the report's cache on the earshot-state branch
    steps:
      - uses: actions/checkout@v4
      - uses: ${ACTION_REF}
        with:
          mode: report
          config: ${CONFIG_PATH}
`;
}
