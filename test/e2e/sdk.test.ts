/**
 * The typed SDK (`Kms`) against a real server in both database types: every method is called and
 * its answer checked against the server's other operations or against node:crypto.
 * @module
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  constants, createHash, createHmac, createPublicKey, generateKeyPairSync, pbkdf2Sync, randomBytes, sign as nodeSign, verify as nodeVerify, type KeyObject,
} from 'node:crypto';
import { Kms } from '../../src/client/kms.js';
import { KmsHttpClient } from '../../src/client/http-client.js';
import { KmsRequestError } from '../../src/client/errors.js';
import { KmipError } from '../../src/kmip/kmip-error.js';
import { OPERATIONS } from '../../src/kmip/enums.js';
import { removeDir, startTestServer, type TestServer } from '../helpers/test-server.js';
import type { KmsClient } from '../../src/client/kms-client.js';

const MODES = ['sqlite', 'sqlite-enc'] as const;
const DATA = new Uint8Array(Buffer.from('the typed client never writes TTLV', 'utf8'));

async function newDatabase(url: string): Promise<string> {
  const res = await fetch(`${url}/new_database`, { method: 'POST' });
  assert.equal(res.status, 200);
  const secret: unknown = await res.json();
  assert.equal(typeof secret, 'string');
  return secret as string;
}

const der = (k: KeyObject, type: 'pkcs8' | 'spki' | 'pkcs1' | 'sec1'): Uint8Array => new Uint8Array(k.export({ format: 'der', type }));
const flip = (b: Uint8Array): Uint8Array => b.map((x, i) => (i === 0 ? x ^ 1 : x));
const rejectsWith = (reason: string) => (e: unknown): boolean => e instanceof KmsRequestError && e.reason === reason;

for (const mode of MODES) {
  describe(`the typed SDK against a real server (${mode})`, () => {
    let server: TestServer;
    let kms: Kms;
    let transport: KmsHttpClient;
    const tag = `sdk-${mode}-${randomBytes(4).toString('hex')}`;

    before(async () => {
      server = await startTestServer({ databaseType: mode, extraArgs: ['--workers', '1'] });
      const databaseSecret = mode === 'sqlite-enc' ? await newDatabase(server.url) : undefined;
      transport = new KmsHttpClient({ url: server.url, ...(databaseSecret === undefined ? {} : { databaseSecret }) });
      kms = new Kms(transport);
    });
    after(async () => {
      await kms.close();
      await server.stop();
      removeDir(server.rootDir);
    });

    const state = async (id: string): Promise<string | undefined> => (await kms.getAttributes({ uniqueIdentifier: id, references: ['State'] })).attributes.state;
    const spki = async (id: string): Promise<KeyObject> =>
      createPublicKey({ key: Buffer.from(Kms.bytesOf((await kms.get({ uniqueIdentifier: id, keyFormatType: 'PKCS8' })).keyBlock)), format: 'der', type: 'spki' });

    it('creates a tagged AES key, finds it by tag, and decrypts what it encrypts', async () => {
      const key = await kms.create({ attributes: { cryptographicAlgorithm: 'AES', cryptographicLength: 256, tags: [tag] } });
      assert.equal(key.objectType, 'SymmetricKey');
      const found = await kms.locate({ attributes: { tags: [tag] } });
      assert.deepEqual(found.uniqueIdentifiers, [key.uniqueIdentifier]);
      assert.equal(found.locatedItems, 1);
      const aad = new Uint8Array([1, 2, 3]);
      const sealed = await kms.encrypt({ uniqueIdentifier: key.uniqueIdentifier, data: DATA, aad });
      assert.notDeepEqual(sealed.data, DATA);
      const opened = await kms.decrypt({ uniqueIdentifier: key.uniqueIdentifier, data: sealed.data, aad, ...(sealed.nonce ? { nonce: sealed.nonce } : {}), ...(sealed.tag ? { tag: sealed.tag } : {}) });
      assert.deepEqual(opened.data, DATA);
    });

    it('gets a key as Raw bytes that, registered again, decrypt the first key\'s ciphertext; exports it with its attributes', async () => {
      const { uniqueIdentifier: id } = await kms.create({ attributes: { cryptographicAlgorithm: 'AES', cryptographicLength: 128, tags: [`${tag}-raw`], comment: 'exported' } });
      const got = await kms.get({ uniqueIdentifier: id, keyFormatType: 'Raw' });
      assert.equal(got.uniqueIdentifier, id);
      assert.equal(got.keyBlock.keyFormatType, 'Raw');
      const bytes = Kms.bytesOf(got.keyBlock);
      assert.equal(bytes.length, 16);
      const copy = await kms.register({ object: { objectType: 'SymmetricKey', key: bytes }, attributes: { cryptographicUsageMask: ['Encrypt', 'Decrypt'] } });
      assert.notEqual(copy.uniqueIdentifier, id);
      const sealed = await kms.encrypt({ uniqueIdentifier: id, data: DATA });
      const opened = await kms.decrypt({ uniqueIdentifier: copy.uniqueIdentifier, data: sealed.data, ...(sealed.nonce ? { nonce: sealed.nonce } : {}), ...(sealed.tag ? { tag: sealed.tag } : {}) });
      assert.deepEqual(opened.data, DATA);
      const exported = await kms.export({ uniqueIdentifier: id, keyFormatType: 'Raw' });
      assert.deepEqual(Kms.bytesOf(exported.keyBlock), bytes);
      assert.equal(exported.attributes.cryptographicLength, 128);
      assert.equal(exported.attributes.comment, 'exported');
      // The system tag of symmetric keys comes along, as Cosmian reports it.
      assert.deepEqual(exported.attributes.tags, ['_kk', `${tag}-raw`]);
    });

    it('registers secret data and gets the same bytes back', async () => {
      const secret = new Uint8Array(randomBytes(24));
      const { uniqueIdentifier } = await kms.register({ object: { objectType: 'SecretData', secret, secretDataType: 'Seed' } });
      const got = await kms.get({ uniqueIdentifier });
      assert.equal(got.objectType, 'SecretData');
      assert.equal(got.secretDataType, 'Seed');
      assert.deepEqual(Kms.bytesOf(got.keyBlock), secret);
    });

    it('sets, adds, modifies and deletes attributes, as getAttributes and getAttributeList show', async () => {
      const { uniqueIdentifier: id } = await kms.create({ attributes: { cryptographicAlgorithm: 'AES', cryptographicLength: 256 } });
      await kms.setAttribute({ uniqueIdentifier: id, attribute: { comment: 'first' } });
      await kms.setAttribute({ uniqueIdentifier: id, attribute: { comment: 'second' } });
      await kms.addAttribute({ uniqueIdentifier: id, attribute: { objectGroups: ['g1'] } });
      await kms.addAttribute({ uniqueIdentifier: id, attribute: { names: ['payments'] } });
      let attrs = (await kms.getAttributes({ uniqueIdentifier: id })).attributes;
      assert.equal(attrs.comment, 'second');
      assert.deepEqual(attrs.objectGroups, ['g1']);
      assert.deepEqual(attrs.names, ['payments']);
      assert.equal(attrs.cryptographicAlgorithm, 'AES');

      await kms.modifyAttribute({ uniqueIdentifier: id, current: { objectGroups: ['g1'] }, attribute: { objectGroups: ['g2'] } });
      await kms.deleteAttribute({ uniqueIdentifier: id, references: ['Comment'] });
      attrs = (await kms.getAttributes({ uniqueIdentifier: id })).attributes;
      assert.deepEqual(attrs.objectGroups, ['g2']);
      assert.equal(attrs.comment, undefined);

      await kms.deleteAttribute({ uniqueIdentifier: id, attribute: { names: ['payments'] } });
      const list = await kms.getAttributeList({ uniqueIdentifier: id });
      const names = list.references.flatMap((r) => (r.kind === 'standard' ? [r.tag] : []));
      assert.ok(names.includes('CryptographicAlgorithm') && names.includes('ObjectGroup'), names.join(','));
      assert.ok(!names.includes('Name') && !names.includes('Comment'), names.join(','));
      const picked = await kms.getAttributes({ uniqueIdentifier: id, references: ['CryptographicLength', 'State'] });
      assert.deepEqual(picked.attributes, { cryptographicLength: 256, state: 'Active' });
    });

    it('creates an EC key pair that signs what its public key verifies (and node:crypto agrees); a changed message is Invalid', async () => {
      const pair = await kms.createKeyPair({ commonAttributes: { cryptographicAlgorithm: 'ECDSA', cryptographicDomainParameters: { recommendedCurve: 'P256' } } });
      const parameters = { digitalSignatureAlgorithm: 'ECDSAWithSHA256' } as const;
      const signed = await kms.sign({ uniqueIdentifier: pair.privateKeyUniqueIdentifier, data: DATA, parameters });
      assert.ok(nodeVerify('sha256', DATA, await spki(pair.publicKeyUniqueIdentifier), signed.signatureData));
      const ok = await kms.signatureVerify({ uniqueIdentifier: pair.publicKeyUniqueIdentifier, data: DATA, signatureData: signed.signatureData, parameters });
      assert.equal(ok.validity, 'Valid');
      const bad = await kms.signatureVerify({ uniqueIdentifier: pair.publicKeyUniqueIdentifier, data: flip(DATA), signatureData: signed.signatureData, parameters });
      assert.equal(bad.validity, 'Invalid');
      const pub = await kms.getAttributes({ uniqueIdentifier: pair.publicKeyUniqueIdentifier });
      assert.deepEqual(pub.attributes.links, [{ type: 'PrivateKeyLink', id: pair.privateKeyUniqueIdentifier }]);
    });

    it('imports private keys from PKCS#8, SEC1 and PKCS#1 DER and registers public keys from SPKI and PKCS#1 DER', async () => {
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const rsaParams = { digitalSignatureAlgorithm: 'SHA256WithRSAEncryption' } as const;
      const cases = [
        { keys: ec, object: { objectType: 'PrivateKey', der: der(ec.privateKey, 'pkcs8'), format: 'PKCS8' } as const, verifyKey: ec.publicKey },
        { keys: ec, object: { objectType: 'PrivateKey', der: der(ec.privateKey, 'sec1'), format: 'SEC1' } as const, verifyKey: ec.publicKey },
        { keys: rsa, object: { objectType: 'PrivateKey', der: der(rsa.privateKey, 'pkcs1'), format: 'PKCS1' } as const, verifyKey: rsa.publicKey },
      ];
      for (const [i, c] of cases.entries()) {
        const uniqueIdentifier = `${tag}-imported-${i}`;
        const imported = await kms.import({ uniqueIdentifier, object: c.object, attributes: { cryptographicUsageMask: ['Sign'] } });
        assert.equal(imported.uniqueIdentifier, uniqueIdentifier);
        const isRsa = c.keys === rsa;
        const signed = await kms.sign({ uniqueIdentifier, data: DATA, ...(isRsa ? { parameters: rsaParams } : { parameters: { digitalSignatureAlgorithm: 'ECDSAWithSHA256' } }) });
        const key = isRsa ? { key: c.verifyKey, padding: constants.RSA_PKCS1_PADDING } : c.verifyKey;
        assert.ok(nodeVerify('sha256', DATA, key, signed.signatureData), `signature of key ${c.object.format}`);
      }
      const publics = [
        { object: { objectType: 'PublicKey', der: der(ec.publicKey, 'spki'), format: 'SPKI' } as const, signer: ec.privateKey, parameters: { digitalSignatureAlgorithm: 'ECDSAWithSHA256' } as const },
        { object: { objectType: 'PublicKey', der: der(rsa.publicKey, 'pkcs1'), format: 'PKCS1' } as const, signer: rsa.privateKey, parameters: rsaParams },
      ];
      for (const p of publics) {
        const { uniqueIdentifier } = await kms.register({ object: p.object, attributes: { cryptographicUsageMask: ['Verify'] } });
        const signature = new Uint8Array(nodeSign('sha256', DATA, p.signer));
        assert.equal((await kms.signatureVerify({ uniqueIdentifier, data: DATA, signatureData: signature, parameters: p.parameters })).validity, 'Valid');
        assert.equal((await kms.signatureVerify({ uniqueIdentifier, data: flip(DATA), signatureData: signature, parameters: p.parameters })).validity, 'Invalid');
      }
    });

    it('computes the HMAC node computes, and verifies it', async () => {
      const { uniqueIdentifier: id } = await kms.create({ attributes: { cryptographicAlgorithm: 'HMACSHA256', cryptographicLength: 256 } });
      const key = Kms.bytesOf((await kms.get({ uniqueIdentifier: id, keyFormatType: 'Raw' })).keyBlock);
      const mac = await kms.mac({ uniqueIdentifier: id, data: DATA });
      assert.deepEqual(Buffer.from(mac.macData), createHmac('sha256', key).update(DATA).digest());
      assert.equal((await kms.macVerify({ uniqueIdentifier: id, data: DATA, macData: mac.macData })).validity, 'Valid');
      assert.equal((await kms.macVerify({ uniqueIdentifier: id, data: flip(DATA), macData: mac.macData })).validity, 'Invalid');
    });

    it('hashes as node hashes and retrieves fresh random bytes', async () => {
      const digest = await kms.hash({ parameters: { hashingAlgorithm: 'SHA256' }, data: DATA });
      assert.deepEqual(Buffer.from(digest.data), createHash('sha256').update(DATA).digest());
      const a = await kms.rngRetrieve({ dataLength: 32 });
      const b = await kms.rngRetrieve({ dataLength: 32 });
      assert.equal(a.data.length, 32);
      assert.notDeepEqual(a.data, b.data);
    });

    it('derives with PBKDF2 the key node derives', async () => {
      const password = new Uint8Array(Buffer.from('correct horse battery staple', 'utf8'));
      const base = await kms.register({ object: { objectType: 'SymmetricKey', key: password, cryptographicAlgorithm: 'HMACSHA256' }, attributes: { cryptographicUsageMask: ['DeriveKey'] } });
      const salt = new Uint8Array(randomBytes(16));
      const derived = await kms.deriveKey({
        uniqueIdentifiers: [base.uniqueIdentifier],
        derivationMethod: 'PBKDF2',
        parameters: { salt, iterationCount: 1000, cryptographicParameters: { hashingAlgorithm: 'SHA256' } },
        attributes: { cryptographicAlgorithm: 'AES', cryptographicLength: 256 },
      });
      const bytes = Kms.bytesOf((await kms.get({ uniqueIdentifier: derived.uniqueIdentifier, keyFormatType: 'Raw' })).keyBlock);
      assert.deepEqual(Buffer.from(bytes), pbkdf2Sync(password, salt, 1000, 32, 'sha256'));
    });

    it('re-keys a symmetric key and a key pair; the replacements are linked and work', async () => {
      const { uniqueIdentifier: old } = await kms.create({ attributes: { cryptographicAlgorithm: 'AES', cryptographicLength: 256 } });
      const { uniqueIdentifier: fresh } = await kms.reKey({ uniqueIdentifier: old });
      assert.notEqual(fresh, old);
      assert.deepEqual((await kms.getAttributes({ uniqueIdentifier: fresh })).attributes.links, [{ type: 'ReplacedObjectLink', id: old }]);
      const sealed = await kms.encrypt({ uniqueIdentifier: fresh, data: DATA });
      assert.deepEqual((await kms.decrypt({ uniqueIdentifier: fresh, data: sealed.data, ...(sealed.nonce ? { nonce: sealed.nonce } : {}), ...(sealed.tag ? { tag: sealed.tag } : {}) })).data, DATA);

      const pair = await kms.createKeyPair({ commonAttributes: { cryptographicAlgorithm: 'ECDSA', cryptographicDomainParameters: { recommendedCurve: 'P256' } } });
      const next = await kms.reKeyKeyPair({ privateKeyUniqueIdentifier: pair.privateKeyUniqueIdentifier });
      assert.notEqual(next.privateKeyUniqueIdentifier, pair.privateKeyUniqueIdentifier);
      assert.notEqual(next.publicKeyUniqueIdentifier, pair.publicKeyUniqueIdentifier);
      const parameters = { digitalSignatureAlgorithm: 'ECDSAWithSHA256' } as const;
      const signed = await kms.sign({ uniqueIdentifier: next.privateKeyUniqueIdentifier, data: DATA, parameters });
      assert.ok(nodeVerify('sha256', DATA, await spki(next.publicKeyUniqueIdentifier), signed.signatureData));
    });

    it('activates a PreActive key, revokes it, then destroys it', async () => {
      const later = new Date(Date.now() + 24 * 3600 * 1000);
      const { uniqueIdentifier: id } = await kms.create({ attributes: { cryptographicAlgorithm: 'AES', cryptographicLength: 256, activationDate: later } });
      assert.equal(await state(id), 'PreActive');
      assert.equal((await kms.activate({ uniqueIdentifier: id })).uniqueIdentifier, id);
      assert.equal(await state(id), 'Active');
      await kms.revoke({ uniqueIdentifier: id, message: 'retired' });
      assert.equal(await state(id), 'Deactivated');
      await assert.rejects(kms.encrypt({ uniqueIdentifier: id, data: DATA }), KmsRequestError);
      assert.equal((await kms.destroy({ uniqueIdentifier: id })).uniqueIdentifier, id);
      assert.equal(await state(id), 'Destroyed');
    });

    it('revokes a compromised key with a reason code and the date of the compromise', async () => {
      const { uniqueIdentifier: id } = await kms.create({ attributes: { cryptographicAlgorithm: 'AES', cryptographicLength: 256 } });
      const when = new Date(Date.now() - 3600 * 1000);
      await kms.revoke({ uniqueIdentifier: id, reasonCode: 'KeyCompromise', compromiseOccurrenceDate: when });
      const attrs = (await kms.getAttributes({ uniqueIdentifier: id, references: ['State', 'CompromiseOccurrenceDate'] })).attributes;
      assert.equal(attrs.state, 'Compromised');
      assert.equal(attrs.compromiseOccurrenceDate?.getTime(), when.getTime());
    });

    it('rejects a missing identifier with Item_Not_Found', async () => {
      await assert.rejects(kms.get({ uniqueIdentifier: 'no-such-object' }), rejectsWith('Item_Not_Found'));
      await assert.rejects(kms.destroy({ uniqueIdentifier: 'no-such-object' }), rejectsWith('Item_Not_Found'));
    });

    it('queries what the server serves and discovers KMIP 2.1', async () => {
      const q = await kms.query();
      assert.deepEqual(new Set(q.operations), new Set(OPERATIONS));
      assert.ok(q.objectTypes.includes('SymmetricKey'));
      assert.equal(typeof q.vendorIdentification, 'string');
      const v = await kms.discoverVersions();
      assert.deepEqual(v.versions[0], { major: 2, minor: 1 });
      assert.deepEqual((await kms.discoverVersions({ versions: [{ major: 2, minor: 1 }] })).versions, [{ major: 2, minor: 1 }]);
    });

    it('rejects an answer to another operation with KmipError Invalid_Message', async () => {
      // A real server answer, but to Query: the Create decoder must not take it.
      const misrouted: KmsClient = { kmip: () => transport.kmip({ tag: 'Query', type: 'Structure', value: [] }), close: () => Promise.resolve() };
      await assert.rejects(new Kms(misrouted).create(), (e: unknown) => e instanceof KmipError && e.reason === 'Invalid_Message');
    });
  });
}
