/**
 * The state machine, walked for symmetric keys: every operation that names an object, on an AES
 * key (an HMAC key for MAC and MACVerify) in each of the six states, against the table below.
 * The table is KMIP 2.1 with Cosmian's conventions (an object an operation may not use is
 * "not found"), written from the rules, not from what the server does.
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { createDecipheriv, hkdfSync } from 'node:crypto';
import { text } from '../../../src/kmip/ttlv/build.js';
import { STORE_KINDS, type ActorFixture } from '../actor-fixture.js';
import {
  bytesField, decryptRequest, deleteAttributeRequest, destroyRequest, encryptRequest, exportRequest, getAttributesRequest, getRequest,
  revokeRequest, setAttributeRequest, structField, textField,
} from '../../helpers/kmip-requests.js';
import { enumField } from '../helpers.js';
import {
  cells, checkExport, checkKey, dateAttributeOf, DATA, INF, macLocally, materialOf, nameNode, OK, requests, sealLocally,
  stateOf, symmetricIn, textValuesOf, WRONG_STATE, type OperationSpec, type Row, type SymmetricSubject,
} from '../state-machine-fixture.js';
import type { ObjectState } from '../../../src/storage/object-record.js';

/** Expected outcome of each operation on a symmetric key, by the state the key is in. */
const EXPECTED = {
  //                                             PreActive              Active                 Deactivated            Compromised                      Destroyed                        Destroyed_Compromised
  'Get':                                        [INF,                   OK,                    INF,                   INF,                             INF,                             INF],
  'Export':                                     [OK,                    OK,                    OK,                    OK,                              OK,                              OK],
  'GetAttributes':                              [OK,                    OK,                    OK,                    OK,                              OK,                              OK],
  'GetAttributeList':                           [OK,                    OK,                    OK,                    OK,                              OK,                              OK],
  'SetAttribute (Comment)':                     [OK,                    OK,                    OK,                    OK,                              INF,                             INF],
  'AddAttribute (Name)':                        [OK,                    OK,                    OK,                    OK,                              INF,                             INF],
  'ModifyAttribute (Comment)':                  [OK,                    OK,                    OK,                    OK,                              INF,                             INF],
  'DeleteAttribute (Comment)':                  [OK,                    OK,                    OK,                    OK,                              INF,                             INF],
  'Encrypt':                                    [INF,                   OK,                    INF,                   INF,                             INF,                             INF],
  'Decrypt':                                    [INF,                   OK,                    OK,                    OK,                              INF,                             INF],
  'WrapKey (Get of another key wrapped by it)': [INF,                   OK,                    INF,                   INF,                             INF,                             INF],
  'MAC':                                        [INF,                   OK,                    INF,                   INF,                             INF,                             INF],
  'MACVerify':                                  [INF,                   OK,                    OK,                    OK,                              INF,                             INF],
  'DeriveKey (HKDF)':                           [INF,                   OK,                    INF,                   INF,                             INF,                             INF],
  'ReKey':                                      [OK,                    OK,                    OK,                    INF,                             INF,                             INF],
  'Activate':                                   ['ok, now Active',      WRONG_STATE,           WRONG_STATE,           WRONG_STATE,                     WRONG_STATE,                     WRONG_STATE],
  'Revoke (text reason)':                       ['ok, now Deactivated', 'ok, now Deactivated', OK,                    OK,                              OK,                              OK],
  'Revoke (reason code Unspecified)':           ['ok, now Deactivated', 'ok, now Deactivated', OK,                    OK,                              OK,                              OK],
  'Revoke (KeyCompromise)':                     ['ok, now Compromised', 'ok, now Compromised', 'ok, now Compromised', OK,                              'ok, now Destroyed_Compromised', OK],
  'Destroy':                                    ['ok, now Destroyed',   WRONG_STATE,           'ok, now Destroyed',   'ok, now Destroyed_Compromised', OK,                              OK],
  'Locate (default: Active only)':              ['not found',           'found',               'not found',           'not found',                     'not found',                     'not found'],
  'Locate (State given)':                       ['found',               'found',               'found',               'found',                         'found',                         'found'],
} as const satisfies Record<string, Row>;

type Spec = OperationSpec<SymmetricSubject> & { readonly noun: string };

const aes = (fx: ActorFixture, state: ObjectState): SymmetricSubject => symmetricIn(fx, 'AES', state);
const hmac = (fx: ActorFixture, state: ObjectState): SymmetricSubject => symmetricIn(fx, 'HMACSHA256', state);
const uidOf = (s: SymmetricSubject): string => s.uid;
const onAes = { subject: aes, target: uidOf, noun: 'symmetric key' } as const;
const onHmac = { subject: hmac, target: uidOf, noun: 'HMAC key' } as const;

