/**
 * Faults a test arms on the fake: each one affects the next matching requests (by operation name),
 * then disarms itself.
 */

/** Failure modes the fake can inject. */
export type FakeFaultKind =
  | 'http-500'
  | 'http-502'
  | 'http-503'
  | 'http-504'
  | 'rate-limit'
  | 'html-page'
  | 'malformed-json'
  | 'empty-body'
  | 'hang'
  | 'reset-before'
  | 'reset-after'
  | 'null-start-payload'
  | 'already-triggered';

/** One armed fault. */
export interface FakeFault {
  kind: FakeFaultKind;
  /** How many matching requests it affects. Default 1. */
  times?: number;
  /**
   * Only requests with this GraphQL operationName, or `'abort'` (alias `'AbortExecution'`) for the REST abort route.
   * Default: any request.
   */
  operation?: string;
}

interface ArmedFault {
  kind: FakeFaultKind;
  remaining: number;
  operation: string | undefined;
}

/** The faults armed now, oldest first. */
export class FaultPlan {
  private armed: ArmedFault[] = [];

  arm(fault: FakeFault): void {
    this.armed.push({ kind: fault.kind, remaining: fault.times ?? 1, operation: fault.operation });
  }

  clear(): void {
    this.armed = [];
  }

  /** The fault that applies to a request of this operation, counted as used; undefined when none does. */
  take(operation: string | null): FakeFaultKind | undefined {
    const fault = this.armed.find(
      (x) =>
        x.remaining > 0 &&
        (x.operation === undefined || x.operation === operation || (operation === 'abort' && x.operation === 'AbortExecution')),
    );
    if (!fault) return undefined;
    fault.remaining--;
    this.armed = this.armed.filter((x) => x.remaining > 0);
    return fault.kind;
  }
}
