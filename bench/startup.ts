/**
 * Start-up and size: cold `require` and `import` of the built package (a fresh Node process each
 * time, NODE_EXTRA_CA_CERTS unset since it adds ~45 ms to every Node 20 start) against
 * graphql-request alone; the gzipped size of the ESM entries; and whether the main entry pulls in
 * the fake server or graphql's executor, which only the testing entry may need.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { mustRun, npmCommand, stagePackage } from '../test/smoke/support.js';
import { median, round, type Figure } from './figures.js';

const RUNS = 25;

function coldStartMs(script: string, args: string[], cwd: string): number {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  delete env.NODE_OPTIONS;
  const t0 = performance.now();
  const result = spawnSync(process.execPath, [...args, script], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t0;
  if (result.status !== 0) throw new Error(`node ${[...args, script].join(' ')} failed: ${String(result.stderr)}`);
  return ms;
}

export async function benchStartupAndSize(): Promise<Figure[]> {
  // Build a staged copy so that the benchmark never cleans the dist/ of the working tree.
  const stage = stagePackage();
  await mustRun(npmCommand, ['run', 'build'], { cwd: stage, timeoutMs: 300_000 });
  const dist = join(stage, 'dist');

  const variants = {
    'node -e 0': ['0', ['-e']],
    'require(graphql-request)': [`require('graphql-request')`, ['-e']],
    'require(sdk)': [`require(${JSON.stringify(join(dist, 'index.cjs'))})`, ['-e']],
    'import(graphql-request)': [`import('graphql-request')`, ['--input-type=module', '-e']],
    'import(sdk)': [`import(${JSON.stringify(join(dist, 'index.js'))})`, ['--input-type=module', '-e']],
  } as const satisfies Record<string, readonly [string, readonly string[]]>;
  const times: Record<string, number[]> = {};
  for (const name of Object.keys(variants)) times[name] = [];
  // Warm the file cache, then interleave the variants so that drift hits all of them alike.
  for (const [script, args] of Object.values(variants)) coldStartMs(script, [...args], stage);
  for (let i = 0; i < RUNS; i++) {
    for (const [name, [script, args]] of Object.entries(variants)) times[name]?.push(coldStartMs(script, [...args], stage));
  }
  const m = (name: keyof typeof variants): number => median(times[name] ?? []);
  const base = m('node -e 0');

  const esm = readFileSync(join(dist, 'index.js'));
  const testing = readFileSync(join(dist, 'testing', 'index.js'));
  const esmText = esm.toString('utf8');
  const imports = [...esmText.matchAll(/^\s*import\s[^;]*?from\s+['"]([^'"]+)['"]/gm), ...esmText.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((x) => x[1]);
  const pullsExecutor = /graphql\/execution|\bexecute\b\s*[,}]|\bbuildSchema\b/.test(esmText.match(/^import[^;]*from\s*['"]graphql['"];?/m)?.[0] ?? '') || imports.some((i) => i?.startsWith('graphql/execution'));
  const pullsFake = /\bFakeEngine\b|\bstartFakeHarness\b|harnessSchemaSdl|createServer/.test(esmText) || imports.some((i) => i === 'http' || i === 'node:http');

  const ratio = (sdk: number, gr: number): number => round(sdk / gr, 3);
  return [
    {
      part: '4 start-up',
      name: 'cold require of dist/index.cjs (median)',
      value: round(m('require(sdk)'), 1),
      unit: 'ms',
      baseline: { name: 'require(graphql-request)', value: round(m('require(graphql-request)'), 1) },
      ratio: ratio(m('require(sdk)'), m('require(graphql-request)')),
      target: '<= 1.15',
      meetsTarget: m('require(sdk)') / m('require(graphql-request)') <= 1.15,
      note: `${String(RUNS)} runs each; node -e 0 takes ${round(base, 1)} ms`,
    },
    {
      part: '4 start-up',
      name: 'cold import of dist/index.js (median)',
      value: round(m('import(sdk)'), 1),
      unit: 'ms',
      baseline: { name: 'import(graphql-request)', value: round(m('import(graphql-request)'), 1) },
      ratio: ratio(m('import(sdk)'), m('import(graphql-request)')),
      target: '<= 1.15',
      meetsTarget: m('import(sdk)') / m('import(graphql-request)') <= 1.15,
      note: `${String(RUNS)} runs each; node -e 0 takes ${round(base, 1)} ms`,
    },
    {
      part: '4 size',
      name: 'dist/index.js gzipped',
      value: round(gzipSync(esm, { level: 9 }).length / 1024, 1),
      unit: 'KiB',
      baseline: { name: 'uncompressed', value: round(esm.length / 1024, 1) },
      ratio: round(gzipSync(esm, { level: 9 }).length / esm.length, 3),
      target: 'no fake server, no graphql executor',
      meetsTarget: !pullsExecutor && !pullsFake,
      note: `imports: ${imports.join(', ')}; fake server code: ${pullsFake ? 'YES' : 'no'}; graphql executor: ${pullsExecutor ? 'YES' : 'no'}`,
    },
    {
      part: '4 size',
      name: 'dist/testing/index.js gzipped',
      value: round(gzipSync(testing, { level: 9 }).length / 1024, 1),
      unit: 'KiB',
      baseline: { name: 'uncompressed', value: round(testing.length / 1024, 1) },
      ratio: round(gzipSync(testing, { level: 9 }).length / testing.length, 3),
    },
  ];
}
