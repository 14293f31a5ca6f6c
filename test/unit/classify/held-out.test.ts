import { describe, expect, it } from 'vitest';
import { embeddedModelHeader } from '../../../src/classify/classifier.js';
import { TRAINING_FILES } from '../../../src/classify/data.js';
import { DEV_SETS } from '../../../src/classify/dev-sets.js';

/**
 * Issue #18's held-out sets are checked independently, so their sources must not be used for
 * anything: not for training and not for the development sets. Senti4SD's Stack Overflow gold
 * standard is the Stack Overflow data of DeepSentimentSECrossPlatform, so it is out too.
 */
const HELD_OUT =
  /goat-itunes-app|sentiment-vs-star-ratings|Amazon-Alexa-Review|DeepSentimentSECrossPlatform|diyessi|Iyas|Senti4SD|senti4sd/i;

describe('the held-out sources of issue #18', () => {
  it('are in no training file, development set or shipped header', () => {
    for (const spec of TRAINING_FILES) expect(JSON.stringify(spec)).not.toMatch(HELD_OUT);
    for (const spec of DEV_SETS) expect(JSON.stringify(spec)).not.toMatch(HELD_OUT);
    const header = embeddedModelHeader();
    expect(JSON.stringify(header.provenance.data)).not.toMatch(HELD_OUT);
    expect(JSON.stringify(header.terms)).not.toMatch(HELD_OUT);
  });
});
