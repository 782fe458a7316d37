/**
 * The parts of the state-machine tables that every kind of key shares: the rows whose expected
 * outcomes, request and check do not depend on the key's kind (attributes, lifecycle changes,
 * Locate), and the walk that turns a whole table into one suite per store kind.
 * @module
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { text } from '../../src/kmip/ttlv/build.js';
import { STORE_KINDS } from './actor-fixture.js';
import { deleteAttributeRequest, destroyRequest, getAttributesRequest, revokeRequest, setAttributeRequest, structField, textField } from '../helpers/kmip-requests.js';
import { enumField } from './helpers.js';
import { cells, dateAttributeOf, INF, nameNode, OK, requests, textValuesOf, WRONG_STATE, type OperationSpec, type Row } from './state-machine-fixture.js';

/** One operation of a table row, with what the test names call the key it names. */
export type NamedSpec<S> = OperationSpec<S> & { readonly noun: string };

/** Which key a shared row runs on: how the subject is made, which of its keys is named, and that key's noun. */
export type Target<S> = Pick<NamedSpec<S>, 'subject' | 'target' | 'noun'>;

/** Expected outcome of the attribute operations on any key, by the state the key is in. */
export const ATTRIBUTE_ROWS = {
  //                           PreActive  Active  Deactivated  Compromised  Destroyed  Destroyed_Compromised
  'GetAttributes':             [OK,       OK,     OK,          OK,          OK,        OK],
  'GetAttributeList':          [OK,       OK,     OK,          OK,          OK,        OK],
  'SetAttribute (Comment)':    [OK,       OK,     OK,          OK,          INF,       INF],
  'AddAttribute (Name)':       [OK,       OK,     OK,          OK,          INF,       INF],
  'ModifyAttribute (Comment)': [OK,       OK,     OK,          OK,          INF,       INF],
  'DeleteAttribute (Comment)': [OK,       OK,     OK,          OK,          INF,       INF],
} as const satisfies Record<string, Row>;

/** Expected outcome of the lifecycle operations and Locate on any key, by the state the key is in. */
export const LIFECYCLE_ROWS = {
  //                                   PreActive              Active                 Deactivated            Compromised                      Destroyed                        Destroyed_Compromised
  'Activate':                         ['ok, now Active',      WRONG_STATE,           WRONG_STATE,           WRONG_STATE,                     WRONG_STATE,                     WRONG_STATE],
  'Revoke (text reason)':             ['ok, now Deactivated', 'ok, now Deactivated', OK,                    OK,                              OK,                              OK],
  'Revoke (reason code Unspecified)': ['ok, now Deactivated', 'ok, now Deactivated', OK,                    OK,                              OK,                              OK],
  'Revoke (KeyCompromise)':           ['ok, now Compromised', 'ok, now Compromised', 'ok, now Compromised', OK,                              'ok, now Destroyed_Compromised', OK],
  'Destroy':                          ['ok, now Destroyed',   WRONG_STATE,           'ok, now Destroyed',   'ok, now Destroyed_Compromised', OK,                              OK],
  'Locate (default: Active only)':    ['not found',           'found',               'not found',           'not found',                     'not found',                     'not found'],
  'Locate (State given)':             ['found',               'found',               'found',               'found',                         'found',                         'found'],
} as const satisfies Record<string, Row>;

