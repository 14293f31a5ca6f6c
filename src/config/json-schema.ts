/**
 * The config's JSON Schema, generated from the zod schema: config/schema.json in this repository
 * (`npm run schema`), and `.github/earshot.schema.json` in a user's repository (`earshot init`), so
 * editors autocomplete the YAML and flag unknown keys at every level.
 */
import * as z from 'zod';
import type { SourceAdapter } from '../platforms/source.js';
import { buildConfigSchema } from './schema.js';

export function configJsonSchemaText(adapters: readonly SourceAdapter[]): string {
  // Unknown keys are errors at every level (src/config/unknown-keys.ts): say so to editors too.
  const schema = z.toJSONSchema(buildConfigSchema(adapters), {
    io: 'input',
    unrepresentable: 'any',
    override: ({ jsonSchema }) => {
      if (
        jsonSchema.type === 'object' &&
        jsonSchema.properties &&
        jsonSchema.additionalProperties === undefined
      )
        jsonSchema.additionalProperties = false;
    },
  });
  return `${JSON.stringify({ ...schema, title: 'Earshot configuration', $id: 'https://earshot.dev/schema.json' }, null, 2)}\n`;
}
