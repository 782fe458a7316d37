/**
 * Certify: issues an X.509 certificate in one of four ways (Cosmian's): from a PKCS#10 request,
 * for a public key held in the KMS, by renewing a held certificate, or for a key pair generated
 * on the spot; signed by a CA held in the KMS (Links to its certificate and/or private key) or
 * self-signed. Validity starts now and lasts the days asked (365 by default), never past the
 * issuer's own expiry. Extensions come from the request or renewed certificate, then from the
 * caller's `x509-extension` text, with key identifiers added when missing.
 * @module
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { KmipError } from '../../kmip/kmip-error.js';
import { checkUserTags, getAttribute, tagsOf, type AttributeList } from '../../kmip/attributes.js';
import { encodeCertificate } from '../../kmip/certificate.js';
import { linkedId, linksOf, withLinks, type Link } from '../../kmip/links.js';
import { encodeName } from '../../crypto/x509/distinguished-name.js';
import { authorityKeyIdentifierValue, keyIdentifier, parseExtensionConfig, subjectKeyIdentifierValue } from '../../crypto/x509/extension-config.js';
import { issueCertificate, randomSerialNumber } from '../../crypto/x509/issue-certificate.js';
import { readCertificateContent } from '../../crypto/x509/certificate-content.js';
import { readCertificateRequest } from '../../crypto/x509/certificate-request.js';
import type { CertificateExtension } from '../../crypto/x509/x509-error.js';
import { mapMaybe, type MaybePromise } from '../../lib/maybe-async.js';
import { resolveObject } from '../object-access.js';
import { keyPairSpecOf, publicKeyOfRecord } from '../asymmetric-keys.js';
import { generatedPairRecords } from '../key-pair-records.js';
import { newIdentifier } from '../new-object.js';
import { attributesText, storedAttributes } from '../stored-object.js';
import { certificateRecord } from '../certificate-record.js';
import { linkedIssuer, signingKey, type LinkedIssuer } from '../certificate-issuer.js';
import { linkedCertificateId, linkedPrivateKeyId, parsedCertificate } from '../stored-certificate.js';
import {
  certificateOwnAttributes, keyPairAttributes, requestedExtensionText, requestedIssuer, requestedSubject, requestedValidityDays, x509Failure,
} from '../certify-attributes.js';
import type { CertifyRequest } from '../../kmip/operations/certify.js';
import type { ObjectRecord } from '../../storage/object-record.js';
import type { OperationContext } from '../context.js';

const DAY_MS = 86_400_000;
const SUBJECT_KEY_ID = '2.5.29.14';
const AUTHORITY_KEY_ID = '2.5.29.35';
const BASIC_CONSTRAINTS = '2.5.29.19';

/** What the certificate certifies: a name and a public key, and where they came from. */
interface Subject {
  readonly name: Uint8Array;
  readonly publicKey: KeyObject;
  /** Extensions carried over from a request or a renewed certificate. */
  readonly extensions: readonly CertificateExtension[];
  /** The certificate's identifier: new, or the renewed certificate's. */
  readonly uid: string;
  /** The certificate being renewed, replaced in place. */
  readonly replaces: ObjectRecord | undefined;
  /** The private key a self-signed certificate is signed with, if the subject has one. */
  readonly ownKeyId: string | undefined;
  /** A renewed certificate's issuer in the KMS, which issues the renewal unless the request names another. */
  readonly previousIssuerId: string | undefined;
  /** The held public key certified, linked to the certificate both ways. */
  readonly publicKeyRecord: ObjectRecord | undefined;
  /** A key pair generated for the certificate, stored with it. */
  readonly generated: { readonly privateRecord: ObjectRecord; readonly publicRecord: ObjectRecord; readonly privateKey: KeyObject } | undefined;
}

function guarded<T>(make: () => T): T {
  try {
    return make();
  } catch (e) {
    return x509Failure(e);
  }
}

function subjectName(attrs: AttributeList, mode: string): Uint8Array {
  const fields = requestedSubject(attrs);
  if (fields === undefined) {
    throw new KmipError('Missing_Data', `Certify ${mode}: the subject name is missing (CertificateAttributes with at least one CertificateSubject field)`);
  }
  return guarded(() => encodeName(fields));
}

function requestedUid(ctx: OperationContext, attrs: AttributeList): string {
  return newIdentifier(ctx, getAttribute(attrs, 'UniqueIdentifier'));
}

