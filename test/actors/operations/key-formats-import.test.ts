import { after, afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { constants, privateDecrypt, publicEncrypt, sign, verify, type KeyObject } from 'node:crypto';
import { bool, bytes, enumeration, int, struct, text } from '../../../src/kmip/ttlv/build.js';
import { openActorFixture, STORE_KINDS, type ActorFixture } from '../actor-fixture.js';
import { bytesField, decryptRequest, encryptRequest, getRequest, structField, textField } from '../../helpers/kmip-requests.js';
import { enumField, keyBlockOf, rawKeyOf } from '../helpers.js';
import { createPair, createTrustedKek, fetchRequest, jwkBig, jwkBytes, privateDer, Scratch, wrappingSpec } from '../asymmetric-helpers.js';
import type { TtlvNode } from '../../../src/kmip/ttlv/node.js';

const scratch = new Scratch();
after(() => {
  scratch.close();
});

/** A key openssl generated, in every DER form openssl writes for it. */
interface OpensslKey {
  readonly pkcs8: Buffer;
  readonly spki: Buffer;
  readonly pkcs1?: Buffer;
  readonly pkcs1Public?: Buffer;
  readonly sec1?: Buffer;
  readonly privateKey: KeyObject;
}

function opensslKey(genpkey: readonly string[], rsa: boolean, ec: boolean): OpensslKey {
  const pem = scratch.file(scratch.openssl(['genpkey', ...genpkey]));
  const pkcs8 = scratch.openssl(['pkcs8', '-topk8', '-nocrypt', '-in', pem, '-outform', 'DER']);
  return {
    pkcs8,
    spki: scratch.openssl(['pkey', '-in', pem, '-pubout', '-outform', 'DER']),
    ...(rsa ? { pkcs1: scratch.openssl(['rsa', '-in', pem, '-traditional', '-outform', 'DER']), pkcs1Public: scratch.openssl(['rsa', '-in', pem, '-RSAPublicKey_out', '-outform', 'DER']) } : {}),
    ...(ec ? { sec1: scratch.openssl(['ec', '-in', pem, '-outform', 'DER']) } : {}),
    privateKey: privateDer(pkcs8, 'pkcs8'),
  };
}

const KEYS: Readonly<Record<string, OpensslKey>> = {
  RSA: opensslKey(['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], true, false),
  P256: opensslKey(['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-pkeyopt', 'ec_param_enc:named_curve'], false, true),
  P384: opensslKey(['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384', '-pkeyopt', 'ec_param_enc:named_curve'], false, true),
  Ed25519: opensslKey(['-algorithm', 'ED25519'], false, false),
  X25519: opensslKey(['-algorithm', 'X25519'], false, false),
};
const keyOf = (name: string): OpensslKey => KEYS[name] ?? assert.fail(`no ${name} key`);
const BLOCK_ALGORITHM: Readonly<Record<string, string>> = { RSA: 'RSA', P256: 'ECDSA', P384: 'EC', Ed25519: 'Ed25519', X25519: 'ECDH' };
const CURVE: Readonly<Record<string, string>> = { P256: 'P256', P384: 'P384', Ed25519: 'CURVEED25519', X25519: 'CURVE25519' };

const bigInteger = (tag: string, value: bigint): TtlvNode => ({ tag, type: 'BigInteger', value });
const byteMaterial = (b: Uint8Array): TtlvNode => struct('KeyMaterial', [bytes('ByteString', b)]);

function transparent(name: string, half: 'private' | 'public'): TtlvNode {
  const jwk = keyOf(name).privateKey.export({ format: 'jwk' });
  if (name === 'RSA') {
    const fields = half === 'public' ? [['Modulus', jwk.n], ['PublicExponent', jwk.e]] as const
      : [['Modulus', jwk.n], ['PrivateExponent', jwk.d], ['PublicExponent', jwk.e], ['P', jwk.p], ['Q', jwk.q], ['PrimeExponentP', jwk.dp], ['PrimeExponentQ', jwk.dq], ['CrtCoefficient', jwk.qi]] as const;
    return struct('KeyMaterial', fields.map(([tag, v]) => bigInteger(tag, jwkBig(v))));
  }
  const q = name === 'Ed25519' || name === 'X25519' ? jwkBytes(jwk.x) : Buffer.concat([Buffer.of(4), jwkBytes(jwk.x), jwkBytes(jwk.y)]);
  return struct('KeyMaterial', [
    enumeration('RecommendedCurve', CURVE[name] ?? ''),
    half === 'private' ? bigInteger('D', jwkBig(jwk.d)) : bytes('QString', q),
  ]);
}

/** One key, in one format, to bring in. */
interface ImportCase {
  readonly key: string;
  readonly half: 'private' | 'public';
  readonly format: string;
  readonly material: () => TtlvNode;
  /** CryptographicAlgorithm in the KeyBlock (the key's usual one unless null). */
  readonly blockAlgorithm?: string | null;
  readonly attributes?: readonly TtlvNode[];
}

const raw = (b: Buffer): Buffer => b.subarray(b.length - 32); // RFC 8410 DER ends with the 32 key bytes
const CASES: readonly ImportCase[] = [
  { key: 'RSA', half: 'private', format: 'PKCS1', material: () => byteMaterial(keyOf('RSA').pkcs1 ?? Buffer.alloc(0)) },
  { key: 'RSA', half: 'private', format: 'PKCS8', material: () => byteMaterial(keyOf('RSA').pkcs8) },
  { key: 'RSA', half: 'private', format: 'TransparentRSAPrivateKey', material: () => transparent('RSA', 'private') },
  { key: 'RSA', half: 'public', format: 'PKCS1', material: () => byteMaterial(keyOf('RSA').pkcs1Public ?? Buffer.alloc(0)) },
  { key: 'RSA', half: 'public', format: 'PKCS8', material: () => byteMaterial(keyOf('RSA').spki) },
  { key: 'RSA', half: 'public', format: 'TransparentRSAPublicKey', material: () => transparent('RSA', 'public') },
  ...['P256', 'P384'].flatMap((key): ImportCase[] => [
    { key, half: 'private', format: 'PKCS8', material: () => byteMaterial(keyOf(key).pkcs8) },
    { key, half: 'private', format: 'ECPrivateKey', material: () => byteMaterial(keyOf(key).sec1 ?? Buffer.alloc(0)) },
    { key, half: 'private', format: 'TransparentECPrivateKey', material: () => transparent(key, 'private') },
    { key, half: 'public', format: 'PKCS8', material: () => byteMaterial(keyOf(key).spki) },
    { key, half: 'public', format: 'TransparentECPublicKey', material: () => transparent(key, 'public') },
  ]),
  ...['Ed25519', 'X25519'].flatMap((key): ImportCase[] => [
    { key, half: 'private', format: 'PKCS8', material: () => byteMaterial(keyOf(key).pkcs8) },
    { key, half: 'private', format: 'TransparentECPrivateKey', material: () => transparent(key, 'private') },
    { key, half: 'public', format: 'PKCS8', material: () => byteMaterial(keyOf(key).spki) },
    { key, half: 'public', format: 'TransparentECPublicKey', material: () => transparent(key, 'public') },
  ]),
  { key: 'Ed25519', half: 'private', format: 'Raw', material: () => byteMaterial(raw(keyOf('Ed25519').pkcs8)) },
  { key: 'Ed25519', half: 'public', format: 'Raw', material: () => byteMaterial(raw(keyOf('Ed25519').spki)), blockAlgorithm: null, attributes: [enumeration('CryptographicAlgorithm', 'Ed25519')] },
  ...(['private', 'public'] as const).map((half): ImportCase => ({
    key: 'X25519', half, format: 'Raw', blockAlgorithm: half === 'private' ? 'ECDH' : null,
    material: () => byteMaterial(raw(half === 'private' ? keyOf('X25519').pkcs8 : keyOf('X25519').spki)),
    attributes: [struct('CryptographicDomainParameters', [enumeration('RecommendedCurve', 'CURVE25519')])],
  })),
];

/** An Import or Register request for a key block. */
function bringIn(op: 'Import' | 'Register', objectType: string, format: string, material: TtlvNode, algorithm: string | null, attributes: readonly TtlvNode[] = []): TtlvNode {
  const object = struct('Object', [
    struct('KeyBlock', [enumeration('KeyFormatType', format), struct('KeyValue', [material]), algorithm === null ? undefined : enumeration('CryptographicAlgorithm', algorithm)]),
  ]);
  const attrs = attributes.length === 0 ? undefined : struct('Attributes', attributes);
  if (op === 'Register') return struct('Register', [enumeration('ObjectType', objectType), attrs ?? struct('Attributes', []), object]);
  return struct('Import', [text('UniqueIdentifier', ''), enumeration('ObjectType', objectType), attrs, object]);
}

const DATA = Buffer.from('imported keys must work like generated ones', 'utf8');
const signRequest = (uid: string): TtlvNode => struct('Sign', [text('UniqueIdentifier', uid), bytes('Data', DATA)]);
const verifyRequest = (uid: string, sig: Uint8Array): TtlvNode => struct('SignatureVerify', [text('UniqueIdentifier', uid), bytes('Data', DATA), bytes('SignatureData', sig)]);
const HASH: Readonly<Record<string, string | null>> = { P256: 'sha256', P384: 'sha384', Ed25519: null };
const oaep = (key: KeyObject): { key: KeyObject; padding: number; oaepHash: string } => ({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' });

for (const kind of STORE_KINDS) {
  describe(`Import and Register of openssl keys in each format (${kind} store)`, () => {
    let fx: ActorFixture;
    beforeEach(() => {
      fx = openActorFixture(kind);
    });
    afterEach(() => {
      fx.close();
    });

    /** Uses the key as its kind allows, checked against openssl's key with node. */
    function exercise(c: ImportCase, uid: string): void {
      const k = keyOf(c.key);
      if (c.key === 'RSA' && c.half === 'private') {
        const sig = bytesField(fx.call(signRequest(uid)), 'SignatureData');
        assert.ok(verify('sha256', DATA, { key: k.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, sig));
        const ciphertext = publicEncrypt(oaep(k.privateKey), DATA);
        assert.deepEqual(Buffer.from(bytesField(fx.call(decryptRequest(uid, ciphertext, undefined, undefined)), 'Data')), DATA);
      } else if (c.key === 'RSA') {
        const ciphertext = bytesField(fx.call(encryptRequest(uid, DATA)), 'Data');
        assert.deepEqual(privateDecrypt(oaep(k.privateKey), ciphertext), DATA);
      } else if (c.key !== 'X25519' && c.half === 'private') {
        assert.ok(verify(HASH[c.key] ?? null, DATA, k.privateKey, bytesField(fx.call(signRequest(uid)), 'SignatureData')), 'node verifies');
      } else if (c.key !== 'X25519') {
        assert.equal(enumField(fx.call(verifyRequest(uid, sign(HASH[c.key] ?? null, DATA, k.privateKey))), 'ValidityIndicator'), 'Valid');
      }
      // Whatever came in, the key read back is openssl's, byte for byte.
      assert.deepEqual(Buffer.from(rawKeyOf(fx.call(getRequest(uid, 'PKCS8')))), c.half === 'private' ? k.pkcs8 : k.spki);
    }

    for (const op of ['Import', 'Register'] as const) {
      for (const c of CASES) {
        it(`${op}s the openssl ${c.key} ${c.half} key given as ${c.format} and uses it`, () => {
          const algorithm = c.blockAlgorithm === undefined ? (BLOCK_ALGORITHM[c.key] ?? null) : c.blockAlgorithm;
          const res = fx.call(bringIn(op, c.half === 'private' ? 'PrivateKey' : 'PublicKey', c.format, c.material(), algorithm, c.attributes));
          exercise(c, textField(res, 'UniqueIdentifier'));
        });
      }
    }

    it('encrypts with an imported RSA public key what the imported private key decrypts', () => {
      const pub = textField(fx.call(bringIn('Import', 'PublicKey', 'PKCS1', byteMaterial(keyOf('RSA').pkcs1Public ?? Buffer.alloc(0)), 'RSA')), 'UniqueIdentifier');
      const priv = textField(fx.call(bringIn('Register', 'PrivateKey', 'PKCS8', byteMaterial(keyOf('RSA').pkcs8), 'RSA')), 'UniqueIdentifier');
      const ciphertext = bytesField(fx.call(encryptRequest(pub, DATA, { algorithm: 'RSA' })), 'Data');
      assert.deepEqual(Buffer.from(bytesField(fx.call(decryptRequest(priv, ciphertext, undefined, undefined, { algorithm: 'RSA' })), 'Data')), DATA);
    });

    it('refuses Raw 25519 bytes with nothing naming the curve, and formats a key cannot come in', () => {
      fx.callError(bringIn('Import', 'PrivateKey', 'Raw', byteMaterial(raw(keyOf('Ed25519').pkcs8)), null), 'Key_Format_Type_Not_Supported');
      fx.callError(bringIn('Import', 'PrivateKey', 'PKCS1', byteMaterial(keyOf('P256').pkcs8), 'EC'), 'Invalid_Attribute_Value');
      fx.callError(bringIn('Import', 'PublicKey', 'ECPrivateKey', byteMaterial(keyOf('P256').sec1 ?? Buffer.alloc(0)), 'EC'), 'Key_Format_Type_Not_Supported');
      fx.callError(bringIn('Import', 'PrivateKey', 'TransparentRSAPublicKey', transparent('RSA', 'public'), 'RSA'), 'Key_Format_Type_Not_Supported');
    });

    it('refuses keys of curves and algorithms it does not hold, and transparent material that is no key', () => {
      for (const genpkey of [['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:secp256k1'], ['-algorithm', 'ED448']]) {
        const pkcs8 = scratch.openssl(['pkcs8', '-topk8', '-nocrypt', '-outform', 'DER', '-in', scratch.file(scratch.openssl(['genpkey', ...genpkey]))]);
        fx.callError(bringIn('Import', 'PrivateKey', 'PKCS8', byteMaterial(pkcs8), null), 'Key_Format_Type_Not_Supported');
      }
      const jwk = keyOf('RSA').privateKey.export({ format: 'jwk' });
      const partial = struct('KeyMaterial', [bigInteger('Modulus', jwkBig(jwk.n)), bigInteger('PrivateExponent', jwkBig(jwk.d)), bigInteger('PublicExponent', jwkBig(jwk.e))]);
      fx.callError(bringIn('Import', 'PrivateKey', 'TransparentRSAPrivateKey', partial, 'RSA'), 'Invalid_Message');
      const offCurve = struct('KeyMaterial', [enumeration('RecommendedCurve', 'P256'), bytes('QString', Buffer.concat([Buffer.of(4), Buffer.alloc(64, 1)]))]);
      fx.callError(bringIn('Import', 'PublicKey', 'TransparentECPublicKey', offCurve, 'EC'), 'Invalid_Attribute_Value');
      const order = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n; // P-256's group order: not a valid scalar
      fx.callError(bringIn('Import', 'PrivateKey', 'TransparentECPrivateKey', struct('KeyMaterial', [enumeration('RecommendedCurve', 'P256'), bigInteger('D', order)]), 'EC'), 'Invalid_Attribute_Value');
    });

    it('refuses a CryptographicAlgorithm that contradicts the key', () => {
      fx.callError(bringIn('Import', 'PrivateKey', 'PKCS8', byteMaterial(keyOf('Ed25519').pkcs8), 'RSA'), 'Invalid_Attribute_Value');
      fx.callError(bringIn('Register', 'PublicKey', 'PKCS8', byteMaterial(keyOf('RSA').spki), 'ECDSA'), 'Invalid_Attribute_Value');
      fx.callError(bringIn('Import', 'PrivateKey', 'ECPrivateKey', byteMaterial(keyOf('P256').sec1 ?? Buffer.alloc(0)), 'Ed25519'), 'Invalid_Attribute_Value');
      fx.callError(bringIn('Import', 'PublicKey', 'PKCS8', byteMaterial(keyOf('X25519').spki), 'AES'), 'Invalid_Attribute_Value');
    });

    it('refuses a Sensitive private key in the clear (reason Sensitive) and hands it out wrapped under a trusted key only', async () => {
      const ids = await createPair(fx, { algorithm: 'ECDSA', curve: 'P256', privateAttributes: [bool('Sensitive', true)] });
      fx.callError(getRequest(ids.priv), 'Sensitive');
      fx.callError(fetchRequest('Export', ids.priv, 'PKCS8'), 'Sensitive');
      assert.equal(rawKeyOf(fx.call(getRequest(ids.pub, 'PKCS8'))).length, 91);
      // A Sensitive key leaves only under a trusted key: generated protected, and unable to Decrypt.
      const trustedKek = (): string => createTrustedKek(fx);
      fx.callError(fetchRequest('Get', ids.priv, 'PKCS8', wrappingSpec(fx.create())), 'Sensitive');
      const wrapped = fx.call(fetchRequest('Get', ids.priv, 'PKCS8', wrappingSpec(trustedKek())));
      assert.equal(keyBlockOf(wrapped).value.some((n) => n.tag === 'KeyWrappingData'), true);
      const aes = fx.create({ uid: `sensitive-${kind}` });
      fx.call(struct('SetAttribute', [text('UniqueIdentifier', aes), struct('NewAttribute', [bool('Sensitive', true)])]));
      fx.callError(getRequest(aes), 'Sensitive');
      assert.equal(keyBlockOf(fx.call(fetchRequest('Get', aes, undefined, wrappingSpec(trustedKek())))).value.some((n) => n.tag === 'KeyWrappingData'), true);
    });

    it('refuses a key that is not Extractable, even wrapped, and still uses it', async () => {
      const ids = await createPair(fx, { algorithm: 'Ed25519', privateAttributes: [bool('Extractable', false)] });
      const kek = fx.create();
      fx.callError(getRequest(ids.priv), 'Not_Extractable');
      fx.callError(fetchRequest('Get', ids.priv, undefined, wrappingSpec(kek)), 'Not_Extractable');
      fx.callError(fetchRequest('Export', ids.priv, 'PKCS8', wrappingSpec(kek, { encoding: 'NoEncoding' })), 'Not_Extractable');
      assert.equal(bytesField(fx.call(signRequest(ids.priv)), 'SignatureData').length, 64);
    });

    it('creates SecretData that Get returns as 32 Raw bytes with its SecretDataType', () => {
      const create = (): string => textField(fx.call(struct('Create', [enumeration('ObjectType', 'SecretData'), struct('Attributes', [int('CryptographicLength', 256), enumeration('ObjectType', 'SecretData')])])), 'UniqueIdentifier');
      const [a, b] = [create(), create()];
      const res = fx.call(getRequest(a));
      assert.equal(enumField(res, 'ObjectType'), 'SecretData');
      assert.equal(enumField(structField(res, 'Object'), 'SecretDataType'), 'Seed');
      assert.equal(enumField(keyBlockOf(res), 'KeyFormatType'), 'Raw');
      const secret = rawKeyOf(res);
      assert.equal(secret.length, 32);
      assert.notDeepEqual(secret, rawKeyOf(fx.call(getRequest(b))));
      assert.deepEqual(rawKeyOf(fx.call(getRequest(a, 'Raw'))), secret);
      fx.callError(getRequest(a, 'TransparentSymmetricKey'), 'Key_Format_Type_Not_Supported');
    });

    it('round-trips SecretData through Import and Register', () => {
      const secret = Buffer.from('a password is secret data too', 'utf8');
      const object = struct('Object', [enumeration('SecretDataType', 'Password'), struct('KeyBlock', [enumeration('KeyFormatType', 'Raw'), struct('KeyValue', [byteMaterial(secret)])])]);
      const imported = textField(fx.call(struct('Import', [text('UniqueIdentifier', 'sd-1'), enumeration('ObjectType', 'SecretData'), object])), 'UniqueIdentifier');
      const registered = textField(fx.call(struct('Register', [enumeration('ObjectType', 'SecretData'), struct('Attributes', []), object])), 'UniqueIdentifier');
      for (const uid of [imported, registered]) {
        const res = fx.call(getRequest(uid));
        assert.equal(enumField(res, 'ObjectType'), 'SecretData');
        assert.equal(enumField(structField(res, 'Object'), 'SecretDataType'), 'Password');
        assert.deepEqual(Buffer.from(rawKeyOf(res)), secret);
      }
    });
  });
}
