import * as assert from 'node:assert/strict';
import { plainText } from '../../src/core/text/plain';
import { errorMessage, keyCheckMessage } from '../../src/core/text/messages';
import { assertInert } from './helpers/inert';
import { l10nEN } from './helpers/view';


describe('core/text/plain: outside text on the plain-text surfaces', () => {
  it('turns a command link and an icon into visible, inert text', () => {
    assert.equal(plainText('[Update](command:workbench.action.quit)'), '[Update] (command:workbench.action.quit)');
    assert.equal(plainText('[Top up](https://evil.example)'), '[Top up] (https://evil.example)');
    assert.equal(plainText('$(check) Work'), '$ (check) Work');
    assert.equal(plainText('[a]\n(command:x)'), '[a] (command:x)');
    assert.equal(plainText('[a]\u202E(command:x)'), '[a] (command:x)', 'a dropped override does not join the two halves');
    assert.equal(plainText('[a]\u0000(file:///etc)'), '[a] (file:///etc)');
  });

  it('leaves ordinary names, figures and paths alone', () => {
    for (const t of ['Work (personal)', '$12.50 of $20.00', 'a[1] b', 'anthropic/claude-sonnet-4', '/home/me/usage (1).csv', 'Müller & Söhne']) {
      assert.equal(plainText(t), t);
    }
    assert.equal(plainText('  Team\r\n\tA  '), 'Team A');
  });

  it('leaves nothing to render in random text made of the characters that matter, and is idempotent', () => {
    const alphabet = ['[', ']', '(', ')', '$', ' ', '\n', '\u202E', '\u200F', 'a', 'command:x', '\\'];
    let seed = 21;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 5000; i++) {
      const s = Array.from({ length: 1 + Math.floor(next() * 12) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      const out = plainText(s);
      assertInert(out, s);
      assert.equal(plainText(out), out, JSON.stringify(s));
      // Two neutralised texts side by side make nothing either (a name followed by a key's name).
      assertInert(plainText(`${out}${plainText(s)}`));
    }
  });

  it("an error message that carries the server's words (the fallback) is plain text wherever it is shown", () => {
    const server = 'Bad thing [Fix it](command:workbench.action.quit)';
    assertInert(errorMessage(l10nEN, 'unexpected', server));
    assertInert(keyCheckMessage(l10nEN, 'unexpected', server));
    assert.equal(errorMessage(l10nEN, 'unexpected', server), 'Bad thing [Fix it] (command:workbench.action.quit)');
    assert.equal(errorMessage(l10nEN, 'unexpected', ''), 'Could not refresh the OpenRouter balance.');
  });
});
