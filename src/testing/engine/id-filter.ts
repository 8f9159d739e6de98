/** Matching of Harness's `IdFilter` (`{ operator, values }`) against one id. */

export interface IdFilter {
  operator: 'EQUALS' | 'IN' | 'NOT_NULL' | 'NOT_IN' | 'LIKE';
  values: (string | null)[];
}

/** Whether `value` passes the filter; a missing filter lets everything pass. */
export function matchesIdFilter(filter: IdFilter | null | undefined, value: string | null): boolean {
  if (!filter) return true;
  const values = filter.values.filter((x): x is string => x !== null);
  switch (filter.operator) {
    case 'EQUALS':
    case 'IN':
      return value !== null && values.includes(value);
    case 'NOT_IN':
      return value === null || !values.includes(value);
    case 'NOT_NULL':
      return value !== null;
    case 'LIKE':
      return value !== null && values.some((x) => value.includes(x));
  }
}
