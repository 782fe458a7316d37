/**
 * `kms attributes get|set|delete`: read and change an object's attributes. Each change is one
 * KMIP request (SetAttribute replaces a value, AddAttribute adds a tag or a link,
 * DeleteAttribute removes), sent in the order given; the server refuses what would loosen a key
 * (Sensitive back to false, a usage mask gaining bits) and the links it keeps itself.
 * @module
 */
import { optString, strings } from '../args.js';
import { usageError } from '../cli-error.js';
import { attributeName, attributesJson, attributesText, snakeCase, TAGS } from './attribute-view.js';
import { kmipName } from './kmip-names.js';
import { newTags, selectedObject } from './object-selection.js';
import { TAG_ATTRIBUTE_NAME, TAG_VENDOR } from '../../kmip/attributes.js';
import { LINK_TYPES, USAGE, type Usage } from '../../kmip/enums.js';
import type { AttributeFields } from '../../kmip/attribute-fields.js';
import type { Link } from '../../kmip/links.js';
import type { ReferenceInput } from '../../client/kms-inputs.js';
import type { Kms } from '../../client/kms.js';
import type { CommandSpec, OptionSpec, ParsedArgs } from '../command.js';

const ID_OPTIONS: Record<string, OptionSpec> = {
  id: { type: 'string', short: 'i', value: 'ID', description: 'the unique identifier of the object' },
  tag: { type: 'string', short: 't', multiple: true, value: 'TAG', description: 'name the object by its tags instead (exactly one object must carry them all)' },
};

/** A reference to an attribute typed on the command line. */
function referenceOf(name: string): ReferenceInput {
  const tag = attributeName(name);
  return tag === TAGS ? { kind: 'vendor', vendor: TAG_VENDOR, name: TAG_ATTRIBUTE_NAME } : tag;
}

/** `TYPE:ID`, TYPE a link type with or without its `Link` suffix (`parent:ID`, `ParentLink:ID`). */
function linkOf(text: string): Link {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) throw usageError(`--link takes TYPE:ID (e.g. parent:1f2e...), got ${JSON.stringify(text)}`);
  const typeText = text.slice(0, colon);
  const suffixed = /link$/i.test(typeText.replace(/[-_]/g, '')) ? typeText : `${typeText}Link`;
  return { type: kmipName(suffixed, LINK_TYPES, '--link'), id: text.slice(colon + 1) };
}

function dateOf(text: string, option: string): Date {
  const ms = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(ms)) throw usageError(`${option} takes an ISO 8601 date such as 2030-01-31T12:00:00Z, got ${JSON.stringify(text)}`);
  return new Date(ms);
}

function boolOf(text: string, name: string): boolean {
  const t = text.toLowerCase();
  if (t === 'true' || t === 'yes' || t === '1') return true;
  if (t === 'false' || t === 'no' || t === '0') return false;
  throw usageError(`${name} takes true or false, got ${JSON.stringify(text)}`);
}

/** A usage mask given as a number or as usage names (`sign,verify`). */
function maskOf(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  return text.split(',').reduce((mask, word) => {
    const usage = kmipName(word.trim(), Object.keys(USAGE) as Usage[], 'CryptographicUsageMask');
    return mask | USAGE[usage];
  }, 0);
}

/** The simple attributes `--attribute NAME=VALUE` sets, and how each reads its value. */
const SIMPLE: Readonly<Record<string, (value: string, name: string) => AttributeFields>> = {
  Comment: (v) => ({ comment: v }),
  Description: (v) => ({ description: v }),
  ContactInformation: (v) => ({ contactInformation: v }),
  ObjectGroup: (v) => ({ objectGroups: [v] }),
  Name: (v) => ({ names: [v] }),
  CryptographicUsageMask: (v) => ({ cryptographicUsageMask: maskOf(v) }),
  Sensitive: (v, n) => ({ sensitive: boolOf(v, n) }),
  Extractable: (v, n) => ({ extractable: boolOf(v, n) }),
  ActivationDate: (v, n) => ({ activationDate: dateOf(v, n) }),
  DeactivationDate: (v, n) => ({ deactivationDate: dateOf(v, n) }),
  CompromiseOccurrenceDate: (v, n) => ({ compromiseOccurrenceDate: dateOf(v, n) }),
};

