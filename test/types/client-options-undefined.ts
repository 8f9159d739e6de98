/**
 * Type test (checked by the project's own `tsc --noEmit`, under exactOptionalPropertyTypes): every
 * optional option of HarnessClient takes `undefined`, so values read from the environment pass as is.
 */
import { HarnessClient, type HarnessClientOptions } from '../../src/index.js';

type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];
/** The optional keys that refuse `undefined`; never when all of them take it. */
type RefusingUndefined = { [K in OptionalKeys<HarnessClientOptions>]: undefined extends HarnessClientOptions[K] ? never : K }[OptionalKeys<HarnessClientOptions>];

export const everyOptionalOptionTakesUndefined: [RefusingUndefined] extends [never] ? true : RefusingUndefined = true;

export function fromProcessEnv(): HarnessClient {
  return new HarnessClient({
    accountId: process.env.HARNESS_ACCOUNT_ID ?? '',
    apiKey: process.env.HARNESS_API_KEY,
    endpoint: process.env.HARNESS_ENDPOINT,
    userAgent: process.env.HARNESS_USER_AGENT,
  });
}
