import { createRequire as __earshotCreateRequire } from 'node:module'; const require = __earshotCreateRequire(import.meta.url);
import{f as w,h as y}from"./chunk-KJMQJNLW.js";import"./chunk-WOZA7PRI.js";import"./chunk-ECWU7A55.js";import"./chunk-LPRO7ALW.js";import"./chunk-3Q5QDKBI.js";import"./chunk-QVLC2HKV.js";import{a as d}from"./chunk-EZYQP3DJ.js";import{a as m}from"./chunk-IMZIMWIN.js";import"./chunk-6ZZOXTYI.js";import{existsSync as O}from"node:fs";import{mkdir as _,writeFile as C}from"node:fs/promises";import{basename as I,dirname as T,join as f,resolve as N}from"node:path";function b(e){let t=d(w(e),{io:"input",unrepresentable:"any",override:({jsonSchema:s})=>{s.type==="object"&&s.properties&&s.additionalProperties===void 0&&(s.additionalProperties=!1)}});return`${JSON.stringify({...t,title:"Earshot configuration",$id:"https://earshot.dev/schema.json"},null,2)}
`}var l="earshot/earshot@v1",c="earshot@1";var i=".github/earshot.yml",k=".github/earshot.schema.json",u={scan:".github/workflows/earshot-scan.yml",respond:".github/workflows/earshot-respond.yml",report:".github/workflows/earshot-report.yml"},h=e=>JSON.stringify(e);function $(e){let t=`https://news.google.com/rss/search?q=${encodeURIComponent(`"${e}"`)}&hl=en-US&gl=US&ceid=US:en`;return`# yaml-language-server: $schema=./earshot.schema.json
# Earshot: every public mention of ${e} becomes one GitHub issue.
# Check it with \`npx ${c} validate\`; try it with \`npx ${c} scan --dry-run\`.
# Every field: https://github.com/earshot/earshot/blob/v1/docs/configuration.md

company:
  name: ${h(e)}
  aliases: []        # other spellings: [${h(`${e} Inc`)}]
  products: []       # product names people mention
  handles: []        # social handles: ['@yourhandle']

# Without queries Earshot listens for the names above. The query language has "phrases",
# AND / OR / NOT, -exclusions and parentheses:
# queries:
#   - id: brand
#     query: '${e.replace(/'/g,"''")} -"unrelated phrase"'

# Where to listen (every kind, its options and its credentials: docs/sources.md).
# These need no credentials.
sources:
  - id: hn
    kind: hacker-news
  - id: news
    kind: rss
    url: ${h(t)}
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
`}function x(e,t,s){return e.length===0?`${t}# env:   # ${s}
${t}#   SOME_KEY: \${{ secrets.SOME_KEY }}
`:`${t}env:   # ${s}
${e.map(n=>`${t}  ${n}: \${{ secrets.${n} }}
`).join("")}`}function v(e){return`# Earshot: search the sources on a schedule and file each new mention as one issue.
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
      - uses: ${l}
        with:
          mode: scan
          config: ${i}
${x(e,"        ","the credentials named in the config, from repository secrets")}`}function E(e){return`# Earshot: answer mentions through commands (/draft, /approve, /reply \u2026) and labels on their issues.
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
      - uses: ${l}
        with:
          mode: respond
          config: ${i}
${x(e,"        ","reply credentials named in the config, from repository secrets")}`}function A(){return`# Earshot: the response report every morning \u2014 job summary, the week's report issue,
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
      - uses: ${l}
        with:
          mode: report
          config: ${i}
`}async function ne(e){let t=N(e.dir),s=(e.company??I(t)).trim();if(!s)throw new m('earshot init needs a company name: --company "Acme"');let n=$(s),a=y(n,i,e.adapters),o=[...new Set(a.sources.flatMap(r=>Object.values(r.credentials??{})))].sort(),p=[[i,n],[k,b(e.adapters)],[u.scan,v(o)],[u.respond,E(o)],[u.report,A()]],g=p.map(([r])=>r).filter(r=>O(f(t,r)));if(g.length>0&&!e.force)throw new m(`earshot init keeps what is there: ${g.join(", ")} already exist(s). Move them away, or pass --force to overwrite.`);for(let[r,S]of p)await _(T(f(t,r)),{recursive:!0}),await C(f(t,r),S,"utf8"),e.out(`wrote ${r}`);for(let r of R(a.sources,o,e.adapters))e.out(r);return{written:p.map(([r])=>r),secrets:o}}function R(e,t,s){let n=e.flatMap(a=>(s.find(o=>o.kind===a.kind)?.credentials??[]).map(o=>`    ${a.id} (${a.kind}): ${o.name}${o.required?"":" (optional)"} \u2014 ${o.description}`));return["","Secrets:",t.length>0?`  add these repository secrets (Settings \u2192 Secrets and variables \u2192 Actions): ${t.join(", ")}`:"  none needed for these sources: the workflow token files the issues.",...n.length>0?["  Credentials these sources can use (map one in .github/earshot.yml as credentials: { name: ENV_VAR },","  add ENV_VAR as a repository secret, and pass it in the workflows\u2019 env:):",...n]:[],"","Next:",`  1. edit ${i}: your names, products and handles; then \`npx ${c} validate\``,`  2. \`npx ${c} scan --dry-run\`: what the scan would file, from your terminal`,'  3. commit and push; run "Earshot scan" once from the Actions tab (workflow_dispatch)',"  4. comment /draft on a mention issue; the report workflow runs every morning"]}export{ne as runInit};
