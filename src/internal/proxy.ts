/**
 * Which HTTP proxy, if any, carries the requests to the endpoint, and the undici dispatcher that
 * does it. Node's own fetch ignores `HTTPS_PROXY`; undici's `ProxyAgent` is made for it and is
 * passed as fetch's `dispatcher`. The route is decided once per client (its endpoint is fixed), so
 * undici is loaded only when a proxy really applies: a client without one starts no faster or
 * slower than before. The proxy's credentials never appear in anything this module describes.
 */
import type { Dispatcher } from 'undici';

/** Where a client's proxy comes from: the environment, a URL, or none. */
export type ProxyOption = 'env' | 'none' | false | string;

/** Environment variables, as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** How requests reach the endpoint. */
export type ProxyRoute =
  | { kind: 'direct' }
  | {
      kind: 'proxy';
      /** The proxy URL as given, credentials included: only ever handed to undici. */
      url: string;
      /** `http://host:port` of the proxy, without credentials: what messages show. */
      display: string;
      /** Where the proxy came from, for messages: `HTTPS_PROXY`, `the proxy option`, ... */
      source: string;
      /** The proxy's credentials in the forms they could appear in, for redaction. */
      secrets: readonly string[];
    };

export const DIRECT: ProxyRoute = Object.freeze({ kind: 'direct' });

/** Parses a proxy URL as curl does: a bare `host:port` means `http://host:port`. Undefined when it is not one. */
export function parseProxyUrl(raw: string): URL | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (url.hostname === '') return undefined;
    return url;
  } catch {
    return undefined;
  }
}

/** The proxy as messages show it: scheme, host and port, never a user name or password. */
export function displayProxy(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

/** The user:password of a proxy URL and its password, as written and decoded: what must never be shown. */
export function proxySecrets(url: URL): string[] {
  const secrets: string[] = [];
  if (url.password !== '') {
    secrets.push(`${url.username}:${url.password}`, url.password);
    try {
      secrets.push(decodeURIComponent(url.password));
    } catch {
      // An undecodable password is only ever used as written.
    }
  }
  return [...new Set(secrets)];
}

/** A route through the proxy at `url`. */
export function proxyRoute(url: URL, source: string): ProxyRoute {
  return { kind: 'proxy', url: url.href, display: displayProxy(url), source, secrets: proxySecrets(url) };
}

/** The first variable of `names` set to something other than blanks, with its name. */
function firstSet(env: Environment, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return { name, value };
  }
  return undefined;
}

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : '80';
}

/**
 * Whether `NO_PROXY` exempts the target, with the rules curl and undici share: entries separated by
 * commas or blanks, `*` exempts every host, an entry matches the host itself and its subdomains
 * (a leading `.` or `*.` changes nothing), and an entry with `:port` matches only that port.
 */
export function bypassesProxy(noProxy: string, target: URL): boolean {
  const host = target.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = target.port || defaultPort(target.protocol);
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    let name = entry;
    let entryPort: string | undefined;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    if (bracketed) {
      name = bracketed[1] ?? '';
      entryPort = bracketed[2];
    } else {
      const withPort = /^([^:]+):(\d+)$/.exec(entry);
      if (withPort) {
        name = withPort[1] ?? '';
        entryPort = withPort[2];
      }
    }
    name = name.replace(/^\*?\./, '');
    if (entryPort !== undefined && entryPort !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/**
 * The proxy the environment names for a target, as curl and undici read it: `https_proxy` or
 * `HTTPS_PROXY` for an https target (falling back to the http variables), `http_proxy` or
 * `HTTP_PROXY` for an http one, the lower-case spelling first; `no_proxy` or `NO_PROXY` exempts hosts.
 * Answers a problem instead when the variable that applies is not a proxy URL.
 */
export function routeFromEnv(env: Environment, target: URL): ProxyRoute | { problem: string; variable: string } {
  // A proxy cannot reach this machine's own loopback addresses for us (it would reach its own), so a
  // local server such as the bundled fake Harness is always reached directly.
  if (isLoopbackHost(target.hostname)) return DIRECT;
  const httpNames = ['http_proxy', 'HTTP_PROXY'];
  const chosen = firstSet(env, target.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY', ...httpNames] : httpNames);
  if (chosen === undefined) return DIRECT;
  const noProxy = firstSet(env, ['no_proxy', 'NO_PROXY']);
  if (noProxy !== undefined && bypassesProxy(noProxy.value, target)) return DIRECT;
  const url = parseProxyUrl(chosen.value);
  if (url === undefined) {
    return { problem: `${chosen.name} is not an http(s) proxy URL such as http://proxy.example.com:3128`, variable: chosen.name };
  }
  return proxyRoute(url, chosen.name);
}

/** localhost, 127.0.0.0/8 and ::1: addresses that only ever mean this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/**
 * Hands out the undici dispatcher of a proxy route, loading undici on first use only. One
 * dispatcher per client keeps the connection to the proxy alive across requests.
 */
export class ProxyDispatcher {
  readonly route: ProxyRoute;
  #dispatcher: Promise<Dispatcher> | undefined;

  constructor(route: ProxyRoute) {
    this.route = route;
  }

  /** The dispatcher to pass to fetch, or undefined for a direct route. */
  get(): Promise<Dispatcher> | undefined {
    const route = this.route;
    if (route.kind === 'direct') return undefined;
    this.#dispatcher ??= import('undici').then(({ ProxyAgent }) => new ProxyAgent({ uri: route.url }));
    return this.#dispatcher;
  }

  /** Closes the proxy connections (a no-op when none were opened). */
  async close(): Promise<void> {
    const pending = this.#dispatcher;
    this.#dispatcher = undefined;
    if (pending) await (await pending).close();
  }
}
