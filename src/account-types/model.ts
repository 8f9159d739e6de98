/**
 * The account model: what generation reads from Harness and writes into the generated module, as
 * plain JSON. The generated module embeds it verbatim as a type, so the same text is both the types a
 * compiler checks against and the data a drift check compares with.
 */
import type { DeclaredVariable } from '../types.js';

/** A declared variable, as the generated module records it (the same fields as {@link DeclaredVariable}). */
export type VariableModel = Omit<DeclaredVariable, 'name'>;

/** A pipeline or workflow: its id, its variables by name, and the services a start must name inputs for. */
export interface EntityModel {
  id: string;
  /** Declared variables by name. */
  variables: Record<string, VariableModel>;
  /**
   * Names of the services a start must give an artifact for; `null` when that cannot be known without
   * variable values (generation then reports the entity as skipped for this part).
   */
  servicesNeedingArtifacts: string[] | null;
  /** Names of the services a start must give a manifest (Helm chart) for; `null` when unknowable. */
  servicesNeedingManifests: string[] | null;
}

/** An application with its pipelines and workflows by name. */
export interface ApplicationModel {
  id: string;
  pipelines: Record<string, EntityModel>;
  workflows: Record<string, EntityModel>;
}

/** Applications by name. */
export interface AccountModel {
  applications: Record<string, ApplicationModel>;
}

/** Something generation left out, and why. */
export interface SkippedItem {
  /** What was left out, for example `services of pipeline "Templatized Guestbook" (Harness Demo)`. */
  item: string;
  /** Why, in a sentence. */
  reason: string;
}
