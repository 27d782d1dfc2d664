// The fake's HTTP server: listens, records every request, routes it to its
// route family (routes/), and sends the answer as the fault rules bend it.

import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fail, managementOnly, notAllowed, type Answer } from './answer';
import { ACTIVITY_PATH, AUTH_KEYS_PATH, AUTH_PATH, CREDITS_PATH, GENERATION_PATH, KEYS_PATH, KEY_PATH } from './constants';
import type { FakeAccount } from './data';
import { replacesAnswer, sendAnswer, sendRedirectFault, takeFault, type FaultRule } from './faults';
import { activityAnswer, generationAnswer } from './routes/activity';
import { authorize, exchangeCode } from './routes/auth';
import { authenticate, creditsAnswer, keyAnswer } from './routes/keyAndCredits';
import { keyList, oneKey } from './routes/keys';
import { FakeAccountState } from './state';

export interface RecordedRequest {
  /** The fake server's own port (the one that received the request). */
  port: number;
  /** The client's port, to tell connections apart (keep-alive reuse). */
  remotePort: number;
  method: string;
  /** Path including the query string, as sent. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Epoch ms from the server clock (`now` option of start()). */
  at: number;
  /** The request body as text, for methods other than GET and HEAD (once it has arrived). */
  body?: string;
}

export interface FakeOpenRouterOptions {
  /** The account's keys, activity and generations (defaults otherwise). */
  account?: FakeAccount;
  /** Default 0 (a random free port). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Clock for drain() and RecordedRequest.at; default Date.now. */
  now?: () => number;
}

/** Largest request body read; a larger one is answered 413. */
const MAX_REQUEST_BODY = 64 * 1024;

interface Waiter {
  check: () => boolean;
  resolve: () => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

function parseBearer(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const m = /^\s*Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : undefined;
}

export class FakeOpenRouter extends FakeAccountState {
  readonly port: number;
  readonly origin: string;
  readonly baseUrl: string;
  readonly requests: RecordedRequest[] = [];

  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly waiters = new Set<Waiter>();
  private faults: FaultRule[] = [];
  private closing: Promise<void> | undefined;

  static async start(opts: FakeOpenRouterOptions = {}): Promise<FakeOpenRouter> {
    const host = opts.host ?? '127.0.0.1';
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new FakeOpenRouter(server, host, opts.now ?? Date.now, opts.account ?? {});
  }

  private constructor(server: http.Server, host: string, now: () => number, account: FakeAccount) {
    super(now, account);
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    this.origin = `http://${shownHost}:${this.port}`;
    this.baseUrl = `${this.origin}/api/v1`;
    this.reset();
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => this.onRequest(req, res));
    server.on('clientError', (_err: Error, s: Socket) => s.destroy());
  }

  // ---- requests -----------------------------------------------------------

