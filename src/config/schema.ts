/**
 * The configuration schema (DESIGN convention 3: validate every boundary with zod).
 * config/schema.json is GENERATED from this file (`npm run schema`) so editors autocomplete the YAML.
 */
import * as z from 'zod';
import { alertsSchema } from '../alerts/config.js';
import { classifyConfigSchema } from '../classify/config-schema.js';
import { parseQuery, QuerySyntaxError } from '../mentions/match.js';
import { CATEGORIES } from '../mentions/mention.js';
import { matchSchema } from '../mentions/readable-text.js';
import type { SourceAdapter } from '../platforms/source.js';
import { isTimeZone, WEEKDAYS } from '../report/business-hours.js';
import { DURATION_PATTERN } from '../report/duration.js';
import { RESPOND_DEFAULTS, respondConfigSchema } from '../respond/config-schema.js';
import { bootstrapSchema, spikesSchema } from '../triage/config.js';
import { routingProblems } from '../triage/routing.js';

const category = z.enum(CATEGORIES);
const priorityLevel = z.enum(['high', 'normal', 'low']);

export const companySchema = z
  .object({
    name: z.string().min(1).describe('The company name as people write it, e.g. "Acme".'),
    aliases: z.array(z.string().min(1)).default([]).describe('Other spellings: "Acme Corp", "ACME Inc".'),
    products: z.array(z.string().min(1)).default([]).describe('Product names: "AcmeCloud".'),
    people: z
      .array(z.string().min(1))
      .default([])
      .describe('People whose mentions count (founders, spokespeople).'),
    handles: z.array(z.string().min(1)).default([]).describe('Social handles: "@acme", "acme.bsky.social".'),
  })
  .describe('Who Earshot listens for.');

export const querySchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, ".", "_" or "-"')
      .describe('Stable id of the query.'),
    query: z
      .string()
      .min(1)
      .describe('Query language: "quoted phrases", AND / OR / NOT, -exclusions, parentheses.'),
    exclude: z.array(z.string()).default([]).describe('Terms or "phrases" that rule a mention out.'),
  })
  .describe('A search query, matched locally against every fetched item.');

export const labelsSchema = z
  .object({
    extra: z.array(z.string()).default([]).describe('Labels added to every mention issue.'),
  })
  .default({ extra: [] });

export const budgetsSchema = z
  .object({
    maxNewIssues: z
      .number()
      .int()
      .min(0)
      .max(500)
      .default(50)
      .describe('New issues filed per run at most; the rest are filed on the next run (nothing is lost).'),
    maxItemsPerSource: z
      .number()
      .int()
      .min(1)
      .default(1000)
      .describe('Items read from one source per run at most.'),
    concurrentSources: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(8)
      .describe(
        'Sources fetched at the same time at most (the HTTP client still sends at most 4 requests at once to one host); results are used in the order of `sources` whatever order they arrive in. 1 fetches one after another.',
      ),
  })
  .default({ maxNewIssues: 50, maxItemsPerSource: 1000, concurrentSources: 8 });

export const milestonesSchema = z
  .object({
    period: z
      .enum(['week', 'month', 'none'])
      .default('week')
      .describe('One milestone per ISO week (2026-W47), per month (2026-11), or none.'),
  })
  .default({ period: 'week' });

export const priorityConfigSchema = z
  .object({
    high: z.number().default(3).describe('A score at or above this is priority:high.'),
    low: z.number().default(1).describe('A score below this is priority:low.'),
    severityTerms: z
      .array(z.string())
      .default([])
      .describe('Extra words that signal severity, added to the built-in list (refund, lawsuit …).'),
    typicalReach: z
      .record(z.string(), z.number().positive())
      .optional()
      .describe(
        'Typical author reach per source kind (scores 1), e.g. { mastodon: 800 }; see docs/triage.md.',
      ),
  })
  .default({ high: 3, low: 1, severityTerms: [] });