/** How the ATTRIBUTE_ROWS operations run on the key `on` names, and what a success must return. */
export function attributeSpecs<S>(on: Target<S>): Record<keyof typeof ATTRIBUTE_ROWS, NamedSpec<S>> {
  const uid = on.target;
  return {
    'GetAttributes': {
      ...on,
      request: (_fx, s) => getAttributesRequest(uid(s), ['State', 'Comment']),
      check: (_fx, s, res, state) => {
        assert.equal(textField(res, 'UniqueIdentifier'), uid(s));
        const attrs = structField(res, 'Attributes');
        assert.equal(enumField(attrs, 'State'), state);
        assert.equal(textField(attrs, 'Comment'), 'as created');
      },
    },
    'GetAttributeList': {
      ...on,
      request: (_fx, s) => requests.getAttributeList(uid(s)),
      check: (_fx, s, res) => {
        assert.equal(textField(res, 'UniqueIdentifier'), uid(s));
        const named = res.value.filter((n) => n.tag === 'AttributeReference').map((n) => n.value);
        for (const tag of ['State', 'Comment', 'CryptographicAlgorithm']) assert.ok(named.includes(tag), `GetAttributeList names ${tag}`);
      },
    },
    'SetAttribute (Comment)': {
      ...on,
      request: (_fx, s) => setAttributeRequest(uid(s), text('Comment', 'set')),
      check: (fx, s) => { assert.deepEqual(textValuesOf(fx, uid(s), 'Comment'), ['set']); },
    },
    'AddAttribute (Name)': {
      ...on,
      request: (_fx, s) => requests.addAttribute(uid(s), nameNode('added')),
      check: (fx, s) => { assert.ok(textValuesOf(fx, uid(s), 'Name').includes('added'), 'the Name was added'); },
    },
    'ModifyAttribute (Comment)': {
      ...on,
      request: (_fx, s) => requests.modifyAttribute(uid(s), text('Comment', 'modified')),
      check: (fx, s) => { assert.deepEqual(textValuesOf(fx, uid(s), 'Comment'), ['modified']); },
    },
    'DeleteAttribute (Comment)': {
      ...on,
      request: (_fx, s) => deleteAttributeRequest(uid(s), text('Comment', 'as created')),
      check: (fx, s) => { assert.deepEqual(textValuesOf(fx, uid(s), 'Comment'), []); },
    },
  };
}

/**
 * How the LIFECYCLE_ROWS operations run on the key `on` names, and what a success must return;
 * Locate asks for `objectType` when given, so a pair's tag finds only the named half.
 */
export function lifecycleSpecs<S extends { readonly tag: string }>(on: Target<S>, objectType?: string): Record<keyof typeof LIFECYCLE_ROWS, NamedSpec<S>> {
  const uid = on.target;
  const ofType = objectType === undefined ? {} : { objectType };
  return {
    'Activate': {
      ...on,
      request: (_fx, s) => requests.activate(uid(s)),
      check: (fx, s) => { assert.equal(dateAttributeOf(fx, uid(s), 'ActivationDate'), fx.now(), 'Activate sets ActivationDate to now'); },
    },
    'Revoke (text reason)': { ...on, request: (_fx, s) => requests.revokeText(uid(s)) },
    'Revoke (reason code Unspecified)': { ...on, request: (_fx, s) => revokeRequest(uid(s), { code: 'Unspecified' }) },
    'Revoke (KeyCompromise)': { ...on, request: (_fx, s) => requests.revokeCompromise(uid(s)) },
    'Destroy': { ...on, request: (_fx, s) => destroyRequest(uid(s)) },
    'Locate (default: Active only)': { ...on, request: (_fx, s) => requests.locate(s.tag, ofType) },
    'Locate (State given)': { ...on, request: (_fx, s, state) => requests.locate(s.tag, { ...ofType, state }) },
  };
}

/** Declares, for each store kind, a suite `State machine: <title>` with one test per cell of the table, in the table's row order. */
export function walkTable<K extends string, S>(title: string, expected: Readonly<Record<K, Row>>, specs: Readonly<Record<K, NamedSpec<S>>>): void {
  for (const kind of STORE_KINDS) {
    describe(`State machine: ${title} (${kind} store)`, () => {
      for (const operation of Object.keys(expected) as K[]) {
        const spec = specs[operation];
        describe(operation, () => {
          cells(kind, operation, spec.noun, expected[operation], spec);
        });
      }
    });
  }
}
