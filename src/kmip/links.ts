/**
 * The Link attribute: typed references between objects (a private key to its public key, a
 * replaced key to its replacement), kept as Cosmian's list form.
 * @module
 */
import { KmipError } from './kmip-error.js';
import { LINK_TYPES, type LinkType } from './enums.js';
import { enumeration, list, struct, text } from './ttlv/build.js';
import { listItems, reqEnum, reqText } from './ttlv/read.js';
import { orderAttributes, type AttributeList } from './attributes.js';
import type { TtlvNode } from './ttlv/node.js';

/** One link. */
export interface Link {
  readonly type: LinkType;
  readonly id: string;
}

/** The links an attribute list holds. */
export function linksOf(attrs: AttributeList): Link[] {
  const holder = { tag: 'Attributes', type: 'Structure' as const, value: [...attrs] };
  return listItems(holder, 'Link').map((n) => {
    if (n.type !== 'Structure') throw new KmipError('Invalid_Message', 'Link: each link must be a Structure');
    return { type: reqEnum(n, 'LinkType', LINK_TYPES), id: reqText(n, 'LinkedObjectIdentifier') };
  });
}

/** The identifier linked under the type, if any. */
export function linkedId(attrs: AttributeList, type: LinkType): string | undefined {
  return linksOf(attrs).find((l) => l.type === type)?.id;
}

function linkNode(links: readonly Link[]): TtlvNode | undefined {
  return list('Link', links.map((l) => struct('Link', [enumeration('LinkType', l.type), text('LinkedObjectIdentifier', l.id)])));
}

/** The list with its links replaced. */
export function withLinks(attrs: AttributeList, links: readonly Link[]): TtlvNode[] {
  const node = linkNode(links);
  const rest = attrs.filter((a) => a.tag !== 'Link');
  return orderAttributes(node === undefined ? rest : [...rest, node]);
}

/** The list with one link of the type set (replacing any other of that type). */
export function withLink(attrs: AttributeList, type: LinkType, id: string): TtlvNode[] {
  return withLinks(attrs, [...linksOf(attrs).filter((l) => l.type !== type), { type, id }]);
}
