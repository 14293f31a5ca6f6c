import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// Editors validate with config/schema.json: it must accept the example and refuse a typo anywhere.
const schema = JSON.parse(readFileSync('config/schema.json', 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormatsModule as unknown as (a: Ajv2020) => Ajv2020)(ajv);
const validate = ajv.compile(schema);
const example = parse(readFileSync('config/earshot.example.yml', 'utf8'));

describe('config/schema.json', () => {
  it('accepts the example config', () => {
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
  });

  it('refuses unknown keys below the top level', () => {
    const typo = structuredClone(example);
    typo.routing = [{ when: { categroy: ['complaint'] }, assignees: ['billing-lead'] }];
    expect(validate(typo)).toBe(false);
    expect(validate.errors?.some((e) => e.params?.additionalProperty === 'categroy')).toBe(true);
  });
});
