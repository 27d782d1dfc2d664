// The one Markdown escaper: every surface that puts server, user or setting
// text into Markdown (the status bar tooltip, the Copy summary) goes through
// it, so the same text reads the same everywhere and never becomes markup.

/**
 * Escapes text so that Markdown shows it literally, on one line: runs of
 * whitespace (line breaks included, which would end a table row) become one
 * space; every character that starts inline markup (emphasis, code, links,
 * images, HTML, tables, strikethrough, entities) is backslash-escaped, and so
 * is a theme icon's `$(` and what would start a block at the line's start
 * (heading, list, quote).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>|~&]/g, c => `\\${c}`)
    .replace(/\$\(/g, '\\$(')
    .replace(/^[#+-]/, c => `\\${c}`)
    .replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2');
}
