/**
 * `npm publish` runs scripts/check-publish-metadata.mjs first: a package without its repository,
 * homepage and issue-tracker addresses is refused, with what to add.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const SCRIPT = resolve('scripts/check-publish-metadata.mjs');
const folder = mkdtempSync(join(tmpdir(), 'publish-metadata-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function check(manifest: Record<string, unknown>) {
  const path = join(folder, `${Object.keys(manifest).join('-')}.json`);
  writeFileSync(path, JSON.stringify({ name: 'harness-graphql-sdk', ...manifest }));
  return spawnSync(process.execPath, [SCRIPT, path], { encoding: 'utf8' });
}

describe('the publish metadata check', () => {
  it('runs before every npm publish', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(manifest.scripts.prepublishOnly).toBe('node scripts/check-publish-metadata.mjs');
  });

  it('refuses a manifest without repository, homepage and bugs, naming each', () => {
    const result = check({});
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('repository is missing');
    expect(result.stderr).toContain('homepage is missing');
    expect(result.stderr).toContain('bugs is missing');
  });

  it('refuses a field that is not an address', () => {
    const result = check({ repository: 'TODO', homepage: 'https://example.com/sdk#readme', bugs: { url: 'https://example.com/sdk/issues' } });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('repository is not a URL: "TODO"');
    expect(result.stderr).not.toMatch(/- (homepage|bugs)/);
  });

  it("accepts npm's string and object forms", () => {
    expect(check({ repository: { type: 'git', url: 'git+https://example.com/sdk.git' }, homepage: 'https://example.com/sdk#readme', bugs: { url: 'https://example.com/sdk/issues' } }).status).toBe(0);
    expect(check({ repository: 'github:owner/sdk', homepage: 'https://example.com/sdk', bugs: 'https://example.com/sdk/issues' }).status).toBe(0);
  });

  it('reads package.json of the working directory by default', () => {
    writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'x', repository: 'github:owner/x', homepage: 'https://example.com/x', bugs: 'https://example.com/x/issues' }));
    expect(() => execFileSync(process.execPath, [SCRIPT], { cwd: folder, stdio: 'pipe' })).not.toThrow();
    writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'x' }));
    expect(() => execFileSync(process.execPath, [SCRIPT], { cwd: folder, stdio: 'pipe' })).toThrow(/repository is missing/);
  });
});
