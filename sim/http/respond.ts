/** Writing JSON and Status responses, with `Warning` headers, as kube-apiserver formats them. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, toApiError } from '../api/errors';

/** `Warning: 299 - "text"` values (RFC 7234 warn-code 299, agent `-`). */
export function warningHeaders(warnings: string[]): string[] {
  return [...new Set(warnings)].map((w) => `299 - ${JSON.stringify(w)}`);
}

export function sendJson(res: ServerResponse, code: number, body: unknown, warnings: string[] = [], contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string | string[]> = {
    'Content-Type': contentType,
    'Cache-Control': 'no-cache, private',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': String(Buffer.byteLength(text)),
  };
  if (warnings.length) headers.Warning = warningHeaders(warnings);
  res.writeHead(code, headers);
  res.end(text);
}

export function sendError(res: ServerResponse, e: unknown, warnings: string[] = []): void {
  const err = toApiError(e);
  const body: Record<string, unknown> = { ...err.status };
  if (!err.status.reason) delete body.reason;
  for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
  sendJson(res, err.code, body, warnings);
}

export function sendText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

const MAX_BODY = 16 * 1024 * 1024;

/** Reads the whole request body (kube-apiserver refuses bodies over 3 MiB for most writes; we allow more). */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new ApiError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
