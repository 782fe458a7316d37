/**
 * The binary message envelope: request decoding (header checks, per-item failures), the
 * whole-message failure answer, and the header peeks the gateway uses before any actor runs.
 * @module
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bytes, enumeration, int, struct, text } from '../../../../src/kmip/ttlv/build.js';
import { decodeBinaryTtlv, encodeBinaryTtlv } from '../../../../src/kmip/ttlv/binary.js';
import { BinaryMessageError, decodeBinaryRequest } from '../../../../src/kmip/binary/request-message.js';
import { binaryFailureResponse } from '../../../../src/kmip/binary/failure-message.js';
import { peekBinaryCredential, peekBinaryVersion } from '../../../../src/kmip/binary/credential.js';
import { KmipError } from '../../../../src/kmip/kmip-error.js';
import type { TtlvNode, TtlvStructure } from '../../../../src/kmip/ttlv/node.js';

function message(header: readonly (TtlvNode | undefined)[], items: readonly TtlvNode[]): Uint8Array {
  return encodeBinaryTtlv(struct('RequestMessage', [struct('RequestHeader', header), ...items]));
}
const version = (major: number, minor: number): TtlvNode => struct('ProtocolVersion', [int('ProtocolVersionMajor', major), int('ProtocolVersionMinor', minor)]);
const getItem = struct('BatchItem', [enumeration('Operation', 'Get'), struct('RequestPayload', [text('UniqueIdentifier', '1')])]);
const auth = (type: TtlvNode, user: string, password: string): TtlvNode =>
  struct('Authentication', [struct('Credential', [type, struct('CredentialValue', [text('Username', user), text('Password', password)])])]);
const invalidMessage = (e: unknown): boolean => e instanceof KmipError && e.reason === 'Invalid_Message';

describe('decodeBinaryRequest', () => {
  it('reads the version and the items, payloads under the operation name', () => {
    const req = decodeBinaryRequest(message([version(1, 3), int('BatchCount', 1)], [getItem]));
    assert.deepEqual(req.protocolVersion, { major: 1, minor: 3 });
    assert.equal(req.items.length, 1);
    assert.equal(req.items[0]?.request.tag, 'Get');
    assert.equal(req.items[0]?.invalid, undefined);
  });

  it('refuses a Batch Count that does not match, a version it does not speak, and a non-request root', () => {
    assert.throws(() => decodeBinaryRequest(message([version(1, 2), int('BatchCount', 2)], [getItem])), invalidMessage);
    assert.throws(() => decodeBinaryRequest(message([version(3, 0), int('BatchCount', 1)], [getItem])), invalidMessage);
    assert.throws(() => decodeBinaryRequest(message([version(1, 5), int('BatchCount', 1)], [getItem])), invalidMessage);
    assert.throws(() => decodeBinaryRequest(encodeBinaryTtlv(struct('ResponseMessage', []))), invalidMessage);
    assert.throws(() => decodeBinaryRequest(Uint8Array.of(1, 2, 3)), invalidMessage);
  });

  it('keeps an item without a payload as that item\'s failure', () => {
    const req = decodeBinaryRequest(message([version(2, 0), int('BatchCount', 1)], [struct('BatchItem', [enumeration('Operation', 'Get')])]));
    assert.equal(req.items[0]?.invalid?.reason, 'Invalid_Message');
  });
});

describe('binaryFailureResponse', () => {
  it('answers one failed item in the given version, or 1.0 when the version is unknown', () => {
    for (const [v, want] of [[{ major: 1, minor: 4 }, [1, 4]], [undefined, [1, 0]]] as const) {
      const root = decodeBinaryTtlv(binaryFailureResponse(v, 'Invalid_Message', 'bad', 1_700_000_000));
      assert.ok(root.type === 'Structure' && root.tag === 'ResponseMessage');
      const [header, item] = root.value as TtlvStructure[];
      assert.deepEqual(header?.value.map((c) => c.tag), ['ProtocolVersion', 'TimeStamp', 'BatchCount']);
      assert.deepEqual(header?.value[0], version(want[0], want[1]));
      assert.equal((header?.value[1]?.value as Date).getTime(), 1_700_000_000_000);
      assert.deepEqual(item?.value.map((c) => [c.tag, c.value]), [['ResultStatus', 'OperationFailed'], ['ResultReason', 'Invalid_Message'], ['ResultMessage', 'bad']]);
    }
  });
});

describe('binaryFailureResponse with the request items', () => {
  it('fails each item by its Operation and Unique Batch Item ID, with a Batch Count to match', () => {
    const items = [{ operationValue: 'Get', uniqueBatchItemId: Uint8Array.of(1) }, { operationValue: 0x7f, uniqueBatchItemId: undefined }];
    const root = decodeBinaryTtlv(binaryFailureResponse({ major: 2, minor: 0 }, 'Feature_Not_Supported', 'no', 1_700_000_000, items));
    assert.ok(root.type === 'Structure');
    const [header, ...answered] = root.value as TtlvStructure[];
    assert.deepEqual(header?.value[0], version(2, 0));
    assert.equal(header?.value[2]?.value, 2);
    assert.deepEqual(answered.map((i) => i.value.map((c) => c.value)), [
      ['Get', Uint8Array.of(1), 'OperationFailed', 'Feature_Not_Supported', 'no'],
      [0x7f, 'OperationFailed', 'Feature_Not_Supported', 'no'],
    ]);
  });
});

describe('decodeBinaryRequest whole-message failures', () => {
  it('carry the version the header gave, with Protocol Version anywhere in the header', () => {
    const first = auth(enumeration('CredentialType', 'UsernameAndPassword'), 'alice', 'pw');
    const body = message([first, version(1, 1), int('BatchCount', 3)], [getItem]);
    assert.equal(peekBinaryVersion(body), undefined);
    assert.throws(() => decodeBinaryRequest(body), (e: unknown) => e instanceof BinaryMessageError && e.reason === 'Invalid_Message'
      && e.version.major === 1 && e.version.minor === 1 && e.items === undefined);
  });
});

describe('peekBinaryCredential and peekBinaryVersion', () => {
  it('read the Username and Password credential and the version from the header alone', () => {
    const body = message([version(1, 2), auth(enumeration('CredentialType', 'UsernameAndPassword'), 'alice', 'db-secret'), int('BatchCount', 1)], [getItem]);
    assert.deepEqual(peekBinaryCredential(body), { username: 'alice', password: 'db-secret' });
    assert.deepEqual(peekBinaryVersion(body), { major: 1, minor: 2 });
  });

  it('find no credential without Authentication or with another credential type', () => {
    assert.equal(peekBinaryCredential(message([version(2, 0), int('BatchCount', 1)], [getItem])), undefined);
    const device = message([version(2, 0), auth(enumeration('CredentialType', 'Device'), 'a', 'b'), int('BatchCount', 1)], [getItem]);
    assert.equal(peekBinaryCredential(device), undefined);
  });

  it('need only the header: a broken body after it does not matter', () => {
    const good = message([version(1, 4), auth(enumeration('CredentialType', 'UsernameAndPassword'), 'u', 'p'), int('BatchCount', 1)], [getItem]);
    const header = decodeBinaryTtlv(good);
    assert.ok(header.type === 'Structure');
    const headerLength = encodeBinaryTtlv(header.value[0] as TtlvNode).length;
    const truncated = good.slice(0, 8 + headerLength + 3);
    assert.deepEqual(peekBinaryCredential(truncated), { username: 'u', password: 'p' });
    assert.deepEqual(peekBinaryVersion(truncated), { major: 1, minor: 4 });
  });

  it('refuse (credential) or give up (version) when the header cannot be read', () => {
    for (const bad of [Uint8Array.of(), Uint8Array.of(0x42, 0, 0x78, 1, 0, 0, 0, 8), encodeBinaryTtlv(bytes('UniqueIdentifier', Uint8Array.of(1)))]) {
      assert.throws(() => peekBinaryCredential(bad), invalidMessage);
      assert.equal(peekBinaryVersion(bad), undefined);
    }
  });
});
