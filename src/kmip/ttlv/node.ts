/**
 * The TTLV tree shared by every KMIP encoding: a tag name, an item type and a typed value.
 * @module
 */

/** The KMIP item types, spelled as they appear in JSON TTLV. */
export type TtlvType =
  | 'Structure'
  | 'Integer'
  | 'LongInteger'
  | 'BigInteger'
  | 'Enumeration'
  | 'Boolean'
  | 'TextString'
  | 'ByteString'
  | 'DateTime'
  | 'Interval'
  | 'DateTimeExtended';

/** One TTLV item; the value's JavaScript type follows the item type. */
export type TtlvNode =
  | { readonly tag: string; readonly type: 'Structure'; readonly value: readonly TtlvNode[] }
  | { readonly tag: string; readonly type: 'Integer'; readonly value: number }
  | { readonly tag: string; readonly type: 'LongInteger'; readonly value: bigint }
  | { readonly tag: string; readonly type: 'BigInteger'; readonly value: bigint }
  | { readonly tag: string; readonly type: 'Enumeration'; readonly value: string | number }
  | { readonly tag: string; readonly type: 'Boolean'; readonly value: boolean }
  | { readonly tag: string; readonly type: 'TextString'; readonly value: string }
  | { readonly tag: string; readonly type: 'ByteString'; readonly value: Uint8Array }
  | { readonly tag: string; readonly type: 'DateTime'; readonly value: Date }
  | { readonly tag: string; readonly type: 'Interval'; readonly value: number }
  | { readonly tag: string; readonly type: 'DateTimeExtended'; readonly value: bigint };

/** A node of one given item type. */
export type TtlvNodeOf<T extends TtlvType> = Extract<TtlvNode, { type: T }>;

/** A Structure node. */
export type TtlvStructure = TtlvNodeOf<'Structure'>;
