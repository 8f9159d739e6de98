/**
 * A small real HTTP forward proxy on loopback, as corporate proxies behave: it opens CONNECT
 * tunnels and relays absolute-form requests, and records what it saw so tests can count what went
 * through it and check that no key ever reached it in the clear. Like a corporate proxy, it resolves
 * host names itself: names under `.test` (such as `harness.test`) lead to this machine's loopback, so a
 * test can name an endpoint that only the proxy can reach.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface SeenByProxy {
  method: string;
  /** `host:port` for CONNECT, the absolute URL otherwise. */
  target: string;
  headers: IncomingHttpHeaders;
}

export interface ForwardProxy {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  port: number;
  seen: SeenByProxy[];
  /** Tunnels opened and requests relayed (refused CONNECTs are seen but not relayed). */
  relayed: number;
  close(): Promise<void>;
}

export interface ForwardProxyOptions {
  /** Answer every CONNECT with this status instead of opening the tunnel (407, 403, 502, ...). */
  refuseWith?: number;
}

/** Where the proxy connects for a host name: `*.test` names are this machine. */
function upstreamHost(hostname: string): string {
  return hostname.endsWith('.test') ? '127.0.0.1' : hostname;
}

export async function startForwardProxy(options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
  const sockets = new Set<Socket>();
  const proxy: ForwardProxy = { origin: '', port: 0, seen: [], relayed: 0, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    proxy.seen.push({ method: req.method ?? '', target: req.url ?? '', headers: req.headers });
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute-form URL expected');
      return;
    }
    proxy.relayed += 1;
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = httpRequest(
      { host: upstreamHost(target.hostname), port: target.port || 80, path: `${target.pathname}${target.search}`, method: req.method, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    proxy.seen.push({ method: 'CONNECT', target: req.url ?? '', headers: req.headers });
    client.on('error', () => client.destroy());
    if (options.refuseWith !== undefined) {
      client.end(`HTTP/1.1 ${options.refuseWith} Refused\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), upstreamHost(host ?? ''), () => {
      proxy.relayed += 1;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.port = (server.address() as AddressInfo).port;
  proxy.origin = `http://127.0.0.1:${proxy.port}`;
  proxy.close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  return proxy;
}

/** A loopback port nothing listens on (bound once, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
