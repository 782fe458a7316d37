/**
 * Attributes as people and scripts read them: names typed on the command line in any common
 * spelling, and the server's TTLV attribute nodes rendered as one line each (text) or as an
 * object with snake_case keys (JSON). Tags, links, names and dates get their own forms.
 * @module
 */
import { attributeValues, parseTagValue, TAG_ATTRIBUTE_NAME, TAG_VENDOR, vendorAttributes, type AttributeList } from '../../kmip/attributes.js';
import { usagesOf } from '../../kmip/enums.js';
import { usageError } from '../cli-error.js';
import { hex } from '../format.js';
import type { TtlvNode } from '../../kmip/ttlv/node.js';

/** The standard attributes the server reads or writes, in KMIP spelling. */
export const KNOWN_ATTRIBUTES = [
  'UniqueIdentifier', 'ObjectType', 'State', 'CryptographicAlgorithm', 'CryptographicLength', 'CryptographicDomainParameters',
  'CryptographicParameters', 'CryptographicUsageMask', 'KeyFormatType', 'Name', 'ObjectGroup', 'Comment', 'ContactInformation',
  'Description', 'Link', 'InitialDate', 'LastChangeDate', 'ActivationDate', 'DeactivationDate', 'DestroyDate', 'CompromiseDate',
  'CompromiseOccurrenceDate', 'Extractable', 'Sensitive', 'Fresh', 'AlwaysSensitive', 'NeverExtractable', 'VendorAttributes',
] as const;

/** The name that stands for the object's tags (the `cosmian`/`tag` vendor attribute). */
export const TAGS = 'tags';

// Attributes that hold a date, written by the server as LongInteger milliseconds.
const DATES: ReadonlySet<string> = new Set([
  'InitialDate', 'LastChangeDate', 'ActivationDate', 'DeactivationDate', 'DestroyDate', 'CompromiseDate', 'CompromiseOccurrenceDate',
  'ProcessStartDate', 'ProtectStopDate', 'ArchiveDate', 'OriginalCreationDate',
]);

const squash = (s: string): string => s.replace(/[-_\s]/g, '').toLowerCase();

/** The KMIP name of an attribute typed as `CryptographicLength`, `cryptographic_length`, `cryptographic-length`...; `tags` for tags. */
export function attributeName(input: string): string {
  const key = squash(input);
  if (key === TAGS || key === 'tag') return TAGS;
  if (key === 'links') return 'Link';
  const known = KNOWN_ATTRIBUTES.find((a) => a.toLowerCase() === key);
  if (known !== undefined) return known;
  // Other KMIP attributes pass through in their own spelling; the server judges them.
  if (/^[A-Z][A-Za-z0-9]*$/.test(input)) return input;
  throw usageError(`unknown attribute ${JSON.stringify(input)}; use a KMIP name such as CryptographicAlgorithm, or one of: ${[TAGS, ...KNOWN_ATTRIBUTES].join(', ')}`);
}

