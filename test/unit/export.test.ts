import assert from 'node:assert/strict';

import { spendByModel } from '../../src/core/money/breakdown';
import {
  buildExport, csvCell, csvNumber, defaultExportName, exportCsv, exportFormatOf, exportJson, exportRows, type ExportData,
} from '../../src/core/view/export';
import type { AccountKey, DailySpend, HistoryPoint } from '../../src/core/types';

const KEY = 'sk-or-v1-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

const key = (o: Partial<AccountKey> = {}): AccountKey => ({
  id: 'id', name: 'k', label: 'sk-or-v1-012...cdef', disabled: false, limit: null, limitRemaining: null, limitReset: null,
  usage: 0, usageDaily: 0, usageWeekly: 0, usageMonthly: 0, createdAt: null, ...o,
});

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);
const history: HistoryPoint[] = [
  { t: T0, spendable: 16.55, totalCredits: 25, totalUsage: 8.45, keyUsage: 1.25 },
  { t: T0 + 60_000, keyUsage: 1.3 },
];
const daily: DailySpend[] = [
  { day: '2026-11-24', spend: 1.5 },
  { day: '2026-11-25', unknown: 'gap' },
];

function data(o: Partial<ExportData> = {}): ExportData {
  return { exportedAt: T0 + 120_000, history, daily, ...o };
}

/** Splits a CSV text into sections: name → rows of raw lines (RFC 4180 quoting kept). */
function sections(csv: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const block of csv.split('\r\n\r\n')) {
    const lines = block.split('\r\n').filter(l => l !== '');
    if (!lines.length) continue;
    assert.match(lines[0], /^# [a-z_]+$/, `a section starts with its name: ${JSON.stringify(lines[0])}`);
    out.set(lines[0].slice(2), lines.slice(1));
  }
  return out;
}

