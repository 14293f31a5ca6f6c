/** The labels Earshot uses, created once with colors and descriptions (DESIGN §3). */
import type { LabelSpec } from '../record/port.js';

/** Applied only by the bot: the index of Earshot's issues. */
export const INDEX_LABEL = 'earshot';

export const CATEGORY_LABELS: readonly LabelSpec[] = [
  {
    name: 'complaint',
    color: 'd73a4a',
    description: 'Earshot: the author says their expectations were not met',
  },
  { name: 'compliment', color: '0e8a16', description: 'Earshot: praise or thanks' },
  { name: 'question', color: '1d76db', description: 'Earshot: the author asks something' },
  { name: 'neutral', color: 'cfd3d7', description: 'Earshot: a mention that is neither' },
];

export const PRIORITY_LABELS: readonly LabelSpec[] = [
  { name: 'priority:high', color: 'b60205', description: 'Earshot: answer first (reach, severity)' },
  { name: 'priority:normal', color: 'fbca04', description: 'Earshot: answer within the SLA' },
  { name: 'priority:low', color: 'c5def5', description: 'Earshot: answer when there is time' },
];

export const STATUS_LABELS: readonly LabelSpec[] = [
  { name: 'status:drafted', color: 'bfdadc', description: 'Earshot: a reply draft is on the issue' },
  { name: 'status:approved', color: '7fdbca', description: 'Earshot: the reply draft is approved' },
  { name: 'status:replied', color: '0075ca', description: 'Earshot: replied publicly where they spoke' },
  { name: 'status:followed-up', color: '5319e7', description: 'Earshot: followed up privately' },
  { name: 'escalated', color: 'e99695', description: 'Earshot: handed to a team' },
  { name: 'sla:breached', color: 'ff7619', description: 'Earshot: not answered within the SLA' },
  {
    name: 'resolved',
    color: '0e8a16',
    description: 'Earshot: adding it resolves the mention (closed as completed)',
  },
  {
    name: 'dismissed',
    color: 'cfd3d7',
    description: 'Earshot: adding it dismisses the mention (closed as not planned)',
  },
];

/**
 * On an issue whose category is a guess (confidence below `classify.needsTriageBelow`): the team is
 * asked to confirm or correct it. `/reclassify` (or a category label swap) takes it off.
 */
export const NEEDS_TRIAGE_LABEL = 'needs-triage';

export const NEEDS_TRIAGE: LabelSpec = {
  name: NEEDS_TRIAGE_LABEL,
  color: 'fef2c0',
  description: 'Earshot: the category is a guess; confirm or correct it (/reclassify)',
};

export function sourceLabel(kind: string): LabelSpec {
  return { name: `source:${kind}`, color: 'ededed', description: `Earshot: found on ${kind}` };
}

export function allLabels(sourceKinds: readonly string[], extra: readonly string[] = []): LabelSpec[] {
  return [
    {
      name: INDEX_LABEL,
      color: '5319e7',
      description: 'Earshot: a public mention (applied by the bot only)',
    },
    ...CATEGORY_LABELS,
    ...PRIORITY_LABELS,
    ...STATUS_LABELS,
    NEEDS_TRIAGE,
    ...[...new Set(sourceKinds)].map(sourceLabel),
    ...extra.map((name) => ({ name, color: 'ededed', description: 'Earshot: configured label' })),
  ];
}
