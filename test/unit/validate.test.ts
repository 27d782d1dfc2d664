import assert from 'node:assert/strict';

import { CreditsError } from '../../src/core/openrouter/errors';
import { MAX_AMOUNT_USD, validateAuthKeyResponse, validateCreditsResponse, validateKeyResponse } from '../../src/core/openrouter/validate';

function keyData(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    label: 'sk-or-v1-au7...890',
    limit: 100,
    limit_remaining: 74.5,
    limit_reset: 'monthly',
    usage: 25.5,
    usage_daily: 25.5,
    usage_weekly: 25.5,
    usage_monthly: 25.5,
    byok_usage: 17.38,
    byok_usage_daily: 17.38,
    byok_usage_weekly: 17.38,
    byok_usage_monthly: 17.38,
    include_byok_in_limit: false,
    is_free_tier: false,
    is_management_key: false,
    is_provisioning_key: false,
    expires_at: '2027-12-31T23:59:59Z',
    creator_user_id: 'user_2dHFtVWx2n56w6HkM0000000000',
    rate_limit: { interval: '1h', note: 'deprecated', requests: 1000 },
    ...overrides,
  };
}

function without(name: string): Record<string, unknown> {
  const d = keyData();
  delete d[name];
  return d;
}

function assertMalformed(fn: () => unknown, detail?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof CreditsError);
    assert.equal(e.kind, 'malformed');
    assert.equal(e.retryable, false);
    if (detail) assert.match(e.message, detail);
    return true;
  });
}

