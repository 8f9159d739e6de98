/**
 * Every harness-exec command, in the order the overview lists them. A new command is one module in
 * this folder and one line here.
 */
import type { CommandModule } from '../command.js';
import { abort } from './abort.js';
import { approve } from './approve.js';
import { continueCommand } from './continue.js';
import { doctor } from './doctor.js';
import { fakeHarness } from './fake-harness.js';
import { generate } from './generate.js';
import { list } from './list.js';
import { inputs } from './inputs.js';
import { reject } from './reject.js';
import { resume } from './resume.js';
import { runtimeInputs } from './runtime-inputs.js';
import { startPipeline } from './start-pipeline.js';
import { startWorkflow } from './start-workflow.js';
import { status } from './status.js';

export const COMMAND_MODULES: readonly CommandModule[] = [
  startPipeline,
  startWorkflow,
  status,
  inputs,
  resume,
  runtimeInputs,
  continueCommand,
  approve,
  reject,
  abort,
  list,
  generate,
  doctor,
  fakeHarness,
];

/** The command of that name, if any. */
export function findCommand(name: string | undefined): CommandModule | undefined {
  return COMMAND_MODULES.find((command) => command.name === name);
}

/** The names of every command. */
export const COMMANDS: readonly string[] = COMMAND_MODULES.map((command) => command.name);
