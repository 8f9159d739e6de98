/**
 * `npm run bench`: the figures behind the README's Performance section. Each figure is measured
 * next to a baseline in the same run (so a slow machine slows both) and compared with its target.
 * Results are printed as a table and written to bench/results.json; nothing here passes or fails.
 *
 *   1. client overhead: findPipeline through the SDK vs a hand-written fetch of the same body
 *   2. round trips: requests for a start by names, cold and warm, counted by the fake server
 *   3. waiting: polls and detection lag of awaitExecution's default schedule (simulateWait)
 *   4. start-up and size: cold require/import of the built package vs graphql-request alone
 *   5. validation cost: buildVariableInputs for 50 declared variables
 *   6. fleet (only when asked: `npm run bench -- fleet` or BENCH_FLEET=1): deploy jobs and waits sharing
 *      one account's budget in real time; it takes about 10 minutes, since the budget is a minute long
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { benchClientOverhead } from './client-overhead.js';
import { benchFleet } from './fleet.js';
import { benchRoundTrips } from './round-trips.js';
import { benchWaiting } from './waiting.js';
import { benchStartupAndSize } from './startup.js';
import { benchValidation } from './validation.js';
import type { Figure } from './figures.js';
import { formatTable } from './figures.js';

const parts: [string, () => Promise<Figure[]>][] = [
  ['client overhead', benchClientOverhead],
  ['round trips', benchRoundTrips],
  ['waiting', benchWaiting],
  ['start-up and size', benchStartupAndSize],
  ['validation cost', benchValidation],
  ['fleet', benchFleet],
];
/** Parts that take minutes of real time: run only when named, or with BENCH_FLEET=1. */
const LONG_PARTS = new Set(['fleet']);

const only = process.argv.slice(2);
const figures: Figure[] = [];
const failures: { part: string; error: string }[] = [];
const started = performance.now();
for (const [name, bench] of parts) {
  if (only.length > 0 && !only.some((o) => name.startsWith(o))) continue;
  if (only.length === 0 && LONG_PARTS.has(name) && process.env.BENCH_FLEET !== '1') continue;
  const t0 = performance.now();
  process.stderr.write(`bench: ${name}… `);
  try {
    figures.push(...(await bench()));
    process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  } catch (error) {
    // A part whose module has not landed yet (or that broke) is reported, and the others still run.
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    failures.push({ part: name, error: message });
    process.stderr.write(`failed: ${message.split('\n')[0] ?? ''}\n`);
  }
}
const totalSeconds = (performance.now() - started) / 1000;

console.log(formatTable(figures));
for (const failure of failures) console.log(`\n${failure.part} did not run: ${failure.error}`);
console.log(`\n${figures.filter((f) => f.meetsTarget === false).length} of ${figures.filter((f) => f.meetsTarget !== undefined).length} figures miss their target; ${totalSeconds.toFixed(1)} s in all.`);

const results = {
  measuredAt: new Date().toISOString(),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  totalSeconds: Number(totalSeconds.toFixed(1)),
  figures,
  failures,
};
writeFileSync(fileURLToPath(new URL('results.json', import.meta.url)), `${JSON.stringify(results, null, 2)}\n`);
if (failures.length > 0) process.exitCode = 1;