/** Reads a CSV as a spreadsheet does with the given field separator (RFC 4180 quotes). */
function readCsv(text: string, sep: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === sep) { row.push(field); field = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += c;
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

describe('export', () => {
  describe('csvCell', () => {
    it('quotes fields with a comma, a quote, CR or LF and doubles the quotes (RFC 4180)', () => {
      assert.equal(csvCell('plain'), 'plain');
      assert.equal(csvCell('a,b'), '"a,b"');
      assert.equal(csvCell('say "hi"'), '"say ""hi"""');
      assert.equal(csvCell('two\nlines'), '"two\nlines"');
      assert.equal(csvCell('cr\rhere'), '"cr\rhere"');
      assert.equal(csvCell(''), '');
      assert.equal(csvCell(null), '');
      assert.equal(csvCell(undefined), '');
      assert.equal(csvCell(true), 'true');
    });

    it('escapes text a spreadsheet would run as a formula', () => {
      assert.equal(csvCell('=1+1'), "'=1+1");
      assert.equal(csvCell('+x'), "'+x");
      assert.equal(csvCell('-x'), "'-x");
      assert.equal(csvCell('@x'), "'@x");
      assert.equal(csvCell('\tx'), "'\tx");
      assert.equal(csvCell('\rx'), `"'\rx"`, 'escaped, then quoted for the CR');
      assert.equal(csvCell('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
      assert.equal(csvCell('-1'), "'-1", 'a key named "-1" is text, not a number');
      assert.equal(csvCell('a=b'), 'a=b', 'only a leading character counts');
    });

    it('writes numbers as plain numbers: a negative one is not escaped', () => {
      assert.equal(csvCell(-1.5), '-1.5');
      assert.equal(csvCell(0), '0');
      assert.equal(csvCell(-0), '0');
      assert.equal(csvCell(0.004215), '0.004215');
      assert.equal(csvCell(1e-7), '0.0000001');
      assert.equal(csvNumber(1e21), '1000000000000000000000');
      assert.equal(csvCell(Number.NaN), '');
      assert.equal(csvCell(Infinity), '');
    });
  });

  it('chooses the format from the file name', () => {
    assert.equal(exportFormatOf('/tmp/usage.json'), 'json');
    assert.equal(exportFormatOf('C:\\x\\USAGE.JSON'), 'json');
    assert.equal(exportFormatOf('/tmp/usage.csv'), 'csv');
    assert.equal(exportFormatOf('/tmp/usage'), 'csv');
    assert.equal(defaultExportName(T0), 'openrouter-usage-2026-11-25.csv');
    assert.equal(defaultExportName(T0, 'json'), 'openrouter-usage-2026-11-25.json');
  });

  describe('CSV', () => {
    it('one section per table: history, daily (unknown spend empty, with its reason)', () => {
      const s = sections(exportCsv(data()));
      assert.deepEqual([...s.keys()], ['exported', 'history', 'daily']);
      assert.deepEqual(s.get('exported'), ['exported_at', '2026-11-25T12:02:00.000Z']);
      assert.deepEqual(s.get('history'), [
        'time,balance,total_credits,total_usage,key_usage',
        '2026-11-25T12:00:00.000Z,16.55,25,8.45,1.25',
        '2026-11-25T12:01:00.000Z,,,,1.3',
      ]);
      assert.deepEqual(s.get('daily'), ['day,spend,unknown_reason', '2026-11-24,1.5,', '2026-11-25,,gap']);
    });

    it('by model and by key when known; names are escaped, negative numbers are not', () => {
      const byModel = spendByModel([
        { date: '2026-11-24', model: '=cmd|calc', modelPermaslug: 'x', endpointId: 'e', providerName: 'P', usage: 2, byokUsageInference: 0, requests: 3, promptTokens: 10, completionTokens: 5, reasoningTokens: 0 },
      ]);
      const byKey = [
        { id: 'a', name: '+SUM(A1)', disabled: false, today: -0.5, week: 1, month: 2, limit: 10, limitRemaining: 8, limitReset: 'monthly' },
        { id: 'b', name: 'team, "prod"', disabled: true, today: 0, week: 0, month: 0, limit: null, limitRemaining: null, limitReset: null },
      ];
      const s = sections(exportCsv(data({ byModel, byKey })));
      assert.deepEqual(s.get('by_model'), [
        'model,other,model_count,spend,share,requests,tokens',
        "'=cmd|calc,false,1,2,1,3,15",
      ]);
      assert.deepEqual(s.get('by_key'), [
        'name,disabled,today,week,month,limit,limit_remaining,limit_reset',
        "'+SUM(A1),false,-0.5,1,2,10,8,monthly",
        '"team, ""prod""",true,0,0,0,,,',
      ]);
    });

    it('no field runs as a formula where a spreadsheet splits on ";" (German settings) or on ","', () => {
      const hostile = ['x;=HYPERLINK("http://evil.example","y")', 'a;+b', 'a;-cmd', 'a;@SUM(1)', 'a,=1+1', 'a;b,=c', '=x;y'];
      const byKey = hostile.map((name, i) => ({ id: String(i), name, disabled: false, today: -0.5, week: 1, month: 2, limit: null, limitRemaining: null, limitReset: null }));
      const byModel = spendByModel(hostile.map(model => ({ date: '2026-11-24', model, modelPermaslug: model, endpointId: 'e', providerName: 'P', usage: 1, byokUsageInference: 0, requests: 1, promptTokens: 1, completionTokens: 1, reasoningTokens: 0 })));
      const csv = exportCsv(data({ byKey, byModel }));
      for (const sep of [';', ','] as const) {
        const fields = readCsv(csv, sep).flat();
        for (const name of ['x', 'a', 'a;b']) assert.ok(fields.some(f => f.startsWith(name)), `the names stay readable with "${sep}"`);
        const formulas = fields.filter(f => /^[=+@\-]/.test(f) && !/^-?\d+(\.\d+)?$/.test(f));
        assert.deepEqual(formulas, [], `separator "${sep}"`);
      }
      assert.equal(csvCell('x;=1'), '"x;=1"', 'a cell holding ";" is quoted');
    });

    it('uses CRLF line ends and ends with one line end', () => {
      const csv = exportCsv(data());
      assert.ok(!/[^\r]\n/.test(csv), 'every LF follows a CR');
      assert.ok(csv.endsWith(',gap\r\n'));
    });
  });

  describe('JSON', () => {
    it('is {exportedAt, history, daily} with nulls for unknown figures', () => {
      const j = JSON.parse(exportJson(data()));
      assert.deepEqual(Object.keys(j), ['exportedAt', 'history', 'daily']);
      assert.equal(j.exportedAt, '2026-11-25T12:02:00.000Z');
      assert.deepEqual(j.history, [
        { time: '2026-11-25T12:00:00.000Z', balance: 16.55, totalCredits: 25, totalUsage: 8.45, keyUsage: 1.25 },
        { time: '2026-11-25T12:01:00.000Z', balance: null, totalCredits: null, totalUsage: null, keyUsage: 1.3 },
      ]);
      assert.deepEqual(j.daily, [{ day: '2026-11-24', spend: 1.5 }, { day: '2026-11-25', spend: null, unknownReason: 'gap' }]);
    });

    it('adds byModel and byKey when known, without the UI id', () => {
      const v = { derived: { daily } as never, breakdown: { keys: [key({ name: '', usageMonthly: 3 }), key({ name: 'ci' })], byModel: [] } };
      const j = JSON.parse(exportJson(buildExport(v, history, T0)));
      assert.deepEqual(Object.keys(j), ['exportedAt', 'history', 'daily', 'byModel', 'byKey']);
      assert.deepEqual(j.byModel, []);
      assert.deepEqual(j.byKey.map((k: { name: string }) => k.name), ['sk-or-v1-012...cdef', 'ci'], 'the masked label only when there is no name');
      assert.ok(j.byKey.every((k: object) => !('id' in k)));
    });
  });

  it('buildExport leaves out the tables that are not known', () => {
    const d = buildExport({ derived: undefined, breakdown: undefined }, [], T0);
    assert.deepEqual(d, { exportedAt: T0, history: [], daily: [] });
    assert.deepEqual(exportRows(d), { exportedAt: '2026-11-25T12:00:00.000Z', history: [], daily: [] });
  });

  it('never writes the key, even where a name holds it', () => {
    const keys = [key({ name: KEY }), key({ name: `prod ${KEY}` })];
    const v = { derived: { daily } as never, breakdown: { keys, byModel: [] } };
    const d = buildExport(v, history, T0);
    for (const text of [exportCsv(d, [KEY]), exportJson(d, [KEY])]) {
      assert.ok(!text.includes(KEY), 'the key is not in the output');
      assert.ok(!text.includes(KEY.slice(10, 40)), 'nor a long part of it');
      assert.match(text, /\[redacted\]/);
    }
  });
});
