/** `npm run test:live`: the live suite's entry point (see runner.ts). */
import { runLiveSuite } from './runner.js';

process.exitCode = await runLiveSuite(process.env, process.argv.slice(2), (text) => process.stdout.write(text));
