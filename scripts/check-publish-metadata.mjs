#!/usr/bin/env node
// Refuses `npm publish` while package.json lacks where users find the source, the docs and the
// issue tracker. npm would publish without them and the registry page would have no links.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const manifestPath = resolve(process.argv[2] ?? 'package.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));

/** The URL a package.json field gives, whether npm's string or object form. */
function urlOf(value) {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof value.url === 'string') return value.url;
  return undefined;
}

const problems = [];
for (const field of ['repository', 'homepage', 'bugs']) {
  const url = urlOf(manifest[field]);
  if (url === undefined || url.trim() === '') problems.push(`${field} is missing`);
  else if (!/^(https?|git\+https|git\+ssh|git):\/\//.test(url) && !/^(github|gitlab|bitbucket):/.test(url) && !/^[\w.-]+\/[\w.-]+$/.test(url)) {
    problems.push(`${field} is not a URL: ${JSON.stringify(url)}`);
  }
}

if (problems.length > 0) {
  console.error(`Not publishing ${manifest.name}: ${manifestPath} needs the public repository's addresses.`);
  for (const problem of problems) console.error(`  - ${problem}`);
  console.error('Add them, for example:');
  console.error('  "repository": { "type": "git", "url": "git+https://github.com/OWNER/harness-graphql-sdk.git" },');
  console.error('  "homepage": "https://github.com/OWNER/harness-graphql-sdk#readme",');
  console.error('  "bugs": { "url": "https://github.com/OWNER/harness-graphql-sdk/issues" }');
  process.exit(1);
}
