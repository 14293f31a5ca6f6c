/** The action's entry point: awaits run(), nothing else. */
import { run } from './runner.js';

await run();
