// Writes config/schema.json from the zod schema (src/config/schema.ts), so editors autocomplete
// the YAML. `--check` fails when the committed file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { configJsonSchemaText } from '../src/config/json-schema.js';
import { adapters } from '../src/platforms/index.js';

const text = configJsonSchemaText(adapters);
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
