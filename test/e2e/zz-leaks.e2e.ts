// Runs last: after every e2e scenario, scan every profile the run used (user
// data, extensions, workspace, logs, globalState, webview caches) for the keys.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { FAKE_KEYS } from '../fixtures/fakeOpenRouter';
import { extensionHostErrors, filesUnder } from '../../scripts/bench/bench';
import { grepTree, usedProfiles } from './harness';

describe('e2e: after the run', () => {
  it('no extension host logged an error about this extension', () => {
    const errors = usedProfiles.flatMap(p => extensionHostErrors(p));
    console.log(`      [figure] ${errors.length} extension-host errors about this extension`);
    assert.deepEqual(errors, []);
  });
});

describe('e2e: key confinement on disk', () => {
  it('no key appears anywhere under any user-data folder of the run', () => {
    assert.ok(usedProfiles.length > 0, 'no profile was used');
    let scanned = 0;
    const leaks: string[] = [];
    for (const p of usedProfiles) {
      const root = path.dirname(p.userDataDir);
      scanned += filesUnder(root).length;
      for (const key of Object.values(FAKE_KEYS)) leaks.push(...grepTree(root, key).map(f => `${key.slice(0, 12)}… in ${f}`));
    }
    console.log(`      [figure] ${usedProfiles.length} profiles, ${scanned} files scanned, ${leaks.length} key leaks`);
    assert.deepEqual(leaks, []);
  });
});
