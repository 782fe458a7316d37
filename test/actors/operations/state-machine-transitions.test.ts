/**
 * The state machine's transitions: keys brought into each of the six states, the moves the clock
 * makes on its own (ActivationDate, DeactivationDate), and the dates KMIP records with each
 * change (ActivationDate, DeactivationDate, CompromiseDate, CompromiseOccurrenceDate,
 * DestroyDate, LastChangeDate), for a symmetric key and for a key pair.
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { text } from '../../../src/kmip/ttlv/build.js';
import { openActorFixture, STORE_KINDS, type ActorFixture } from '../actor-fixture.js';
import { deleteAttributeRequest, destroyRequest, encryptRequest, getAttributesRequest, getRequest, setAttributeRequest, textField } from '../../helpers/kmip-requests.js';
import {
  createPairRequest, createSymmetricRequest, DATA, dateAttributeOf, nameNode, OCCURRED, pairIn, requests, stateOf, STATES, symmetricIn, uniqueTag,
} from '../state-machine-fixture.js';
import type { TtlvNode } from '../../../src/kmip/ttlv/node.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A new key: `uid` is the key operations name (the private key of a pair), `all` every key made. */
interface Made {
  readonly uid: string;
  readonly all: readonly string[];
}

/** How to make one kind of key with optional dates, and its Active-only read-only use and re-key. */
interface KeyKind {
  readonly name: string;
  make(fx: ActorFixture, dates: { activationDate?: number; deactivationDate?: number }): Promise<Made>;
  use(uid: string): TtlvNode;
  readonly reKey: { request: (uid: string) => TtlvNode; async: boolean };
}

const KEY_KINDS: readonly KeyKind[] = [
  {
    name: 'symmetric key',
    make: (fx, dates) => {
      const uid = textField(fx.call(createSymmetricRequest('AES', { tag: uniqueTag('t'), ...dates })), 'UniqueIdentifier');
      return Promise.resolve({ uid, all: [uid] });
    },
    use: (uid) => encryptRequest(uid, DATA),
    reKey: { request: requests.reKey, async: false },
  },
  {
    name: 'key pair',
    make: async (fx, dates) => {
      const res = await fx.callAsync(createPairRequest('Ed25519', { tag: uniqueTag('t'), ...dates }));
      const uid = textField(res, 'PrivateKeyUniqueIdentifier');
      return { uid, all: [uid, textField(res, 'PublicKeyUniqueIdentifier')] };
    },
    use: requests.sign,
    reKey: { request: requests.reKeyKeyPair, async: true },
  },
];

