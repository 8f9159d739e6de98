/**
 * The package's public surface as the type-level fixtures import it (`harness-graphql-sdk` maps here):
 * everything `src/index.ts` exports, the account-types exports, and a `HarnessClient` whose methods
 * take the registered account's option types, as the real class does once it declares them. The
 * runtime class is the SDK's own; only its type is narrowed.
 */
import { HarnessClient as SdkHarnessClient, type HarnessClientOptions } from '../../src/index.js';
import type { AccountCheckedMethods, UncheckedMethods, UntypedHarnessClient } from '../../src/account-types/index.js';

export * from '../../src/index.js';
export * from '../../src/account-types/index.js';

/** `HarnessClient` with the account-checked signatures and the `untyped` escape hatch. */
export type HarnessClient = Omit<SdkHarnessClient, keyof UncheckedMethods> &
  AccountCheckedMethods & {
    /** The same client, taking any names (for entities created after generation). */
    readonly untyped: UntypedHarnessClient;
  };

interface HarnessClientConstructor {
  new (options: HarnessClientOptions): HarnessClient;
  fromEnv(env?: Readonly<Record<string, string | undefined>>, overrides?: Partial<HarnessClientOptions>): HarnessClient;
}

function withUntyped(client: SdkHarnessClient): HarnessClient {
  return Object.defineProperty(client, 'untyped', { value: client }) as unknown as HarnessClient;
}

class AccountTypedHarnessClient extends SdkHarnessClient {
  constructor(options: HarnessClientOptions) {
    super(options);
    withUntyped(this);
  }
}

export const HarnessClient = AccountTypedHarnessClient as unknown as HarnessClientConstructor;