/** `NAME=VALUE` as the attribute it sets. */
function simpleAttribute(text: string): { name: string; fields: AttributeFields } {
  const eq = text.indexOf('=');
  if (eq <= 0) throw usageError(`--attribute takes NAME=VALUE, got ${JSON.stringify(text)}`);
  const name = attributeName(text.slice(0, eq));
  const make = SIMPLE[name];
  if (make === undefined) throw usageError(`--attribute sets ${Object.keys(SIMPLE).join(', ')}; use --new-tag and --link for tags and links`);
  return { name, fields: make(text.slice(eq + 1), name) };
}

/** One change: which request, with which attribute, described for the output. */
interface Change {
  readonly op: 'set' | 'add';
  readonly what: string;
  readonly fields: AttributeFields;
}

function changesOf(args: ParsedArgs): Change[] {
  const changes: Change[] = [];
  const name = optString(args, 'name');
  if (name !== undefined) changes.push({ op: 'set', what: `Name = ${name}`, fields: { names: [name] } });
  for (const [option, key] of [['activation-date', 'ActivationDate'], ['deactivation-date', 'DeactivationDate']] as const) {
    const v = optString(args, option);
    if (v !== undefined) changes.push({ op: 'set', what: `${key} = ${v}`, fields: SIMPLE[key]?.(v, `--${option}`) ?? {} });
  }
  for (const a of strings(args, 'attribute')) {
    const { name: n, fields } = simpleAttribute(a);
    changes.push({ op: 'set', what: `${n} = ${a.slice(a.indexOf('=') + 1)}`, fields });
  }
  const tags = newTags(args, 'new-tag');
  if (tags.length > 0) changes.push({ op: 'add', what: `tags + ${tags.join(', ')}`, fields: { tags } });
  for (const l of strings(args, 'link')) {
    const link = linkOf(l);
    changes.push({ op: 'add', what: `${link.type} + ${link.id}`, fields: { links: [link] } });
  }
  return changes;
}

/** Runs requests one after another; the first answer's identifier names the object for the rest (tags may change). */
async function inOrder(kms: Kms, ref: string, steps: readonly ((id: string) => Promise<{ uniqueIdentifier: string }>)[]): Promise<string> {
  let id = ref;
  for (const step of steps) id = (await step(id)).uniqueIdentifier;
  return id;
}

