/**
 * Client-supplied text (tags, identifiers, names) as an error message shows it: a client may send
 * megabytes in one string, and an error must neither hand them back nor fill a log.
 * @module
 */

/** Characters of client text an error message shows. */
export const SHOWN_CHARACTERS = 64;

/** The text, cut to SHOWN_CHARACTERS with an ellipsis when longer. */
export function shown(text: string): string {
  return text.length <= SHOWN_CHARACTERS ? text : `${text.slice(0, SHOWN_CHARACTERS)}…`;
}
