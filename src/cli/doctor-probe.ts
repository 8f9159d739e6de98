/**
 * The doctor's one plain request: a GraphQL-shaped POST to the endpoint without any key, through
 * the proxy the environment names, to see whether the endpoint is reachable (TLS, proxy) and to read
 * the server's Date header. The client's own hooks report no response headers, so the clock is
 * measured here.
 */
import { fetch as undiciFetch, ProxyAgent, type Dispatcher } from 'undici';
import type { EndpointProbe } from '../doctor/checks.js';

/** How long the plain request may take. */
export const PROBE_TIMEOUT_MS = 10_000;

function causeOf(error: unknown): { code: string | undefined; message: string } {
  let current: unknown = error;
  // fetch wraps the socket's error ("fetch failed"); the useful code and words are in its cause.
  for (let depth = 0; depth < 4 && current instanceof Error && current.cause !== undefined; depth += 1) current = current.cause;
  const code = typeof (current as { code?: unknown } | undefined)?.code === 'string' ? (current as { code: string }).code : undefined;
  const message = current instanceof Error ? current.message : String(current);
  return { code, message: code !== undefined && !message.includes(code) ? `${code}: ${message}` : message };
}

/** Sends the plain request; never throws. `proxyUrl` may carry credentials: it is never printed from here. */
export async function probeEndpoint(endpoint: string, proxyUrl: string | undefined, now: () => number, signal: AbortSignal): Promise<EndpointProbe> {
  let dispatcher: Dispatcher | undefined;
  try {
    dispatcher = proxyUrl === undefined ? undefined : new ProxyAgent(proxyUrl);
  } catch (error) {
    return { reachable: false, viaProxy: true, ...causeOf(error) };
  }
  const sentAt = now();
  try {
    const response = await undiciFetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: 'query Doctor { __typename }' }),
      redirect: 'manual',
      signal: AbortSignal.any([signal, AbortSignal.timeout(PROBE_TIMEOUT_MS)]),
      ...(dispatcher === undefined ? {} : { dispatcher }),
    });
    const receivedAt = now();
    await response.body?.cancel();
    return { reachable: true, status: response.status, date: response.headers.get('date'), sentAt, receivedAt };
  } catch (error) {
    return { reachable: false, viaProxy: dispatcher !== undefined, ...causeOf(error) };
  } finally {
    await dispatcher?.close().catch(() => undefined);
  }
}
