/**
 * The published package as users get it: build and pack once (through `prepack`), lint the tarball
 * with publint and attw, then install it into a throwaway project and use it from an ES module, a
 * CommonJS script, TypeScript compiled both ways, ts-node and tsx, and on Node 22 and 24. Every
 * consumer starts the fake Harness from `harness-graphql-sdk/testing` and finds a pipeline on it.
 */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  devVersion,
  makeTempDir,
  mustRun,
  nodeBinary,
  npmCommand,
  packPackage,
  repoRoot,
  stagePackage,
  type PackResult,
} from './support.js';

const GUESTBOOK_PIPELINE_ID = 'YdK1ONo9TnyzIK5-plsnAg';
const OTHER_NODE_MAJORS = [22, 24] as const;

let packed: PackResult;
let consumer: string;
const otherNodes = new Map<number, string>();

const bin = (name: string, ...path: string[]): string => join(consumer, 'node_modules', name, ...path);

/** Runs a consumer and returns the JSON line it printed. */
async function runConsumer(node: string, args: string[], cwd = consumer): Promise<Record<string, unknown>> {
  const { stdout } = await mustRun(node, args, { cwd, timeoutMs: 120_000 });
  const line = stdout.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
  if (!line) throw new Error(`the consumer printed no result:\n${stdout}`);
  return JSON.parse(line) as Record<string, unknown>;
}

beforeAll(async () => {
  const nodes = Promise.all(OTHER_NODE_MAJORS.map(async (major) => otherNodes.set(major, await nodeBinary(major))));
  const packDir = makeTempDir('pack');
  packed = await packPackage(stagePackage(), packDir);

  consumer = join(makeTempDir('consumer'), 'app');
  cpSync(join(repoRoot, 'test/smoke/fixtures/consumer'), consumer, { recursive: true });
  await mustRun(
    npmCommand,
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--no-package-lock',
      packed.tarball,
      `typescript@${devVersion('typescript')}`,
      `@types/node@${devVersion('@types/node')}`,
      `ts-node@${devVersion('ts-node')}`,
      `tsx@${devVersion('tsx')}`,
    ],
    { cwd: consumer, timeoutMs: 300_000 },
  );
  await nodes;
}, 600_000);