  /** Requests whose path (without query) equals `path`, or whose full path does. */
  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path || r.path.split('?')[0] === path);
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  /** Resolves once at least `count` requests (to `path`, if given) have been recorded. */
  waitForRequests(count: number, opts: { path?: string; timeoutMs?: number } = {}): Promise<RecordedRequest[]> {
    const pick = () => (opts.path === undefined ? this.requests.slice() : this.requestsTo(opts.path));
    if (pick().length >= count) return Promise.resolve(pick());
    return new Promise<RecordedRequest[]>((resolve, reject) => {
      const timeoutMs = opts.timeoutMs ?? 5000;
      const w: Waiter = {
        check: () => pick().length >= count,
        resolve: () => resolve(pick()),
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(w);
          reject(new Error(`FakeOpenRouter: ${pick().length}/${count} requests${opts.path ? ` to ${opts.path}` : ''} after ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.waiters.add(w);
    });
  }

  // ---- faults and life cycle ----------------------------------------------

  /** Rules are tried in the order added; the first that matches a request applies. */
  addFault(rule: FaultRule): void {
    this.faults.push({ ...rule });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /**
   * Default key states and account (or the one given to start()), no faults,
   * no drain, no authorization codes or issued keys; recorded requests are kept.
   */
  override reset(): void {
    this.faults = [];
    super.reset();
  }

  /** Stops listening and destroys every socket (hanging ones too). Idempotent. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.drainState = undefined;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(new Error('FakeOpenRouter closed'));
    }
    this.waiters.clear();
    this.closing = new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
    return this.closing;
  }

  // ---- internals ----------------------------------------------------------

  /** Records the request, wakes its waiters, takes its fault, reads its body, then answers (after any delay). */
  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.on('error', () => undefined);
    req.on('error', () => undefined);
    const fullPath = req.url ?? '/';
    const pathname = fullPath.split('?')[0];
    const token = parseBearer(req.headers.authorization);
    const record: RecordedRequest = {
      port: this.port,
      remotePort: req.socket.remotePort ?? 0,
      method: req.method ?? '',
      path: fullPath,
      headers: { ...req.headers },
      at: this.now(),
    };
    this.requests.push(record);
    for (const w of [...this.waiters]) {
      if (w.check()) {
        clearTimeout(w.timer);
        this.waiters.delete(w);
        w.resolve();
      }
    }
    const rule = takeFault(this.faults, pathname, fullPath, token);
    const go = (body: string | null | undefined) => {
      if (typeof body === 'string') record.body = body;
      const run = () => this.respond(req, res, pathname, fullPath, token, rule, body);
      if (rule?.delayMs && rule.delayMs > 0) {
        const t = setTimeout(() => {
          this.timers.delete(t);
          run();
        }, rule.delayMs);
        this.timers.add(t);
      } else {
        run();
      }
    };
    if (req.method === 'GET' || req.method === 'HEAD') {
      req.resume(); // discard any request body
      go(undefined);
      return;
    }
    // Read the body (null: larger than MAX_REQUEST_BODY), then answer.
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BODY) chunks.push(chunk);
    });
    req.on('end', () => go(size > MAX_REQUEST_BODY ? null : Buffer.concat(chunks).toString('utf8')));
  }

  private respond(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    pathname: string,
    fullPath: string,
    token: string | undefined,
    rule: FaultRule | undefined,
    requestBody: string | null | undefined,
  ): void {
    if (this.closing || res.destroyed || req.socket.destroyed) return;
    if (rule?.hang) return; // the socket stays open until the client or close() ends it
    if (rule?.redirectTo !== undefined) {
      sendRedirectFault(res, rule, rule.redirectTo, fullPath);
      return;
    }
    this.applyDrain();
    // A rule that replaces the answer keeps the route from running (no code spent, no key issued).
    const normal: Answer = replacesAnswer(rule)
      ? { status: 200, payload: {} }
      : this.route(req.method ?? '', pathname, fullPath, token, requestBody);
    sendAnswer(res, normal, rule, () => this.closing !== undefined);
  }

  /** The answer without faults. `body`: the request body (null when too large). */
  private route(method: string, pathname: string, fullPath: string, token: string | undefined, body: string | null | undefined): Answer {
    if (pathname === AUTH_PATH) return authorize(this, method, fullPath, this.origin);
    if (pathname === AUTH_KEYS_PATH) return exchangeCode(this, method, body);
    if (pathname.startsWith(`${KEYS_PATH}/`)) return oneKey(this, method, pathname.slice(KEYS_PATH.length + 1), token, body);
    if (![KEY_PATH, CREDITS_PATH, KEYS_PATH, ACTIVITY_PATH, GENERATION_PATH].includes(pathname)) return fail(404);
    if (method !== 'GET') return notAllowed('GET');
    const auth = authenticate(this.keys, token);
    if ('answer' in auth) return auth.answer;
    const st = auth.state;
    if (pathname === KEY_PATH) return keyAnswer(st);
    const query = new URL(fullPath, this.origin).searchParams;
    if (pathname === GENERATION_PATH) return generationAnswer(this, query);
    if ((pathname === KEYS_PATH || pathname === ACTIVITY_PATH) && st.key.is_management_key !== true) return managementOnly();
    if (pathname === KEYS_PATH) return keyList(this, query);
    if (pathname === ACTIVITY_PATH) return activityAnswer(this, query);
    return creditsAnswer(st);
  }
}