/** How each operation is run, and what a success must return. */
const SPECS: Record<keyof typeof EXPECTED, Spec> = {
  'Get': { ...onAes, request: (_fx, s) => getRequest(s.uid), check: (_fx, s, res) => { checkKey(res, s.uid, s.key); } },
  'Export': { ...onAes, request: (_fx, s) => exportRequest(s.uid), check: (_fx, s, res, state) => { checkExport(res, s.uid, state, s.key); } },
  'GetAttributes': {
    ...onAes,
    request: (_fx, s) => getAttributesRequest(s.uid, ['State', 'Comment']),
    check: (_fx, s, res, state) => {
      assert.equal(textField(res, 'UniqueIdentifier'), s.uid);
      const attrs = structField(res, 'Attributes');
      assert.equal(enumField(attrs, 'State'), state);
      assert.equal(textField(attrs, 'Comment'), 'as created');
    },
  },
  'GetAttributeList': {
    ...onAes,
    request: (_fx, s) => requests.getAttributeList(s.uid),
    check: (_fx, s, res) => {
      assert.equal(textField(res, 'UniqueIdentifier'), s.uid);
      const named = res.value.filter((n) => n.tag === 'AttributeReference').map((n) => n.value);
      for (const tag of ['State', 'Comment', 'CryptographicAlgorithm']) assert.ok(named.includes(tag), `GetAttributeList names ${tag}`);
    },
  },
  'SetAttribute (Comment)': {
    ...onAes,
    request: (_fx, s) => setAttributeRequest(s.uid, text('Comment', 'set')),
    check: (fx, s) => { assert.deepEqual(textValuesOf(fx, s.uid, 'Comment'), ['set']); },
  },
  'AddAttribute (Name)': {
    ...onAes,
    request: (_fx, s) => requests.addAttribute(s.uid, nameNode('added')),
    check: (fx, s) => { assert.ok(textValuesOf(fx, s.uid, 'Name').includes('added'), 'the Name was added'); },
  },
  'ModifyAttribute (Comment)': {
    ...onAes,
    request: (_fx, s) => requests.modifyAttribute(s.uid, text('Comment', 'modified')),
    check: (fx, s) => { assert.deepEqual(textValuesOf(fx, s.uid, 'Comment'), ['modified']); },
  },
  'DeleteAttribute (Comment)': {
    ...onAes,
    request: (_fx, s) => deleteAttributeRequest(s.uid, text('Comment', 'as created')),
    check: (fx, s) => { assert.deepEqual(textValuesOf(fx, s.uid, 'Comment'), []); },
  },
  'Encrypt': {
    ...onAes,
    request: (_fx, s) => encryptRequest(s.uid, DATA),
    check: (_fx, s, res) => {
      const decipher = createDecipheriv('aes-256-gcm', s.key, bytesField(res, 'IvCounterNonce'));
      decipher.setAuthTag(bytesField(res, 'AuthenticatedEncryptionTag'));
      assert.deepEqual(Buffer.concat([decipher.update(bytesField(res, 'Data')), decipher.final()]), DATA);
    },
  },
  'Decrypt': {
    ...onAes,
    request: (_fx, s) => {
      const sealed = sealLocally(s.key);
      return decryptRequest(s.uid, sealed.data, sealed.nonce, sealed.tag);
    },
    check: (_fx, _s, res) => { assert.deepEqual(Buffer.from(bytesField(res, 'Data')), DATA); },
  },
  'WrapKey (Get of another key wrapped by it)': {
    ...onAes,
    request: (fx, s) => requests.getWrapped(fx.create(), s.uid),
    check: (_fx, _s, res) => {
      const { material } = materialOf(res);
      assert.equal(material.kind, 'wrapped', 'the key comes back wrapped');
    },
  },
  'MAC': {
    ...onHmac,
    request: (_fx, s) => requests.mac(s.uid),
    check: (_fx, s, res) => { assert.deepEqual(Buffer.from(bytesField(res, 'MACData')), Buffer.from(macLocally(s.key))); },
  },
  'MACVerify': {
    ...onHmac,
    request: (_fx, s) => requests.macVerify(s.uid, macLocally(s.key)),
    check: (_fx, _s, res) => { assert.equal(enumField(res, 'ValidityIndicator'), 'Valid'); },
  },
  'DeriveKey (HKDF)': {
    ...onAes,
    request: (_fx, s) => requests.deriveHkdf(s.uid),
    check: (fx, s, res) => {
      const derived = textField(res, 'UniqueIdentifier');
      assert.notEqual(derived, s.uid);
      checkKey(fx.call(getRequest(derived)), derived, new Uint8Array(hkdfSync('sha256', s.key, new Uint8Array(0), new Uint8Array(0), 32)));
    },
  },
  'ReKey': {
    ...onAes,
    request: (_fx, s) => requests.reKey(s.uid),
    check: (fx, s, res) => {
      const renewed = textField(res, 'UniqueIdentifier');
      assert.notEqual(renewed, s.uid);
      assert.equal(stateOf(fx, renewed), 'Active', 'the replacement key is Active');
    },
  },
  'Activate': {
    ...onAes,
    request: (_fx, s) => requests.activate(s.uid),
    check: (fx, s) => { assert.equal(dateAttributeOf(fx, s.uid, 'ActivationDate'), fx.now(), 'Activate sets ActivationDate to now'); },
  },
  'Revoke (text reason)': { ...onAes, request: (_fx, s) => requests.revokeText(s.uid) },
  'Revoke (reason code Unspecified)': { ...onAes, request: (_fx, s) => revokeRequest(s.uid, { code: 'Unspecified' }) },
  'Revoke (KeyCompromise)': { ...onAes, request: (_fx, s) => requests.revokeCompromise(s.uid) },
  'Destroy': { ...onAes, request: (_fx, s) => destroyRequest(s.uid) },
  'Locate (default: Active only)': { ...onAes, request: (_fx, s) => requests.locate(s.tag) },
  'Locate (State given)': { ...onAes, request: (_fx, s, state) => requests.locate(s.tag, { state }) },
};

for (const kind of STORE_KINDS) {
  describe(`State machine: symmetric keys (${kind} store)`, () => {
    for (const [operation, row] of Object.entries(EXPECTED)) {
      const spec = SPECS[operation as keyof typeof EXPECTED];
      describe(operation, () => {
        cells(kind, operation, spec.noun, row, spec);
      });
    }
  });
}
