/**
 * Validation cost: buildVariableInputs for a workflow declaring 50 variables (required ones,
 * allowed values, multi-value, entity-typed), all given, per call. Baseline: JSON.stringify of the
 * same values, the least any client does with them.
 */
import { buildVariableInputs } from '../src/inputs/index.js';
import type { DeclaredVariable, VariableValues } from '../src/index.js';
import { median, round, type Figure } from './figures.js';

const CALLS_PER_SAMPLE = 2_000;
const SAMPLES = 15;

function workflowOf50(): { declared: DeclaredVariable[]; values: Record<string, string | string[] | { id: string }> } {
  const declared: DeclaredVariable[] = [];
  const values: Record<string, string | string[] | { id: string }> = {};
  for (let i = 0; i < 50; i++) {
    const name = `var_${String(i).padStart(2, '0')}`;
    const base = { name, required: i % 3 === 0, defaultValue: null, fixed: false };
    if (i === 0) {
      declared.push({ ...base, name: 'Environment', type: 'Environment', allowedValues: [], allowMultipleValues: false });
      values.Environment = 'dev';
    } else if (i === 1) {
      declared.push({ ...base, name: 'Service', type: 'Service', allowedValues: [], allowMultipleValues: false });
      values.Service = { id: 'svcGuestbook0000000001' };
    } else if (i % 5 === 0) {
      declared.push({ ...base, type: 'Text', allowedValues: ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-south-1'], allowMultipleValues: true });
      values[name] = ['us-east-1', 'eu-west-1'];
    } else if (i % 2 === 0) {
      declared.push({ ...base, type: 'Text', allowedValues: ['true', 'false'], allowMultipleValues: false });
      values[name] = 'true';
    } else {
      declared.push({ ...base, type: 'Text', allowedValues: [], allowMultipleValues: false });
      values[name] = `value number ${String(i)}`;
    }
  }
  return { declared, values };
}

function perCallMicroseconds(fn: () => void): number {
  for (let i = 0; i < CALLS_PER_SAMPLE; i++) fn();
  const samples: number[] = [];
  for (let s = 0; s < SAMPLES; s++) {
    const t0 = performance.now();
    for (let i = 0; i < CALLS_PER_SAMPLE; i++) fn();
    samples.push(((performance.now() - t0) * 1000) / CALLS_PER_SAMPLE);
  }
  return median(samples);
}

export async function benchValidation(): Promise<Figure[]> {
  const { declared, values } = workflowOf50();
  const typed: VariableValues = values;
  const inputs = buildVariableInputs(declared, typed, { kind: 'WORKFLOW', entityName: 'bench workflow' });
  if (inputs.length !== 50) throw new Error(`expected 50 inputs, got ${String(inputs.length)}`);
  let sink = 0;
  const sdk = perCallMicroseconds(() => {
    sink += buildVariableInputs(declared, typed, { kind: 'WORKFLOW', entityName: 'bench workflow' }).length;
  });
  const baseline = perCallMicroseconds(() => {
    sink += JSON.stringify(values).length;
  });
  if (sink === 0) throw new Error('unreachable');
  return [
    {
      part: '5 validation',
      name: 'buildVariableInputs, 50 declared variables',
      value: round(sdk, 1),
      unit: 'µs/call',
      baseline: { name: 'JSON.stringify of the values', value: round(baseline, 1) },
      ratio: round(sdk / baseline, 1),
      note: `${String(CALLS_PER_SAMPLE * SAMPLES)} calls; a Harness round trip is ~100 ms`,
    },
  ];
}
