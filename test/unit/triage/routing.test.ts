/** Routing rules: first match wins, and mistakes are caught when the config is loaded. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/errors.js';
import { route } from '../../../src/triage/routing.js';
import { asAdapters, fakeAdapter } from '../../helpers/fakes.js';

const adapters = asAdapters(fakeAdapter({}));
const load = (routing: string) =>
  parseConfig(
    `company:\n  name: Acme\n  products: [AcmeCloud]\nsources:\n  - id: forum\n    kind: fake\n    feed: f\nrouting:\n${routing}`,
    'earshot.yml',
    adapters,
  );

function problems(routing: string): string[] {
  try {
    load(routing);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.issues.map((i) => `${i.path} (line ${i.line}): ${i.message}`);
  }
}

describe('routing', () => {
  const config = load(`  - when: { category: [complaint], product: [AcmeCloud], priority: [high] }
    assignees: [cloud-lead]
    labels: ['team:cloud']
  - when: { keyword: [invoice, '"charged twice"'] }
    assignees: [billing]
    labels: ['team:billing']
  - when: { source: [fake] }
    labels: ['team:community']
  - when: {}
    assignees: [support]
`);
  const m = (text: string, sourceKind = 'rss') => ({ text, title: '', sourceId: 'forum', sourceKind });

  it('takes the first rule whose conditions all hold, the empty `when` last as the default', () => {
    expect(route(config.routing, m('AcmeCloud is down'), 'complaint', 'high')).toEqual({
      assignees: ['cloud-lead'],
      labels: ['team:cloud'],
      rule: 0,
    });
    // same text at normal priority: rule 0 fails on priority, nothing else but the default matches
    expect(route(config.routing, m('AcmeCloud is down'), 'complaint', 'normal').rule).toBe(3);
    expect(route(config.routing, m('I was Charged Twice!'), 'complaint', 'normal').rule).toBe(1);
    expect(route(config.routing, m('an invoiced amount'), 'question', 'low').rule).toBe(3); // whole words
    expect(route(config.routing, m('hello', 'fake'), 'neutral', 'low')).toEqual({
      assignees: [],
      labels: ['team:community'],
      rule: 2,
    });
  });

  it('reports rules that can never match, unknown sources and products, empty lists — with lines', () => {
    expect(
      problems(`  - when: {}
    assignees: [support]
  - when: { source: [forum, twitter], product: [AcmeCloud, Widget], category: [] }
    labels: ['']
`),
    ).toEqual([
      'routing[1] (line 11): rule 2 can never match: rule 1 has an empty `when` and always matches first (first match wins; put the default last)',
      'routing[1].when.category (line 11): an empty list never matches; remove `category` to match any',
      'routing[1].when.source[1] (line 11): "twitter" is neither a source id nor a source kind in this config (forum, fake)',
      'routing[1].when.product[1] (line 11): "Widget" is not one of company.name, aliases or products',
      'routing[1].labels[0] (line 12): a label name has 1 to 50 characters',
    ]);
  });

  it('refuses an assignee written with @', () => {
    expect(problems(`  - when: {}\n    assignees: ['@support']\n`)).toEqual([
      'routing[0].assignees[0] (line 10): a GitHub login without @',
    ]);
  });
});