function fromRequest(ctx: OperationContext, req: CertifyRequest, value: Uint8Array): Subject {
  const type = req.requestType ?? 'PEM';
  if (type !== 'PEM' && type !== 'PKCS10') throw new KmipError('Feature_Not_Supported', `Certify: ${type} certificate requests are not supported (PKCS10 or PEM)`);
  const csr = guarded(() => readCertificateRequest(value, type === 'PEM' ? 'PEM' : 'DER'));
  // A requester cannot know the issuer's key identifier, and may not make itself a CA: those come
  // from the issuer and the caller's x509-extension only.
  const extensions = csr.extensions.filter((e) => e.oid !== SUBJECT_KEY_ID && e.oid !== AUTHORITY_KEY_ID && e.oid !== BASIC_CONSTRAINTS);
  return { name: csr.subject, publicKey: csr.publicKey, extensions, uid: requestedUid(ctx, req.attributes), replaces: undefined, ownKeyId: undefined, previousIssuerId: undefined, publicKeyRecord: undefined, generated: undefined };
}

function fromHeldObject(ctx: OperationContext, req: CertifyRequest, id: string): Subject {
  const rec = resolveObject(ctx, id, ['PreActive', 'Active'], 'certify');
  if (rec.objectType === 'Certificate') {
    const old = parsedCertificate(rec).content;
    const asked = getAttribute(req.attributes, 'UniqueIdentifier');
    const issuerLink = linkedId(storedAttributes(rec), 'CertificateLink');
    // Only the owner renews in place; anyone else allowed to certify gets a certificate of their own.
    const keepId = rec.owner === ctx.user && (asked === undefined || (asked.type === 'TextString' && (asked.value === '' || asked.value === rec.id)));
    return {
      name: old.subject,
      publicKey: old.publicKey,
      // The key identifiers are recomputed for the new issuer.
      extensions: old.extensions.filter((e) => e.oid !== SUBJECT_KEY_ID && e.oid !== AUTHORITY_KEY_ID),
      uid: keepId ? rec.id : requestedUid(ctx, req.attributes),
      replaces: keepId ? rec : undefined,
      ownKeyId: linkedPrivateKeyId(ctx, rec),
      previousIssuerId: issuerLink === rec.id ? undefined : issuerLink,
      publicKeyRecord: undefined,
      generated: undefined,
    };
  }
  if (rec.objectType === 'PublicKey') {
    return {
      name: subjectName(req.attributes, 'for a public key'),
      publicKey: publicKeyOfRecord(rec),
      extensions: [],
      uid: requestedUid(ctx, req.attributes),
      replaces: undefined,
      ownKeyId: linkedPrivateKeyId(ctx, rec),
      previousIssuerId: undefined,
      publicKeyRecord: rec,
      generated: undefined,
    };
  }
  throw new KmipError('Invalid_Object_Type', `Certify: object ${rec.id} is a ${rec.objectType}; certify a PublicKey or renew a Certificate`);
}

async function withNewKeyPair(ctx: OperationContext, req: CertifyRequest): Promise<Subject> {
  const name = subjectName(req.attributes, 'with a new key pair');
  const attrs = keyPairAttributes(req.attributes);
  const { spec, algorithm } = keyPairSpecOf(attrs);
  const tags = checkUserTags(tagsOf(attrs) ?? []);
  const uid = requestedUid(ctx, req.attributes);
  const privUid = newIdentifier(ctx, undefined);
  const pubUid = newIdentifier(ctx, undefined);
  const { pair, privateRecord, publicRecord } = await generatedPairRecords(ctx, spec, algorithm, { uid: privUid, attributes: attrs, tags }, { uid: pubUid, attributes: attrs, tags });
  return { name, publicKey: pair.publicKey, extensions: [], uid, replaces: undefined, ownKeyId: privUid, previousIssuerId: undefined, publicKeyRecord: undefined, generated: { privateRecord, publicRecord, privateKey: pair.privateKey } };
}

function subjectOf(ctx: OperationContext, req: CertifyRequest): Subject | Promise<Subject> {
  if (req.requestValue !== undefined) return fromRequest(ctx, req, req.requestValue);
  if (req.uniqueIdentifier !== undefined && req.uniqueIdentifier !== '') return fromHeldObject(ctx, req, req.uniqueIdentifier);
  return withNewKeyPair(ctx, req);
}

/** The issuer: a linked CA, or the subject itself (self-signed) with the subject's own private key. */
interface Issuer {
  readonly name: Uint8Array;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly ca: LinkedIssuer | undefined;
}

function hasLinkedCertificate(ctx: OperationContext, keyId: string): boolean {
  const rec = ctx.store.get(keyId);
  return rec !== undefined && linkedCertificateId(ctx, rec) !== undefined;
}

