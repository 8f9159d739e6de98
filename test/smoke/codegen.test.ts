/**
 * `npm run codegen` must leave src/generated/ unchanged: the committed output is what the schema and
 * operations produce. The codegen runs in a temp copy, so the check never rewrites files in the tree
 * while people work in it.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { makeTempDir, mustRun, npmCommand, repoRoot } from './support.js';

const CODEGEN_INPUTS = ['package.json', 'codegen.yml', 'schema', 'operations', 'scripts'];

it('npm run codegen reproduces src/generated/ byte for byte', async () => {
  const copy = join(makeTempDir('codegen'), 'pkg');
  mkdirSync(join(copy, 'src', 'generated'), { recursive: true });
  for (const entry of CODEGEN_INPUTS) cpSync(join(repoRoot, entry), join(copy, entry), { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(copy, 'node_modules'), 'dir');

  await mustRun(npmCommand, ['run', 'codegen'], { cwd: copy, timeoutMs: 180_000 });

  const committedDir = join(repoRoot, 'src', 'generated');
  const generatedDir = join(copy, 'src', 'generated');
  const generated = readdirSync(generatedDir).sort();
  expect(generated.length).toBeGreaterThan(0);
  expect(readdirSync(committedDir).sort(), 'files in src/generated/ that codegen does not produce, or the reverse').toEqual(generated);
  const stale = generated.filter((name) => {
    const committed = join(committedDir, name);
    return !existsSync(committed) || !readFileSync(committed).equals(readFileSync(join(generatedDir, name)));
  });
  expect(stale, 'src/generated/ is stale: run `npm run codegen` and commit the result').toEqual([]);
}, 180_000);
