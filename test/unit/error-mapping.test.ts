import { describe, expect, it } from 'vitest';
import {
  bodySnippet,
  coreMessage,
  errorFromGraphQLErrors,
  errorFromHttpResponse,
  endpointErrorFromNetworkFailure,
  errorFromNetworkFailure,
  errorFromProxyFailure,
  errorFromRedirect,
  parseGraphQLBody,
  redact,
} from '../../src/error-mapping.js';

const account = 'acct123';

describe('errorFromHttpResponse', () => {
  it('maps the 401 REST envelope to an authentication error naming the account and the variable to check', () => {
    const body = JSON.stringify({
      metaData: {},
      resource: null,
      responseMessages: [{ code: 'INVALID_TOKEN', level: 'ERROR', message: 'Token is not valid.' }],
    });
    const error = errorFromHttpResponse({ status: 401, body, operation: 'Execution' }, account);
    expect(error?.name).toBe('HarnessAuthenticationError');
    expect(error?.message).toContain('INVALID_TOKEN: Token is not valid.');
    expect(error?.message).toContain('HARNESS_API_KEY');
    expect(error?.status).toBe(401);
  });

  it('maps 429 to a rate-limit error even without a Retry-After or content type', () => {
    const error = errorFromHttpResponse({ status: 429, body: '{"errors":[{"message":"You\'ve reached your account\'s rate limit"}]}', operation: 'X' }, account);
    expect(error?.code).toBe('RATE_LIMITED');
  });

  it('maps 5xx, HTML pages, empty and malformed bodies to server errors with a clean snippet', () => {
    const html = errorFromHttpResponse({ status: 502, body: '<html><head><style>x{}</style></head><body><h1>502 Bad Gateway</h1></body></html>', operation: 'X' }, account);
    expect(html?.code).toBe('SERVER');
    expect(html?.message).toContain('an HTML page');
    expect((html as { bodySnippet?: string }).bodySnippet).toBe('502 Bad Gateway');
    expect(errorFromHttpResponse({ status: 200, body: '', operation: 'X' }, account)?.message).toContain('an empty body');
    expect(errorFromHttpResponse({ status: 200, body: '{"data": {', operation: 'X' }, account)?.message).toContain('not GraphQL JSON');
    expect(errorFromHttpResponse({ status: 200, body: '<!doctype html><p>maintenance</p>', operation: 'X' }, account)?.code).toBe('SERVER');
    expect(errorFromHttpResponse({ status: 500, body: 'Error while handling api request', operation: 'X' }, account)?.code).toBe('SERVER');
  });

  it('answers undefined for a well-formed GraphQL answer', () => {
    expect(errorFromHttpResponse({ status: 200, body: '{"data":{"x":1}}', operation: 'X' }, account)).toBeUndefined();
    expect(errorFromHttpResponse({ status: 200, body: '{"data":null,"errors":[{"message":"m"}]}', operation: 'X' }, account)).toBeUndefined();
  });

  it('maps a 400 GraphQL-shaped body through the GraphQL error rules', () => {
    const error = errorFromHttpResponse({ status: 400, body: '{"errors":[{"message":"Feature not enabled"}]}', operation: 'X' }, account);
    expect(error?.code).toBe('REQUEST');
    expect(error?.message).toContain('Feature not enabled');
  });
});

describe('errorFromGraphQLErrors', () => {
  it('recognises permission errors wherever they are in the list', () => {
    const error = errorFromGraphQLErrors(
      ['Exception while fetching data (/startExecution) : User not authorized: User doesn\'t have rights to execute Workflow in this Environment'],
      { startExecution: null },
      'StartExecution',
      200,
    );
    expect(error.code).toBe('PERMISSION');
    expect(error.message).toContain("User doesn't have rights to execute Workflow in this Environment");
    expect(error.message).not.toContain('Exception while fetching data');
  });

  it('recognises not-found errors', () => {
    const error = errorFromGraphQLErrors(
      ['Exception while fetching data (/execution) : Invalid request: Execution does not exist or access is denied'],
      null,
      'Execution',
      200,
      'exec1',
    );
    expect(error.code).toBe('NOT_FOUND');
    expect((error as { lookup?: string }).lookup).toBe('exec1');
  });

  it('keeps every message and the partial data otherwise', () => {
    const error = errorFromGraphQLErrors(
      ['Exception while fetching data (/startExecution) : Invalid request: Value not provided for required variable: [a,b]', 'second'],
      { startExecution: null },
      'StartExecution',
      200,
    );
    expect(error.code).toBe('REQUEST');
    expect((error as { graphqlErrors?: readonly string[] }).graphqlErrors).toHaveLength(2);
    expect((error as { data?: unknown }).data).toEqual({ startExecution: null });
    expect(error.message).toContain('Value not provided for required variable: [a,b]; second');
  });
});