export const routingRuleSchema = z
  .object({
    when: z
      .object({
        category: z.array(category).optional(),
        source: z.array(z.string()).optional().describe('Source ids or kinds.'),
        priority: z.array(priorityLevel).optional(),
        keyword: z.array(z.string()).optional().describe('Any of these words or "phrases" in the text.'),
        product: z.array(z.string()).optional(),
      })
      .default({})
      .describe('All given conditions must hold; an empty `when` always matches.'),
    assignees: z.array(z.string().regex(/^[A-Za-z0-9-]+$/, 'a GitHub login without @')).default([]),
    labels: z.array(z.string()).default([]),
  })
  .describe('First matching rule wins.');

export const trackerSchema = z
  .object({
    stateBranch: z.string().default('earshot-state').describe('Branch that holds the small state file.'),
    localDir: z.string().default('.earshot').describe('Folder of the local tracker (no GitHub token).'),
  })
  .default({ stateBranch: 'earshot-state', localDir: '.earshot' });

const durationSchema = z
  .string()
  .regex(DURATION_PATTERN, 'a duration like "4h", "90m", "2d" or "1d 12h"')
  .describe('A duration: s, m, h, d (24 h), w; e.g. "4h", "1d 12h".');

const slaTargetSchema = z.union([
  durationSchema,
  z
    .object({
      high: durationSchema.optional(),
      normal: durationSchema.optional(),
      low: durationSchema.optional(),
      default: durationSchema.optional().describe('Any priority not named.'),
    })
    .strict(),
]);

const slaTargetsSchema = z
  .object({
    complaint: slaTargetSchema.optional(),
    compliment: slaTargetSchema.optional(),
    question: slaTargetSchema.optional(),
    neutral: slaTargetSchema.optional(),
    default: slaTargetSchema.optional().describe('Any category not named.'),
  })
  .strict()
  .describe('Per category: one duration, or one per priority (high, normal, low, default).');

export const slaSchema = z
  .object({
    firstResponse: slaTargetsSchema
      .default({})
      .describe(
        'Targets from filing to the first response (reply, follow-up, a person’s comment that is not a command, or close).',
      ),
    resolution: slaTargetsSchema.default({}).describe('Targets from filing to closing the issue.'),
    label: z
      .boolean()
      .default(true)
      .describe('Label breached issues `sla:breached` (one call per newly breached issue).'),
  })
  .default({ firstResponse: {}, resolution: {}, label: true })
  .describe('Response targets; `earshot report` measures attainment and labels breaches.');

export const businessHoursSchema = z
  .object({
    timezone: z
      .string()
      .default('UTC')
      .refine(isTimeZone, 'an IANA time zone such as "Europe/Berlin"')
      .describe('IANA time zone of the business hours.'),
    days: z
      .array(z.enum(WEEKDAYS))
      .min(1)
      .default(['mon', 'tue', 'wed', 'thu', 'fri'])
      .describe('Working days: mon … sun.'),
    start: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like "09:00"')
      .default('09:00')
      .describe('When the working day starts (HH:MM, local time).'),
    end: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time like "17:00"')
      .default('17:00')
      .describe('When the working day ends (HH:MM, local time; 24:00 for midnight).'),
  })
  .refine((h) => h.end > h.start, { message: 'end must be after start', path: ['end'] })
  .describe('Count only working time in response times and SLA clocks.');

export const reportSchema = z
  .object({
    periods: z
      .number()
      .int()
      .min(1)
      .max(104)
      .default(8)
      .describe('How many periods (weeks or months, as milestones.period) a report covers.'),
    businessHours: businessHoursSchema.optional(),
    issue: z.boolean().default(true).describe('Keep one "Earshot report <period>" issue per period.'),
    pin: z.boolean().default(true).describe('Pin the report issue (best effort, GraphQL).'),
    milestones: z
      .boolean()
      .default(true)
      .describe("Write each period's figures into its milestone's description and set its due date."),
    maxHistoryReads: z
      .number()
      .int()
      .min(0)
      .default(1000)
      .describe(
        'API calls a run spends reading issue timelines at most (one GraphQL query reads 100 issues; the REST fallback one issue a call); the rest are read by the next runs.',
      ),
    maxLabelWrites: z
      .number()
      .int()
      .min(0)
      .default(5000)
      .describe(
        '`sla:breached` labels added per run at most (50 a GraphQL request; the REST fallback adds at most 450 a run); the rest next run.',
      ),
  })
  .default({
    periods: 8,
    issue: true,
    pin: true,
    milestones: true,
    maxHistoryReads: 1000,
    maxLabelWrites: 5000,
  })
  .describe('Response metrics: job summary, report issue, dashboard (docs/metrics.md).');

