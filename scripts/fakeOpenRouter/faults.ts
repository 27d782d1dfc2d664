// Fault injection: which rule a request meets, and how the rule bends the
// answer on the wire (status, body, data, padding, truncation, reset,
// redirect), written with backpressure. The server applies hang and delayMs.

import type * as http from 'node:http';
import { errorBody, type Answer, type Payload } from './answer';
import { clone, isRecord } from './util';

export interface FaultRule {
  /** e.g. '/api/v1/key'; compared with the path without query (or the full path if it has '?'); omitted = any path. */
  path?: string;
  /** Only for this bearer token; omitted = any. */
  token?: string;
  /** How many matching requests it applies to; omitted = until cleared. */
  times?: number;
  /**
   * Respond with this status and an OpenRouter error body (>= 400) or the normal body (< 400).
   * A rule that replaces the answer (status >= 400, or body) does not run the route:
   * no authorization code is spent and no key issued.
   */
  status?: number;
  /** Retry-After header value. */
  retryAfter?: string;
  /** Wait before answering (then answer normally or per the rule). */
  delayMs?: number;
  /** Accept and never answer (until the server closes). */
  hang?: boolean;
  /** Raw body to send instead (with `status` or 200), content-type application/json. */
  body?: string;
  /** Send the normal JSON cut in half as a complete HTTP response (valid HTTP, invalid JSON). */
  truncate?: boolean;
  /** Announce the full Content-Length, write part of the body, then destroy the socket. */
  resetMidBody?: boolean;
  /** Redirect to this absolute URL (+ the original path and query if it ends with '/'). */
  redirectTo?: string;
  /** 301/302/307/308, default 302. */
  redirectStatus?: number;
  /** The normal JSON answer padded (with a top-level "_padding" string) to exactly this many bytes. */
  bigBodyBytes?: number;
  /** Merged into the `data` object of a normal 200 answer (into each item when `data` is a list: /keys, /activity). */
  dataOverride?: Record<string, unknown>;
}

const CHUNK = 64 * 1024;

/** A body to write: head, then padBytes of 'x', then tail. */
interface Body {
  head: Buffer;
  padBytes: number;
  tail: Buffer;
}

function bodyLength(b: Body): number {
  return b.head.length + b.padBytes + b.tail.length;
}

function* bodyChunks(b: Body): Generator<Buffer> {
  for (let i = 0; i < b.head.length; i += CHUNK) yield b.head.subarray(i, i + CHUNK);
  if (b.padBytes > 0) {
    const full = Buffer.alloc(Math.min(CHUNK, b.padBytes), 'x');
    for (let left = b.padBytes; left > 0; left -= full.length) yield left >= full.length ? full : full.subarray(0, left);
  }
  if (b.tail.length) yield b.tail;
}

/**
 * The first rule (in the order added) that matches the request, counted
 * down: a rule whose `times` runs out leaves `faults`.
 */
export function takeFault(faults: FaultRule[], pathname: string, fullPath: string, token: string | undefined): FaultRule | undefined {
  const i = faults.findIndex(
    (f) =>
      (f.path === undefined || f.path === (f.path.includes('?') ? fullPath : pathname)) &&
      (f.token === undefined || f.token === token),
  );
  if (i < 0) return undefined;
  const rule = faults[i];
  if (rule.times !== undefined) {
    rule.times -= 1;
    if (rule.times <= 0) faults.splice(i, 1);
  }
  return rule;
}

/** Whether the rule replaces the answer (status >= 400, or a body): then the route does not run. */
export function replacesAnswer(rule: FaultRule | undefined): boolean {
  return rule?.body !== undefined || (rule?.status !== undefined && rule.status >= 400);
}

function faultHeaders(rule: FaultRule | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (rule?.retryAfter !== undefined) headers['Retry-After'] = rule.retryAfter;
  return headers;
}

function redirect(res: http.ServerResponse, status: number, location: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, Location: location, 'Content-Length': '0' });
  res.end();
}

/** The rule's redirectTo answer (with the request's path and query when it ends with '/'). */
export function sendRedirectFault(res: http.ServerResponse, rule: FaultRule, redirectTo: string, fullPath: string): void {
  const to = redirectTo.endsWith('/') ? redirectTo.replace(/\/+$/, '') + fullPath : redirectTo;
  redirect(res, rule.redirectStatus ?? 302, to, faultHeaders(rule));
}

