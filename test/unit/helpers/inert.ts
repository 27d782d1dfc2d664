// What the plain-text surfaces render, more broadly than VS Code does: a
// notification links any `[label](target)`, a quick pick or the status bar
// renders `$(icon)`. Text that passes assertInert() renders as it reads.
import * as assert from 'node:assert/strict';

const LINK = /\[[^\]]*\]\(/;
const ICON = /\$\(/;

export function assertInert(text: string, what = text): void {
  assert.ok(!LINK.test(text), `a link in ${JSON.stringify(what)}: ${JSON.stringify(text)}`);
  assert.ok(!ICON.test(text), `an icon in ${JSON.stringify(what)}: ${JSON.stringify(text)}`);
  assert.ok(!/[\r\n\u202E]/.test(text), `a line break or override in ${JSON.stringify(what)}`);
}
