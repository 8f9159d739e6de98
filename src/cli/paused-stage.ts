/**
 * The stage continue and runtime-inputs act on, chosen by the SDK's rule, with the reasons worded
 * for the command line.
 */
import { pickPausedStage } from '../runtime-inputs.js';
import type { StageExecution } from '../types.js';
import { UsageError, type CliClient, type Context } from './context.js';
import { str } from './options.js';

function describePausedStage(stage: StageExecution): string {
  const asks = stage.runtimeInputVariables.map((v) => v.name).join(', ');
  return `${stage.elementId ?? '?'} (${[stage.name, stage.stepName].filter(Boolean).join(': ')}${asks === '' ? '' : `; asks for ${asks}`})`;
}

/**
 * The stage of an execution paused for runtime inputs: the one --stage-id names (undefined when it
 * is not such a stage: the SDK then says why), or the only one there is.
 */
export async function findPausedStage(ctx: Context, api: CliClient, executionId: string): Promise<StageExecution | undefined> {
  const execution = await api.getExecution(executionId);
  const choice = pickPausedStage(execution, str(ctx.values, 'stage-id'));
  switch (choice.kind) {
    case 'found':
      return choice.stage;
    case 'not-paused':
      return undefined;
    case 'not-a-pipeline':
      throw new UsageError([`Execution ${executionId} is a workflow execution; runtime inputs exist only for pipeline stages.`]);
    case 'none-paused': {
      const stages = execution.stages.map((s) => `${s.elementId ?? '?'} (${s.name ?? '?'}): ${s.status ?? 'not reached'}`).join(', ');
      throw new UsageError([
        `Execution ${executionId} (${execution.status ?? 'PREPARING'}) has no stage paused for runtime inputs. Its stages: ${stages || 'none'}. ` +
          `Wait until harness-exec status shows it PAUSED "waiting for runtime inputs".`,
      ]);
    }
    case 'several-paused':
      throw new UsageError([
        `Execution ${executionId} has ${String(choice.candidates.length)} stages paused for runtime inputs; choose one with --stage-id: ${choice.candidates.map(describePausedStage).join(', ')}.`,
      ]);
  }
}

/** Refuses an empty --stage-id. */
export function checkStageId(ctx: Context): void {
  const stageId = str(ctx.values, 'stage-id');
  if (stageId !== undefined && stageId.trim() === '') ctx.problems.push('--stage-id is empty.');
}
