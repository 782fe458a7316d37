import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { requireUsage } from '../../../src/actors/usage.js';
import { KmipError } from '../../../src/kmip/kmip-error.js';
import { USAGE } from '../../../src/kmip/enums.js';
import { int } from '../../../src/kmip/ttlv/build.js';
import type { TtlvNode } from '../../../src/kmip/ttlv/node.js';

const withMask = (mask: number): TtlvNode[] => [int('CryptographicUsageMask', mask)];

const refused = (message: RegExp) => (err: unknown): boolean => {
  assert.ok(err instanceof KmipError);
  assert.equal(err.reason, 'Incompatible_Cryptographic_Usage_Mask');
  assert.match(err.message, message);
  return true;
};

describe('requireUsage', () => {
  it('allows a single use the mask holds and refuses one it lacks', () => {
    requireUsage(withMask(USAGE.Encrypt | USAGE.Decrypt), 'Decrypt', 'k');
    assert.throws(() => { requireUsage(withMask(USAGE.Encrypt), 'Decrypt', 'k'); }, refused(/the usage mask of k does not allow Decrypt$/));
  });

  it('allows a list when the mask holds any one of its uses', () => {
    requireUsage(withMask(USAGE.DeriveKey), ['KeyAgreement', 'DeriveKey'], 'k');
    requireUsage(withMask(USAGE.KeyAgreement), ['KeyAgreement', 'DeriveKey'], 'k');
    requireUsage(withMask(USAGE.KeyAgreement | USAGE.DeriveKey), ['KeyAgreement', 'DeriveKey'], 'k');
  });

  it('refuses a list when the mask holds none of its uses, naming them all', () => {
    assert.throws(
      () => { requireUsage(withMask(USAGE.Encrypt | USAGE.Sign), ['KeyAgreement', 'DeriveKey'], 'k'); },
      refused(/does not allow KeyAgreement or DeriveKey$/),
    );
  });

  it('lets Unrestricted allow any use, single or listed', () => {
    requireUsage(withMask(USAGE.Unrestricted), 'UnwrapKey', 'k');
    requireUsage(withMask(USAGE.Unrestricted), ['KeyAgreement', 'DeriveKey'], 'k');
  });

  it('refuses everything when the object has no mask, or an empty one', () => {
    assert.throws(() => { requireUsage([], 'Encrypt', 'k'); }, refused(/Encrypt/));
    assert.throws(() => { requireUsage([], ['Sign', 'Verify'], 'k'); }, refused(/Sign or Verify/));
    assert.throws(() => { requireUsage(withMask(0), ['Sign', 'Verify'], 'k'); }, refused(/Sign or Verify/));
  });
});
