// A workspace's value of a warning setting may only make the warning come
// sooner or louder: checked in both directions, per setting, against the
// user's value and against the default when the user set none.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import { resolveSettings, tighter, WORKSPACE_RULES, type RawSettingLayers, type SettingLayers } from '../../src/core/settingsPolicy';

/** Layers as VS Code reports them: every setting has its default. */
function layers(over: Partial<Record<keyof Settings, Omit<SettingLayers, 'defaultValue'>>> = {}): RawSettingLayers {
  const out: RawSettingLayers = {};
  for (const k of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) out[k] = { defaultValue: DEFAULT_SETTINGS[k], ...over[k] };
  return out;
}

/** The effective value of `key` with the user's `user` (undefined: unset) and the workspace's `ws`. */
function effective<K extends keyof Settings>(key: K, user: unknown, ws: unknown, where: 'workspaceValue' | 'workspaceFolderValue' = 'workspaceValue'): Settings[K] {
  return resolveSettings(layers({ [key]: { globalValue: user, [where]: ws } }))[key];
}

describe('settings a workspace can only tighten', () => {
  it('with no workspace values, the user settings (else the defaults) count, normalized', () => {
    assert.deepEqual(resolveSettings(layers()), DEFAULT_SETTINGS);
    assert.deepEqual(resolveSettings({}), DEFAULT_SETTINGS);
    const s = resolveSettings(layers({ lowCreditThreshold: { globalValue: 12 }, usageWarningPercent: { globalValue: 150 }, notifications: { globalValue: 'no' } }));
    assert.equal(s.lowCreditThreshold, 12);
    assert.equal(s.usageWarningPercent, 100);
    assert.equal(s.notifications, true);
  });

  it('lowCreditThreshold: a workspace may raise it (warns sooner) or turn it on, not lower it or turn it off', () => {
    assert.equal(effective('lowCreditThreshold', 5, 20), 20);
    assert.equal(effective('lowCreditThreshold', 0, 3), 3, 'on where the user had it off');
    assert.equal(effective('lowCreditThreshold', undefined, 10), 10, 'above the default');
    assert.equal(effective('lowCreditThreshold', 5, 1), 5);
    assert.equal(effective('lowCreditThreshold', 5, 0), 5, 'off');
    assert.equal(effective('lowCreditThreshold', undefined, 0), DEFAULT_SETTINGS.lowCreditThreshold, 'off, against the default');
    assert.equal(effective('lowCreditThreshold', 5, -10), 5);
  });

  for (const key of ['usageWarningPercent', 'spendAlertPerHour', 'dailyBudget', 'weeklyBudget', 'monthlyBudget'] as const) {
    it(`${key}: 0 is off; a workspace may turn it on or lower it, never raise it or turn it off`, () => {
      assert.equal(effective(key, 50, 20), 20, 'lower');
      assert.equal(effective(key, 0, 20), 20, 'on where the user has it off');
      assert.equal(effective(key, 50, 80), 50, 'higher');
      assert.equal(effective(key, 50, 0), 50, 'off');
      assert.equal(effective(key, 50, -1), 50, 'clamped to 0, still off');
      assert.equal(effective(key, 0, 0), 0);
      assert.equal(effective(key, undefined, 0), DEFAULT_SETTINGS[key], 'against the default');
    });
  }

  it('usageWarningPercent: the default 90 % can be lowered, not raised or turned off', () => {
    assert.equal(effective('usageWarningPercent', undefined, 50), 50);
    assert.equal(effective('usageWarningPercent', undefined, 99), 90);
    assert.equal(effective('usageWarningPercent', undefined, 0), 90);
    assert.equal(effective('usageWarningPercent', undefined, 250), 90, 'clamped to 100, still higher');
  });

  it('budgetWarningPercent: lower warns sooner; a workspace may lower it, not raise it', () => {
    assert.equal(effective('budgetWarningPercent', undefined, 50), 50);
    assert.equal(effective('budgetWarningPercent', 60, 50), 50);
    assert.equal(effective('budgetWarningPercent', 60, 95), 60);
    assert.equal(effective('budgetWarningPercent', undefined, 100), 80);
  });

  it('refreshIntervalSeconds: a workspace may shorten it (to the floor), not hold warnings back with a longer one', () => {
    assert.equal(effective('refreshIntervalSeconds', undefined, 60), 60);
    assert.equal(effective('refreshIntervalSeconds', undefined, 86_400), 300);
    assert.equal(effective('refreshIntervalSeconds', 600, 3), 15, 'clamped to the floor');
    assert.equal(resolveSettings(layers({ refreshIntervalSeconds: { globalValue: 600, workspaceValue: 3 } }), 1).refreshIntervalSeconds, 3, 'the bench floor');
  });

  for (const key of ['notifications', 'dailyReport'] as const) {
    it(`${key}: a workspace may turn it on, never off`, () => {
      assert.equal(effective(key, true, false), true);
      assert.equal(effective(key, false, true), true);
      assert.equal(effective(key, false, false), false);
      assert.equal(effective(key, undefined, false), DEFAULT_SETTINGS[key]);
      assert.equal(effective(key, undefined, true), true);
    });
  }

  it('a workspace-folder value follows the same rule, and cannot undo the workspace\'s tightening', () => {
    assert.equal(effective('notifications', true, false, 'workspaceFolderValue'), true);
    assert.equal(effective('dailyBudget', 0, 4, 'workspaceFolderValue'), 4);
    assert.equal(effective('dailyBudget', 10, 40, 'workspaceFolderValue'), 10);
    const s = resolveSettings(layers({ dailyBudget: { globalValue: 10, workspaceValue: 4, workspaceFolderValue: 6 }, lowCreditThreshold: { workspaceValue: 8, workspaceFolderValue: 1 } }));
    assert.equal(s.dailyBudget, 4);
    assert.equal(s.lowCreditThreshold, 8);
  });

  it('a workspace value of the wrong type is ignored (not read as the default)', () => {
    assert.equal(effective('lowCreditThreshold', 0, 'high'), 0, 'the default 5 would turn a warning on the user turned off');
    assert.equal(effective('notifications', false, 'yes'), false);
    assert.equal(effective('dailyBudget', 10, Number.NaN), 10);
  });

  it('a repository that silences everything changes nothing; one that only tightens takes effect', () => {
    const user = { lowCreditThreshold: 5, usageWarningPercent: 90, spendAlertPerHour: 2, notifications: true, dailyBudget: 10, weeklyBudget: 0, monthlyBudget: 100, budgetWarningPercent: 80, dailyReport: true };
    const silence = { lowCreditThreshold: 0, usageWarningPercent: 0, spendAlertPerHour: 0, notifications: false, dailyBudget: 0, weeklyBudget: 0, monthlyBudget: 1e6, budgetWarningPercent: 100, dailyReport: false };
    const both = (ws: Record<string, unknown>) => layers(Object.fromEntries(Object.entries(user).map(([k, v]) => [k, { globalValue: v, workspaceValue: ws[k] }])));
    const mine = resolveSettings(layers(Object.fromEntries(Object.entries(user).map(([k, v]) => [k, { globalValue: v }]))));
    assert.deepEqual(resolveSettings(both(silence)), mine);
    const tight = resolveSettings(both({ dailyBudget: 3, weeklyBudget: 15, lowCreditThreshold: 8 }));
    assert.deepEqual({ d: tight.dailyBudget, w: tight.weeklyBudget, l: tight.lowCreditThreshold, m: tight.monthlyBudget }, { d: 3, w: 15, l: 8, m: 100 });
  });

  it('apiBaseUrl counts from the user only; the status bar format follows the workspace', () => {
    const s = resolveSettings(layers({ apiBaseUrl: { globalValue: 'https://a.example/api/v1', workspaceValue: 'https://evil.example/api/v1' }, statusBarFormat: { globalValue: 'remaining', workspaceValue: 'percentUsed' } }));
    assert.equal(s.apiBaseUrl, 'https://a.example/api/v1');
    assert.equal(s.statusBarFormat, 'percentUsed');
  });

  it('tighter() is symmetric, and every rule the table names is one it knows', () => {
    for (const [a, b] of [[0, 5], [5, 0], [3, 7], [7, 3], [0, 0]]) {
      for (const rule of ['higher', 'lower', 'lowerOrOn'] as const) assert.equal(tighter(rule, a, b), tighter(rule, b, a));
    }
    for (const [k, rule] of Object.entries(WORKSPACE_RULES)) {
      const def = DEFAULT_SETTINGS[k as keyof Settings];
      assert.equal(typeof def, rule === 'on' ? 'boolean' : 'number', k);
    }
  });

  it('each setting a workspace can only tighten says so in its description, in English and German', () => {
    const root = path.resolve(__dirname, '../..');
    const en = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const de = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.de.json'), 'utf8')) as Record<string, string>;
    for (const k of Object.keys(WORKSPACE_RULES)) {
      assert.match(en[`config.${k}`] ?? '', /A workspace can/, k);
      assert.match(de[`config.${k}`] ?? '', /Ein Arbeitsbereich kann/, k);
    }
  });
});