describe('errorFromNetworkFailure', () => {
  it('says a refused connection or unknown host never reached Harness', () => {
    const refused = errorFromNetworkFailure(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }), 'StartExecution', 'h:1');
    expect(refused.requestSent).toBe('no');
    expect(refused.message).toContain('refused');
    const dns = errorFromNetworkFailure(new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } }), 'StartExecution', 'h');
    expect(dns.requestSent).toBe('no');
  });

  it('says a port that fetch blocks was never contacted', () => {
    const blocked = errorFromNetworkFailure(new TypeError('fetch failed', { cause: new Error('bad port') }), 'Execution', '127.0.0.1:9');
    expect(blocked.requestSent).toBe('no');
    expect(blocked.message).toContain('fetch refuses to connect to the port of 127.0.0.1:9');
  });

  it('treats a reset as possibly delivered', () => {
    const reset = errorFromNetworkFailure(new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }), 'StartExecution', 'h');
    expect(reset.requestSent).toBe('unknown');
    expect(reset.message).toContain('may have reached Harness');
    const unknown = errorFromNetworkFailure(new Error('socket hang up'), 'X', 'h');
    expect(unknown.requestSent).toBe('unknown');
  });
});

describe('helpers', () => {
  it('redacts every occurrence of a secret', () => {
    expect(redact('key abcd-123 and abcd-123', ['abcd-123'])).toBe('key [redacted] and [redacted]');
  });

  it('strips the graphql-java wrapper', () => {
    expect(coreMessage('Exception while fetching data (/pipeline) : Entity with id: blah is not found')).toBe('Entity with id: blah is not found');
  });

  it('parses only GraphQL-shaped JSON', () => {
    expect(parseGraphQLBody('{"data":{}}')).toEqual({ data: {} });
    expect(parseGraphQLBody('{"resource":null}')).toBeUndefined();
    expect(parseGraphQLBody('[1]')).toBeUndefined();
    expect(parseGraphQLBody('{"errors":"x"}')).toBeUndefined();
  });

  it('cuts long snippets', () => {
    expect(bodySnippet('a'.repeat(500))).toHaveLength(201);
  });
});

describe('bodySnippet on hostile bodies', () => {
  const size = 2 * 1024 * 1024;
  const timed = (body: string) => {
    const started = performance.now();
    bodySnippet(body);
    return performance.now() - started;
  };

  it.each([
    ['"<"', '<'],
    ['"<script"', '<script'],
    ['"<style"', '<style'],
    ['"<a "', '<a '],
  ])('a body of %s repeated takes time linear in its size, like a plain body of the same size', (_name, unit) => {
    const hostile = unit.repeat(Math.ceil(size / unit.length));
    const plain = 'a'.repeat(hostile.length);
    // The fastest of interleaved runs of each: one pause of a busy machine cannot fail it, while a
    // parser that is quadratic on the hostile body is slow on every run.
    let plainMs = Number.POSITIVE_INFINITY;
    let hostileMs = Number.POSITIVE_INFINITY;
    for (let run = 0; run < 3; run += 1) {
      plainMs = Math.min(plainMs, timed(plain));
      hostileMs = Math.min(hostileMs, timed(hostile));
    }
    expect(hostileMs).toBeLessThan(plainMs * 10 + 20);
  });

  it('keeps the text of well-formed pages as before', () => {
    expect(bodySnippet('<html><head><script>var a = "<b>";</script><style>p{}</style></head><body><h1>502  Bad\nGateway</h1></body></html>')).toBe('502 Bad Gateway');
    expect(bodySnippet('a < b and c > d')).toBe('a d');
    expect(bodySnippet('<<<')).toBe('<<<');
  });
});

