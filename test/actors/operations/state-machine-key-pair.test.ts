/**
 * The state machine, walked for key pairs: every operation that names an object, on an Ed25519
 * pair made by CreateKeyPair (an imported, linked RSA-2048 pair for Encrypt and Decrypt, which
 * need RSA) in each of the six states, against the table below. Both keys of the pair are brought
 * into the state; the operation names the key the row says. The table is KMIP 2.1 with Cosmian's conventions, written from the rules;
 * its attribute and lifecycle rows are the ones every key shares, in state-machine-table.ts.
 */
import assert from 'node:assert/strict';
import { constants, privateDecrypt, publicEncrypt, sign, verify } from 'node:crypto';
import type { ActorFixture } from '../actor-fixture.js';
import { bytesField, decryptRequest, encryptRequest, exportRequest, getRequest, textField } from '../../helpers/kmip-requests.js';
import { enumField } from '../helpers.js';
import {
  checkExport, checkKey, DATA, INF, materialOf, OK, pairIn, requests, rsaPairIn, stateOf, type PairSubject, type Row,
} from '../state-machine-fixture.js';
import { ATTRIBUTE_ROWS, attributeSpecs, LIFECYCLE_ROWS, lifecycleSpecs, walkTable, type NamedSpec } from '../state-machine-table.js';
import type { KeyObject } from 'node:crypto';
import type { ObjectState } from '../../../src/storage/object-record.js';

/** Expected outcome of each operation on a key of a pair, by the state the pair is in. */
const EXPECTED = {
  //                                   PreActive              Active                 Deactivated            Compromised                      Destroyed                        Destroyed_Compromised
  'Get (private key)':                [INF,                   OK,                    INF,                   INF,                             INF,                             INF],
  'Get (public key)':                 [INF,                   OK,                    INF,                   INF,                             INF,                             INF],
  'Export (private key)':             [OK,                    OK,                    OK,                    OK,                              OK,                              OK],
  'Export (public key)':              [OK,                    OK,                    OK,                    OK,                              OK,                              OK],
  ...ATTRIBUTE_ROWS,
  'Sign':                             [INF,                   OK,                    INF,                   INF,                             INF,                             INF],
  'SignatureVerify':                  [INF,                   OK,                    OK,                    OK,                              INF,                             INF],
  'Encrypt':                          [INF,                   OK,                    INF,                   INF,                             INF,                             INF],
  'Decrypt':                          [INF,                   OK,                    OK,                    OK,                              INF,                             INF],
  'WrapKey (RSA public key)':         [INF,                   OK,                    INF,                   INF,                             INF,                             INF],
  'ReKeyKeyPair':                     [OK,                    OK,                    OK,                    INF,                             INF,                             INF],
  ...LIFECYCLE_ROWS,
} as const satisfies Record<string, Row>;

type Spec = NamedSpec<PairSubject>;

const ed25519 = (fx: ActorFixture, state: ObjectState): Promise<PairSubject> => pairIn(fx, 'Ed25519', state);
const rsa = (fx: ActorFixture, state: ObjectState): PairSubject => rsaPairIn(fx, state);
const onPrivate = { subject: ed25519, target: (s: PairSubject) => s.priv, noun: 'Ed25519 private key' } as const;
const onPublic = { subject: ed25519, target: (s: PairSubject) => s.pub, noun: 'Ed25519 public key' } as const;

const der = (k: KeyObject, isPrivate: boolean): Uint8Array => new Uint8Array(k.export({ format: 'der', type: isPrivate ? 'pkcs8' : 'spki' }));
const OAEP = { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' } as const;

/** How each operation is run, and what a success must return. */
const SPECS: Record<keyof typeof EXPECTED, Spec> = {
  'Get (private key)': { ...onPrivate, request: (_fx, s) => getRequest(s.priv, 'PKCS8'), check: (_fx, s, res) => { checkKey(res, s.priv, der(s.privateKey, true)); } },
  'Get (public key)': { ...onPublic, request: (_fx, s) => getRequest(s.pub, 'PKCS8'), check: (_fx, s, res) => { checkKey(res, s.pub, der(s.publicKey, false)); } },
  'Export (private key)': {
    ...onPrivate,
    request: (_fx, s) => exportRequest(s.priv, 'PKCS8'),
    check: (_fx, s, res, state) => { checkExport(res, s.priv, state, der(s.privateKey, true)); },
  },
  'Export (public key)': {
    ...onPublic,
    request: (_fx, s) => exportRequest(s.pub, 'PKCS8'),
    check: (_fx, s, res, state) => { checkExport(res, s.pub, state, der(s.publicKey, false)); },
  },
  ...attributeSpecs(onPrivate),
  'Sign': {
    ...onPrivate,
    request: (_fx, s) => requests.sign(s.priv),
    check: (_fx, s, res) => { assert.ok(verify(null, DATA, s.publicKey, bytesField(res, 'SignatureData')), 'the signature verifies'); },
  },
  'SignatureVerify': {
    ...onPublic,
    request: (_fx, s) => requests.signatureVerify(s.pub, sign(null, DATA, s.privateKey)),
    check: (_fx, _s, res) => { assert.equal(enumField(res, 'ValidityIndicator'), 'Valid'); },
  },
  'Encrypt': {
    subject: rsa,
    target: (s) => s.pub,
    noun: 'RSA public key',
    request: (_fx, s) => encryptRequest(s.pub, DATA),
    check: (_fx, s, res) => { assert.deepEqual(privateDecrypt({ key: s.privateKey, ...OAEP }, bytesField(res, 'Data')), DATA); },
  },
  'Decrypt': {
    subject: rsa,
    target: (s) => s.priv,
    noun: 'RSA private key',
    request: (_fx, s) => decryptRequest(s.priv, publicEncrypt({ key: s.publicKey, ...OAEP }, DATA), undefined, undefined),
    check: (_fx, _s, res) => { assert.deepEqual(Buffer.from(bytesField(res, 'Data')), DATA); },
  },
  'WrapKey (RSA public key)': {
    subject: rsa,
    target: (s) => s.pub,
    noun: 'RSA public key (wrapping another key)',
    request: (fx, s) => requests.getWrapped(fx.create(), s.pub),
    check: (_fx, _s, res) => { assert.equal(materialOf(res).material.kind, 'wrapped', 'the key comes back wrapped'); },
  },
  'ReKeyKeyPair': {
    ...onPrivate,
    async: true,
    request: (_fx, s) => requests.reKeyKeyPair(s.priv),
    check: (fx, s, res) => {
      const renewed = textField(res, 'PrivateKeyUniqueIdentifier');
      assert.notEqual(renewed, s.priv);
      assert.equal(stateOf(fx, renewed), 'Active', 'the replacement private key is Active');
    },
  },
  ...lifecycleSpecs(onPrivate, 'PrivateKey'),
};

walkTable('key pairs', EXPECTED, SPECS);
