/**
 * The two word-list baselines the embedded model is measured against, scored as 3-class sentiment
 * classifiers (negative → complaint, positive → compliment, else neutral):
 *   AFINN-165: the npm package `sentiment`, score > 0 positive, < 0 negative;
 *   VADER: the npm package `vader-sentiment`, compound ≥ 0.05 positive, ≤ −0.05 negative (the
 *   thresholds VADER's authors recommend).
 * Both are devDependencies: they are imported at run time by name, so the bundle never carries
 * them, and where they are not installed (the bundled CLI) the baselines are simply absent.
 */
import type { Category } from '../mentions/mention.js';

export type Baseline = (text: string) => Category;

export interface Baselines {
  afinn: Baseline;
  vader: Baseline;
}

const polarity = (score: number, threshold: number): Category =>
  score >= threshold ? 'compliment' : score <= -threshold ? 'complaint' : 'neutral';

/** The baselines, or undefined when their packages are not installed. */
export async function loadBaselines(): Promise<Baselines | undefined> {
  // Names in variables: the bundler leaves these imports to run time.
  const sentimentName = 'sentiment';
  const vaderName = 'vader-sentiment';
  try {
    const sentimentModule = (await import(sentimentName)) as {
      default: new () => { analyze(text: string): { score: number } };
    };
    const vaderModule = (await import(vaderName)) as {
      default: { SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } } };
    };
    const afinn = new sentimentModule.default();
    const vader = vaderModule.default.SentimentIntensityAnalyzer;
    return {
      afinn: (text) => {
        const { score } = afinn.analyze(text);
        return score > 0 ? 'compliment' : score < 0 ? 'complaint' : 'neutral';
      },
      vader: (text) => polarity(vader.polarity_scores(text).compound, 0.05),
    };
  } catch {
    return undefined;
  }
}
