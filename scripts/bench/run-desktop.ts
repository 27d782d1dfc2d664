// The desktop path: the same extension-host suite (test/integration) in
// desktop VS Code, through @vscode/test-electron. It downloads VS Code on
// first use (or set VSCODE_EXECUTABLE to an installed one). Not part of
// `npm test`: desktop VS Code cannot be downloaded on the CI machines.
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { CONSUMER_EXTENSION, ROOT, makeProfile, run } from './bench';

async function main(): Promise<void> {
  run(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--dev', '--tests']);
  const profile = makeProfile({});
  await runTests({
    extensionDevelopmentPath: [ROOT, CONSUMER_EXTENSION],
    extensionTestsPath: path.join(ROOT, 'out/test/integration/index.js'),
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    launchArgs: [profile.workspace, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--disable-workspace-trust'],
    extensionTestsEnv: { ORC_TEST_MODE: '1' },
  });
}

main().catch(err => { console.error('desktop tests failed:', err); process.exit(1); });
