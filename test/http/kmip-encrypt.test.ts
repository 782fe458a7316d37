/**
 * Encrypt and Decrypt through the real HTTP endpoint, in both database types, for every cipher:
 * AES-GCM, ChaCha20-Poly1305, AES-CBC, AES-CTR, AES key wrap, RSA-OAEP (SHA-1/256/384/512), RSA
 * PKCS#1 v1.5 (with implicit rejection) and RSA-AES key wrap, plus BulkData; results are checked
 * with node:crypto.
 * @module
 */
import assert from 'node:assert/strict';
import { constants, createCipheriv, createDecipheriv, privateDecrypt, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { bytesField } from '../helpers/kmip-requests.js';
import { bytes, enumeration, int, struct, text } from '../../src/kmip/ttlv/build.js';
import { rsaPkcs1Decrypt } from '../../src/crypto/rsa-cipher.js';
import { createPair, createWith, flipBit, hex, kmipModes, MODES, paramsNode, privateKey, symmetricKey, uidOf, type KmipClient, type Pair, type Params } from './kmip-modes.js';
import type { TtlvNode, TtlvStructure } from '../../src/kmip/ttlv/node.js';

const clientOf = kmipModes();
const PLAINTEXT = Buffer.from('forty-two bytes of plaintext over http!!!!', 'utf8');
const AAD = Buffer.from('header v1', 'utf8');

interface Fields {
  readonly nonce?: Uint8Array | undefined;
  readonly tag?: Uint8Array | undefined;
  readonly aad?: Uint8Array | undefined;
}

function cipherRequest(op: 'Encrypt' | 'Decrypt', uid: string, data: Uint8Array, p?: Params, f: Fields = {}): TtlvNode {
  return struct(op, [
    text('UniqueIdentifier', uid),
    paramsNode(p),
    bytes('Data', data),
    f.nonce === undefined ? undefined : bytes('IvCounterNonce', f.nonce),
    f.aad === undefined ? undefined : bytes('AuthenticatedEncryptionAdditionalData', f.aad),
    f.tag === undefined ? undefined : bytes('AuthenticatedEncryptionTag', f.tag),
  ]);
}

const optBytes = (s: TtlvStructure, tag: string): Uint8Array | undefined => {
  const n = s.value.find((c) => c.tag === tag);
  return n?.type === 'ByteString' ? n.value : undefined;
};

/** Encrypt's outputs. */
interface Sealed {
  readonly data: Uint8Array;
  readonly nonce: Uint8Array | undefined;
  readonly tag: Uint8Array | undefined;
}

/** Cosmian's BulkData framing: 0x87 0x87, LEB128 count, then LEB128 length and bytes per item. */
function leb128(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}
function bulk(items: readonly Uint8Array[]): Uint8Array {
  return Uint8Array.from([0x87, 0x87, ...leb128(items.length), ...items.flatMap((i) => [...leb128(i.length), ...i])]);
}
function unbulk(b: Uint8Array): Uint8Array[] {
  assert.ok(b[0] === 0x87 && b[1] === 0x87, 'not BulkData');
  let at = 2;
  const read = (): number => {
    let v = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = b[at++] ?? 0;
      v += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return v;
    }
  };
  const items: Uint8Array[] = [];
  for (let count = read(); count > 0; count--) {
    const len = read();
    items.push(b.subarray(at, at + len));
    at += len;
  }
  assert.equal(at, b.length, 'trailing bytes after the BulkData items');
  return items;
}

function openLocally(algorithm: 'aes-256-gcm' | 'chacha20-poly1305', key: Uint8Array, nonce: Uint8Array, data: Uint8Array, tag: Uint8Array, aad?: Uint8Array): Buffer {
  const d = algorithm === 'aes-256-gcm' ? createDecipheriv(algorithm, key, nonce) : createDecipheriv(algorithm, key, nonce, { authTagLength: 16 });
  if (aad !== undefined) d.setAAD(aad, { plaintextLength: data.length });
  d.setAuthTag(tag);
  return Buffer.concat([d.update(data), d.final()]);
}

const oaep = (hash: string): { padding: number; oaepHash: string } => ({ padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash });

