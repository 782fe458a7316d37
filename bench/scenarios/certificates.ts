/**
 * Certificates: Certify of a leaf from one fixed P-256 PKCS#10 request (made once by `openssl req`)
 * issued by an EC P-256 CA and by an RSA-2048 CA held in the KMS, each request a new certificate;
 * Validate of a held three-certificate chain by identifiers; Export of a private key as PKCS#12
 * (PBKDF2-heavy by design). Each at one and at a few connections, beside node:crypto ECDSA P-256
 * and RSA-2048 signing on one core: the signature every Certify makes, with nothing around it.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { enumeration, struct, text } from '../../src/kmip/ttlv/build.js';
import type { TtlvNode, TtlvStructure } from '../../src/kmip/ttlv/node.js';
import { certifyRequest, validateRequest } from '../../test/helpers/certify-requests.js';
import { bytesField, enumField, getAttributesRequest, getRequest, parseResponse, structField, textField, toJson } from '../../test/helpers/kmip-requests.js';
import { kmipOver } from '../kms-server.js';
import { logFigure, loopRuns, toFigure, wrkRuns, type BenchContext } from '../measure.js';
import type { Figure } from '../result.js';

/** Connection counts: one client alone, and a few at once. */
const CONNECTIONS = [1, 8];
const SCENARIO = 'Certificates';
const CA_EXTENSIONS = 'basicConstraints=critical,CA:TRUE\nkeyUsage=keyCertSign\n';
/** Bytes signed by the ceiling loops: about a leaf's TBSCertificate. */
const TBS_BYTES = 400;
/** The PKCS#12 password; a benchmark constant, not a secret. */
const P12_PASSWORD = 'bench-p12';

/** The request bodies of the scenario, each checked once before any load. */
interface CertBodies {
  readonly certifyEc: string;
  readonly certifyRsa: string;
  readonly validate: string;
  readonly pkcs12: string;
}

/**
 * POSTs a KMIP JSON body on a connection of its own; throws on a non-200 answer. Not fetch: its
 * pooled connection, idle through the previous scenario's load, may have been closed by the server.
 */
function kmip(base: string, secret: string, body: string): Promise<string> {
  return kmipOver(false, base, secret, body);
}

/** A request's UniqueIdentifier answer. */
async function uid(base: string, secret: string, req: TtlvNode): Promise<string> {
  return textField(parseResponse(await kmip(base, secret, toJson(req))), 'UniqueIdentifier');
}

/** The object a Link of `type` on `id` points to. */
async function linked(base: string, secret: string, id: string, type: string): Promise<string> {
  const attrs = structField(parseResponse(await kmip(base, secret, toJson(getAttributesRequest(id)))), 'Attributes');
  const holder = attrs.value.find((n) => n.tag === 'Link');
  for (const l of holder?.type === 'Structure' ? holder.value : []) {
    if (l.type !== 'Structure' || !l.value.some((c) => c.tag === 'LinkType' && c.type === 'Enumeration' && c.value === type)) continue;
    const target = l.value.find((c) => c.tag === 'LinkedObjectIdentifier');
    if (target?.type === 'TextString') return target.value;
  }
  throw new Error(`${id} has no ${type}`);
}

/** A held certificate's DER. */
async function certificate(base: string, secret: string, id: string): Promise<Uint8Array> {
  return bytesField(structField(parseResponse(await kmip(base, secret, toJson(getRequest(id)))), 'Object'), 'CertificateValue');
}

/** Two Certify of `body` must give two certificates with different serials. */
async function checkCertify(base: string, secret: string, body: string): Promise<void> {
  const [a, b] = [textField(parseResponse(await kmip(base, secret, body)), 'UniqueIdentifier'), textField(parseResponse(await kmip(base, secret, body)), 'UniqueIdentifier')];
  const [ca, cb] = [await certificate(base, secret, a), await certificate(base, secret, b)];
  if (a === b || Buffer.from(ca).equals(Buffer.from(cb))) throw new Error('Certify of the same request did not issue a new certificate');
}