describe('core/validate', () => {
  describe('validateKeyResponse', () => {
    it('maps the spec example to KeyInfo', () => {
      assert.deepEqual(validateKeyResponse({ data: keyData() }), {
        label: 'sk-or-v1-au7...890',
        limit: 100,
        limitRemaining: 74.5,
        limitReset: 'monthly',
        usage: 25.5,
        usageDaily: 25.5,
        usageWeekly: 25.5,
        usageMonthly: 25.5,
        byokUsage: 17.38,
        byokUsageDaily: 17.38,
        byokUsageWeekly: 17.38,
        byokUsageMonthly: 17.38,
        includeByokInLimit: false,
        isFreeTier: false,
        isManagementKey: false,
        expiresAt: '2027-12-31T23:59:59Z',
        creatorUserId: 'user_2dHFtVWx2n56w6HkM0000000000',
      });
    });

    it('keeps who owns the key: organization_id (a string or null; anything else is not said) and creator_user_id', () => {
      const k = validateKeyResponse({ data: keyData({ organization_id: 'org_7' }) });
      assert.equal(k.organizationId, 'org_7');
      assert.equal(k.creatorUserId, 'user_2dHFtVWx2n56w6HkM0000000000');
      assert.equal(validateKeyResponse({ data: keyData({ organization_id: null }) }).organizationId, null);
      for (const odd of [5, {}, '', undefined]) assert.equal('organizationId' in validateKeyResponse({ data: keyData({ organization_id: odd }) }), false, String(odd));
      assert.equal(validateKeyResponse({ data: keyData({ creator_user_id: null }) }).creatorUserId, null);
      assert.equal('creatorUserId' in validateKeyResponse({ data: without('creator_user_id') }), false);
    });

    it('accepts null where the spec allows it', () => {
      const k = validateKeyResponse({
        data: keyData({ limit: null, limit_remaining: null, limit_reset: null, expires_at: null, creator_user_id: null }),
      });
      assert.equal(k.limit, null);
      assert.equal(k.limitRemaining, null);
      assert.equal(k.limitReset, null);
      assert.equal(k.expiresAt, null);
    });

    it('treats expires_at, creator_user_id, rate_limit and is_provisioning_key as optional', () => {
      const d = keyData();
      for (const f of ['expires_at', 'creator_user_id', 'rate_limit', 'is_provisioning_key']) delete d[f];
      const k = validateKeyResponse({ data: d });
      assert.equal(k.expiresAt, null);
    });

    it('falls back to the deprecated is_provisioning_key', () => {
      const d = without('is_management_key');
      d.is_provisioning_key = true;
      assert.equal(validateKeyResponse({ data: d }).isManagementKey, true);
    });

    it('keeps any label content verbatim (rendered as text elsewhere)', () => {
      const label = '<img src=x onerror=alert(1)> $(rm -rf) [link](command:evil) \u202e';
      assert.equal(validateKeyResponse({ data: keyData({ label }) }).label, label);
      assert.equal(validateKeyResponse({ data: keyData({ label: '' }) }).label, '');
    });

    it('accepts a negative limit_remaining (overshoot) and normalises -0', () => {
      assert.equal(validateKeyResponse({ data: keyData({ limit_remaining: -0.5 }) }).limitRemaining, -0.5);
      assert.ok(Object.is(validateKeyResponse({ data: keyData({ usage: -0 }) }).usage, 0));
    });

    it('rejects bodies without a data object', () => {
      for (const body of [null, 'x', 42, [], {}, { data: null }, { data: [] }, { data: 'x' }]) {
        assertMalformed(() => validateKeyResponse(body));
      }
    });

    const required = [
      'label', 'limit', 'limit_remaining', 'limit_reset', 'usage', 'usage_daily', 'usage_weekly', 'usage_monthly',
      'byok_usage', 'byok_usage_daily', 'byok_usage_weekly', 'byok_usage_monthly', 'include_byok_in_limit', 'is_free_tier',
    ];
    for (const f of required) {
      it(`rejects a missing ${f}`, () => assertMalformed(() => validateKeyResponse({ data: without(f) }), new RegExp(f)));
    }

    it('rejects missing is_management_key and is_provisioning_key', () => {
      const d = without('is_management_key');
      delete d.is_provisioning_key;
      assertMalformed(() => validateKeyResponse({ data: d }));
    });

    const amounts = ['usage', 'usage_daily', 'usage_weekly', 'usage_monthly', 'byok_usage', 'byok_usage_daily', 'byok_usage_weekly', 'byok_usage_monthly'];
    for (const f of amounts) {
      it(`rejects bad values of ${f}`, () => {
        for (const v of ['8.45', null, NaN, Infinity, -Infinity, 1e308, MAX_AMOUNT_USD * 2, -1, true, {}, []]) {
          assertMalformed(() => validateKeyResponse({ data: keyData({ [f]: v }) }));
        }
      });
    }

    it('rejects bad limit / limit_remaining values', () => {
      for (const v of ['20', NaN, Infinity, 1e308, -1, false]) {
        assertMalformed(() => validateKeyResponse({ data: keyData({ limit: v }) }));
      }
      for (const v of ['4.2', NaN, -Infinity, 1e308, -1e308]) {
        assertMalformed(() => validateKeyResponse({ data: keyData({ limit_remaining: v }) }));
      }
    });

    it('rejects non-booleans and nulls in boolean fields', () => {
      for (const f of ['include_byok_in_limit', 'is_free_tier', 'is_management_key']) {
        for (const v of ['true', 1, 0, null]) assertMalformed(() => validateKeyResponse({ data: keyData({ [f]: v }) }));
      }
      assertMalformed(() => validateKeyResponse({ data: keyData({ is_provisioning_key: 'no' }) }));
    });

    it('rejects wrong string fields', () => {
      for (const v of [null, 42, {}]) assertMalformed(() => validateKeyResponse({ data: keyData({ label: v }) }));
      assertMalformed(() => validateKeyResponse({ data: keyData({ limit_reset: 7 }) }));
      assertMalformed(() => validateKeyResponse({ data: keyData({ expires_at: 'not a date' }) }));
      assertMalformed(() => validateKeyResponse({ data: keyData({ expires_at: 123 }) }));
      assertMalformed(() => validateKeyResponse({ data: keyData({ creator_user_id: 5 }) }));
    });
  });

  describe('validateCreditsResponse', () => {
    it('returns the totals', () => {
      assert.deepEqual(validateCreditsResponse({ data: { total_credits: 100.5, total_usage: 25.75 } }), {
        totalCredits: 100.5,
        totalUsage: 25.75,
      });
      assert.deepEqual(validateCreditsResponse({ data: { total_credits: 0, total_usage: 0 } }), {
        totalCredits: 0,
        totalUsage: 0,
      });
    });

    it('rejects missing, non-numeric, non-finite, absurd and negative totals', () => {
      for (const f of ['total_credits', 'total_usage']) {
        const d: Record<string, unknown> = { total_credits: 25, total_usage: 8.45 };
        delete d[f];
        assertMalformed(() => validateCreditsResponse({ data: d }), new RegExp(f));
        for (const v of ['25', null, NaN, Infinity, 1e308, -0.01, true]) {
          assertMalformed(() => validateCreditsResponse({ data: { total_credits: 25, total_usage: 8.45, [f]: v } }));
        }
      }
      assertMalformed(() => validateCreditsResponse({ total_credits: 25, total_usage: 8.45 }));
    });
  });
  describe('validateAuthKeyResponse', () => {
    const KEY = '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';

    it('maps the spec example', () => {
      assert.deepEqual(validateAuthKeyResponse({ key: KEY, user_id: 'user_2yOPcMpKoQhcd4bVgSMlELRaIah' }), {
        key: KEY,
        userId: 'user_2yOPcMpKoQhcd4bVgSMlELRaIah',
      });
    });

    it('takes a null or missing user_id as null', () => {
      assert.deepEqual(validateAuthKeyResponse({ key: KEY, user_id: null }), { key: KEY, userId: null });
      assert.deepEqual(validateAuthKeyResponse({ key: KEY }), { key: KEY, userId: null });
    });

    it('rejects a body that is no object, a missing, empty or non-ASCII key and a non-string user_id, never naming the key', () => {
      for (const body of [null, [], 'key', { user_id: 'u' }, { key: '' }, { key: 42 }, { key: null }, { key: `${KEY} ` }, { key: `${KEY}\n` }, { key: `${KEY}é` }, { key: KEY, user_id: 7 }]) {
        assert.throws(
          () => validateAuthKeyResponse(body),
          (e: unknown) => e instanceof CreditsError && e.kind === 'malformed' && !e.message.includes(KEY),
          JSON.stringify(body),
        );
      }
    });
  });
});
