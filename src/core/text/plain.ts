// The one neutraliser for the plain-text surfaces: every text the extension
// does not control (a workspace setting, an account's or a key's name, a
// server's answer, a file path, a command's argument, a workspace or member
// name) goes through plainText() before it reaches a notification, a modal
// dialog, a quick pick or an input box's title. Markdown surfaces (the
// tooltip, the Copy summary) use escapeMarkdown() (markdown.ts) instead.
//
// What those surfaces render: a notification's message turns
// `[label](https://…)`, `[label](command:…)` and `[label](file:…)` into links,
// and knows no escapes (a backslash shows as it is); a quick pick's label,
// description and detail, and the status bar, render `$(icon)`. Both need two
// characters side by side, `](` and `$(`: a space between them keeps every
// character of the text visible, in plain ASCII, and renders nothing.

/** Bidirectional formatting characters: they can show a text in another order than it is read. */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Text from outside as plain text on one line: no link and no icon can come
 * of it (`](` becomes `] (`, `$(` becomes `$ (`), line breaks and other
 * control characters become one space, bidirectional overrides are dropped.
 * Ordinary text ("Work (personal)", "$12.50") is unchanged; applying it twice
 * changes nothing more.
 */
export function plainText(text: string): string {
  return text
    .replace(BIDI, '')
    .replace(/[\s\p{Cc}]+/gu, ' ')
    .trim()
    .replace(/\](?=\()/g, '] ')
    .replace(/\$(?=\()/g, '$ ');
}
