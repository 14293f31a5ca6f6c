import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  classifyText,
  embeddedModelHeader,
  loadEmbeddedClassifier,
} from '../../../src/classify/classifier.js';
import { Featurizer } from '../../../src/classify/features.js';
import { decodeModelFile } from '../../../src/classify/model-file.js';
import { decide, gateProbabilities } from '../../../src/classify/predictor.js';

const MODEL_PATH = join(import.meta.dirname, '../../../src/classify/model.json');

describe('the shipped model', () => {
  it('is at most 1 MB gzipped and decodes', () => {
    const raw = readFileSync(MODEL_PATH);
    expect(gzipSync(raw, { level: 9 }).length).toBeLessThanOrEqual(1024 * 1024);
    const weights = decodeModelFile(JSON.parse(raw.toString('utf8')));
    expect(weights.complaint.weights.length).toBe(2 ** weights.features.bits);
    expect(weights.tone).toBeDefined();
    // The mixture of views: a gate over the groups of training domains.
    expect(weights.mixture?.groups.map((g) => g.name)).toEqual([
      'brand-tweets',
      'airline-tweets',
      'reviews',
      'developer',
    ]);
  });

  it('routes text to the view of the training domains it reads like', () => {
    const header = embeddedModelHeader();
    expect(header.provenance.training.mixture).toBeDefined();
    const weights = decodeModelFile(JSON.parse(readFileSync(MODEL_PATH, 'utf8')));
    const featurizer = new Featurizer(weights.features, weights.lexicon);
    const gate = (text: string) => gateProbabilities(weights.mixture!.gate, featurizer.extract(text));
    const argmax = (p: number[]) => p.indexOf(Math.max(...p));
    expect(argmax(gate('@united my flight was delayed 3 hours and no gate agent in sight'))).toBe(1);
    expect(
      argmax(
        gate(
          'Great coffee\nI bought this for my office and the flavor is rich and smooth, not bitter at all. Will order again.',
        ),
      ),
    ).toBe(2);
    expect(argmax(gate('Could you add a unit test for this edge case? Otherwise LGTM.'))).toBe(3);
  });

  it('carries provenance and the training data terms in its header', () => {
    const header = embeddedModelHeader();
    expect(header.provenance.data.map((d) => d.file)).toEqual([
      'complaints.jsonl',
      'airline-dev.jsonl',
      'finefood.jsonl',
      'uci-sentences.jsonl',
      'premo.jsonl',
    ]);
    for (const d of header.provenance.data) {
      expect(d.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(d.rows).toBeGreaterThan(500);
    }
    // Every training file and the embedded lexicon come with their terms.
    expect(header.terms.map((t) => t.data)).toEqual([
      ...header.provenance.data.map((d) => d.file),
      'sentiment lexicon (AFINN-165 + VADER)',
    ]);
    const terms = header.terms.map((t) => `${t.license} ${t.terms} ${t.citation ?? ''}`).join('\n');
    expect(terms).toContain('CC BY-NC-SA 4.0');
    expect(terms).toContain('Preoţiuc-Pietro');
    expect(terms).toMatch(/commercial/);
    expect(terms).toContain('CC0 1.0');
    expect(terms).toContain('CC BY 4.0');
    expect(terms).toContain('MIT');
    expect(terms).toContain('Apache-2.0');
    expect(header.created).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('classifies obvious examples', async () => {
    const classifier = loadEmbeddedClassifier();
    expect(classifier.name).toBe('embedded');
    const [complaint, compliment, question] = await classifier.classify([
      'worst service ever, refund me now',
      "thank you so much, you're amazing",
      'how do I reset my password?',
    ]);
    expect(complaint?.category).toBe('complaint');
    expect(compliment?.category).toBe('compliment');
    expect(question?.category).toBe('question');
    expect(question?.secondary).toBeUndefined();
    for (const c of [complaint, compliment, question]) {
      expect(c?.confidence).toBeGreaterThan(0.5);
      expect(c?.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('keeps a complaint phrased as a question a complaint, with question as secondary', () => {
    const c = classifyText('Why was I charged twice for my order? Worst service ever.');
    expect(c.category).toBe('complaint');
    expect(c.secondary).toBe('question');
    expect(c.confidence).toBeCloseTo(c.scores.complaint, 10);
  });

  it('gives scores that form a distribution over complaint, compliment and neutral', () => {
    const { scores } = classifyText('The new release is out today');
    expect(scores.complaint + scores.compliment + scores.neutral).toBeCloseTo(1, 10);
    expect(scores.question).toBeGreaterThanOrEqual(0);
    expect(scores.question).toBeLessThanOrEqual(1);
  });

  it('returns one answer per text, in order, and none for none', async () => {
    const classifier = loadEmbeddedClassifier();
    expect(await classifier.classify([])).toEqual([]);
    const texts = ['love it', 'broken again', 'when do you open?'];
    const answers = await classifier.classify(texts);
    expect(answers.map((a) => a.category)).toEqual(texts.map((t) => classifyText(t).category));
  });
});

describe('precedence (decide)', () => {
  it('complaint wins over question, which becomes secondary', () => {
    expect(decide({ complaint: 0.7, compliment: 0.1, neutral: 0.2, question: 0.9 })).toEqual({
      category: 'complaint',
      confidence: 0.7,
      secondary: 'question',
    });
  });

  it('a pure question is a question, its confidence P(question)·P(not complaint)', () => {
    const c = decide({ complaint: 0.1, compliment: 0.2, neutral: 0.7, question: 0.9 });
    expect(c.category).toBe('question');
    expect(c.confidence).toBeCloseTo(0.81, 10);
    expect(c.secondary).toBeUndefined();
  });

  it('a praising question is a question with compliment as secondary', () => {
    expect(decide({ complaint: 0.1, compliment: 0.6, neutral: 0.3, question: 0.8 })).toMatchObject({
      category: 'question',
      secondary: 'compliment',
    });
  });

  it('without a question, the most probable of complaint, compliment and neutral', () => {
    expect(decide({ complaint: 0.3, compliment: 0.2, neutral: 0.5, question: 0.1 })).toEqual({
      category: 'neutral',
      confidence: 0.5,
    });
    expect(decide({ complaint: 0.4, compliment: 0.35, neutral: 0.25, question: 0.2 })).toEqual({
      category: 'complaint',
      confidence: 0.4,
    });
  });
});