for (const mode of MODES) {
  describe(`Encrypt and Decrypt over HTTP (${mode})`, () => {
    const c = (): KmipClient => clientOf(mode);
    let aes = '';
    let aesKey: Uint8Array = new Uint8Array(0);
    let chacha = '';
    let chachaKey: Uint8Array = new Uint8Array(0);
    let rsa: Pair;
    let rsaKey: KeyObject;
    before(async () => {
      aes = uidOf(await c().call(createWith([enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 256)])));
      aesKey = await symmetricKey(c(), aes);
      chacha = uidOf(await c().call(createWith([enumeration('CryptographicAlgorithm', 'ChaCha20'), int('CryptographicLength', 256)])));
      chachaKey = await symmetricKey(c(), chacha);
      rsa = await createPair(c(), { algorithm: 'RSA', length: 2048 });
      rsaKey = await privateKey(c(), rsa.priv);
    });

    const encrypt = async (uid: string, data: Uint8Array, p?: Params, f?: Fields): Promise<Sealed> => {
      const res = await c().call(cipherRequest('Encrypt', uid, data, p, f));
      assert.equal(res.tag, 'EncryptResponse');
      assert.equal(uidOf(res), uid);
      return { data: bytesField(res, 'Data'), nonce: optBytes(res, 'IvCounterNonce'), tag: optBytes(res, 'AuthenticatedEncryptionTag') };
    };
    const decrypt = async (uid: string, s: Sealed, p?: Params, aad?: Uint8Array): Promise<Buffer> => {
      const res = await c().call(cipherRequest('Decrypt', uid, s.data, p, { nonce: s.nonce, tag: s.tag, aad }));
      assert.equal(res.tag, 'DecryptResponse');
      return Buffer.from(bytesField(res, 'Data'));
    };
    const must = (b: Uint8Array | undefined, what: string): Uint8Array => b ?? assert.fail(`no ${what}`);

    for (const p of [undefined, { mode: 'GCM', algorithm: 'AES' }] as const) {
      it(`encrypts with AES-256-GCM (${p === undefined ? 'the default' : 'explicit GCM/AES'}) with AAD; node opens it and Decrypt returns the plaintext`, async () => {
        const s = await encrypt(aes, PLAINTEXT, p, { aad: AAD });
        assert.equal(s.nonce?.length, 12);
        assert.equal(s.tag?.length, 16);
        assert.deepEqual(openLocally('aes-256-gcm', aesKey, must(s.nonce, 'nonce'), s.data, must(s.tag, 'tag'), AAD), PLAINTEXT);
        assert.deepEqual(await decrypt(aes, s, p, AAD), PLAINTEXT);
      });
    }

    it('encrypts with ChaCha20-Poly1305 under a ChaCha20 key, named or not', async () => {
      for (const p of [undefined, { algorithm: 'ChaCha20Poly1305' }]) {
        const s = await encrypt(chacha, PLAINTEXT, p, { aad: AAD });
        assert.deepEqual(openLocally('chacha20-poly1305', chachaKey, must(s.nonce, 'nonce'), s.data, must(s.tag, 'tag'), AAD), PLAINTEXT);
        assert.deepEqual(await decrypt(chacha, s, p, AAD), PLAINTEXT);
      }
    });

    for (const [mode_, nodeName] of [['CBC', 'aes-256-cbc'], ['CTR', 'aes-256-ctr']] as const) {
      it(`encrypts with AES-${mode_}, with a server IV and with the client's IV`, async () => {
        const p = { mode: mode_, algorithm: 'AES' };
        const server = await encrypt(aes, PLAINTEXT, p);
        assert.equal(server.tag, undefined);
        const iv = new Uint8Array(randomBytes(16));
        const client = await encrypt(aes, PLAINTEXT, p, { nonce: iv });
        assert.equal(hex(must(client.nonce, 'IV')), hex(iv));
        for (const s of [server, client]) {
          assert.equal(s.data.length, mode_ === 'CBC' ? 48 : PLAINTEXT.length);
          const d = createDecipheriv(nodeName, aesKey, must(s.nonce, 'IV'));
          assert.deepEqual(Buffer.concat([d.update(s.data), d.final()]), PLAINTEXT);
          assert.deepEqual(await decrypt(aes, s, p), PLAINTEXT);
        }
        const local = createCipheriv(nodeName, aesKey, iv);
        assert.equal(hex(client.data), hex(Buffer.concat([local.update(PLAINTEXT), local.final()])));
      });
    }

    it('encrypts with NISTKeyWrap (RFC 5649): no nonce, and node unwraps it', async () => {
      const secret = new Uint8Array(randomBytes(32));
      const s = await encrypt(aes, secret, { mode: 'NISTKeyWrap' });
      assert.equal(s.nonce, undefined);
      assert.equal(s.data.length, 40);
      const d = createDecipheriv('id-aes256-wrap-pad', aesKey, Buffer.from('a65959a6', 'hex'));
      assert.equal(hex(Buffer.concat([d.update(s.data), d.final()])), hex(secret));
      assert.equal(hex(await decrypt(aes, s, { mode: 'NISTKeyWrap' })), hex(secret));
    });

    for (const [hash, nodeHash] of [['SHA1', 'sha1'], ['SHA256', 'sha256'], ['SHA384', 'sha384'], ['SHA512', 'sha512']] as const) {
      it(`encrypts with RSA-OAEP ${hash} under the public key; node and Decrypt with the private key open it`, async () => {
        const p = { padding: 'OAEP', hash };
        const s = await encrypt(rsa.pub, PLAINTEXT, p);
        assert.equal(s.data.length, 256);
        assert.deepEqual(privateDecrypt({ key: rsaKey, ...oaep(nodeHash) }, s.data), PLAINTEXT);
        assert.deepEqual(await decrypt(rsa.priv, s, p), PLAINTEXT);
        const local = publicEncrypt({ key: rsaKey, ...oaep(nodeHash) }, PLAINTEXT);
        assert.deepEqual(await decrypt(rsa.priv, { data: local, nonce: undefined, tag: undefined }, p), PLAINTEXT);
      });
    }

    it('encrypts with RSA PKCS#1 v1.5, and decrypts what node encrypted that way', async () => {
      const p = { padding: 'PKCS1v15', algorithm: 'RSA' };
      const s = await encrypt(rsa.pub, PLAINTEXT, p);
      assert.equal(s.data.length, 256);
      assert.deepEqual(await decrypt(rsa.priv, s, p), PLAINTEXT);
      const local = publicEncrypt({ key: rsaKey, padding: constants.RSA_PKCS1_PADDING }, PLAINTEXT);
      assert.deepEqual(await decrypt(rsa.priv, { data: local, nonce: undefined, tag: undefined }, p), PLAINTEXT);
    });

    it('answers a tampered RSA PKCS#1 v1.5 ciphertext with a synthetic plaintext, not Cryptographic_Failure (implicit rejection)', async () => {
      const p = { padding: 'PKCS1v15', algorithm: 'RSA' };
      const s = await encrypt(rsa.pub, PLAINTEXT, p);
      const tampered: Sealed = { data: flipBit(s.data, 100), nonce: undefined, tag: undefined };
      const synthetic = await decrypt(rsa.priv, tampered, p);
      assert.notEqual(hex(synthetic), hex(PLAINTEXT));
      assert.ok(synthetic.length <= 256 - 11, `length ${synthetic.length}`);
      assert.equal(hex(await decrypt(rsa.priv, tampered, p)), hex(synthetic), 'the same ciphertext always gives the same message');
      assert.equal(hex(synthetic), hex(rsaPkcs1Decrypt(rsaKey, tampered.data)), 'the message the private key and ciphertext determine');
    });

    it('encrypts with RSA-AES key wrap: OAEP of an ephemeral AES key, then RFC 5649 under it', async () => {
      const secret = new Uint8Array(randomBytes(48));
      const s = await encrypt(rsa.pub, secret, { algorithm: 'AES' });
      const ephemeral = privateDecrypt({ key: rsaKey, ...oaep('sha256') }, s.data.subarray(0, 256));
      const d = createDecipheriv(`id-aes${ephemeral.length * 8}-wrap-pad`, ephemeral, Buffer.from('a65959a6', 'hex'));
      assert.equal(hex(Buffer.concat([d.update(s.data.subarray(256)), d.final()])), hex(secret));
      assert.equal(hex(await decrypt(rsa.priv, s, { algorithm: 'AES' })), hex(secret));
    });

    it('encrypts BulkData item by item (nonce || ciphertext || tag each) and decrypts it back to BulkData', async () => {
      const items = [Buffer.from('first', 'utf8'), new Uint8Array(0), new Uint8Array(randomBytes(300))];
      const s = await encrypt(aes, bulk(items));
      assert.equal(s.nonce, undefined);
      const sealed = unbulk(s.data);
      assert.equal(sealed.length, items.length);
      sealed.forEach((item, i) => {
        const plain = openLocally('aes-256-gcm', aesKey, item.subarray(0, 12), item.subarray(12, item.length - 16), item.subarray(item.length - 16));
        assert.equal(hex(plain), hex(items[i] ?? new Uint8Array(0)));
      });
      const opened = unbulk(await decrypt(aes, { data: s.data, nonce: undefined, tag: undefined }));
      assert.deepEqual(opened.map(hex), items.map(hex));
    });

    it('encrypts and decrypts 300 KiB with AES-GCM and ChaCha20-Poly1305 (the size the server hands to its worker thread)', async () => {
      const big = new Uint8Array(randomBytes(300 * 1024));
      for (const [uid, key, algorithm] of [[aes, aesKey, 'aes-256-gcm'], [chacha, chachaKey, 'chacha20-poly1305']] as const) {
        const s = await encrypt(uid, big, undefined, { aad: AAD });
        assert.equal(s.data.length, big.length);
        assert.ok(openLocally(algorithm, key, must(s.nonce, 'nonce'), s.data, must(s.tag, 'tag'), AAD).equals(big));
        assert.ok((await decrypt(uid, s, undefined, AAD)).equals(big));
        await c().callError(cipherRequest('Decrypt', uid, s.data, undefined, { nonce: s.nonce, tag: s.tag }), 'Cryptographic_Failure');
      }
    });

    it('refuses a tampered GCM ciphertext or tag, a wrong AAD and a CBC padding that does not check', async () => {
      const s = await encrypt(aes, PLAINTEXT, undefined, { aad: AAD });
      await c().callError(cipherRequest('Decrypt', aes, flipBit(s.data, 2), undefined, { nonce: s.nonce, tag: s.tag, aad: AAD }), 'Cryptographic_Failure');
      await c().callError(cipherRequest('Decrypt', aes, s.data, undefined, { nonce: s.nonce, tag: flipBit(must(s.tag, 'tag'), 15), aad: AAD }), 'Cryptographic_Failure');
      await c().callError(cipherRequest('Decrypt', aes, s.data, undefined, { nonce: s.nonce, tag: s.tag }), 'Cryptographic_Failure');
      // A block whose last byte is 0 can never be PKCS#7 padding.
      const iv = new Uint8Array(16);
      const raw = createCipheriv('aes-256-cbc', aesKey, iv).setAutoPadding(false);
      const badPadding = Buffer.concat([raw.update(new Uint8Array(16)), raw.final()]);
      await c().callError(cipherRequest('Decrypt', aes, badPadding, { mode: 'CBC' }, { nonce: iv }), 'Cryptographic_Failure');
      await c().callError(cipherRequest('Decrypt', aes, badPadding.subarray(1), { mode: 'CBC' }, { nonce: iv }), 'Bad_Cryptographic_Parameters');
    });

    it('refuses modes, parameters and fields that do not fit the key, and a BulkData with one nonce', async () => {
      await c().callError(cipherRequest('Encrypt', aes, PLAINTEXT, { mode: 'ECB' }), 'Unsupported_Cryptographic_Parameters');
      await c().callError(cipherRequest('Encrypt', chacha, PLAINTEXT, { mode: 'GCM' }), 'Bad_Cryptographic_Parameters');
      await c().callError(cipherRequest('Encrypt', aes, PLAINTEXT, undefined, { nonce: new Uint8Array(8) }), 'Bad_Cryptographic_Parameters');
      await c().callError(cipherRequest('Encrypt', rsa.pub, PLAINTEXT, { padding: 'PSS' }), 'Unsupported_Cryptographic_Parameters');
      await c().callError(cipherRequest('Encrypt', rsa.pub, PLAINTEXT, undefined, { nonce: new Uint8Array(12) }), 'Bad_Cryptographic_Parameters');
      await c().callError(cipherRequest('Encrypt', aes, bulk([PLAINTEXT]), undefined, { nonce: new Uint8Array(12) }), 'Bad_Cryptographic_Parameters');
      await c().callError(cipherRequest('Decrypt', aes, PLAINTEXT, { mode: 'CTR' }), 'Missing_Initialization_Vector');
      await c().callError(cipherRequest('Decrypt', rsa.pub, new Uint8Array(256)), 'Incompatible_Cryptographic_Usage_Mask');
      await c().callError(cipherRequest('Encrypt', 'no-such-key', PLAINTEXT), 'Item_Not_Found');
    });
  });
}
