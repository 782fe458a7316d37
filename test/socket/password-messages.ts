/**
 * Request Messages whose header carries several credentials with passwords, for the wipe tests:
 * the passwords are distinct markers, so a test can look for each one in what the backend got.
 * @module
 */
import { encodeBinaryTtlv } from '../../src/kmip/ttlv/binary.js';
import { enumeration, int, struct, text } from '../../src/kmip/ttlv/build.js';
import { WIRE } from '../../src/kmip/binary/wire-tags.js';

const USERNAME_AND_PASSWORD = 1;
const DEVICE = 2;

/** A Username and Password credential. */
function userCredential(username: string, password: string): ReturnType<typeof struct> {
  return struct(WIRE.credential, [
    { tag: WIRE.credentialType, type: 'Enumeration', value: USERNAME_AND_PASSWORD },
    struct(WIRE.credentialValue, [text(WIRE.username, username), text(WIRE.password, password)]),
  ]);
}

/** A Device credential, whose optional Password is a secret too. */
function deviceCredential(password: string): ReturnType<typeof struct> {
  return struct(WIRE.credential, [
    { tag: WIRE.credentialType, type: 'Enumeration', value: DEVICE },
    struct(WIRE.credentialValue, [text('DeviceSerialNumber', 'SN-0001'), text(WIRE.password, password), text('DeviceIdentifier', 'dev-7')]),
  ]);
}

/**
 * A 1.4 DiscoverVersions request whose Authentication carries two Username and Password
 * credentials (the first password being `firstPassword`) and a Device credential, every one
 * with a password listed in `passwords`.
 */
export function multiCredentialMessage(firstPassword: string): { message: Uint8Array; passwords: string[] } {
  const passwords = [firstPassword, 'second-user-password-marker', 'device-password-marker'];
  const message = encodeBinaryTtlv(struct(WIRE.requestMessage, [
    struct(WIRE.requestHeader, [
      struct(WIRE.protocolVersion, [int(WIRE.protocolVersionMajor, 1), int(WIRE.protocolVersionMinor, 4)]),
      struct(WIRE.authentication, [userCredential('alice', passwords[0] ?? ''), userCredential('bob', passwords[1] ?? ''), deviceCredential(passwords[2] ?? '')]),
      int(WIRE.batchCount, 1),
    ]),
    struct(WIRE.batchItem, [enumeration(WIRE.operation, 'DiscoverVersions'), struct(WIRE.requestPayload, [])]),
  ]));
  return { message, passwords };
}

/** Whether `bytes` still hold `secret` anywhere. */
export function holds(bytes: Uint8Array, secret: string): boolean {
  return Buffer.from(bytes).includes(Buffer.from(secret, 'utf8'));
}
