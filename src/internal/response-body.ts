/**
 * Reads a fetch Response's body as text without ever holding more than a set number of bytes. The
 * count applies after decompression, so a small compressed body that inflates past the limit stops
 * as soon as the limit is passed, without allocating the rest.
 */

/** The body had more bytes than allowed; reading stopped there. */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`response body larger than ${limitBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** The body arrived but could not be decoded as its `content-encoding` says (broken gzip, deflate or br). */
export class BodyDecodingError extends Error {
  constructor(readonly encoding: string, readonly reason: string) {
    super(`response body is not valid ${encoding}: ${reason}`);
    this.name = 'BodyDecodingError';
  }
}

/** Codes Node's zlib gives a stream it cannot inflate; anything else is the connection's fault. */
function isDecodingFailure(error: unknown): boolean {
  for (let current = error, depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('Z_') || code.startsWith('ERR_BROTLI') || code.includes('ZLIB'))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { message?: unknown } } | null)?.cause;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * The body as UTF-8 text.
 * @throws {BodyTooLargeError} past `maxBytes` (declared or counted)
 * @throws {BodyDecodingError} when the declared content encoding does not decode
 * @throws whatever the stream throws otherwise (a reset, the request's abort reason)
 */
export async function readBodyText(response: Response, maxBytes: number): Promise<string> {
  const encoding = response.headers.get('content-encoding')?.trim().toLowerCase() ?? '';
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if ((encoding === '' || encoding === 'identity') && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new BodyTooLargeError(maxBytes);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new BodyTooLargeError(maxBytes);
      }
      parts.push(decoder.decode(value, { stream: true }));
    }
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw error;
    if (isDecodingFailure(error)) throw new BodyDecodingError(encoding || 'its encoding', reasonOf(error));
    throw error;
  } finally {
    reader.releaseLock();
  }
  parts.push(decoder.decode());
  return parts.join('');
}
