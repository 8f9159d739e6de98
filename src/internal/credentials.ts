/**
 * The secret a client authenticates with: an API key (`x-api-key`) or a session token
 * (`Authorization: Bearer`), fixed or read from a function before every request so a long-running
 * service picks up a rotated secret without a restart. Every value ever read stays known (a few of
 * the latest), so errors can be cleaned of old and new secrets alike.
 */
import { HarnessAuthenticationError, HarnessValidationError } from '../errors.js';

/** A secret, or a function answering the current one (sync or async); a function is called for each request. */
export type SecretSource = string | (() => string | Promise<string>);

/** Which option holds the secret; it decides the header and the words of messages. */
export type CredentialKind = 'apiKey' | 'bearerToken';

/** How many distinct secrets are remembered for redaction: enough for any realistic rotation overlap. */
export const REMEMBERED_SECRETS = 8;

const ENV_OF: Readonly<Record<CredentialKind, string>> = { apiKey: 'HARNESS_API_KEY', bearerToken: 'HARNESS_BEARER_TOKEN' };

/** The environment variable behind a credential option. */
export function credentialEnvName(kind: CredentialKind): string {
  return ENV_OF[kind];
}

/** What a secret is called in messages. */
export function credentialNoun(kind: CredentialKind): string {
  return kind === 'apiKey' ? 'API key' : 'bearer token';
}

/** What is wrong with a value a secret function answered, or undefined when it can be sent. Never shows the value. */
export function secretProblem(value: unknown): string | undefined {
  if (value === null || value === undefined) return `answered ${String(value)} instead of a string`;
  if (typeof value !== 'string') return `answered a ${typeof value} instead of a string`;
  if (value === '') return 'answered an empty string';
  if (/\s/.test(value)) return 'answered a value with whitespace or line breaks';
  return undefined;
}

/** Secrets shorter than this are not searched for: they would mangle ordinary words. */
const MIN_REDACTED_LENGTH = 4;

export class Credentials {
  readonly kind: CredentialKind;
  readonly #source: SecretSource;
  /** Distinct secrets read so far, oldest first, at most {@link REMEMBERED_SECRETS}. */
  readonly #seen: string[] = [];

  constructor(kind: CredentialKind, source: SecretSource) {
    this.kind = kind;
    this.#source = source;
    if (typeof source === 'string') this.#remember(source);
  }

  /** Whether the secret can change between requests (it comes from a function). */
  get rotates(): boolean {
    return typeof this.#source === 'function';
  }

  /** Every secret read so far (the latest few), for redaction. */
  get secrets(): readonly string[] {
    return this.#seen;
  }

  /**
   * The secret to send now. A function that throws or answers something unusable ends the call
   * before anything is sent, with an error saying what to fix.
   */
  async read(operation: string): Promise<string> {
    const source = this.#source;
    if (typeof source === 'string') return source;
    const option = this.kind;
    let value: unknown;
    try {
      value = await source();
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new HarnessAuthenticationError(
        `${operation} was not sent: the ${option} function threw (${this.redact(reason)}). Nothing reached Harness. ` +
          `Fix the function that supplies the ${credentialNoun(option)} (or the secret store it reads).`,
        { operation },
      );
    }
    const problem = secretProblem(value);
    if (problem !== undefined) {
      throw new HarnessValidationError(
        [
          {
            code: 'invalid_option',
            variable: option,
            message: `The ${option} function ${problem}; ${operation} was not sent. Make it return the current ${credentialNoun(option)} as a non-empty string.`,
          },
        ],
        `${operation} was not sent: the ${option} function answered an unusable ${credentialNoun(option)}`,
      );
    }
    this.#remember(value as string);
    return value as string;
  }

  /** The header that carries a secret. */
  header(secret: string): Readonly<Record<string, string>> {
    return this.kind === 'apiKey' ? { 'x-api-key': secret } : { authorization: `Bearer ${secret}` };
  }

  /** Replaces every remembered secret in a text. */
  redact(text: string): string {
    let out = text;
    for (const secret of this.#seen) {
      if (secret.length >= MIN_REDACTED_LENGTH) out = out.split(secret).join('[redacted]');
    }
    return out;
  }

  #remember(secret: string): void {
    const known = this.#seen.indexOf(secret);
    if (known !== -1) this.#seen.splice(known, 1);
    this.#seen.push(secret);
    if (this.#seen.length > REMEMBERED_SECRETS) this.#seen.shift();
  }
}