/** Status, payload or raw text, and content type of the answer as the rule bends it. */
function bend(normal: Answer, rule: FaultRule | undefined): { status: number; payload: Payload; raw: string | undefined; contentType: string } {
  let status = normal.status;
  let payload = normal.payload;
  let raw = normal.html;
  let contentType = raw === undefined ? 'application/json' : 'text/html; charset=utf-8';
  if (rule?.status !== undefined) {
    status = rule.status;
    if (status >= 400) payload = errorBody(status);
  }
  if (rule?.body !== undefined) {
    raw = rule.body;
    contentType = 'application/json';
    status = rule.status ?? 200;
  } else if (rule?.dataOverride && status === 200 && isRecord(payload.data)) {
    payload = { ...payload, data: { ...payload.data, ...clone(rule.dataOverride) } };
  } else if (rule?.dataOverride && status === 200 && Array.isArray(payload.data)) {
    const override = rule.dataOverride;
    payload = { ...payload, data: payload.data.map((item: unknown) => (isRecord(item) ? { ...item, ...clone(override) } : item)) };
  }
  return { status, payload, raw, contentType };
}

/** The body to write: the raw text, or the payload's JSON (padded to bigBodyBytes). */
function bodyOf(payload: Payload, raw: string | undefined, rule: FaultRule | undefined): Body {
  if (raw === undefined && rule?.bigBodyBytes !== undefined) {
    const base = JSON.stringify({ ...payload, _padding: '' });
    const baseBuf = Buffer.from(base, 'utf8');
    return {
      head: baseBuf.subarray(0, baseBuf.length - 2), // up to and including the opening quote of _padding
      padBytes: Math.max(0, rule.bigBodyBytes - baseBuf.length),
      tail: baseBuf.subarray(baseBuf.length - 2),
    };
  }
  return { head: Buffer.from(raw ?? JSON.stringify(payload), 'utf8'), padBytes: 0, tail: Buffer.alloc(0) };
}

/**
 * Sends a route's answer as the rule (if any) bends it. `closing` tells
 * whether the server is closing (then writing stops).
 */
export function sendAnswer(res: http.ServerResponse, normal: Answer, rule: FaultRule | undefined, closing: () => boolean): void {
  const headers = faultHeaders(rule);
  if (normal.location !== undefined) {
    redirect(res, rule?.status ?? normal.status, normal.location, headers);
    return;
  }
  Object.assign(headers, normal.headers);
  const { status, payload, raw, contentType } = bend(normal, rule);
  const body = bodyOf(payload, raw, rule);
  const total = bodyLength(body);
  let limit = total;
  let thenDestroy = false;
  if (rule?.truncate) limit = Math.floor(total / 2);
  if (rule?.resetMidBody) {
    limit = Math.floor(total / 2);
    thenDestroy = true;
  }
  res.writeHead(status, {
    ...headers,
    'Content-Type': contentType,
    'Content-Length': String(thenDestroy ? total : limit),
  });
  writeBody(res, bodyChunks(body), limit, thenDestroy, closing);
}

/** Writes up to `limit` bytes with backpressure, then ends (or destroys the socket). */
function writeBody(res: http.ServerResponse, chunks: Iterator<Buffer>, limit: number, thenDestroy: boolean, closing: () => boolean): void {
  let left = limit;
  const finish = () => {
    if (thenDestroy) {
      res.socket?.destroy();
      res.destroy();
    } else {
      res.end();
    }
  };
  const pump = (): void => {
    while (left > 0) {
      if (res.destroyed || closing()) return;
      const next = chunks.next();
      if (next.done) break;
      const chunk = next.value.length > left ? next.value.subarray(0, left) : next.value;
      left -= chunk.length;
      if (left === 0) {
        // last piece: make sure it is flushed before a destroy
        res.write(chunk, () => finish());
        return;
      }
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    if (thenDestroy) {
      res.flushHeaders();
      // give the headers a turn to reach the socket before destroying it
      setImmediate(finish);
    } else {
      finish();
    }
  };
  pump();
}
