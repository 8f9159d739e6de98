/**
 * Client overhead: findPipeline (application id given, lookup cache off, so exactly one request)
 * through the SDK, against a hand-written fetch POST of the very same body to the very same server.
 * The server is a minimal node:http one answering a fixed, real response (captured once from the
 * fake Harness), so that the figure is the SDK's own cost, not the server's.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HarnessClient } from '../src/index.js';
import { SEED, startFakeHarness } from '../src/testing/index.js';
import { median, round, type Figure } from './figures.js';

const ROUNDS = 10;
const PER_ROUND = 250;
const WARMUP = 400;

interface Captured {
  url: string;
  headers: Record<string, string>;
  body: string;
  response: string;
}

async function captureFindPipeline(): Promise<Captured> {
  const fake = await startFakeHarness({ rateLimit: false });
  try {
    let captured: Captured | undefined;
    const recordingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const text = await response.clone().text();
      const headers: Record<string, string> = {};
      new Headers(init?.headers).forEach((value, key) => {
        headers[key] = value;
      });
      captured = { url: String(input instanceof Request ? input.url : input), headers, body: String(init?.body), response: text };
      return response;
    };
    const client = new HarnessClient({ accountId: fake.accountId, apiKey: fake.apiKey, endpoint: fake.endpoint, rateLimit: false, lookupCacheTtlMs: 0, fetch: recordingFetch });
    await client.findPipeline({ applicationId: SEED.appId, pipelineName: 'Guestbook Pipeline' });
    if (!captured) throw new Error('findPipeline sent no request');
    return captured;
  } finally {
    await fake.close();
  }
}

function fixedServer(body: string): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

export async function benchClientOverhead(): Promise<Figure[]> {
  const captured = await captureFindPipeline();
  const server = await fixedServer(captured.response);
  try {
    const { port } = server.address() as AddressInfo;
    const endpoint = `http://127.0.0.1:${String(port)}/gateway/api/graphql`;
    const accountId = new URL(captured.url).searchParams.get('accountId') ?? 'bench';
    const url = `${endpoint}?accountId=${encodeURIComponent(accountId)}`;
    const client = new HarnessClient({ accountId, apiKey: 'bench-key', endpoint, rateLimit: false, lookupCacheTtlMs: 0, retry: false });
    const headers = { ...captured.headers, 'x-api-key': 'bench-key' };

    const sdkCall = async (): Promise<void> => {
      const pipeline = await client.findPipeline({ applicationId: SEED.appId, pipelineName: 'Guestbook Pipeline' });
      if (pipeline.id !== SEED.guestbookPipelineId) throw new Error('unexpected pipeline');
    };
    const rawCall = async (): Promise<void> => {
      const response = await fetch(url, { method: 'POST', headers, body: captured.body });
      const json = (await response.json()) as { data?: { pipelineByName?: { id?: string } } };
      if (!response.ok || json.data === undefined) throw new Error('unexpected response');
    };

    for (let i = 0; i < WARMUP; i++) {
      await sdkCall();
      await rawCall();
    }
    const sdk: number[] = [];
    const raw: number[] = [];
    const time = async (call: () => Promise<void>, into: number[]): Promise<void> => {
      for (let i = 0; i < PER_ROUND; i++) {
        const t0 = performance.now();
        await call();
        into.push(performance.now() - t0);
      }
    };
    // Interleaved rounds, so that drift (GC, CPU frequency, other load) hits both sides alike.
    for (let r = 0; r < ROUNDS; r++) {
      if (r % 2 === 0) {
        await time(sdkCall, sdk);
        await time(rawCall, raw);
      } else {
        await time(rawCall, raw);
        await time(sdkCall, sdk);
      }
    }
    const sdkMedian = median(sdk);
    const rawMedian = median(raw);
    const ratio = sdkMedian / rawMedian;
    return [
      {
        part: '1 overhead',
        name: 'findPipeline by application id (median per call)',
        value: round(sdkMedian * 1000, 0),
        unit: 'µs',
        baseline: { name: 'raw fetch POST, same body', value: round(rawMedian * 1000, 0) },
        ratio: round(ratio, 3),
        target: '<= 1.10',
        meetsTarget: ratio <= 1.1,
        note: `${String(sdk.length)} calls each, loopback node:http server with a fixed answer; request body ${String(captured.body.length)} B, response ${String(captured.response.length)} B`,
      },
    ];
  } finally {
    await new Promise((done) => server.close(done));
  }
}
