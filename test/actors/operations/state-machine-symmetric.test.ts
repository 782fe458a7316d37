/**
 * The state machine, walked for symmetric keys: every operation that names an object, on an AES
 * key (an HMAC key for MAC and MACVerify) in each of the six states, against the table below
 * (its attribute and lifecycle rows are the ones every key shares, in state-machine-table.ts).
 * The table is KMIP 2.1 with Cosmian's conventions (an object an operation may not use is
 * "not found"), written from the rules, not from what the server does.
 */
import assert from 'node:assert/strict';
import { createDecipheriv, hkdfSync } from 'node:crypto';
import type { ActorFixture } from '../actor-fixture.js';
import { bytesField, decryptRequest, encryptRequest, exportRequest, getRequest, textField } from '../../helpers/kmip-requests.js';
import { enumField } from '../helpers.js';
import {
  checkExport, checkKey, DATA, INF, macLocally, materialOf, OK, requests, sealLocally, stateOf, symmetricIn, type Row, type SymmetricSubject,
} from '../state-machine-fixture.js';
import { ATTRIBUTE_ROWS, attributeSpecs, LIFECYCLE_ROWS, lifecycleSpecs, walkTable, type NamedSpec } from '../state-machine-table.js';
import type { ObjectState } from '../../../src/storage/object-record.js';

/** Expected outcome of each operation on a symmetric key, by the state the key is in. */
const EXPECTED = {
  //                                             PreActive              Active                 Deactivated            Compromised                      Destroyed                        Destroyed_Compromised
  'Get':                                        [INF,                   OK,                    INF,                   INF,                             INF,                             INF],
  'Export':                                     [OK,                    OK,                    OK,                    OK,                              OK,                              OK],
  ...ATTRIBUTE_ROWS,
  'Encrypt':                                    [INF,                   OK,                    INF,                   INF,                             INF,                             INF],
  'Decrypt':                                    [INF,                   OK,                    OK,                    OK,                              INF,                             INF],
  'WrapKey (Get of another key wrapped by it)': [INF,                   OK,                    INF,                   INF,                             INF,                             INF],
  'MAC':                                        [INF,                   OK,                    INF,                   INF,                             INF,                             INF],
  'MACVerify':                                  [INF,                   OK,                    OK,                    OK,                              INF,                             INF],
  'DeriveKey (HKDF)':                           [INF,                   OK,                    INF,                   INF,                             INF,                             INF],
  'ReKey':                                      [OK,                    OK,                    OK,                    INF,                             INF,                             INF],
  ...LIFECYCLE_ROWS,
} as const satisfies Record<string, Row>;

type Spec = NamedSpec<SymmetricSubject>;

const aes = (fx: ActorFixture, state: ObjectState): SymmetricSubject => symmetricIn(fx, 'AES', state);
const hmac = (fx: ActorFixture, state: ObjectState): SymmetricSubject => symmetricIn(fx, 'HMACSHA256', state);
const uidOf = (s: SymmetricSubject): string => s.uid;
const onAes = { subject: aes, target: uidOf, noun: 'symmetric key' } as const;
const onHmac = { subject: hmac, target: uidOf, noun: 'HMAC key' } as const;

/** How each operation is run, and what a success must return. */
const SPECS: Record<keyof typeof EXPECTED, Spec> = {
  'Get': { ...onAes, request: (_fx, s) => getRequest(s.uid), check: (_fx, s, res) => { checkKey(res, s.uid, s.key); } },
  'Export': { ...onAes, request: (_fx, s) => exportRequest(s.uid), check: (_fx, s, res, state) => { checkExport(res, s.uid, state, s.key); } },
  ...attributeSpecs(onAes),
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
  ...lifecycleSpecs(onAes),
};

walkTable('symmetric keys', EXPECTED, SPECS);
