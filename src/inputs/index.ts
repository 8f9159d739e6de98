/**
 * Input builders: turn caller-friendly variable values and artifact/manifest choices into the
 * startExecution inputs, after checking them the way Harness does. Pure functions, no I/O.
 */
export { buildVariableInputs, describeVariable } from './variables.js';
export type { BuildVariableInputsOptions } from './variables.js';
export type { ArtifactSourceDeclaration, ServiceDeclaration, ServiceNeedsDeclaration, VariableDeclaration } from './declarations.js';
export { buildServiceInputs } from './service-inputs.js';
export type { BuildServiceInputsOptions } from './service-inputs.js';
export { damerauLevenshtein, suggestClosest } from './did-you-mean.js';
export { parseCsvValue } from './csv.js';
export type { CsvParseResult } from './csv.js';
