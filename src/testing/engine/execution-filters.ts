/**
 * Rules of the `executions` list's filters that do not depend on the executions themselves.
 */
import { invalidRequest } from '../errors.js';

/** One entry of `executions(filters:)`, as far as these rules read it. */
export interface ApplicationFilterView {
  applicationId?: string | null;
  application?: { operator: string } | null;
}

/**
 * With the account feature flag GRAPHQL_WORKFLOW_EXECUTION_OPTIMIZATION, Harness lists executions
 * of one application at a time: the filters must name it, either by `applicationId` or by an
 * `application` filter with EQUALS, not both.
 */
export function checkSingleApplicationFilter(filters: readonly (ApplicationFilterView | null)[]): void {
  let byApplicationId = false;
  let byApplicationFilter = false;
  for (const filter of filters) {
    if (!filter) continue;
    if (filter.applicationId) byApplicationId = true;
    if (filter.application) {
      byApplicationFilter = true;
      if (filter.application.operator !== 'EQUALS') throw invalidRequest('Application filter is required and should be EQUALS');
    }
  }
  if (byApplicationId && byApplicationFilter) throw invalidRequest('Only one of application Id and application filter can be passed.');
  if (!byApplicationId && !byApplicationFilter) throw invalidRequest('Application Id filter is required');
}