function samePublicKey(a: KeyObject, b: KeyObject): boolean {
  return Buffer.from(a.export({ type: 'spki', format: 'der' })).equals(b.export({ type: 'spki', format: 'der' }));
}

function issuerOf(ctx: OperationContext, req: CertifyRequest, subject: Subject, early: LinkedIssuer | undefined): Issuer {
  const links = requestedIssuer(req.attributes);
  // A renewal with no issuer named goes back to its previous issuer, found through its link.
  const inherited = links.certificateId === undefined && links.privateKeyId === undefined && subject.previousIssuerId !== undefined;
  const asked = inherited ? { certificateId: subject.previousIssuerId, privateKeyId: undefined } : links;
  if (asked.certificateId === undefined && asked.privateKeyId !== undefined && !hasLinkedCertificate(ctx, asked.privateKeyId)) {
    // A private key without a certificate: it signs its own public key's certificate (a self-signed
    // certificate for a request or a public key).
    const privateKey = signingKey(ctx, asked.privateKeyId);
    if (!samePublicKey(createPublicKey(privateKey), subject.publicKey)) {
      throw new KmipError('Invalid_Field', `Certify: the private key ${asked.privateKeyId} has no certificate to issue from and does not match the subject's public key`);
    }
    return { name: subject.name, privateKey, publicKey: subject.publicKey, ca: undefined };
  }
  if (asked.certificateId !== undefined || asked.privateKeyId !== undefined) {
    const ca = early ?? linkedIssuer(ctx, asked, inherited);
    const bc = ca.certificate.basicConstraints;
    const ku = ca.certificate.keyUsage;
    if (bc?.ca !== true || (ku !== undefined && !ku.has('keyCertSign'))) {
      throw new KmipError('Invalid_Field', `Certify: the issuer certificate ${ca.certificateId} is not a CA certificate (basicConstraints CA:TRUE and keyCertSign)`);
    }
    return { name: ca.certificate.subject, privateKey: ca.privateKey, publicKey: ca.certificate.publicKey, ca };
  }
  if (subject.generated !== undefined) {
    return { name: subject.name, privateKey: subject.generated.privateKey, publicKey: subject.publicKey, ca: undefined };
  }
  if (subject.ownKeyId === undefined) {
    throw new KmipError('Invalid_Field', 'Certify: a self-signed certificate needs the subject\'s private key; link an issuer (CertificateLink or PrivateKeyLink) or link the key to the subject');
  }
  const privateKey = signingKey(ctx, subject.ownKeyId);
  return { name: subject.name, privateKey, publicKey: subject.publicKey, ca: undefined };
}

function extensionsFor(req: CertifyRequest, subject: Subject, issuer: Issuer): CertificateExtension[] {
  const text = requestedExtensionText(req.attributes);
  const issuerKeyIdentifier = issuer.ca?.certificate.subjectKeyIdentifier;
  const keys = { subjectPublicKey: subject.publicKey, issuerPublicKey: issuer.publicKey, issuerKeyIdentifier };
  const asked = text === undefined ? [] : guarded(() => parseExtensionConfig(text, keys));
  const askedOids = new Set(asked.map((e) => e.oid));
  // The caller's extensions win over those of the request or the renewed certificate.
  const out = [...subject.extensions.filter((e) => !askedOids.has(e.oid)), ...asked];
  const has = (oid: string): boolean => out.some((e) => e.oid === oid);
  if (!has(SUBJECT_KEY_ID)) out.push({ oid: SUBJECT_KEY_ID, critical: false, value: subjectKeyIdentifierValue(keyIdentifier(subject.publicKey)) });
  // It must repeat the issuer's own subject key identifier when the issuer certificate has one.
  if (!has(AUTHORITY_KEY_ID)) out.push({ oid: AUTHORITY_KEY_ID, critical: false, value: authorityKeyIdentifierValue(issuerKeyIdentifier ?? keyIdentifier(issuer.publicKey)) });
  return out;
}

/** A CA limited to no intermediate below it (pathlen:0) may not issue another CA certificate. */
function checkPathLength(issuer: Issuer, der: Uint8Array): void {
  if (issuer.ca?.certificate.basicConstraints?.pathLength !== 0) return;
  if (guarded(() => readCertificateContent(der)).basicConstraints?.ca === true) {
    throw new KmipError('Invalid_Field', `Certify: the issuer certificate ${issuer.ca.certificateId} allows no CA certificate below it (pathlen:0)`);
  }
}

