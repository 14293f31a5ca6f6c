// Writes config/schema.json from the zod schema (src/config/schema.ts), so editors autocomplete
// the YAML. `--check` fails when the committed file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { buildConfigSchema } from '../src/config/schema.js';
import { adapters } from '../src/sources/index.js';

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
const text = `${JSON.stringify({ ...schema, title: 'Earshot configuration', $id: 'https://earshot.dev/schema.json' }, null, 2)}\n`;
const path = 'config/schema.json';
if (process.argv.includes('--check')) {
  if (readFileSync(path, 'utf8') !== text) {
    console.error(`${path} is stale: run \`npm run schema\` and commit it.`);
    process.exit(1);
  }
  console.error(`${path} is current`);
} else {
  writeFileSync(path, text);
  console.error(`wrote ${path}`);
}
