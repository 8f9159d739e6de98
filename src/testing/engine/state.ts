/**
 * What the engine's modules share: the data served, the executions started so far, the clock, and
 * lookups of seeded entities by id.
 */
import type {
  FakeApplication,
  FakeEnvironment,
  FakeHarnessData,
  FakePipeline,
  FakeService,
  FakeWorkflow,
} from '../types.js';
import type { ClockLike } from './clock.js';
import type { ExecRecord } from './records.js';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Settings of the engine that stand for account feature flags. */
export interface EngineOptions {
  /** FF `WORKFLOW_EXECUTION_REFRESH_STATUS`: standalone workflows read WAITING (else RUNNING). Default true. */
  workflowWaitingStatus?: boolean;
  /** FF `GRAPHQL_WORKFLOW_EXECUTION_OPTIMIZATION`: `executions` needs exactly one application filter. Default false. */
  singleApplicationExecutions?: boolean;
}

export class EngineState {
  readonly data: FakeHarnessData;
  readonly accountId: string;
  /** Portal base of `executionUrl`, ending with `/`. */
  readonly portalUrl: string;
  readonly clock: ClockLike;
  readonly execs = new Map<string, ExecRecord>();
  /** createdAt of seeded entities that do not set one. */
  readonly createdAtDefault: number;
  readonly workflowWaitingStatus: boolean;
  readonly singleApplicationExecutions: boolean;
  private idSeed = 0x2545f491;

  constructor(data: FakeHarnessData, accountId: string, portalUrl: string, clock: ClockLike, options: EngineOptions = {}) {
    this.data = data;
    this.accountId = accountId;
    this.portalUrl = portalUrl.endsWith('/') ? portalUrl : `${portalUrl}/`;
    this.clock = clock;
    this.createdAtDefault = clock.now();
    this.workflowWaitingStatus = options.workflowWaitingStatus ?? true;
    this.singleApplicationExecutions = options.singleApplicationExecutions ?? false;
  }

  /** Deterministic 22-character base64url-like ids (xorshift), so runs are repeatable. */
  newId(): string {
    let s = '';
    for (let i = 0; i < 22; i++) {
      this.idSeed ^= this.idSeed << 13;
      this.idSeed ^= this.idSeed >>> 17;
      this.idSeed ^= this.idSeed << 5;
      s += ID_ALPHABET[(this.idSeed >>> 0) % 64];
    }
    return s;
  }

  app(id: string): FakeApplication | undefined {
    return this.data.applications.find((a) => a.id === id);
  }
  env(appId: string, id: string): FakeEnvironment | undefined {
    return this.data.environments.find((e) => e.appId === appId && e.id === id);
  }
  service(appId: string, id: string): FakeService | undefined {
    return this.data.services.find((s) => s.appId === appId && s.id === id);
  }
  workflow(id: string): FakeWorkflow | undefined {
    return this.data.workflows.find((w) => w.id === id);
  }
  pipeline(id: string): FakePipeline | undefined {
    return this.data.pipelines.find((p) => p.id === id);
  }
}
