/**
 * Naming the object a command works on, as ckms does: by its unique identifier, or by tags
 * (sent as a JSON array, which the server resolves to the one object carrying all of them).
 * @module
 */
import { optString, strings } from '../args.js';
import { usageError } from '../cli-error.js';
import type { OptionSpec, ParsedArgs } from '../command.js';

/** `--tag/-t`, repeatable: tags a new object gets. */
export const NEW_TAGS_OPTION: OptionSpec = { type: 'string', short: 't', multiple: true, value: 'TAG', description: 'tag the new object (several keys may share a tag)' };

/** The options naming one object: `--<idOption>/-<short> ID` or `--tag/-t TAG`. */
export function selectionOptions(idOption: string, short: string, what: string): Record<string, OptionSpec> {
  return {
    [idOption]: { type: 'string', short, value: 'ID', description: `the unique identifier of the ${what}` },
    tag: { type: 'string', short: 't', multiple: true, value: 'TAG', description: `name the ${what} by its tags instead (exactly one object must carry them all)` },
  };
}

/** What names the object: the identifier, or the JSON array of the tags (never both). */
export function selectedObject(args: ParsedArgs, idOption: string, what: string): string {
  const id = optString(args, idOption);
  const tags = strings(args, 'tag');
  if (id !== undefined && tags.length > 0) throw usageError(`name the ${what} by --${idOption} or by --tag, not both`);
  if (id !== undefined) {
    if (id === '') throw usageError(`--${idOption} must not be empty`);
    return id;
  }
  if (tags.length === 0) throw usageError(`name the ${what} with --${idOption} ID or --tag TAG`);
  if (tags.some((t) => t === '')) throw usageError('a tag must not be empty');
  return JSON.stringify(tags);
}

/** Tags given for a new object: non-empty, not in the server's reserved `_` namespace, deduplicated. */
export function newTags(args: ParsedArgs, option = 'tag'): string[] {
  const tags = strings(args, option);
  for (const t of tags) {
    if (t === '') throw usageError('a tag must not be empty');
    if (t.startsWith('_')) throw usageError(`tags starting with "_" are reserved for the server: ${JSON.stringify(t)}`);
  }
  return [...new Set(tags)];
}