describe('a wrong endpoint', () => {
  it('404 without a GraphQL body, JSON that is not GraphQL and a login page are endpoint errors; Harness\'s own shapes are not', () => {
    expect(errorFromHttpResponse({ status: 404, body: 'Not Found', operation: 'X' }, account)?.code).toBe('ENDPOINT');
    expect(errorFromHttpResponse({ status: 200, body: '{"ok":true}', operation: 'X' }, account)?.code).toBe('ENDPOINT');
    expect(errorFromHttpResponse({ status: 200, body: '<html><form><input type="password"></form></html>', operation: 'X' }, account)?.code).toBe('ENDPOINT');
    expect(errorFromHttpResponse({ status: 404, body: '{"errors":[{"message":"m"}]}', operation: 'X' }, account)?.code).toBe('REQUEST');
    expect(errorFromHttpResponse({ status: 400, body: '{"responseMessages":[{"code":"NOT_WHITELISTED_IP","message":"not whitelisted"}]}', operation: 'X' }, account)?.code).toBe('REQUEST');
  });

  it('a redirect keeps the Location without its query string', () => {
    const error = errorFromRedirect({ status: 302, operation: 'X', url: 'https://h/api/graphql' }, 'https://sso.example/login?state=secret#x');
    expect(error).toMatchObject({ code: 'ENDPOINT', problem: 'redirect', location: 'https://sso.example/login' });
    expect(error.message).not.toContain('secret');
  });

  it('TLS spoken to plain HTTP is a tls-mismatch; other failures are not endpoint errors', () => {
    const tls = endpointErrorFromNetworkFailure(new TypeError('fetch failed', { cause: { code: 'ERR_SSL_WRONG_VERSION_NUMBER' } }), 'X', 'https://h:80/api/graphql');
    expect(tls).toMatchObject({ code: 'ENDPOINT', problem: 'tls-mismatch' });
    expect(endpointErrorFromNetworkFailure(new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }), 'X', 'u')).toBeUndefined();
  });
});

describe('errorFromProxyFailure', () => {
  const proxy = { display: 'http://proxy.corp:3128', source: 'HTTPS_PROXY' };
  /** The chain Node's fetch throws when undici's ProxyAgent gets another answer than 200 to CONNECT. */
  const refused = (status: number) =>
    new TypeError('fetch failed', {
      cause: Object.assign(new Error('Request was cancelled.'), {
        cause: Object.assign(new Error(`Proxy response (${status}) !== 200 when HTTP Tunneling`), { code: 'UND_ERR_ABORTED' }),
      }),
    });

  it.each([
    [407, 'the proxy wants credentials: put them in the proxy URL as http://user:password@host:port'],
    [403, 'the proxy does not allow this destination: ask its administrators, or exempt the host with NO_PROXY'],
    [502, 'the proxy could not reach the host'],
    [400, 'the proxy refused the connection'],
  ])('a CONNECT answered %i says the proxy refused, what it means, and that nothing was sent', (status, advice) => {
    const error = errorFromProxyFailure(refused(status), 'StartExecution', proxy, 'app.harness.io');
    expect(error).toMatchObject({ requestSent: 'no', operation: 'StartExecution' });
    expect(error?.message).toBe(
      `StartExecution was not sent: the proxy http://proxy.corp:3128 (from HTTPS_PROXY) refused to open a connection to app.harness.io (HTTP ${status}); ${advice}. Nothing reached Harness. Check HTTPS_PROXY and NO_PROXY.`,
    );
  });

  it('an unreachable proxy is named; failures the proxy did not cause are left to the usual mapping', () => {
    const refusedConnection = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    const unknownHost = new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }) });
    expect(errorFromProxyFailure(refusedConnection, 'Q', { display: 'http://p:1', source: 'the proxy option' }, 'h')?.message).toBe(
      'Q was not sent: the proxy http://p:1 (from the proxy option) refused the connection. Nothing reached Harness. Check the proxy option.',
    );
    expect(errorFromProxyFailure(unknownHost, 'Q', proxy, 'h')?.message).toContain('could not be resolved');
    const reset = new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
    expect(errorFromProxyFailure(reset, 'Q', proxy, 'h')).toBeUndefined();
  });
});

describe('errorFromHttpResponse with a bearer token', () => {
  it('says the token was rejected and how to get a new one', () => {
    const error = errorFromHttpResponse({ status: 401, body: '', operation: 'Q' }, account, undefined, 'bearerToken');
    expect(error?.message).toContain('Harness rejected the bearer token (HTTP 401: no details)');
    expect(error?.message).toContain('HARNESS_BEARER_TOKEN');
    expect(error?.message).not.toContain('HARNESS_API_KEY');
  });
});
