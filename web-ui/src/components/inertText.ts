// Text other users wrote (access request reasons, review reasons) can carry terminal escape
// sequences and invisible controls. React already keeps markup inert as long as the text is a
// child, never an attribute or HTML; this makes the controls themselves visible, so a reviewer
// sees "\x1b[2J" instead of nothing, and a right-to-left override cannot reorder what they read.

// C0 controls except tab (09) and line feed (0A), DEL, C1 controls, and Unicode's
// bidirectional formatting characters (ALM, LRM/RLM, the embeddings/overrides and isolates).
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** `s` with every control character except newline and tab written out as `\xNN` / `\uNNNN`. */
export function inertText(s: string | null | undefined): string {
  if (s === null || s === undefined) return '';
  // CRLF is an ordinary line break (text typed on Windows): keep it as one. A lone CR, which
  // rewrites a terminal line, still shows as \x0d.
  return String(s).replace(/\r\n/g, '\n').replace(UNSAFE, escapeControl);
}

function escapeControl(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
