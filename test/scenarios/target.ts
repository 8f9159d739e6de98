/**
 * What a scenario runs against: an endpoint, an account, credentials and the names of the test
 * entities. The same scenarios run against the fake server (the seed's names) and against a real
 * account (names from the environment), so nothing in a scenario may assume one or the other.
 */
import type { ArtifactChoices, HarnessClientOptions, VariableValues, WaitScheduleOptions } from '../../src/index.js';

/** How the suite authenticates: an API key, or a login session token sent as `Authorization: Bearer`. */
export type TargetCredentials = { apiKey: string } | { bearerToken: string };

/** The inputs a start of a named entity needs (its required variables and artifacts). */
export interface StartInputs {
  variables?: VariableValues;
  artifacts?: ArtifactChoices;
}

/** A pipeline or workflow the suite may read, and start when starts are allowed. */
export interface NamedEntity {
  kind: 'PIPELINE' | 'WORKFLOW';
  name: string;
  inputs: StartInputs;
}

/** A guide start the target's entities reproduce exactly (the fake's seed does). */
export interface GuideStart {
  label: string;
  kind: 'PIPELINE' | 'WORKFLOW';
  /** Start options as a caller writes them (application, entity, variables, artifacts, notes). */
  options: Record<string, unknown>;
  /** The startExecution input the guide shows for them. */
  expectedInput: Record<string, unknown>;
}

export interface Target {
  /** `fake` or `live`: printed in reports. */
  label: string;
  endpoint: string;
  accountId: string;
  credentials: TargetCredentials;
  application: string;
  pipeline?: NamedEntity | undefined;
  workflow?: NamedEntity | undefined;
  /** Whether the named pipeline stops at a user-group approval the suite may reject. */
  pipelineHasApproval: boolean;
  /** A key that may not read `application` (which application it is given in `restricted.application`). */
  restricted?: { apiKey: string; application: string } | undefined;
  /** Scenarios that start executions run only when this is true. */
  allowStarts: boolean;
  /** Client options of this target: its request pacing above all. */
  clientOptions: Partial<HarnessClientOptions>;
  /** Poll schedule of the waits. */
  wait: WaitScheduleOptions;
  /** Guide starts whose inputs must come out byte for byte (only where the entities are the guide's own). */
  guideStarts: readonly GuideStart[];
}

/** The named entities, pipeline first. */
export function namedEntities(target: Target): NamedEntity[] {
  return [target.pipeline, target.workflow].filter((e): e is NamedEntity => e !== undefined);
}

/** The entity the start scenarios use: the workflow when one is named (a single run), else the pipeline. */
export function entityToStart(target: Target): NamedEntity | undefined {
  return target.workflow ?? target.pipeline;
}
