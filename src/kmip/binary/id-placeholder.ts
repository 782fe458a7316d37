/**
 * The ID Placeholder of a binary request batch (KMIP 1.0 onwards): an item that leaves out the
 * Unique Identifier of the object it works on means the one an earlier item of the same batch
 * returned, e.g. Create then Activate, or CreateKeyPair then Get (the private key).
 * @module
 */
import { text } from '../ttlv/build.js';
import { child, listItems } from '../ttlv/read.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** Operations whose request names its object in `field`, filled from the placeholder when left out. */
const TARGET_FIELD: Readonly<Record<string, string>> = {
  Get: 'UniqueIdentifier', Export: 'UniqueIdentifier', GetAttributes: 'UniqueIdentifier',
  GetAttributeList: 'UniqueIdentifier', AddAttribute: 'UniqueIdentifier', ModifyAttribute: 'UniqueIdentifier',
  DeleteAttribute: 'UniqueIdentifier', SetAttribute: 'UniqueIdentifier', Activate: 'UniqueIdentifier',
  Revoke: 'UniqueIdentifier', Destroy: 'UniqueIdentifier', ReKey: 'UniqueIdentifier', Encrypt: 'UniqueIdentifier',
  Decrypt: 'UniqueIdentifier', Sign: 'UniqueIdentifier', SignatureVerify: 'UniqueIdentifier', MAC: 'UniqueIdentifier',
  MACVerify: 'UniqueIdentifier', ReKeyKeyPair: 'PrivateKeyUniqueIdentifier',
};

/** KMIP 2.0's explicit form: a Unique Identifier Enumeration naming the placeholder. */
function namesPlaceholder(node: TtlvNode): boolean {
  return node.type === 'Enumeration' && node.value === 'IDPlaceholder';
}

/** The ID Placeholder of one batch: set by each successful item that returns one identifier. */
export class IdPlaceholder {
  #id: string | undefined;

  /** The request with its object's identifier taken from the placeholder when the client left it out. */
  fill(operation: string, request: TtlvStructure): TtlvStructure {
    const field = TARGET_FIELD[operation];
    if (field === undefined || this.#id === undefined) return request;
    const given = child(request, field);
    if (given !== undefined && !namesPlaceholder(given)) return request;
    const rest = request.value.filter((c) => c !== given);
    return { tag: request.tag, type: 'Structure', value: [text(field, this.#id), ...rest] };
  }

  /**
   * Takes the identifier a successful item returned: a key pair's private key, else the one
   * Unique Identifier of the answer (a Locate that found several leaves the placeholder as it was).
   */
  note(payload: TtlvStructure): void {
    const priv = child(payload, 'PrivateKeyUniqueIdentifier');
    if (priv?.type === 'TextString') {
      this.#id = priv.value;
      return;
    }
    const ids = listItems(payload, 'UniqueIdentifier');
    const [only] = ids;
    if (ids.length === 1 && only?.type === 'TextString') this.#id = only.value;
  }
}