describe('the tarball', () => {
  it('ships only dist/, the README, LICENSE, CHANGELOG and package.json', () => {
    const paths = packed.files.map((f) => f.path).sort();
    const unexpected = paths.filter((p) => !/^(dist\/.+\.(js|cjs|d\.ts|d\.cts)|README\.md|LICENSE|CHANGELOG\.md|package\.json)$/.test(p));
    expect(unexpected).toEqual([]);
    for (const required of ['README.md', 'LICENSE', 'CHANGELOG.md', 'package.json']) expect(paths).toContain(required);
    for (const entry of ['index', 'testing/index']) {
      for (const ext of ['js', 'cjs', 'd.ts', 'd.cts']) expect(paths).toContain(`dist/${entry}.${ext}`);
    }
    // The command is only run as a program: one ES module build, no types.
    expect(paths.filter((p) => p.startsWith('dist/cli/'))).toEqual(['dist/cli/main.js']);
  });

  it('points every exports target at a file it ships', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
    const targets: string[] = [];
    const walk = (value: unknown): void => {
      if (typeof value === 'string') targets.push(value.replace(/^\.\//, ''));
      else if (value && typeof value === 'object') Object.values(value).forEach(walk);
    };
    walk(pkg.exports);
    const paths = new Set(packed.files.map((f) => f.path));
    expect(targets.filter((t) => !paths.has(t))).toEqual([]);
  });

  it('passes publint --strict', async () => {
    const { stdout } = await mustRun(process.execPath, [join(repoRoot, 'node_modules/publint/src/cli.js'), 'run', '--strict', packed.tarball], { cwd: repoRoot });
    expect(stdout).toContain('All good');
  }, 60_000);

  it('passes arethetypeswrong for node10, node16 (CJS and ESM) and bundlers', async () => {
    await mustRun(process.execPath, [join(repoRoot, 'node_modules/@arethetypeswrong/cli/dist/index.js'), '--no-color', '--format', 'ascii', packed.tarball], { cwd: repoRoot });
  }, 120_000);
});

describe('the installed commands', () => {
  it.each(['harness-exec', 'harness-graphql-sdk'])('%s runs from node_modules/.bin', async (command) => {
    const { stdout } = await mustRun(join(consumer, 'node_modules', '.bin', command), ['--version'], { cwd: consumer });
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(stdout.trim()).toContain(pkg.version);
  }, 60_000);

  it('harness-exec --help lists the commands and exit codes', async () => {
    const { stdout } = await mustRun(join(consumer, 'node_modules', '.bin', 'harness-exec'), ['--help'], { cwd: consumer });
    for (const word of ['start-pipeline', 'start-workflow', 'status', 'inputs', 'approve', 'reject', 'abort', '124', '130']) {
      expect(stdout).toContain(word);
    }
  }, 60_000);
});

describe('consumers on Node 20', () => {
  it('ES module import of the package and its testing subpath', async () => {
    const result = await runConsumer(process.execPath, ['esm.mjs']);
    expect(result).toMatchObject({ consumer: 'esm', pipelineId: GUESTBOOK_PIPELINE_ID, variables: ['skipCV', 'hotfix', 'branch'] });
  }, 60_000);

  it('CommonJS require of the package and its testing subpath', async () => {
    const result = await runConsumer(process.execPath, ['cjs.cjs']);
    expect(result).toMatchObject({ consumer: 'cjs', pipelineId: GUESTBOOK_PIPELINE_ID, variables: ['skipCV', 'hotfix', 'branch'] });
  }, 60_000);

  it('TypeScript with module node16 (CommonJS output) type-checks with skipLibCheck: false', async () => {
    await mustRun(process.execPath, [bin('typescript', 'bin', 'tsc'), '-p', 'ts-cjs/tsconfig.json'], { cwd: consumer, timeoutMs: 120_000 });
  }, 120_000);

  it('TypeScript with module nodenext (ES module output) type-checks with skipLibCheck: false', async () => {
    await mustRun(process.execPath, [bin('typescript', 'bin', 'tsc'), '-p', 'ts-esm/tsconfig.json'], { cwd: consumer, timeoutMs: 120_000 });
  }, 120_000);

  it('a ts-node script (type-checked, CommonJS) runs against the fake', async () => {
    const result = await runConsumer(process.execPath, [bin('ts-node', 'dist', 'bin.js'), '--project', 'tsconfig.json', 'main.ts'], join(consumer, 'ts-cjs'));
    expect(result).toMatchObject({ consumer: 'ts-cjs', pipelineId: GUESTBOOK_PIPELINE_ID });
    expect(result.issues).toBeGreaterThan(0);
  }, 120_000);

  it('a tsx script (ES module) runs against the fake', async () => {
    const result = await runConsumer(process.execPath, [bin('tsx', 'dist', 'cli.mjs'), 'main.ts'], join(consumer, 'ts-esm'));
    expect(result).toMatchObject({ consumer: 'ts-esm', pipelineId: GUESTBOOK_PIPELINE_ID });
    expect(result.issues).toBeGreaterThan(0);
  }, 120_000);
});

describe.each(OTHER_NODE_MAJORS)('consumers on Node %i', (major) => {
  it('reports the expected Node version', async () => {
    const { stdout } = await mustRun(otherNodes.get(major) ?? 'missing-node', ['--version'], { cwd: consumer });
    expect(stdout.trim()).toMatch(new RegExp(`^v${String(major)}\\.`));
  });

  it('ES module import + fake round trip', async () => {
    const result = await runConsumer(otherNodes.get(major) ?? 'missing-node', ['esm.mjs']);
    expect(result).toMatchObject({ consumer: 'esm', node: expect.stringMatching(new RegExp(`^v${String(major)}\\.`)), pipelineId: GUESTBOOK_PIPELINE_ID });
  }, 60_000);

  it('CommonJS require + fake round trip', async () => {
    const result = await runConsumer(otherNodes.get(major) ?? 'missing-node', ['cjs.cjs']);
    expect(result).toMatchObject({ consumer: 'cjs', node: expect.stringMatching(new RegExp(`^v${String(major)}\\.`)), pipelineId: GUESTBOOK_PIPELINE_ID });
  }, 60_000);
});
