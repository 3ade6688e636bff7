// Small node:http helpers: read a JSON body, answer JSON.
import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_BODY = 1_000_000;

export class BadRequest extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new BadRequest('(body)', 'is larger than 1 MB');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest('(body)', 'is not JSON');
  }
}

export function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function object(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequest('(body)', 'must be a JSON object');
  return body as Record<string, unknown>;
}

export function text(o: Record<string, unknown>, field: string, required = true): string {
  const v = o[field];
  if (v === undefined && !required) return '';
  if (typeof v !== 'string' || (required && v.trim() === '')) throw new BadRequest(field, 'must be a non-empty string');
  return v;
}

export function wholeNumber(o: Record<string, unknown>, field: string, fallback?: number): number {
  const v = o[field];
  if (v === undefined && fallback !== undefined) return fallback;
  if (!Number.isSafeInteger(v) || (v as number) < 0) throw new BadRequest(field, 'must be a whole number >= 0');
  return v as number;
}