/** The commands. */
export const ATTRIBUTES_COMMANDS: readonly CommandSpec[] = [
  {
    path: ['attributes', 'get'],
    summary: "print an object's attributes, all or the ones named",
    options: {
      ...ID_OPTIONS,
      attribute: { type: 'string', short: 'a', multiple: true, value: 'NAME', description: 'an attribute to print: a KMIP name (CryptographicLength or cryptographic_length), state, tags, links' },
    },
    examples: ['kms attributes get -i 1f2e...', 'kms attributes get -t payments -a cryptographic_algorithm -a tags'],
    async run(ctx, args) {
      const ref = selectedObject(args, 'id', 'object');
      const references = strings(args, 'attribute').map(referenceOf);
      const r = await ctx.kms().getAttributes({ uniqueIdentifier: ref, ...(references.length === 0 ? {} : { references }) });
      return { text: attributesText(r.attributeList).join('\n'), json: { unique_identifier: r.uniqueIdentifier, attributes: attributesJson(r.attributeList) } };
    },
  },
  {
    path: ['attributes', 'set'],
    summary: "change an object's attributes: name, tags, links, dates and other simple attributes",
    options: {
      ...ID_OPTIONS,
      name: { type: 'string', value: 'NAME', description: "replace the object's names with this one" },
      'new-tag': { type: 'string', multiple: true, value: 'TAG', description: 'add a tag' },
      'activation-date': { type: 'string', value: 'ISO', description: 'when the object becomes Active (only while it is PreActive)' },
      'deactivation-date': { type: 'string', value: 'ISO', description: 'when the object stops being Active' },
      link: { type: 'string', multiple: true, value: 'TYPE:ID', description: 'add a link, e.g. parent:ID, child:ID, certificate:ID, wrapping-key:ID' },
      attribute: {
        type: 'string',
        short: 'a',
        multiple: true,
        value: 'NAME=VALUE',
        description: `set ${Object.keys(SIMPLE).map(snakeCase).join(', ')} (a usage mask as a number or names: sign,verify)`,
      },
    },
    examples: ['kms attributes set -i 1f2e... --name payments-2025 --new-tag prod', 'kms attributes set -i 1f2e... -a comment="rotated yearly" --deactivation-date 2030-01-01T00:00:00Z'],
    async run(ctx, args) {
      const ref = selectedObject(args, 'id', 'object');
      const changes = changesOf(args);
      if (changes.length === 0) throw usageError('nothing to set: give --name, --new-tag, --activation-date, --deactivation-date, --link or --attribute');
      const kms = ctx.kms();
      const id = await inOrder(
        kms,
        ref,
        changes.map((c) => (uniqueIdentifier: string) => (c.op === 'set' ? kms.setAttribute({ uniqueIdentifier, attribute: c.fields }) : kms.addAttribute({ uniqueIdentifier, attribute: c.fields }))),
      );
      return {
        text: [`The attributes of ${id} were changed:`, ...changes.map((c) => `  ${c.what}`)].join('\n'),
        json: { unique_identifier: id, changed: changes.map((c) => c.what) },
      };
    },
  },
  {
    path: ['attributes', 'delete'],
    summary: "remove attributes, tags, names or links from an object",
    options: {
      ...ID_OPTIONS,
      attribute: { type: 'string', short: 'a', multiple: true, value: 'NAME', description: 'remove every value of this attribute (tags: all your tags)' },
      'remove-tag': { type: 'string', multiple: true, value: 'TAG', description: 'remove one tag' },
      name: { type: 'string', multiple: true, value: 'NAME', description: 'remove one name' },
      link: { type: 'string', multiple: true, value: 'TYPE:ID', description: 'remove one link' },
    },
    examples: ['kms attributes delete -i 1f2e... -a comment -a deactivation_date', 'kms attributes delete -i 1f2e... --remove-tag old --link parent:9a8b...'],
    async run(ctx, args) {
      const ref = selectedObject(args, 'id', 'object');
      const names = strings(args, 'attribute');
      const references = names.map(referenceOf);
      const values: { what: string; fields: AttributeFields }[] = [];
      const tags = strings(args, 'remove-tag');
      if (tags.length > 0) values.push({ what: `tags - ${tags.join(', ')}`, fields: { tags } });
      for (const n of strings(args, 'name')) values.push({ what: `Name - ${n}`, fields: { names: [n] } });
      for (const l of strings(args, 'link')) {
        const link = linkOf(l);
        values.push({ what: `${link.type} - ${link.id}`, fields: { links: [link] } });
      }
      if (references.length === 0 && values.length === 0) throw usageError('nothing to delete: give --attribute, --remove-tag, --name or --link');
      const kms = ctx.kms();
      const steps = [
        ...(references.length === 0 ? [] : [(uniqueIdentifier: string) => kms.deleteAttribute({ uniqueIdentifier, references })]),
        ...values.map((v) => (uniqueIdentifier: string) => kms.deleteAttribute({ uniqueIdentifier, attribute: v.fields })),
      ];
      const id = await inOrder(kms, ref, steps);
      const removed = [...names.map((n) => `${attributeName(n)} (all values)`), ...values.map((v) => v.what)];
      return {
        text: [`Removed from ${id}:`, ...removed.map((w) => `  ${w}`)].join('\n'),
        json: { unique_identifier: id, removed },
      };
    },
  },
];
