/**
 * What changed between the model a generated file holds and the account as it is now, in lines a
 * reviewer reads at a glance: `+` added, `-` removed, `~` changed.
 */
import type { AccountModel, EntityModel, VariableModel } from './model.js';
import { compareCodePoints } from './render.js';

/** One difference between a generated file and the account. */
export interface DriftItem {
  change: 'added' | 'removed' | 'changed';
  /** For example `pipeline "Guestbook Pipeline" (Harness Demo)` or `variable "branch" of ...`. */
  subject: string;
  /** For `changed`: what changed, for example `required: false -> true`. */
  detail?: string;
}

const SIGN: Record<DriftItem['change'], string> = { added: '+', removed: '-', changed: '~' };

/** One line per item: `+ pipeline "Deploy API" (Harness Demo)`. */
export function formatDrift(items: readonly DriftItem[]): string {
  return items.map((item) => `${SIGN[item.change]} ${item.subject}${item.detail === undefined ? '' : `: ${item.detail}`}`).join('\n');
}

function sortedKeys(...records: Readonly<Record<string, unknown>>[]): string[] {
  return [...new Set(records.flatMap((record) => Object.keys(record)))].sort(compareCodePoints);
}

function show(value: unknown): string {
  return JSON.stringify(value);
}


const VARIABLE_FIELDS: readonly (keyof VariableModel)[] = ['type', 'required', 'fixed', 'defaultValue', 'allowedValues', 'allowMultipleValues'];

function variableChanges(before: VariableModel, after: VariableModel): string[] {
  return VARIABLE_FIELDS.filter((field) => show(before[field]) !== show(after[field])).map(
    (field) => `${field}: ${show(before[field])} -> ${show(after[field])}`,
  );
}

function entityDrift(subject: string, before: EntityModel, after: EntityModel, items: DriftItem[]): void {
  if (before.id !== after.id) items.push({ change: 'changed', subject, detail: `id: ${show(before.id)} -> ${show(after.id)}` });
  for (const name of sortedKeys(before.variables, after.variables)) {
    const variable = `variable ${show(name)} of ${subject}`;
    const was = before.variables[name];
    const now = after.variables[name];
    if (was === undefined) items.push({ change: 'added', subject: variable });
    else if (now === undefined) items.push({ change: 'removed', subject: variable });
    else {
      const changes = variableChanges(was, now);
      if (changes.length > 0) items.push({ change: 'changed', subject: variable, detail: changes.join(', ') });
    }
  }
  for (const field of ['servicesNeedingArtifacts', 'servicesNeedingManifests'] as const) {
    if (show(before[field]) !== show(after[field])) {
      items.push({ change: 'changed', subject: `${field} of ${subject}`, detail: `${show(before[field])} -> ${show(after[field])}` });
    }
  }
}

/** The differences from `before` (the file) to `after` (the account now), in a stable order. */
export function diffAccountModels(before: AccountModel, after: AccountModel): DriftItem[] {
  const items: DriftItem[] = [];
  for (const appName of sortedKeys(before.applications, after.applications)) {
    const app = `application ${show(appName)}`;
    const was = before.applications[appName];
    const now = after.applications[appName];
    if (was === undefined || now === undefined) {
      items.push({ change: was === undefined ? 'added' : 'removed', subject: app });
      continue;
    }
    if (was.id !== now.id) items.push({ change: 'changed', subject: app, detail: `id: ${show(was.id)} -> ${show(now.id)}` });
    for (const [kind, noun] of [
      ['pipelines', 'pipeline'],
      ['workflows', 'workflow'],
    ] as const) {
      for (const name of sortedKeys(was[kind], now[kind])) {
        const subject = `${noun} ${show(name)} (${appName})`;
        const before = was[kind][name];
        const after = now[kind][name];
        if (before === undefined) items.push({ change: 'added', subject });
        else if (after === undefined) items.push({ change: 'removed', subject });
        else entityDrift(subject, before, after, items);
      }
    }
  }
  return items;
}

