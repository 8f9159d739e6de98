/**
 * How the fake renders data-fetcher errors, following Harness's per-code message templates:
 * INVALID_REQUEST gets `Invalid request: `, ACCESS_DENIED gets `User not authorized: `,
 * GENERAL/UNKNOWN errors are verbatim. The GraphQL layer adds `Exception while fetching data (/<path>) : `.
 */

/** An error a resolver raises; `rendered` is the text after `Exception while fetching data (...) : `. */
export class FakeFieldError extends Error {
  readonly rendered: string;
  constructor(rendered: string) {
    super(rendered);
    this.name = 'FakeFieldError';
    this.rendered = rendered;
  }
}

/** An error of the REST abort route: HTTP status and `responseMessages[0]`. */
export class FakeRestError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'FakeRestError';
    this.status = status;
    this.code = code;
  }
}

/** `Invalid request: <msg>` (INVALID_REQUEST). */
export const invalidRequest = (msg: string): FakeFieldError => new FakeFieldError(`Invalid request: ${msg}`);
/** `User not authorized: <msg>` (ACCESS_DENIED). */
export const notAuthorized = (msg: string): FakeFieldError => new FakeFieldError(`User not authorized: ${msg}`);
/** Verbatim message (GENERAL_ERROR / UNKNOWN_ERROR). */
export const verbatim = (msg: string): FakeFieldError => new FakeFieldError(msg);

/** What Harness answers for non-Harness exceptions. */
export const GENERIC_EXCEPTION_MSG = 'An error has occurred. Please contact the Harness support team.';
