/**
 * Names of KMIP enumeration values, per tag, so binary TTLV decodes to the same named values the
 * JSON codec yields. A value without a name (an extension, a reserved number) stays a number.
 * @module
 */
import { CRYPTO_ENUMS } from './enum-crypto.js';
import { MESSAGE_ENUMS } from './enum-messages.js';
import { OBJECT_ENUMS } from './enum-objects.js';
import { tagNameOf, tagNumberOf } from './tag-table.js';

/**
 * One enumeration, in value order: a name takes the value after the previous one (the first is 1),
 * `[value, name]` sets the value, and `''` skips a reserved value.
 */
export type EnumSpec = readonly (string | readonly [number, string])[];

interface EnumMaps {
  readonly nameOf: ReadonlyMap<number, string>;
  readonly valueOf: ReadonlyMap<string, number>;
}

// KMIP 2.0 sends Attribute Reference as an Enumeration whose value is the attribute's tag number.
const ATTRIBUTE_REFERENCE = 'AttributeReference';

function mapsOf(spec: EnumSpec): EnumMaps {
  const nameOf = new Map<number, string>();
  const valueOf = new Map<string, number>();
  let value = 1;
  for (const item of spec) {
    const [v, name] = typeof item === 'string' ? [value, item] : item;
    if (name !== '') {
      nameOf.set(v, name);
      valueOf.set(name, v);
    }
    value = v + 1;
  }
  return { nameOf, valueOf };
}

const TABLES: ReadonlyMap<string, EnumMaps> = new Map(
  Object.entries({ ...MESSAGE_ENUMS, ...OBJECT_ENUMS, ...CRYPTO_ENUMS }).map(([tag, spec]) => [tag, mapsOf(spec)]),
);

/** The tags whose enumeration values have names (AttributeReference included). */
export function namedEnumerationTags(): string[] {
  return [...TABLES.keys(), ATTRIBUTE_REFERENCE];
}

/** The name of enumeration value `value` under tag `tag`, or undefined when it has none. */
export function enumNameOf(tag: string, value: number): string | undefined {
  if (tag === ATTRIBUTE_REFERENCE) {
    const name = tagNameOf(value);
    return name.startsWith('0x') ? undefined : name;
  }
  return TABLES.get(tag)?.nameOf.get(value);
}

/** The value of enumeration name `name` under tag `tag`, or undefined when the tag has no such name. */
export function enumValueOf(tag: string, name: string): number | undefined {
  if (tag === ATTRIBUTE_REFERENCE) return name.startsWith('0x') ? undefined : tagNumberOf(name);
  return TABLES.get(tag)?.valueOf.get(name);
}
