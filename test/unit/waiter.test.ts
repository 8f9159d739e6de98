import { describe, expect, it } from 'vitest';
import { HarnessValidationError } from '../../src/errors.js';
import type { ExecutionSummary, StageExecution } from '../../src/types.js';
import {
  WAIT_DEFAULTS,
  classifyStatus,
  describeProgress,
  nextDelayMs,
  resolveWaitSchedule,
  simulateWait,
  sleepBeforeNextPollMs,
  waitingForOf,
} from '../../src/waiter.js';

/** A deterministic source of numbers in [0, 1). */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

function stage(over: Partial<StageExecution>): StageExecution {
  return {
    name: 'Stage 1',
    elementId: 'st1',
    stepName: 'Dev',
    type: 'WORKFLOW',
    status: null,
    workflowExecutionId: null,
    approvalStepType: null,
    runtimeInputVariables: [],
    ...over,
  };
}

function execution(over: Partial<ExecutionSummary>): ExecutionSummary {
  return {
    id: 'ex1',
    kind: 'PIPELINE',
    status: 'RUNNING',
    url: null,
    applicationId: 'app',
    entity: { id: 'p1', name: 'Guestbook Pipeline' },
    createdAt: null,
    startedAt: null,
    endedAt: null,
    notes: null,
    failureDetails: null,
    stages: [],
    ...over,
  };
}

describe('the default schedule, measured', () => {
  const seeds = Array.from({ length: 500 }, (_, i) => i + 1);

  it('sees the end of a 10-minute deployment within 15 s while sending under 6 polls a minute', () => {
    const runs = seeds.map((seed) => simulateWait({ durationMs: 600_000, random: lcg(seed) }));
    for (const run of runs) {
      expect(run.detected).toBe(true);
      expect(run.detectionLagMs).toBeLessThanOrEqual(15_000);
      expect(run.pollsPerMinute).toBeLessThan(6);
      expect(run.peakPollsPerMinute).toBeLessThanOrEqual(6);
    }
    const meanPolls = runs.reduce((sum, run) => sum + run.polls, 0) / runs.length;
    expect(meanPolls).toBeGreaterThan(45);
    expect(meanPolls).toBeLessThan(55);
  });

  it('stays within 10 % of the duration for long deployments and within 15 s for all', () => {
    for (const durationMs of [30_000, 150_000, 3_600_000 - 1]) {
      for (const seed of seeds.slice(0, 100)) {
        const run = simulateWait({ durationMs, random: lcg(seed) });
        expect(run.detectionLagMs).toBeLessThanOrEqual(15_000);
        if (durationMs >= 150_000) expect(run.detectionLagMs).toBeLessThanOrEqual(durationMs / 10);
      }
    }
  });

  it('is what the figures in the docs say', () => {
    expect(WAIT_DEFAULTS).toMatchObject({ minDelayMs: 7_000, maxDelayMs: 12_500, backoffFactor: 1.5, jitter: 0.15 });
    const noJitter = simulateWait({ durationMs: 600_000 });
    expect(noJitter.polls).toBe(50);
  });

  it('the rejected 5 s start with ±20 % jitter would put 7 polls in the first minute', () => {
    const run = simulateWait({ durationMs: 600_000, options: { minDelayMs: 5_000, maxDelayMs: 12_000, jitter: 0.2 } });
    expect(run.peakPollsPerMinute).toBe(7);
  });
});

describe('nextDelayMs', () => {
  const schedule = resolveWaitSchedule({ jitter: 0 });

  it('grows ×1.5 from the minimum to the cap', () => {
    expect([1, 2, 3, 4, 5].map((polls) => nextDelayMs(polls, schedule, () => 0.5))).toEqual([7_000, 10_500, 12_500, 12_500, 12_500]);
  });

  it('applies jitter within ±15 % by default', () => {
    const s = resolveWaitSchedule({});
    expect(nextDelayMs(10, s, () => 0)).toBe(10_625);
    expect(nextDelayMs(10, s, () => 0.999999)).toBe(14_375);
  });

  it('never sleeps past the deadline', () => {
    expect(sleepBeforeNextPollMs(10, 1_000, 4_000, schedule, () => 0.5)).toBe(3_000);
    expect(sleepBeforeNextPollMs(10, 5_000, 4_000, schedule, () => 0.5)).toBe(0);
  });
});

