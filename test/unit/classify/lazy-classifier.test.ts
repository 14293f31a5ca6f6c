import { describe, expect, it } from 'vitest';
import { loadEmbeddedClassifier } from '../../../src/classify/classifier.js';
import { lazyEmbeddedClassifier } from '../../../src/classify/model-classifier.js';
import { classifierFromConfig } from '../../../src/classify/setup.js';
import { parseConfig } from '../../../src/config/load.js';
import { createHttpClient } from '../../../src/http/client.js';
import { silentLogger } from '../../../src/logger.js';
import { adapters } from '../../../src/platforms/index.js';

describe('the embedded model, loaded on the first classification', () => {
  const texts = [
    'AcmeCloud charged me twice, I want a refund',
    'Thanks Acme, the new release is great',
    'How do I export my data from AcmeCloud?',
    'Acme announced a new office',
  ];

  it('classifies exactly as the embedded classifier; an empty batch asks nothing', async () => {
    const lazy = lazyEmbeddedClassifier();
    expect(lazy.name).toBe('embedded');
    expect(await lazy.classify([])).toEqual([]);
    expect(await lazy.classify(texts)).toEqual(await loadEmbeddedClassifier().classify(texts));
  });

  it('is what a config without classify.model gets', async () => {
    const config = parseConfig(
      'company:\n  name: Acme\nsources:\n  - id: f\n    kind: rss\n    url: https://example.com/feed.xml\n',
      'test.yml',
      adapters,
    );
    const classifier = classifierFromConfig({
      config,
      env: {},
      http: createHttpClient(),
      logger: silentLogger,
    });
    expect(classifier.name).toBe('embedded');
    expect(await classifier.classify(texts)).toEqual(await loadEmbeddedClassifier().classify(texts));
  });
});
