/**
 * The account's request budget: one limiter per endpoint and account in a process, pacing that adapts
 * to 429s, polls batched across waits, and a pluggable store (in-process, or Redis for fleets).
 */
export type { BudgetStore, RequestBudget, RequestPriority, TakeResult } from './types.js';
export { AccountBudget, type AccountBudgetOptions } from './account-budget.js';
export { InProcessBudgetStore } from './memory-store.js';
export { RedisBudgetStore, redisBudgetStore, type RedisBudgetStoreOptions } from './redis-store.js';
export { BudgetRegistry, budgetKey, budgetOptionIssues, processBudgets, type BudgetOptions, type BudgetTarget } from './options.js';
export { BUDGET_REDIS_URL_ENV, REQUESTS_PER_MINUTE_ENV, budgetOptionsFromEnv, budgetStoreFromEnv } from './env.js';
export { PollBatcher, type BatchSend, type BatchSendOptions, type PollBatcherOptions } from './poll-batcher.js';
export { BATCH_OPERATION_NAME, MAX_ALIASES_PER_REQUEST, type BatchAnswer, type BatchGraphQLError } from './batch-document.js';
export { BUDGET_WINDOW_MS, DEFAULT_REQUESTS_PER_MINUTE, HARNESS_WINDOW_MS, WINDOW_MARGIN_MS } from './pacing.js';
