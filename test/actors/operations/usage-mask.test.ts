import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { int } from '../../../src/kmip/ttlv/build.js';
import { USAGE } from '../../../src/kmip/enums.js';
import { openActorFixture, STORE_KINDS } from '../actor-fixture.js';
import {
  bytesField, decryptRequest, deleteAttributeRequest, encryptRequest, getAttributesRequest, setAttributeRequest, structField,
} from '../../helpers/kmip-requests.js';
import { intField } from '../helpers.js';
import { addAttributeRequest, modifyAttributeRequest } from '../attribute-helpers.js';
import type { ActorFixture } from '../actor-fixture.js';
import type { TtlvNode } from '../../../src/kmip/ttlv/node.js';

const PLAINTEXT = Buffer.from('only ever fewer uses', 'utf8');
const NARROWED = /the usage mask can only be narrowed/;

const mask = (value: number): TtlvNode => int('CryptographicUsageMask', value);

for (const kind of STORE_KINDS) {
  describe(`CryptographicUsageMask only narrows (${kind} store)`, () => {
    let fx: ActorFixture;
    beforeEach(() => {
      fx = openActorFixture(kind);
    });
    afterEach(() => {
      fx.close();
    });

    const storedMask = (uid: string): number | undefined => {
      const attrs = structField(fx.call(getAttributesRequest(uid, ['CryptographicUsageMask'])), 'Attributes');
      return attrs.value.some((a) => a.tag === 'CryptographicUsageMask') ? intField(attrs, 'CryptographicUsageMask') : undefined;
    };

    const refused = { code: 'KMIP_ERROR', reason: 'Attribute_Read_Only', message: NARROWED } as const;

    it('refuses SetAttribute giving a WrapKey-only key UnwrapKey, and keeps its mask', () => {
      const uid = fx.create({ usageMask: USAGE.WrapKey });
      fx.callError(setAttributeRequest(uid, mask(USAGE.WrapKey | USAGE.UnwrapKey)), refused);
      fx.callError(setAttributeRequest(uid, mask(USAGE.UnwrapKey)), refused);
      assert.equal(storedMask(uid), USAGE.WrapKey);
    });

    it('refuses ModifyAttribute adding a use, and keeps the mask', () => {
      const uid = fx.create({ usageMask: USAGE.Decrypt });
      fx.callError(modifyAttributeRequest(uid, mask(USAGE.Encrypt | USAGE.Decrypt)), refused);
      assert.equal(storedMask(uid), USAGE.Decrypt);
      fx.callError(encryptRequest(uid, PLAINTEXT), 'Incompatible_Cryptographic_Usage_Mask');
    });

    it('refuses adding Unrestricted, alone or with the uses the key has, by SetAttribute or ModifyAttribute', () => {
      const uid = fx.create({ usageMask: USAGE.WrapKey });
      for (const value of [USAGE.Unrestricted, USAGE.Unrestricted | USAGE.WrapKey]) {
        fx.callError(setAttributeRequest(uid, mask(value)), refused);
        fx.callError(modifyAttributeRequest(uid, mask(value)), refused);
      }
      assert.equal(storedMask(uid), USAGE.WrapKey);
    });

    it('refuses a mask with every bit set (a negative Integer)', () => {
      const uid = fx.create({ usageMask: USAGE.Encrypt | USAGE.Decrypt });
      fx.callError(setAttributeRequest(uid, mask(-1)), refused);
      assert.equal(storedMask(uid), USAGE.Encrypt | USAGE.Decrypt);
    });

    it('narrows by SetAttribute, and the narrower mask is enforced: Encrypt refused, Decrypt still served', () => {
      const uid = fx.create({ usageMask: USAGE.Encrypt | USAGE.Decrypt });
      const sealed = fx.call(encryptRequest(uid, PLAINTEXT));
      assert.equal(fx.call(setAttributeRequest(uid, mask(USAGE.Decrypt))).tag, 'SetAttributeResponse');
      assert.equal(storedMask(uid), USAGE.Decrypt);
      fx.callError(encryptRequest(uid, PLAINTEXT), 'Incompatible_Cryptographic_Usage_Mask');
      const opened = fx.call(decryptRequest(uid, bytesField(sealed, 'Data'), bytesField(sealed, 'IvCounterNonce'), bytesField(sealed, 'AuthenticatedEncryptionTag')));
      assert.deepEqual(Buffer.from(bytesField(opened, 'Data')), PLAINTEXT);
      // Once gone, the bit cannot come back.
      fx.callError(setAttributeRequest(uid, mask(USAGE.Encrypt | USAGE.Decrypt)), refused);
    });

    it('narrows by ModifyAttribute, down to nothing, and accepts the same mask again', () => {
      const uid = fx.create({ usageMask: USAGE.Encrypt | USAGE.Decrypt });
      assert.equal(fx.call(modifyAttributeRequest(uid, mask(USAGE.Encrypt | USAGE.Decrypt))).tag, 'ModifyAttributeResponse');
      fx.call(modifyAttributeRequest(uid, mask(USAGE.Encrypt)));
      assert.equal(storedMask(uid), USAGE.Encrypt);
      fx.call(modifyAttributeRequest(uid, mask(0)));
      assert.equal(storedMask(uid), 0);
      fx.callError(encryptRequest(uid, PLAINTEXT), 'Incompatible_Cryptographic_Usage_Mask');
    });

    it('lets an Unrestricted key be narrowed to named uses, which then bind it', () => {
      const uid = fx.create({ usageMask: USAGE.Unrestricted });
      fx.call(encryptRequest(uid, PLAINTEXT));
      fx.call(setAttributeRequest(uid, mask(USAGE.Decrypt)));
      fx.callError(encryptRequest(uid, PLAINTEXT), 'Incompatible_Cryptographic_Usage_Mask');
      fx.callError(setAttributeRequest(uid, mask(USAGE.Unrestricted)), refused);
    });

    it('deletes the mask, which removes every use, and then lets only an empty mask be added back', () => {
      const uid = fx.create({ usageMask: USAGE.Encrypt | USAGE.Decrypt });
      fx.call(deleteAttributeRequest(uid, mask(USAGE.Encrypt | USAGE.Decrypt)));
      assert.equal(storedMask(uid), undefined);
      fx.callError(encryptRequest(uid, PLAINTEXT), 'Incompatible_Cryptographic_Usage_Mask');
      fx.callError(addAttributeRequest(uid, mask(USAGE.Encrypt)), refused);
      fx.callError(setAttributeRequest(uid, mask(USAGE.Unrestricted)), refused);
      assert.equal(fx.call(addAttributeRequest(uid, mask(0))).tag, 'AddAttributeResponse');
      assert.equal(storedMask(uid), 0);
    });
  });
}
