/**
 * What a scenario saw, normalised so that two targets can be compared: no ids, no names, no times.
 * An error becomes its code, its HTTP status and the core of its message (the target's own names
 * replaced by placeholders); an answer becomes the facts the scenario cares about.
 */
import { isHarnessError } from '../../src/index.js';
import type { Target } from './target.js';

export type Fact = string | number | boolean | null;

/** A scenario's normalised result: flat facts, compared key by key. */
export type Observation = Readonly<Record<string, Fact>>;

/** Facts of an error: `error.code`, `error.status`, `error.message`. */
export function observeError(error: unknown, target: Target, extraNames: Readonly<Record<string, string>> = {}): Observation {
  if (!isHarnessError(error)) return { 'error.code': 'NOT_A_HARNESS_ERROR', 'error.message': messageCore(String(error), target, extraNames) };
  return {
    'error.code': error.code,
    'error.status': error.status ?? null,
    'error.message': messageCore(error.message, target, extraNames),
  };
}

/** Whether each listed field holds a value (not null, not undefined, not an empty string). */
export function fieldsPresent(prefix: string, value: object, fields: readonly string[]): Observation {
  const record = value as Record<string, unknown>;
  return Object.fromEntries(fields.map((f) => [`${prefix}.${f}`, record[f] !== null && record[f] !== undefined && record[f] !== '']));
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A message with the target's names, ids and key replaced by `<application>`, `<pipeline>`, ...,
 * so the same failure on two accounts reads the same. Longer names are replaced first, so a name
 * that contains another is not half replaced.
 */
export function messageCore(message: string, target: Target, extraNames: Readonly<Record<string, string>> = {}): string {
  const names: [string, string][] = [
    [target.accountId, '<account>'],
    [target.application, '<application>'],
    ...(target.pipeline ? ([[target.pipeline.name, '<pipeline>']] as [string, string][]) : []),
    ...(target.workflow ? ([[target.workflow.name, '<workflow>']] as [string, string][]) : []),
    ...(target.restricted ? ([[target.restricted.application, '<restricted application>']] as [string, string][]) : []),
    ...Object.entries(extraNames).map(([placeholder, name]): [string, string] => [name, `<${placeholder}>`]),
  ];
  let out = message;
  for (const [name, placeholder] of names.filter(([n]) => n !== '').sort((a, b) => b[0].length - a[0].length)) {
    out = out.replace(new RegExp(escapeRegExp(name), 'g'), placeholder);
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** One fact on which two targets disagree. */
export interface Difference {
  scenario: string;
  fact: string;
  fake: Fact | undefined;
  live: Fact | undefined;
}

/** The facts that differ between the fake's and the live observation of one scenario, in key order. */
export function compareObservations(scenario: string, fake: Observation, live: Observation): Difference[] {
  const keys = [...new Set([...Object.keys(fake), ...Object.keys(live)])].sort();
  return keys
    .filter((k) => fake[k] !== live[k])
    .map((fact) => ({ scenario, fact, fake: fake[fact], live: live[fact] }));
}

const show = (f: Fact | undefined): string => (f === undefined ? '(not observed)' : JSON.stringify(f));

/** A plain-text table of differences, one row per fact. */
export function formatDifferences(differences: readonly Difference[]): string {
  if (differences.length === 0) return 'No differences between the fake and the account.';
  const rows = differences.map((d) => [`${d.scenario}: ${d.fact}`, show(d.fake), show(d.live)]);
  const header = ['scenario: fact', 'the fake says', 'the account said'];
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}