describe('resolveWaitSchedule', () => {
  it('reports every bad option at once', () => {
    let error: unknown;
    try {
      resolveWaitSchedule({ timeoutMs: -1, minDelayMs: Number.NaN, jitter: 2 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(HarnessValidationError);
    expect((error as HarnessValidationError).issues.map((i) => i.variable).sort()).toEqual(['jitter', 'minDelayMs', 'timeoutMs']);
  });

  it('refuses a maximum below the minimum', () => {
    expect(() => resolveWaitSchedule({ minDelayMs: 10_000, maxDelayMs: 1_000 })).toThrow(/maxDelayMs \(1000\) must not be smaller than minDelayMs/);
  });
});

describe('classifyStatus', () => {
  it('keeps waiting on running, paused, waiting, null and unknown statuses', () => {
    for (const status of ['QUEUED', 'RUNNING', 'RESUMED', 'PAUSED', 'WAITING', null, 'SOMETHING_NEW']) {
      expect(classifyStatus(status, ['SUCCESS'])).toBe('pending');
    }
  });

  it('fails on every other terminal status, SKIPPED included unless listed', () => {
    for (const status of ['FAILED', 'ERROR', 'ABORTED', 'REJECTED', 'EXPIRED', 'SKIPPED']) expect(classifyStatus(status, ['SUCCESS'])).toBe('failure');
    expect(classifyStatus('SKIPPED', ['SUCCESS', 'SKIPPED'])).toBe('success');
    expect(classifyStatus('PAUSED', ['PAUSED'])).toBe('success');
  });
});

describe('waitingForOf and describeProgress', () => {
  const dev = stage({ status: 'SUCCESS' });
  const approval = stage({ name: 'Stage 2', elementId: 'st2', stepName: 'Approve prod', type: 'APPROVAL', status: 'PAUSED' });
  const prod = stage({ name: 'Stage 3', elementId: 'st3', stepName: 'Prod', status: null });

  it('names a pending approval stage', () => {
    const ex = execution({ status: 'PAUSED', stages: [dev, approval, prod] });
    expect(waitingForOf(ex)).toBe('approval');
    expect(describeProgress(ex)).toBe('stage 2/3 Approve prod: PAUSED (approval pending)');
  });

  it('names runtime inputs with the variables asked for', () => {
    const waiting = stage({
      name: 'Stage 2',
      stepName: 'Prod',
      status: 'PAUSED',
      runtimeInputVariables: [
        { name: 'releaseTag', type: 'Text', required: true, allowedValues: [], defaultValue: null, fixed: false, allowMultipleValues: false },
      ],
    });
    const ex = execution({ status: 'PAUSED', stages: [dev, waiting, prod] });
    expect(waitingForOf(ex)).toBe('runtime-inputs');
    expect(describeProgress(ex)).toBe('stage 2/3 Prod: PAUSED (runtime inputs needed: releaseTag)');
  });

  it('names manual intervention', () => {
    const ex = execution({ status: 'WAITING', stages: [dev, stage({ stepName: 'Prod', status: 'WAITING' })] });
    expect(waitingForOf(ex)).toBe('manual-intervention');
    expect(describeProgress(ex)).toBe('stage 2/2 Prod: WAITING (manual intervention needed)');
  });

  it('says nothing is awaited while running, and PREPARING for a null status', () => {
    expect(waitingForOf(execution({ status: 'RUNNING', stages: [stage({ status: 'RUNNING' })] }))).toBeNull();
    expect(describeProgress(execution({ kind: 'WORKFLOW', status: null, entity: { id: 'w', name: 'K8s Rolling Deployment' } }))).toBe(
      'workflow K8s Rolling Deployment: PREPARING',
    );
  });

  it('a PAUSED workflow does not say why on its own', () => {
    const ex = execution({ kind: 'WORKFLOW', status: 'PAUSED', entity: { id: 'w', name: 'K8s' } });
    expect(waitingForOf(ex)).toBeNull();
    expect(describeProgress(ex, 'approval')).toBe('workflow K8s: PAUSED (approval pending)');
  });
});
