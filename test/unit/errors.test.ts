import { STATUS_CASES } from './helpers/statusCases';
import assert from 'node:assert/strict';

import {
  CreditsError,
  MAX_RETRY_AFTER_MS,
  errorFromStatus,
  extractServerMessage,
  isCreditsError,
  parseRetryAfter,
  sanitizeServerMessage,
  scrubSecrets,
} from '../../src/core/openrouter/errors';

const body = (code: number, message: string): string => JSON.stringify({ error: { code, message } });

describe('core/errors', () => {
  describe('CreditsError', () => {
    it('carries kind, default message and retryability', () => {
      const e = new CreditsError('timeout');
      assert.ok(e instanceof Error);
      assert.ok(isCreditsError(e));
      assert.equal(e.name, 'CreditsError');
      assert.equal(e.kind, 'timeout');
      assert.equal(e.retryable, true);
      assert.match(e.message, /timed out/);
      assert.equal(new CreditsError('invalidKey').retryable, false);
      assert.equal(new CreditsError('malformed').retryable, false);
      assert.equal(new CreditsError('network').retryable, true);
      assert.equal(new CreditsError('http', 'x', { retryable: true }).retryable, true);
    });

    it('scrubs key material from any message', () => {
      const e = new CreditsError('http', 'oops sk-or-v1-abc_DEF-123 and Bearer secret-token');
      assert.ok(!e.message.includes('sk-or-v1-abc'));
      assert.ok(!e.message.includes('secret-token'));
    });

    it('serializes without stack', () => {
      const e = new CreditsError('rateLimited', undefined, { status: 429, retryAfterMs: 5000 });
      assert.deepEqual(JSON.parse(JSON.stringify(e)), {
        kind: 'rateLimited',
        message: e.message,
        retryable: true,
        status: 429,
        retryAfterMs: 5000,
      });
    });

    it('isCreditsError rejects other values', () => {
      assert.equal(isCreditsError(new Error('x')), false);
      assert.equal(isCreditsError({ kind: 'timeout' }), false);
      assert.equal(isCreditsError(undefined), false);
    });
  });

  describe('errorFromStatus', () => {
    const cases = STATUS_CASES;
    for (const [status, kind, retryable] of cases) {
      it(`${status} → ${kind} (retryable ${retryable})`, () => {
        const e = errorFromStatus(status, {}, body(status, 'Something'));
        assert.equal(e.kind, kind);
        assert.equal(e.retryable, retryable);
        assert.equal(e.status, status);
      });
    }

    it('includes a short sanitized server message, never a raw body', () => {
      const e = errorFromStatus(402, {}, body(402, 'Insufficient credits'));
      assert.match(e.message, /Insufficient credits/);
      assert.equal(e.serverMessage, 'Insufficient credits');
      const html = errorFromStatus(502, {}, '<html><body>Bad gateway secret-stuff</body></html>');
      assert.ok(!html.message.includes('<html>'));
      assert.ok(!html.message.includes('secret-stuff'));
    });

    it('scrubs keys and control characters from the server message', () => {
      const e = errorFromStatus(401, {}, body(401, 'Key sk-or-v1-0123456789abcdef is\u0000 bad\u202e\n'));
      assert.ok(!e.message.includes('sk-or-v1-0123'));
      assert.ok(!/[\u0000-\u001f\u202e]/.test(e.message));
      const long = errorFromStatus(500, {}, body(500, 'x'.repeat(5000)));
      assert.ok(long.message.length < 400);
    });

    it('reads Retry-After from Headers-like or record headers', () => {
      const now = Date.UTC(2030, 0, 1, 12, 0, 0);
      assert.equal(errorFromStatus(429, { 'Retry-After': '7' }, '', now).retryAfterMs, 7000);
      const h = new Headers({ 'retry-after': new Date(now + 30_000).toUTCString() });
      assert.equal(errorFromStatus(503, h, '', now).retryAfterMs, 30_000);
      assert.equal(errorFromStatus(401, { 'retry-after': '7' }, '', now).retryAfterMs, undefined);
    });
  });

  describe('parseRetryAfter', () => {
    const now = Date.UTC(2030, 0, 1, 12, 0, 0);
    it('parses delta seconds', () => {
      assert.equal(parseRetryAfter('0', now), 0);
      assert.equal(parseRetryAfter('12', now), 12_000);
      assert.equal(parseRetryAfter(' 1.5 ', now), 1500);
    });
    it('parses HTTP-dates relative to now, past dates as 0', () => {
      assert.equal(parseRetryAfter(new Date(now + 90_000).toUTCString(), now), 90_000);
      assert.equal(parseRetryAfter(new Date(now - 90_000).toUTCString(), now), 0);
    });
    it('caps long delays', () => {
      assert.equal(parseRetryAfter('999999999', now), MAX_RETRY_AFTER_MS);
      assert.equal(parseRetryAfter(new Date(now + 7 * 86_400_000).toUTCString(), now), MAX_RETRY_AFTER_MS);
    });
    it('ignores absent or invalid values', () => {
      for (const v of [undefined, null, '', '  ', '-5', 'soon', '1e3', 'NaN', 'Infinity']) {
        assert.equal(parseRetryAfter(v, now), undefined, String(v));
      }
    });
  });

  describe('helpers', () => {
    it('scrubSecrets removes given secrets and key patterns', () => {
      assert.equal(scrubSecrets('a my-custom-secret b', ['my-custom-secret']), 'a [redacted] b');
      assert.equal(scrubSecrets('sk-or-v1-xyz'), '[redacted]');
    });
    it('sanitizeServerMessage ignores non-strings and blanks', () => {
      assert.equal(sanitizeServerMessage(42), undefined);
      assert.equal(sanitizeServerMessage('   '), undefined);
    });
    it('extractServerMessage handles OpenRouter and other shapes', () => {
      assert.equal(extractServerMessage(body(403, 'Only management keys')), 'Only management keys');
      assert.equal(extractServerMessage('{"message":"plain"}'), 'plain');
      assert.equal(extractServerMessage('{"error":"text"}'), 'text');
      assert.equal(extractServerMessage('not json'), undefined);
      assert.equal(extractServerMessage(''), undefined);
    });
  });
});
