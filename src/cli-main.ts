/** Entry point of the `earshot` command (bundled to dist/cli.js). */
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2));
