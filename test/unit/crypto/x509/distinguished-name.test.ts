import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Name } from '@peculiar/asn1-x509';
import { encodeName, type NameAttribute } from '../../../../src/crypto/x509/distinguished-name.js';
import { X509Error } from '../../../../src/crypto/x509/x509-error.js';

function badName(fn: () => unknown, messagePart?: string): void {
  assert.throws(fn, (e: unknown) => e instanceof X509Error && e.code === 'X509_BAD_NAME'
    && (messagePart === undefined || e.message.includes(messagePart)));
}

/** [oid, universal tag of the value, text] for each single-attribute RDN. */
function decoded(der: Uint8Array): [string, number, string][] {
  const name = AsnConvert.parse(der, Name);
  return Array.from(name, (rdn): [string, number, string] => {
    assert.equal(rdn.length, 1);
    const atv = rdn[0];
    assert.ok(atv !== undefined);
    const tag = atv.value.utf8String !== undefined ? 12 : atv.value.printableString !== undefined ? 19
      : atv.value.ia5String !== undefined ? 22 : -1;
    return [atv.type, tag, atv.value.toString()];
  });
}

describe('encodeName', () => {
  it('writes one RDN per attribute in the given order with the right string types', () => {
    const attrs: NameAttribute[] = [
      { type: 'DC', value: 'example' }, { type: 'C', value: 'US' }, { type: 'ST', value: 'CA' },
      { type: 'L', value: 'Paris' }, { type: 'O', value: 'Acmé' }, { type: 'OU', value: 'KMS' },
      { type: 'title', value: 'Boss' }, { type: 'serialNumber', value: 'A-123' },
      { type: 'dnQualifier', value: 'q1' }, { type: 'UID', value: 'jdoe' },
      { type: 'E', value: 'x@y.z' }, { type: 'CN', value: 'Alice' },
    ];
    assert.deepEqual(decoded(encodeName(attrs)), [
      ['0.9.2342.19200300.100.1.25', 22, 'example'], ['2.5.4.6', 19, 'US'], ['2.5.4.8', 12, 'CA'],
      ['2.5.4.7', 12, 'Paris'], ['2.5.4.10', 12, 'Acmé'], ['2.5.4.11', 12, 'KMS'], ['2.5.4.12', 12, 'Boss'],
      ['2.5.4.5', 19, 'A-123'], ['2.5.4.46', 19, 'q1'], ['0.9.2342.19200300.100.1.1', 12, 'jdoe'],
      ['1.2.840.113549.1.9.1', 22, 'x@y.z'], ['2.5.4.3', 12, 'Alice'],
    ]);
  });

  it('produces the exact DER openssl writes for CN=a', () => {
    assert.equal(Buffer.from(encodeName([{ type: 'CN', value: 'a' }])).toString('hex'), '300c310a300806035504030c0161');
  });

  it('refuses an empty list, empty values and control characters', () => {
    badName(() => encodeName([]));
    badName(() => encodeName([{ type: 'CN', value: '' }]), 'CN');
    badName(() => encodeName([{ type: 'CN', value: 'a\u0000b' }]), 'CN');
  });

  it('refuses a country that is not two letters and non-printable PrintableStrings', () => {
    badName(() => encodeName([{ type: 'C', value: 'USA' }]), 'C');
    badName(() => encodeName([{ type: 'C', value: '1A' }]), 'C');
    badName(() => encodeName([{ type: 'serialNumber', value: 'a*b' }]), 'serialNumber');
    badName(() => encodeName([{ type: 'E', value: 'é@x.y' }]), 'E');
  });

  it('refuses values over the RFC 5280 upper bound', () => {
    badName(() => encodeName([{ type: 'CN', value: 'x'.repeat(65) }]), 'CN');
    assert.ok(encodeName([{ type: 'CN', value: 'x'.repeat(64) }]).length > 64);
  });
});
