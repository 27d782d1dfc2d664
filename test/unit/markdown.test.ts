import * as assert from 'node:assert/strict';
import { escapeMarkdown } from '../../src/core/text/markdown';

describe('core/text/markdown: the one escaper', () => {
  it('leaves no markup in hostile server text', () => {
    const out = escapeMarkdown('*Evil* [x](https://evil.example) <img src=x> `code` ~~s~~ a|b &amp; _u_');
    assert.equal(out, '\\*Evil\\* \\[x\\](https://evil.example) \\<img src=x\\> \\`code\\` \\~\\~s\\~\\~ a\\|b \\&amp; \\_u\\_');
  });

  it('keeps text on one line, so a table row cannot be ended from inside a cell', () => {
    assert.equal(escapeMarkdown('  one\n| two |\r\n\tthree  '), 'one \\| two \\| three');
  });

  it('stops theme icons and block starts, and leaves ordinary figures alone', () => {
    assert.equal(escapeMarkdown('$(zap) Boss'), '\\$(zap) Boss');
    assert.equal(escapeMarkdown('# Title'), '\\# Title');
    assert.equal(escapeMarkdown('- item'), '\\- item');
    assert.equal(escapeMarkdown('1. first'), '1\\. first');
    assert.equal(escapeMarkdown('33.8%'), '33.8%');
    assert.equal(escapeMarkdown('$12.50 of $20.00'), '$12.50 of $20.00');
    assert.equal(escapeMarkdown('anthropic/claude-sonnet-4'), 'anthropic/claude-sonnet-4');
  });
});