function validity(ctx: OperationContext, req: CertifyRequest, issuer: Issuer): { notBefore: Date; notAfter: Date } {
  // Whole seconds: X.509 times carry no fraction.
  const now = Math.floor(ctx.now() / 1000) * 1000;
  let notAfter = now + requestedValidityDays(req.attributes) * DAY_MS;
  const cap = issuer.ca?.certificate.notAfter.getTime();
  if (cap !== undefined) notAfter = Math.min(notAfter, cap);
  if (notAfter <= now) throw new KmipError('Invalid_Field', `Certify: the issuer certificate ${issuer.ca?.certificateId ?? ''} has expired`);
  return { notBefore: new Date(now), notAfter: new Date(notAfter) };
}

function certificateLinks(subject: Subject, issuer: Issuer, existing: readonly Link[]): Link[] {
  const links: Link[] = existing.filter((l) => !['CertificateLink', 'PublicKeyLink', 'PrivateKeyLink'].includes(l.type));
  links.push({ type: 'CertificateLink', id: issuer.ca?.certificateId ?? subject.uid });
  const publicId = subject.generated?.publicRecord.id ?? subject.publicKeyRecord?.id ?? existing.find((l) => l.type === 'PublicKeyLink')?.id;
  if (publicId !== undefined) links.push({ type: 'PublicKeyLink', id: publicId });
  const privateId = subject.generated?.privateRecord.id ?? subject.ownKeyId;
  if (privateId !== undefined) links.push({ type: 'PrivateKeyLink', id: privateId });
  return links;
}

function withCertificateLink(ctx: OperationContext, rec: ObjectRecord, certId: string): ObjectRecord {
  const attrs = storedAttributes(rec);
  const links = [...linksOf(attrs).filter((l) => l.type !== 'CertificateLink'), { type: 'CertificateLink' as const, id: certId }];
  return { ...rec, attributes: attributesText(withLinks(attrs, links)), updatedAt: ctx.now() };
}

/** Issues the certificate and returns its identifier (asynchronously only when a key pair is generated). */
export function certify(ctx: OperationContext, req: CertifyRequest): MaybePromise<string> {
  // A named CA is resolved first: a refusal must not cost a key generation.
  const links = requestedIssuer(req.attributes);
  const early = links.certificateId !== undefined || (links.privateKeyId !== undefined && hasLinkedCertificate(ctx, links.privateKeyId)) ? linkedIssuer(ctx, links) : undefined;
  requestedValidityDays(req.attributes);
  requestedExtensionText(req.attributes);
  // A key named alone is checked now too (it signs its own certificate once the subject is known).
  if (early === undefined && links.privateKeyId !== undefined) signingKey(ctx, links.privateKeyId);
  return mapMaybe(subjectOf(ctx, req), (subject) => issue(ctx, req, subject, early));
}

function issue(ctx: OperationContext, req: CertifyRequest, subject: Subject, early: LinkedIssuer | undefined): string {
  const issuer = issuerOf(ctx, req, subject, early);
  const { notBefore, notAfter } = validity(ctx, req, issuer);
  const extensions = extensionsFor(req, subject, issuer);
  const der = guarded(() =>
    issueCertificate({ subject: subject.name, subjectPublicKey: subject.publicKey, issuer: issuer.name, issuerPrivateKey: issuer.privateKey, notBefore, notAfter, serialNumber: randomSerialNumber(), extensions }),
  );
  checkPathLength(issuer, der);
  const kept = subject.replaces === undefined ? [] : linksOf(storedAttributes(subject.replaces));
  const attrs = withLinks(certificateOwnAttributes(req.attributes), certificateLinks(subject, issuer, kept));
  const record = certificateRecord(ctx, {
    uid: subject.uid,
    objectType: 'Certificate',
    object: encodeCertificate(der, 'Object'),
    attributes: attrs,
    unwrap: false,
    ...(subject.replaces === undefined ? {} : { createdAt: subject.replaces.createdAt }),
  });
  ctx.store.transaction(() => {
    if (subject.generated !== undefined) {
      ctx.store.insert(withCertificateLink(ctx, subject.generated.privateRecord, subject.uid));
      ctx.store.insert(withCertificateLink(ctx, subject.generated.publicRecord, subject.uid));
    }
    // The public key points at its certificate when it is the caller's to change.
    if (subject.publicKeyRecord !== undefined && subject.publicKeyRecord.owner === ctx.user) ctx.store.update(withCertificateLink(ctx, subject.publicKeyRecord, subject.uid));
    if (subject.replaces !== undefined) ctx.store.update({ ...record, owner: subject.replaces.owner });
    else ctx.store.insert(record);
  });
  return subject.uid;
}