/** The CAs, chain and key the scenario needs, and its bodies, all checked once. */
async function setUp(ctx: BenchContext, base: string, secret: string): Promise<CertBodies> {
  const csrFile = join(ctx.dir, 'certificates-csr.der');
  execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(ctx.dir, 'certificates-csr.key'),
    '-subj', '/O=Bench/CN=bench.example', '-outform', 'DER', '-out', csrFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  const csr = { type: 'PKCS10' as const, value: new Uint8Array(readFileSync(csrFile)) };
  const ecCa = await uid(base, secret, certifyRequest({ subject: { Cn: 'Bench EC CA' }, keyPair: { algorithm: 'EC', curve: 'P256' }, days: 3650, extensions: CA_EXTENSIONS }));
  const rsaCa = await uid(base, secret, certifyRequest({ subject: { Cn: 'Bench RSA CA' }, keyPair: { algorithm: 'RSA', length: 2048 }, days: 3650, extensions: CA_EXTENSIONS }));
  const inter = await uid(base, secret, certifyRequest({ subject: { Cn: 'Bench Intermediate CA' }, keyPair: { algorithm: 'EC', curve: 'P256' }, issuerCert: ecCa, days: 1825, extensions: CA_EXTENSIONS }));
  const leaf = await uid(base, secret, certifyRequest({ subject: { Cn: 'bench-leaf.example' }, keyPair: { algorithm: 'EC', curve: 'P256' }, issuerCert: inter, days: 30 }));
  const leafKey = await linked(base, secret, leaf, 'PrivateKeyLink');
  const b: CertBodies = {
    certifyEc: toJson(certifyRequest({ csr, issuerCert: ecCa, days: 30 })),
    certifyRsa: toJson(certifyRequest({ csr, issuerCert: rsaCa, days: 30 })),
    validate: toJson(validateRequest({ ids: [leaf, inter, ecCa] })),
    pkcs12: toJson(struct('Export', [
      text('UniqueIdentifier', leafKey),
      enumeration('KeyFormatType', 'PKCS12'),
      struct('KeyWrappingSpecification', [enumeration('WrappingMethod', 'Encrypt'), struct('EncryptionKeyInformation', [text('UniqueIdentifier', P12_PASSWORD)])]),
    ])),
  };
  await checkCertify(base, secret, b.certifyEc);
  await checkCertify(base, secret, b.certifyRsa);
  const verdict = enumField(parseResponse(await kmip(base, secret, b.validate)), 'ValidityIndicator');
  if (verdict !== 'Valid') throw new Error(`Validate of the chain answered ${verdict}`);
  const block: TtlvStructure = structField(structField(parseResponse(await kmip(base, secret, b.pkcs12)), 'Object'), 'KeyBlock');
  const p12 = bytesField(structField(structField(block, 'KeyValue'), 'KeyMaterial'), 'ByteString');
  // openssl must open it with the password: the load then times real exports.
  execFileSync('openssl', ['pkcs12', '-passin', `pass:${P12_PASSWORD}`, '-nodes'], { input: p12, stdio: ['pipe', 'ignore', 'pipe'] });
  return b;
}

/** `crypto.<ecdsa-p256|rsa2048>-sign`: node:crypto SHA-256 signatures per second on this thread. */
export function signCeilings(ctx: BenchContext): Figure[] {
  const tbs = randomBytes(TBS_BYTES);
  const loop = (id: string, name: string, key: KeyObject, batch: number): Figure => {
    ctx.log(`node:crypto ${name} loop`);
    const runs = loopRuns(ctx, () => {
      for (let i = 0; i < batch; i++) sign('sha256', tbs, key);
      return batch;
    });
    return logFigure(ctx, toFigure({ id, scenario: SCENARIO, name: `node:crypto ${name} sign ${TBS_BYTES} B, one core`, unit: 'signs/s' }, runs));
  };
  return [
    loop('crypto.ecdsa-p256-sign', 'ECDSA P-256', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 100),
    loop('crypto.rsa2048-sign', 'RSA-2048 PKCS#1 v1.5', generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 20),
  ];
}

/**
 * `cert.certify.ec.c<n>`, `cert.certify.rsa.c<n>`, `cert.validate.c<n>`, `cert.pkcs12.c<n>` and
 * the two signing ceilings, in the database of `secret` on the server at `kmsBase`.
 */
export async function certificates(ctx: BenchContext, kmsBase: string, secret: string): Promise<Figure[]> {
  const b = await setUp(ctx, kmsBase, secret);
  const figures = signCeilings(ctx);
  const url = `${kmsBase}/kmip/2_1`;
  const loads = [
    { id: 'cert.certify.ec', name: 'Certify P-256 CSR, EC P-256 CA', unit: 'certs/s', body: b.certifyEc },
    { id: 'cert.certify.rsa', name: 'Certify P-256 CSR, RSA-2048 CA', unit: 'certs/s', body: b.certifyRsa },
    { id: 'cert.validate', name: 'Validate 3-certificate chain by ids', unit: 'req/s', body: b.validate },
    { id: 'cert.pkcs12', name: 'Export private key as PKCS#12', unit: 'exports/s', body: b.pkcs12 },
  ];
  for (const l of loads) {
    for (const c of CONNECTIONS) {
      ctx.log(`${SCENARIO}: ${l.name}, ${c} conn.`);
      const runs = wrkRuns(ctx, url, [{ body: l.body, secret }], c);
      figures.push(logFigure(ctx, toFigure({ id: `${l.id}.c${c}`, scenario: SCENARIO, name: `${l.name}, ${c} conn.`, unit: l.unit, concurrency: c }, runs)));
    }
  }
  return figures;
}
