/** What Earshot announces: a high-priority mention that was filed, a spike, a quiet first run. */

export interface MentionAlert {
  type: 'mention';
  key: string;
  /** The issue title (already neutralized for GitHub; escaped again for each target). */
  title: string;
  priority: 'high' | 'normal' | 'low';
  category: string;
  /** The one-line reason for the priority. */
  reason?: string;
  /** The source kind (`hacker-news` …). */
  source: string;
  /** Where it was said. */
  url?: string;
  issueNumber?: number;
  issueUrl?: string;
}

export interface SpikeAlert {
  type: 'spike';
  query: string;
  metric: 'complaint' | 'total';
  /** The period that spiked, ISO start and end. */
  periodStart: string;
  periodEnd: string;
  count: number;
  mean: number;
  sigma: number;
  threshold: number;
  baselinePeriods: number;
  /** The crisis issue, when it could be opened or updated. */
  issueNumber?: number;
  issueUrl?: string;
  mentions: { title: string; url?: string; issueUrl?: string }[];
}

export interface BootstrapAlert {
  type: 'bootstrap';
  skipped: number;
  filed: number;
  sources: string[];
  issueNumber?: number;
  issueUrl?: string;
}

export type Alert = MentionAlert | SpikeAlert | BootstrapAlert;

/** What happened to the alerts of one target in one run. */
export interface AlertDelivery {
  /** `slack (SLACK_WEBHOOK_URL)` — names the env var, never the URL (it is a secret). */
  target: string;
  /** Messages (Slack) or deliveries (webhook) sent successfully. */
  sent: number;
  /** Alerts that could not be delivered. */
  failed: number;
  /** Why, when something failed or the target was skipped. */
  error?: string;
}
