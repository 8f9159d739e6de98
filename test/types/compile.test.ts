/**
 * Type-level tests: `tsc` compiles the fixture project in `fixtures/` (the module generated for the
 * seed account, starts that must compile, and starts that must not) under module node16 and
 * nodenext with `skipLibCheck: false`, and the exact errors are asserted. The fixtures import
 * `harness-graphql-sdk`, mapped to `account-client.ts`: the package's exports with the
 * account-checked method signatures.
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const tsc = join(root, 'node_modules', '.bin', 'tsc');

interface Diagnostic {
  file: string;
  line: number;
  code: string;
  /** The most specific line of the message (the last of its elaboration). */
  detail: string;
}

/**
 * Sorts the members of a union of string literals in a message: tsc prints them in the order it
 * created the types, which depends on what else the compilation holds, not on what is refused.
 */
function sortLiteralUnions(detail: string): string {
  return detail.replace(/type '((?:"[^"]*" \| )+"[^"]*")'/gu, (_match, union: string) => `type '${union.split(' | ').sort().join(' | ')}'`);
}

/** Parses `tsc --pretty false` output: a `file(line,col): error TSnnnn: text` line, then indented elaboration. */
function parseDiagnostics(output: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const line of output.split('\n')) {
    const head = /^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/u.exec(line);
    if (head) {
      diagnostics.push({ file: head[1]!.replace(/^.*[\\/]/u, ''), line: Number(head[2]), code: head[3]!, detail: sortLiteralUnions(head[4]!) });
    } else if (line.startsWith(' ') && diagnostics.length > 0) {
      diagnostics[diagnostics.length - 1]!.detail = sortLiteralUnions(line.trim());
    }
  }
  return diagnostics;
}

function compile(project: string): Promise<Diagnostic[]> {
  return new Promise((resolve, reject) => {
    execFile(tsc, ['-p', join(here, 'fixtures', project), '--pretty', 'false'], { cwd: root }, (error, stdout, stderr) => {
      // tsc exits 2 when it reports errors; anything on stderr or no diagnostics at all is a broken run.
      if (stderr.trim() !== '' || (error && stdout.trim() === '')) reject(new Error(`tsc failed: ${stderr}${String(error)}`));
      else resolve(parseDiagnostics(stdout));
    });
  });
}

const EXPECTED: Diagnostic[] = [
  // A misspelt pipeline name, with the editor's suggestion.
  {
    file: 'names-refused.ts',
    line: 8,
    code: 'TS2820',
    detail:
      `Type '"Guestbok Pipeline"' is not assignable to type '"Fargate Production Pipeline" | "Guestbook Pipeline" | "Guestbook Runtime Release" | "Smoke Test Pipeline" | "Templatized Guestbook"'. Did you mean '"Guestbook Pipeline"'?`,
  },
  { file: 'names-refused.ts', line: 9, code: 'TS2322', detail: `Type '"Harness Demos"' is not assignable to type '"Harness Demo"'.` },
  // A workflow of another application.
  {
    file: 'names-refused.ts',
    line: 10,
    code: 'TS2345',
    detail: `Type '"Configurable Release"' is not assignable to type '"Approved Deploy" | "Manual Gate" | undefined'.`,
  },
  {
    file: 'names-refused.ts',
    line: 11,
    code: 'TS2322',
    detail:
      `Type '"wfDoesNotExist00000001"' is not assignable to type '"wfBrokenSmoke000000001" | "wfConfigurable00000001" | "wfFargateRolling000001" | "wfHelmGuestbook0000001" | "VzViT24gTluKWNFpdrL95A" | "wfNexusParams00000001" | "wfApprovedDeploy000001" | "wfManualGate0000000001"'.`,
  },
  // An application that was not generated.
  {
    file: 'names-refused.ts',
    line: 12,
    code: 'TS2345',
    detail: `Argument of type '"Payments"' is not assignable to parameter of type '"Harness Demo" | "Release Gates"'.`,
  },
  // A start without the artifact its service needs.
  {
    file: 'services-refused.ts',
    line: 7,
    code: 'TS2345',
    detail:
      `Property 'artifacts' is missing in type '{ applicationName: "Harness Demo"; pipelineName: "Guestbook Pipeline"; }' but required in type '{ readonly artifacts: { readonly guestbook: StartArtifactChoice; }; }'.`,
  },
  {
    file: 'services-refused.ts',
    line: 8,
    code: 'TS2345',
    detail: `Object literal may only specify known properties, and 'nginx' does not exist in type '{ readonly guestbook: StartArtifactChoice; }'.`,
  },
  // An artifact for a workflow that deploys no service.
  { file: 'services-refused.ts', line: 9, code: 'TS2345', detail: `Type '{ artifactId: string; }' is not assignable to type 'never'.` },
  // A misspelt variable, with the editor's suggestion.
  {
    file: 'variables-refused.ts',
    line: 9,
    code: 'TS2345',
    detail:
      `Object literal may only specify known properties, but 'branh' does not exist in type '{ readonly branch?: string | undefined; readonly hotfix?: string | undefined; readonly skipCV?: string | undefined; }'. Did you mean to write 'branch'?`,
  },
  // A value outside the allowed values.
  { file: 'variables-refused.ts', line: 10, code: 'TS2345', detail: `Type '"ap-south-1"' is not assignable to type '"us-east-1" | "eu-west-1"'.` },
  // A required variable left out.
  {
    file: 'variables-refused.ts',
    line: 11,
    code: 'TS2345',
    detail:
      `Property 'region' is missing in type '{ features: "search"[]; }' but required in type '{ readonly region: "us-east-1" | "eu-west-1"; readonly channel?: "stable" | undefined; readonly features?: readonly ("search" | "comments" | "likes")[] | undefined; readonly replicas?: string | undefined; }'.`,
  },
  // One string for a multi-value variable, and a list for a single-value one.
  {
    file: 'variables-refused.ts',
    line: 12,
    code: 'TS2345',
    detail: `Type 'string' is not assignable to type 'readonly ("search" | "comments" | "likes")[]'.`,
  },
  { file: 'variables-refused.ts', line: 13, code: 'TS2345', detail: `Type 'string[]' is not assignable to type '"us-east-1" | "eu-west-1"'.` },
  // Another value for a fixed variable.
  { file: 'variables-refused.ts', line: 14, code: 'TS2345', detail: `Type '"beta"' is not assignable to type '"stable"'.` },
  // A misspelt runtime input.
  {
    file: 'variables-refused.ts',
    line: 15,
    code: 'TS2820',
    detail:
      `Type '"releaseTagg"' is not assignable to type '"color" | "branch" | "hotfix" | "skipCV" | "releaseTag" | "ticket" | "env" | "infra"'. Did you mean '"releaseTag"'?`,
  },
];

// One tsc run per module setting over the whole fixture project: each costs several seconds of CPU.
describe.each(['node16', 'nodenext'])('a compilation with the generated module (module %s, skipLibCheck false)', (mode) => {
  it(
    'refuses exactly the wrong names, variables and artifacts, and compiles the right starts',
    async () => {
      const diagnostics = await compile(`tsconfig.${mode}.json`);
      // calls-that-compile.ts, the generated module and the SDK's own sources have no error at all.
      expect(diagnostics).toEqual(EXPECTED.map((expected) => ({ ...expected, detail: sortLiteralUnions(expected.detail) })));
    },
    240_000,
  );
});