/** `CryptographicUsageMask` as `cryptographic_usage_mask`. */
export function snakeCase(tag: string): string {
  return tag.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

function dateText(node: TtlvNode): string | undefined {
  if (node.type === 'DateTime') return node.value.toISOString();
  if (node.type === 'LongInteger' && node.value >= 0n && node.value <= BigInt(Number.MAX_SAFE_INTEGER)) return new Date(Number(node.value)).toISOString();
  if (node.type === 'Integer') return new Date(node.value * 1000).toISOString();
  return undefined;
}

/** One node as a JSON value: structures as objects (repeated children as arrays), bytes as hex, dates as ISO text. */
export function nodeJson(node: TtlvNode): unknown {
  if (DATES.has(node.tag)) {
    const d = dateText(node);
    if (d !== undefined) return d;
  }
  switch (node.type) {
    case 'Structure': {
      const out: Record<string, unknown> = {};
      for (const c of node.value) {
        const key = snakeCase(c.tag);
        const v = nodeJson(c);
        const prev = out[key];
        out[key] = prev === undefined ? v : Array.isArray(prev) ? [...(prev as unknown[]), v] : [prev, v];
      }
      return out;
    }
    case 'ByteString':
      return hex(node.value);
    case 'DateTime':
      return node.value.toISOString();
    case 'LongInteger':
    case 'BigInteger':
    case 'DateTimeExtended':
      return node.value >= BigInt(Number.MIN_SAFE_INTEGER) && node.value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(node.value) : node.value.toString();
    default:
      return node.value;
  }
}

/** One node as short text. */
function nodeText(node: TtlvNode): string {
  if (node.tag === 'Name' && node.type === 'Structure') {
    const v = node.value.find((c) => c.tag === 'NameValue');
    if (v?.type === 'TextString') return v.value;
  }
  if (node.tag === 'Link' && node.type === 'Structure') {
    const type = node.value.find((c) => c.tag === 'LinkType');
    const id = node.value.find((c) => c.tag === 'LinkedObjectIdentifier');
    if (type?.type === 'Enumeration' && id?.type === 'TextString') return `${type.value} ${id.value}`;
  }
  if (node.tag === 'CryptographicUsageMask' && node.type === 'Integer') {
    const names = usagesOf(node.value);
    return names.length === 0 ? String(node.value) : `${names.join(', ')} (${node.value})`;
  }
  const v = nodeJson(node);
  if (node.type === 'Structure') {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}=${typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x)}`)
      .join(', ');
  }
  return String(v);
}

/** One displayed attribute: its name and its values (several for Name, ObjectGroup, Link, tags). */
interface Shown {
  readonly name: string;
  readonly key: string;
  readonly text: string[];
  readonly json: unknown;
}

const MULTI: ReadonlySet<string> = new Set(['Name', 'ObjectGroup', 'Link']);

function shownAttributes(attrs: AttributeList): Shown[] {
  const out: Shown[] = [];
  const seen = new Set<string>();
  for (const a of attrs) {
    if (a.tag === 'VendorAttributes' || a.tag === 'VendorAttribute' || seen.has(a.tag)) continue;
    seen.add(a.tag);
    const values = MULTI.has(a.tag) ? attributeValues(attrs, a.tag) : [a];
    const json = a.tag === 'Name' ? values.map(nodeText) : MULTI.has(a.tag) ? values.map(nodeJson) : nodeJson(a);
    out.push({ name: a.tag, key: snakeCase(a.tag), text: values.map(nodeText), json });
  }
  for (const v of vendorAttributes(attrs)) {
    if (v.vendor === TAG_VENDOR && v.name === TAG_ATTRIBUTE_NAME) {
      const tags = v.value?.type === 'ByteString' ? parseTagValue(v.value.value) : [];
      out.push({ name: TAGS, key: TAGS, text: [tags.join(', ')], json: tags });
    } else {
      const name = `${v.vendor}/${v.name}`;
      out.push({ name, key: name, text: [v.value === undefined ? '' : nodeText(v.value)], json: v.value === undefined ? null : nodeJson(v.value) });
    }
  }
  return out;
}

/** One attribute per line, `Name: value` (a line per value of Name, ObjectGroup and Link). */
export function attributesText(attrs: AttributeList): string[] {
  const shown = shownAttributes(attrs);
  const width = Math.max(0, ...shown.map((s) => s.name.length + 1));
  return shown.flatMap((s) => s.text.map((t) => `${`${s.name}:`.padEnd(width)} ${t}`));
}

/** The attributes as one object: snake_case keys, `tags` as an array, `vendor/name` keys for other vendor attributes. */
export function attributesJson(attrs: AttributeList): Record<string, unknown> {
  return Object.fromEntries(shownAttributes(attrs).map((s) => [s.key, s.json]));
}