export function buildConfigSchema(adapters: readonly SourceAdapter[]) {
  const [first, ...rest] = adapters.map((a) => a.schema as unknown as z.ZodObject);
  if (!first) throw new Error('no source adapters registered');
  const source = rest.length > 0 ? z.discriminatedUnion('kind', [first, ...rest]) : first;
  return z
    .object({
      $schema: z.string().optional(),
      company: companySchema,
      queries: z.array(querySchema).default([]).describe('Default: one query from the company terms.'),
      match: matchSchema,
      sources: z.array(source).min(1).describe('Where to listen. See docs/sources.md.'),
      lookbackDays: z
        .number()
        .int()
        .min(1)
        .max(90)
        .default(14)
        .describe('How far back a first run looks, and the window of issues checked for duplicates.'),
      labels: labelsSchema,
      budgets: budgetsSchema,
      milestones: milestonesSchema,
      priority: priorityConfigSchema,
      routing: z.array(routingRuleSchema).default([]),
      spikes: spikesSchema,
      alerts: alertsSchema,
      bootstrap: bootstrapSchema,
      tracker: trackerSchema,
      classify: classifyConfigSchema,
      respond: respondConfigSchema.default(RESPOND_DEFAULTS),
      sla: slaSchema,
      report: reportSchema,
    })
    .strict()
    .superRefine((config, ctx) => {
      const seen = new Set<string>();
      config.sources.forEach((s, i) => {
        const id = (s as { id: string }).id;
        if (seen.has(id))
          ctx.addIssue({
            code: 'custom',
            path: ['sources', i, 'id'],
            message: `duplicate source id "${id}"`,
          });
        seen.add(id);
      });
      config.queries.forEach((q, i) => {
        try {
          parseQuery(q.query);
        } catch (error) {
          if (!(error instanceof QuerySyntaxError)) throw error;
          ctx.addIssue({
            code: 'custom',
            path: ['queries', i, 'query'],
            message: `${error.reason} at position ${error.position} of "${q.query}"`,
          });
        }
      });
      const c = config.company;
      for (const p of routingProblems(config.routing, {
        sourceIds: config.sources.map((s) => (s as { id: string }).id),
        sourceKinds: config.sources.map((s) => (s as { kind: string }).kind),
        products: [c.name, ...c.aliases, ...c.products],
      }))
        ctx.addIssue({ code: 'custom', path: ['routing', ...p.path], message: p.message });
      const queryIds = new Set(config.queries.map((q) => q.id));
      config.sources.forEach((s, i) => {
        for (const q of (s as { queries?: string[] }).queries ?? []) {
          if (!queryIds.has(q))
            ctx.addIssue({
              code: 'custom',
              path: ['sources', i, 'queries'],
              message: `unknown query id "${q}"`,
            });
        }
      });
    });
}

/** A validated source entry: the union of every registered platform's own config type. */
export type { SourceConfig } from '../platforms/index.js';

import type { SourceConfig } from '../platforms/index.js';
export type EarshotConfig = Omit<z.infer<ReturnType<typeof buildConfigSchema>>, 'sources'> & {
  sources: SourceConfig[];
};
export type RoutingRule = z.infer<typeof routingRuleSchema>;
export type PriorityConfig = z.infer<typeof priorityConfigSchema>;
export type SlaConfig = z.infer<typeof slaSchema>;
export type ReportConfig = z.infer<typeof reportSchema>;