for (const kind of STORE_KINDS) {
  describe(`State machine transitions (${kind} store)`, () => {
    let fx: ActorFixture;
    beforeEach(() => {
      fx = openActorFixture(kind);
    });
    afterEach(() => {
      fx.close();
    });

    const states = (uids: readonly string[]): string[] => uids.map((u) => stateOf(fx, u));
    const every = (uids: readonly string[], state: string): string[] => uids.map(() => state);
    const date = (uid: string, tag: string): number | undefined => dateAttributeOf(fx, uid, tag);

    describe('bringing a key into each state', () => {
      for (const state of STATES) {
        it(`brings a symmetric key into ${state}, as GetAttributes State reports`, () => {
          symmetricIn(fx, 'AES', state);
        });
        it(`brings both keys of a key pair into ${state}, as GetAttributes State reports`, async () => {
          await pairIn(fx, 'Ed25519', state);
        });
      }
    });

    for (const k of KEY_KINDS) {
      describe(`date-driven transitions of a ${k.name}`, () => {
        it(`a PreActive ${k.name} with an ActivationDate becomes Active when the clock reaches it`, async () => {
          const key = await k.make(fx, { activationDate: fx.now() + HOUR });
          assert.deepEqual(states(key.all), every(key.all, 'PreActive'));
          fx.callError(k.use(key.uid), 'Item_Not_Found');
          fx.advance(HOUR - 1);
          assert.deepEqual(states(key.all), every(key.all, 'PreActive'), 'not yet Active a millisecond before the ActivationDate');
          fx.advance(1);
          assert.deepEqual(states(key.all), every(key.all, 'Active'));
          fx.call(k.use(key.uid));
        });

        it(`an Active ${k.name} with a DeactivationDate becomes Deactivated when the clock passes it, and stays so`, async () => {
          const key = await k.make(fx, { deactivationDate: fx.now() + HOUR });
          assert.deepEqual(states(key.all), every(key.all, 'Active'));
          fx.call(k.use(key.uid));
          fx.advance(HOUR - 1);
          assert.deepEqual(states(key.all), every(key.all, 'Active'), 'still Active a millisecond before the DeactivationDate');
          fx.advance(1);
          assert.deepEqual(states(key.all), every(key.all, 'Deactivated'));
          fx.callError(k.use(key.uid), 'Item_Not_Found');
          fx.advance(24 * HOUR);
          assert.deepEqual(states(key.all), every(key.all, 'Deactivated'));
          fx.callError(requests.activate(key.uid), 'Wrong_Key_Lifecycle_State');
          assert.equal(stateOf(fx, key.uid), 'Deactivated');
        });

        it(`a ${k.name} with both dates goes PreActive, Active, then Deactivated as the clock passes them`, async () => {
          const key = await k.make(fx, { activationDate: fx.now() + HOUR, deactivationDate: fx.now() + 2 * HOUR });
          assert.deepEqual(states(key.all), every(key.all, 'PreActive'));
          fx.advance(HOUR);
          assert.deepEqual(states(key.all), every(key.all, 'Active'));
          fx.advance(HOUR);
          assert.deepEqual(states(key.all), every(key.all, 'Deactivated'));
        });

        it(`a ${k.name} revoked while PreActive never becomes Active, even when its ActivationDate passes`, async () => {
          const key = await k.make(fx, { activationDate: fx.now() + HOUR });
          for (const uid of key.all) fx.call(requests.revokeText(uid));
          assert.deepEqual(states(key.all), every(key.all, 'Deactivated'));
          fx.advance(2 * HOUR);
          assert.deepEqual(states(key.all), every(key.all, 'Deactivated'));
          fx.callError(requests.activate(key.uid), 'Wrong_Key_Lifecycle_State');
          fx.callError(k.use(key.uid), 'Item_Not_Found');
          assert.deepEqual(states(key.all), every(key.all, 'Deactivated'));
        });

        it(`a ${k.name} activated early is not moved again when its ActivationDate passes`, async () => {
          const key = await k.make(fx, { activationDate: fx.now() + HOUR });
          fx.advance(MINUTE);
          fx.call(requests.activate(key.uid));
          assert.equal(stateOf(fx, key.uid), 'Active');
          assert.equal(date(key.uid, 'ActivationDate'), fx.now(), 'ActivationDate is when Activate ran');
          fx.advance(2 * HOUR);
          assert.equal(stateOf(fx, key.uid), 'Active');
          assert.equal(date(key.uid, 'ActivationDate'), fx.now() - 2 * HOUR);
        });

        it(`LastChangeDate of a ${k.name} moves when the clock activates it`, async () => {
          const key = await k.make(fx, { activationDate: fx.now() + HOUR });
          const created = date(key.uid, 'LastChangeDate') ?? 0;
          assert.equal(created, fx.now());
          fx.advance(HOUR);
          assert.equal(stateOf(fx, key.uid), 'Active');
          const activated = date(key.uid, 'LastChangeDate') ?? 0;
          assert.ok(activated > created && activated <= fx.now(), `LastChangeDate moved on activation (${created} -> ${activated})`);
        });

        it(`LastChangeDate of a ${k.name} moves when the clock deactivates it`, async () => {
          const key = await k.make(fx, { deactivationDate: fx.now() + HOUR });
          const created = date(key.uid, 'LastChangeDate') ?? 0;
          assert.equal(created, fx.now());
          fx.advance(HOUR);
          assert.equal(stateOf(fx, key.uid), 'Deactivated');
          const deactivated = date(key.uid, 'LastChangeDate') ?? 0;
          assert.ok(deactivated > created && deactivated <= fx.now(), `LastChangeDate moved on deactivation (${created} -> ${deactivated})`);
        });
      });

      describe(`dates recorded by the changes of a ${k.name}`, () => {
        it(`a ${k.name}: every change stamps LastChangeDate, and each transition its own date`, async () => {
          const activationDate = fx.now() + HOUR;
          const key = await k.make(fx, { activationDate });
          const id = key.uid;
          const lastChange = (): number | undefined => date(id, 'LastChangeDate');
          assert.equal(date(id, 'InitialDate'), fx.now());
          assert.equal(lastChange(), fx.now());
          assert.equal(date(id, 'ActivationDate'), activationDate);

          const step = (what: string, run: () => void): void => {
            fx.advance(MINUTE);
            run();
            assert.equal(lastChange(), fx.now(), `${what} sets LastChangeDate to now`);
          };
          step('SetAttribute', () => fx.call(setAttributeRequest(id, text('Comment', 'set'))));
          step('AddAttribute', () => fx.call(requests.addAttribute(id, nameNode('added'))));
          step('ModifyAttribute', () => fx.call(requests.modifyAttribute(id, text('Comment', 'modified'))));
          step('DeleteAttribute', () => fx.call(deleteAttributeRequest(id, nameNode('added'))));
          step('Activate', () => {
            for (const uid of key.all) fx.call(requests.activate(uid));
          });
          assert.equal(stateOf(fx, id), 'Active');
          assert.equal(date(id, 'ActivationDate'), fx.now(), 'Activate sets ActivationDate to now');
          const activated = fx.now();

          fx.advance(MINUTE);
          fx.call(k.use(id));
          fx.call(getRequest(id, k.name === 'key pair' ? 'PKCS8' : undefined));
          fx.call(getAttributesRequest(id));
          assert.equal(lastChange(), activated, 'using and reading the key changes nothing');

          fx.advance(MINUTE);
          if (k.reKey.async) await fx.callAsync(k.reKey.request(id));
          else fx.call(k.reKey.request(id));
          assert.equal(lastChange(), fx.now(), 'ReKey links the old key to its replacement and sets its LastChangeDate');

          step('Revoke', () => {
            for (const uid of key.all) fx.call(requests.revokeText(uid));
          });
          assert.equal(stateOf(fx, id), 'Deactivated');
          const deactivated = fx.now();
          assert.equal(date(id, 'DeactivationDate'), deactivated, 'revoking to Deactivated sets DeactivationDate to now');
          assert.equal(date(id, 'CompromiseDate'), undefined);

          step('Revoke KeyCompromise', () => {
            for (const uid of key.all) fx.call(requests.revokeCompromise(uid));
          });
          assert.equal(stateOf(fx, id), 'Compromised');
          const compromised = fx.now();
          assert.equal(date(id, 'CompromiseDate'), compromised, 'compromise sets CompromiseDate to now');
          assert.equal(date(id, 'CompromiseOccurrenceDate'), OCCURRED, 'compromise keeps the CompromiseOccurrenceDate given');
          assert.equal(date(id, 'DeactivationDate'), deactivated, 'DeactivationDate is kept');
          assert.equal(date(id, 'DestroyDate'), undefined);

          step('Destroy', () => {
            for (const uid of key.all) fx.call(destroyRequest(uid));
          });
          assert.equal(stateOf(fx, id), 'Destroyed_Compromised');
          assert.equal(date(id, 'DestroyDate'), fx.now(), 'Destroy sets DestroyDate to now');
          assert.equal(date(id, 'CompromiseDate'), compromised, 'CompromiseDate is kept');
          assert.equal(date(id, 'CompromiseOccurrenceDate'), OCCURRED);
          assert.equal(date(id, 'ActivationDate'), activated);
        });

        it(`a ${k.name} compromised while Active gets CompromiseDate now and keeps the CompromiseOccurrenceDate`, async () => {
          const key = await k.make(fx, {});
          fx.advance(MINUTE);
          for (const uid of key.all) fx.call(requests.revokeCompromise(uid));
          assert.equal(stateOf(fx, key.uid), 'Compromised');
          assert.equal(date(key.uid, 'CompromiseDate'), fx.now());
          assert.equal(date(key.uid, 'CompromiseOccurrenceDate'), OCCURRED);
          assert.equal(date(key.uid, 'LastChangeDate'), fx.now());
        });

        it(`a PreActive ${k.name} destroyed gets DestroyDate now`, async () => {
          const key = await k.make(fx, { activationDate: fx.now() + HOUR });
          fx.advance(MINUTE);
          for (const uid of key.all) fx.call(destroyRequest(uid));
          assert.equal(stateOf(fx, key.uid), 'Destroyed');
          assert.equal(date(key.uid, 'DestroyDate'), fx.now());
          assert.equal(date(key.uid, 'LastChangeDate'), fx.now());
        });

        it(`a destroyed ${k.name} compromised afterwards gets CompromiseDate now and keeps its DestroyDate`, async () => {
          const key = await k.make(fx, {});
          for (const uid of key.all) fx.call(requests.revokeText(uid));
          fx.advance(MINUTE);
          for (const uid of key.all) fx.call(destroyRequest(uid));
          const destroyed = fx.now();
          fx.advance(MINUTE);
          for (const uid of key.all) fx.call(requests.revokeCompromise(uid));
          assert.equal(stateOf(fx, key.uid), 'Destroyed_Compromised');
          assert.equal(date(key.uid, 'DestroyDate'), destroyed);
          assert.equal(date(key.uid, 'CompromiseDate'), fx.now());
          assert.equal(date(key.uid, 'CompromiseOccurrenceDate'), OCCURRED);
          assert.equal(date(key.uid, 'LastChangeDate'), fx.now());
        });
      });
    }
  });
}
