/**
 * Request builders and readers for the attribute operations, shared by the suites that add,
 * modify and read attributes (the common request builders in test/helpers lack these).
 * @module
 */
import { enumeration, struct, text } from '../../src/kmip/ttlv/build.js';
import { getAttributesRequest, structField } from '../helpers/kmip-requests.js';
import type { ActorFixture } from './actor-fixture.js';
import type { TtlvNode, TtlvStructure } from '../../src/kmip/ttlv/node.js';

/** An AddAttribute of one attribute. */
export function addAttributeRequest(uid: string, attribute: TtlvNode): TtlvNode {
  return struct('AddAttribute', [text('UniqueIdentifier', uid), struct('NewAttribute', [attribute])]);
}

/** A ModifyAttribute to `attribute`, of the instance `current` when given (else the attribute's only or first instance). */
export function modifyAttributeRequest(uid: string, attribute: TtlvNode, current?: TtlvNode): TtlvNode {
  return struct('ModifyAttribute', [
    text('UniqueIdentifier', uid),
    current === undefined ? undefined : struct('CurrentAttribute', [current]),
    struct('NewAttribute', [attribute]),
  ]);
}

/** A Name attribute, with a NameType only when one is given. */
export function nameAttribute(value: string, type?: string): TtlvNode {
  return struct('Name', [text('NameValue', value), type === undefined ? undefined : enumeration('NameType', type)]);
}

/** The Attributes of a GetAttributes for the given references (all attributes when none are given). */
export function attributesOf(fx: ActorFixture, uid: string, references: readonly string[] = []): TtlvStructure {
  return structField(fx.call(getAttributesRequest(uid, references)), 'Attributes');
}
