import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { extensionHostErrors } from '../../scripts/bench/bench';

describe('bench: extension-host log scan', () => {
  it('reports error lines about this extension and ignores the others', () => {
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orc-logs-'));
    const dir = path.join(userDataDir, 'logs', '20261125T000000', 'exthost1');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'remoteexthost.log'), [
      '2026-11-25 00:00:00.000 [info] ExtensionService#_doActivateExtension openrouter-credits.openrouter-credits',
      '2026-11-25 00:00:01.000 [error] Activating extension openrouter-credits.openrouter-credits failed due to an error:',
      '2026-11-25 00:00:02.000 [error] Error: boom',
      '    at listener (/somewhere/dist/extension.js:1:2)',
      '2026-11-25 00:00:03.000 [error] Error: some other extension failed',
      '    at x (/other/ext/main.js:1:1)',
      '', '', '',
    ].join('\n'));
    try {
      const errors = extensionHostErrors({ userDataDir }, ['/somewhere/dist/extension.js']);
      assert.equal(errors.length, 2);
      assert.match(errors[0], /Activating extension openrouter-credits/);
      assert.match(errors[1], /boom/);
    } finally {
      fs.rmSync(userDataDir, { recursive: true, force: true });
    }
  });
});
