import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { openActorFixture, STORE_KINDS, type ActorFixture } from '../actor-fixture.js';
import { bytesField, structField } from '../../helpers/kmip-requests.js';
import { enumField, intField, keyBlockOf, rawKeyOf } from '../helpers.js';
import {
  bigField, createPair, fetchRequest, jwkBig, jwkBytes, materialStruct, privateDer, publicDer, Scratch, spkiOf, type Fetch, type PairIds, type PairOptions,
} from '../asymmetric-helpers.js';
import type { TtlvStructure } from '../../../src/kmip/ttlv/node.js';

/** The key pairs every suite makes, by name. */
const PAIRS: Readonly<Record<string, PairOptions>> = {
  RSA: { algorithm: 'RSA', length: 2048 },
  P256: { algorithm: 'ECDSA', curve: 'P256' },
  P384: { algorithm: 'EC', curve: 'P384' },
  P521: { algorithm: 'ECDH', curve: 'P521' },
  Ed25519: { algorithm: 'Ed25519' },
  X25519: { algorithm: 'ECDH', curve: 'CURVE25519' },
};

/** What openssl says a key is: the start of its text form. */
const OPENSSL_TEXT: Readonly<Record<string, RegExp>> = {
  RSA: /Private-Key: \(2048 bit|Public-Key: \(2048 bit/,
  P256: /(Private|Public)-Key: \(256 bit\)[\s\S]*prime256v1/,
  P384: /(Private|Public)-Key: \(384 bit\)[\s\S]*secp384r1/,
  P521: /(Private|Public)-Key: \(521 bit\)[\s\S]*secp521r1/,
  Ed25519: /ED25519 (Private|Public)-Key:/,
  X25519: /X25519 (Private|Public)-Key:/,
};

const KMIP_CURVE: Readonly<Record<string, string>> = { P256: 'P256', P384: 'P384', P521: 'P521', Ed25519: 'CURVEED25519', X25519: 'CURVE25519' };

/** How a DER export is read: by openssl's command and by node. */
type DerKind = 'pkcs1-private' | 'pkcs8-private' | 'sec1' | 'pkcs1-public' | 'spki';

const OPENSSL_READ: Readonly<Record<DerKind, readonly string[]>> = {
  'pkcs1-private': ['rsa', '-inform', 'DER'],
  'pkcs8-private': ['pkey', '-inform', 'DER'],
  sec1: ['ec', '-inform', 'DER'],
  'pkcs1-public': ['rsa', '-RSAPublicKey_in', '-inform', 'DER'],
  spki: ['pkey', '-pubin', '-inform', 'DER'],
};

function nodeRead(der: Uint8Array, kind: DerKind): KeyObject {
  switch (kind) {
    case 'pkcs1-private':
      return privateDer(der, 'pkcs1');
    case 'pkcs8-private':
      return privateDer(der, 'pkcs8');
    case 'sec1':
      return privateDer(der, 'sec1');
    case 'pkcs1-public':
      return publicDer(der, 'pkcs1');
    case 'spki':
      return publicDer(der, 'spki');
  }
}

/** One format of one half of one pair. */
interface FormatCase {
  readonly pair: string;
  readonly half: 'private' | 'public';
  readonly format: string;
  readonly isDefault?: boolean;
  readonly check: DerKind | 'transparent' | 'raw';
}

const CURVES = ['P256', 'P384', 'P521'];
const OKP = ['Ed25519', 'X25519'];
const FORMATS: readonly FormatCase[] = [
  { pair: 'RSA', half: 'private', format: 'PKCS1', isDefault: true, check: 'pkcs1-private' },
  { pair: 'RSA', half: 'private', format: 'PKCS8', check: 'pkcs8-private' },
  { pair: 'RSA', half: 'private', format: 'TransparentRSAPrivateKey', check: 'transparent' },
  { pair: 'RSA', half: 'public', format: 'PKCS1', isDefault: true, check: 'pkcs1-public' },
  { pair: 'RSA', half: 'public', format: 'PKCS8', check: 'spki' },
  { pair: 'RSA', half: 'public', format: 'TransparentRSAPublicKey', check: 'transparent' },
  ...CURVES.flatMap((pair): FormatCase[] => [
    { pair, half: 'private', format: 'TransparentECPrivateKey', isDefault: true, check: 'transparent' },
    { pair, half: 'private', format: 'PKCS8', check: 'pkcs8-private' },
    { pair, half: 'private', format: 'ECPrivateKey', check: 'sec1' },
    { pair, half: 'public', format: 'TransparentECPublicKey', isDefault: true, check: 'transparent' },
    { pair, half: 'public', format: 'PKCS8', check: 'spki' },
  ]),
  ...OKP.flatMap((pair): FormatCase[] => [
    { pair, half: 'private', format: 'TransparentECPrivateKey', isDefault: true, check: 'transparent' },
    { pair, half: 'private', format: 'PKCS8', check: 'pkcs8-private' },
    { pair, half: 'private', format: 'Raw', check: 'raw' },
    { pair, half: 'public', format: 'TransparentECPublicKey', isDefault: true, check: 'transparent' },
    { pair, half: 'public', format: 'PKCS8', check: 'spki' },
    { pair, half: 'public', format: 'Raw', check: 'raw' },
  ]),
];

/** Formats a key cannot be exported in. */
const REFUSED: readonly [string, 'private' | 'public', string][] = [
  ['RSA', 'private', 'ECPrivateKey'], ['RSA', 'private', 'Raw'], ['RSA', 'public', 'Raw'], ['RSA', 'private', 'TransparentECPrivateKey'],
  ['RSA', 'public', 'TransparentECPublicKey'], ['RSA', 'private', 'TransparentSymmetricKey'], ['RSA', 'public', 'TransparentRSAPrivateKey'],
  ['P256', 'private', 'PKCS1'], ['P256', 'public', 'PKCS1'], ['P256', 'private', 'Raw'], ['P256', 'private', 'TransparentRSAPrivateKey'],
  ['P384', 'private', 'TransparentSymmetricKey'], ['P521', 'public', 'TransparentRSAPublicKey'],
  ['Ed25519', 'private', 'PKCS1'], ['Ed25519', 'private', 'ECPrivateKey'], ['X25519', 'public', 'PKCS1'], ['X25519', 'private', 'TransparentSymmetricKey'],
];

const scratch = new Scratch();
after(() => {
  scratch.close();
});

/** openssl parses the DER, describes the expected key, and derives the SPKI it would publish. */
function opensslSpki(der: Uint8Array, kind: DerKind, expected: RegExp): Buffer {
  const read = OPENSSL_READ[kind];
  assert.match(scratch.opensslIn([...read, '-noout', '-text'], der).toString('utf8'), expected);
  const pubin = kind === 'spki' || kind === 'pkcs1-public';
  return scratch.opensslIn([...read, ...(pubin ? [] : ['-pubout']), ...(kind === 'pkcs1-public' ? ['-pubout'] : []), '-outform', 'DER'], der);
}

function checkTransparent(m: TtlvStructure, c: FormatCase, jwk: JsonWebKey): void {
  if (c.pair === 'RSA') {
    assert.equal(bigField(m, 'Modulus'), jwkBig(jwk.n));
    assert.equal(bigField(m, 'PublicExponent'), jwkBig(jwk.e));
    const secret = [['PrivateExponent', jwk.d], ['P', jwk.p], ['Q', jwk.q], ['PrimeExponentP', jwk.dp], ['PrimeExponentQ', jwk.dq], ['CrtCoefficient', jwk.qi]] as const;
    for (const [tag, v] of secret) {
      if (c.half === 'private') assert.equal(bigField(m, tag), jwkBig(v), tag);
      else assert.equal(m.value.find((n) => n.tag === tag), undefined, `a public key has no ${tag}`);
    }
    return;
  }
  assert.equal(enumField(m, 'RecommendedCurve'), KMIP_CURVE[c.pair]);
  if (c.half === 'private') {
    assert.equal(bigField(m, 'D'), jwkBig(jwk.d));
    assert.equal(m.value.find((n) => n.tag === 'QString'), undefined);
    return;
  }
  const q = OKP.includes(c.pair) ? jwkBytes(jwk.x) : Buffer.concat([Buffer.of(4), jwkBytes(jwk.x), jwkBytes(jwk.y)]);
  assert.equal(Buffer.from(bytesField(m, 'QString')).toString('hex'), q.toString('hex'));
}

for (const kind of STORE_KINDS) {
  describe(`Get and Export of key pairs in each format (${kind} store)`, () => {
    let fx: ActorFixture;
    const pairs = new Map<string, PairIds>();
    /** Per pair: the public key's SPKI as openssl re-encodes it, and node's JWK of the private key. */
    const reference = new Map<string, { spki: Buffer; jwk: JsonWebKey; publicJwk: JsonWebKey }>();
    before(async () => {
      fx = openActorFixture(kind);
      for (const [name, o] of Object.entries(PAIRS)) {
        const ids = await createPair(fx, o);
        pairs.set(name, ids);
        const spki = Buffer.from(rawKeyOf(fx.call(fetchRequest('Get', ids.pub, 'PKCS8'))));
        const privateKey = privateDer(rawKeyOf(fx.call(fetchRequest('Get', ids.priv, 'PKCS8'))), 'pkcs8');
        reference.set(name, { spki: scratch.opensslIn(['pkey', '-pubin', '-inform', 'DER', '-pubout', '-outform', 'DER'], spki), jwk: privateKey.export({ format: 'jwk' }), publicJwk: publicDer(spki, 'spki').export({ format: 'jwk' }) });
      }
    });
    after(() => {
      fx.close();
    });

    const uidOf = (pair: string, half: 'private' | 'public'): string => {
      const ids = pairs.get(pair) ?? assert.fail(`no ${pair} pair`);
      return half === 'private' ? ids.priv : ids.pub;
    };
    const refOf = (pair: string): { spki: Buffer; jwk: JsonWebKey; publicJwk: JsonWebKey } => reference.get(pair) ?? assert.fail(`no ${pair} reference`);

    it('made keys whose public halves openssl reads as the same SPKI the private halves derive', () => {
      for (const [name, ref] of reference) assert.deepEqual(spkiOf(privateDer(rawKeyOf(fx.call(fetchRequest('Get', uidOf(name, 'private'), 'PKCS8'))), 'pkcs8')), ref.spki, name);
    });

    for (const op of ['Get', 'Export'] satisfies Fetch[]) {
      for (const c of FORMATS) {
        it(`${op} of the ${c.pair} ${c.half} key as ${c.format}${c.isDefault === true ? ' (the default)' : ''} describes the same key`, () => {
          const res = fx.call(fetchRequest(op, uidOf(c.pair, c.half), c.format));
          const block = keyBlockOf(res);
          assert.equal(enumField(res, 'ObjectType'), c.half === 'private' ? 'PrivateKey' : 'PublicKey');
          assert.equal(enumField(block, 'KeyFormatType'), c.format);
          assert.equal(enumField(structField(structField(block, 'KeyValue'), 'Attributes'), 'KeyFormatType'), c.format);
          assert.ok(intField(block, 'CryptographicLength') > 0);
          if (c.isDefault === true) {
            const plain = fx.call(fetchRequest(op, uidOf(c.pair, c.half)));
            assert.equal(enumField(keyBlockOf(plain), 'KeyFormatType'), c.format, 'the default format');
            assert.deepEqual(materialStruct(plain), materialStruct(res));
          }
          const ref = refOf(c.pair);
          const jwk = c.half === 'private' ? ref.jwk : ref.publicJwk;
          if (c.check === 'transparent') {
            checkTransparent(materialStruct(res), c, jwk);
          } else if (c.check === 'raw') {
            assert.equal(Buffer.from(rawKeyOf(res)).toString('hex'), jwkBytes(c.half === 'private' ? jwk.d : jwk.x).toString('hex'));
          } else {
            const der = rawKeyOf(res);
            assert.deepEqual(opensslSpki(der, c.check, OPENSSL_TEXT[c.pair] ?? /./), ref.spki, 'openssl derives the same public key');
            assert.deepEqual(spkiOf(nodeRead(der, c.check)), ref.spki, 'node reads the same public key');
          }
        });
      }
    }

    for (const [pair, half, format] of REFUSED) {
      it(`refuses the ${pair} ${half} key as ${format} with Key_Format_Type_Not_Supported`, () => {
        fx.callError(fetchRequest('Get', uidOf(pair, half), format), 'Key_Format_Type_Not_Supported');
        fx.callError(fetchRequest('Export', uidOf(pair, half), format), 'Key_Format_Type_Not_Supported');
      });
    }
  });
}
