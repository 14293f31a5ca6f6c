import { createRequire as __earshotCreateRequire } from 'node:module'; const require = __earshotCreateRequire(import.meta.url);
import{a as p}from"./chunk-O3PP767M.js";import"./chunk-TFGK2SFX.js";import"./chunk-CNILO4E5.js";import{f as c,i as d,k as m}from"./chunk-3W5U4XK3.js";import"./chunk-BVNWPXBN.js";import{h as i}from"./chunk-KJMQJNLW.js";import"./chunk-WOZA7PRI.js";import"./chunk-VJJJMSCV.js";import"./chunk-T53DLJW3.js";import{b as l}from"./chunk-MBBY3Q25.js";import"./chunk-NNXCRGE3.js";import"./chunk-T7HTJHRR.js";import{i as a}from"./chunk-C6D6CKJ5.js";import"./chunk-D2NQ4DUE.js";import"./chunk-ECWU7A55.js";import"./chunk-LPRO7ALW.js";import"./chunk-3Q5QDKBI.js";import"./chunk-BQPG4Y7S.js";import"./chunk-3PKSCYVU.js";import"./chunk-44GARDVQ.js";import"./chunk-KADY7H42.js";import"./chunk-DXOM5HP6.js";import"./chunk-LRVHYD7S.js";import"./chunk-QVLC2HKV.js";import"./chunk-EZYQP3DJ.js";import"./chunk-GTSBLBRB.js";import"./chunk-IMZIMWIN.js";import"./chunk-6ZZOXTYI.js";import{readFile as u}from"node:fs/promises";import{createServer as f}from"node:http";import{pathToFileURL as g}from"node:url";var h=new Date("2026-11-23T12:00:00Z");function w(){let e=l("test/fixtures/sources");if(!e)throw new Error("the demo fixtures (test/fixtures/sources/) are not next to Earshot");return g(`${e}/`)}function y(e){let t=new URL(e.url??"/","http://127.0.0.1"),o=t.searchParams.get("page")??"0",[,r,...n]=t.pathname.split("/"),s=n.join("/");switch(r){case"rss":return{file:`rss/${s}`,type:"application/xml"};case"json-feed":return{file:`json-feed/${s}`,type:"application/feed+json"};case"hn":return{file:`../demo/hacker-news-page${o==="0"?0:1}.json`,type:"application/json"};case"mastodon":return s.includes("timelines/tag/acmecloud")&&!t.searchParams.has("max_id")?{file:"../demo/mastodon-tag-acmecloud.json",type:"application/json"}:{file:"mastodon/tag-timeline-empty.json",type:"application/json"};case"se":return{file:`../demo/stack-exchange-page${o==="1"?1:2}.json`,type:"application/json; charset=utf-8"};default:return}}function j(e){return`company:
  name: Acme
  aliases: [Acme Corp]
  products: [AcmeCloud]
  handles: ['@acme']
lookbackDays: 14
bootstrap:
  backfill: true
sources:
${["google-alerts","google-news","wordpress","blogger","medium","reddit","youtube","windows-1252"].map(o=>`  - id: ${o}
    kind: rss
    url: ${e}/rss/${o}.xml`).join(`
`)}
  - id: json-feed
    kind: json-feed
    url: ${e}/json-feed/feed-1.1.json
  - id: hacker-news
    kind: hacker-news
    baseUrl: ${e}/hn
  - id: mastodon
    kind: mastodon
    instance: ${e}/mastodon
    hashtags: [acmecloud]
  - id: stack-exchange
    kind: stack-exchange
    baseUrl: ${e}/se
`}async function $(){let e=f((o,r)=>{let n=y(o);if(!n){r.writeHead(404).end();return}u(new URL(n.file,w())).then(s=>r.writeHead(200,{"content-type":n.type}).end(s),()=>r.writeHead(404).end())});await new Promise(o=>e.listen(0,"127.0.0.1",o));let{port:t}=e.address();return{url:`http://127.0.0.1:${t}`,close:()=>new Promise(o=>e.close(()=>o()))}}async function A(e){let t=await $(),o;try{let n=i(j(t.url),"demo config",a);e.logger.info(`earshot demo: ${n.sources.length} recorded sources served on ${t.url}`),o=await p({config:n,store:e.store,dryRun:!1,logger:e.logger,env:{},now:()=>h})}finally{await t.close()}if(e.json)return e.out(d(o)),0;e.out(c(o));for(let n of o.filed)e.out(`  #${n.number} ${n.title}`);for(let n of m(o.triage))e.out(n);let r=e.store??".earshot";return e.out(o.new>0?`
Filed into ${r}/ (open ${r}/index.md). Run the demo again: it files nothing new.`:`
Nothing new: every recorded mention already has its issue in ${r}/.`),0}export{h as DEMO_NOW,j as demoConfig,A as runDemo,$ as serveRecordings};
