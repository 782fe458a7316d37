/**
 * KMIP Validate for a set of certificates: arrange them into the one path leaf -> ... -> top,
 * then check validity periods, signatures, CA constraints and critical extensions. A path that
 * holds and ends at a self-signed root is Valid; one that holds but stops short of a root is
 * Unknown, since trust in the missing issuer cannot be judged here.
 * @module
 */
import { id_ce_authorityKeyIdentifier, id_ce_basicConstraints, id_ce_extKeyUsage, id_ce_keyUsage, id_ce_subjectAltName, id_ce_subjectKeyIdentifier } from '@peculiar/asn1-x509';
import { namesIssuer, readCertificateContent, signatureVerifiesWith, subjectText, type CertificateContent } from './certificate-content.js';

/** Validate's answer (KMIP's ValidityIndicator names). */
export type ValidityIndicator = 'Valid' | 'Invalid' | 'Unknown';

/** The answer and a short reason naming the certificate that decided it. */
export interface ChainVerdict {
  readonly indicator: ValidityIndicator;
  readonly reason: string;
}

/**
 * Extensions this check understands well enough to accept when critical. Others that would
 * restrict the path (name constraints, policies) are not enforced, so critical ones are refused.
 */
const UNDERSTOOD = new Set([
  id_ce_basicConstraints, id_ce_keyUsage, id_ce_extKeyUsage, id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier, id_ce_authorityKeyIdentifier,
]);

const NOT_ONE_CHAIN: ChainVerdict = { indicator: 'Invalid', reason: 'the certificates do not form one chain' };

function invalid(reason: string): ChainVerdict {
  return { indicator: 'Invalid', reason };
}

/** The issuer of each certificate among the others (by name; a verifying signature breaks ties). */
function issuerIndexes(certs: readonly CertificateContent[]): (number | undefined)[] {
  return certs.map((child, i) => {
    const named = certs.flatMap((parent, j) => (j !== i && namesIssuer(child, parent) ? [j] : []));
    return named.find((j) => signatureVerifiesWith(child, certs[j] as CertificateContent)) ?? named[0];
  });
}

/** Orders the certificates leaf first, or undefined when they are not one unbranched path. */
function buildPath(certs: readonly CertificateContent[]): CertificateContent[] | undefined {
  const parents = issuerIndexes(certs);
  const leaves = certs.flatMap((_, i) => (parents.includes(i) ? [] : [i]));
  if (leaves.length !== 1 || leaves[0] === undefined) return undefined;
  const seen = new Set<number>();
  for (let at: number | undefined = leaves[0]; at !== undefined && !seen.has(at); at = parents[at]) seen.add(at);
  if (seen.size !== certs.length) return undefined;
  const path: CertificateContent[] = [];
  for (let at: number | undefined = leaves[0]; at !== undefined && path.length < certs.length; at = parents[at]) {
    path.push(certs[at] as CertificateContent);
  }
  return path;
}

/** The first broken rule of `cert` at path position `index` (0 = leaf), or undefined. */
function ruleBroken(path: readonly CertificateContent[], index: number, at: Date): string | undefined {
  const cert = path[index] as CertificateContent;
  const label = (i: number): string => `certificate ${i + 1} (${subjectText(path[i] as CertificateContent)})`;
  const me = label(index);
  if (at.getTime() < cert.notBefore.getTime()) return `${me} is not yet valid`;
  if (at.getTime() > cert.notAfter.getTime()) return `${me} expired`;
  const unknown = cert.extensions.find((e) => e.critical && !UNDERSTOOD.has(e.oid));
  if (unknown !== undefined) return `${me} has an unsupported critical extension ${unknown.oid}`;
  const issuer = path[index + 1];
  if (issuer === undefined) return undefined;
  const them = label(index + 1);
  if (!signatureVerifiesWith(cert, issuer)) return `${me} has a signature that does not verify with the key of ${them}`;
  if (issuer.basicConstraints?.ca !== true) return `${them} issues ${me} but is not a CA (no basicConstraints CA:TRUE)`;
  if (issuer.keyUsage !== undefined && !issuer.keyUsage.has('keyCertSign')) return `${them} issues ${me} but its keyUsage lacks keyCertSign`;
  // Intermediate CA certificates below the issuer: everything between it and the leaf.
  const below = index;
  const limit = issuer.basicConstraints.pathLength;
  if (limit !== undefined && below > limit) return `${them} allows ${limit} intermediate CA certificates below it but the chain has ${below}`;
  return undefined;
}

/** Validates `certificates` (any order) as one path at time `at`. */
export function validateChain(certificates: readonly Uint8Array[], at: Date): ChainVerdict {
  if (Number.isNaN(at.getTime())) return invalid('the validation time is not a valid date');
  if (certificates.length === 0) return invalid('no certificates were given');
  const certs: CertificateContent[] = [];
  for (const [i, der] of certificates.entries()) {
    try {
      certs.push(readCertificateContent(der));
    } catch {
      return invalid(`certificate ${i + 1} of the request cannot be read`);
    }
  }
  return validateCertificates(certs, at);
}

/** Validates already parsed certificates (any order) as one path at time `at`. */
export function validateCertificates(certs: readonly CertificateContent[], at: Date): ChainVerdict {
  if (Number.isNaN(at.getTime())) return invalid('the validation time is not a valid date');
  if (certs.length === 0) return invalid('no certificates were given');
  const path = buildPath(certs);
  if (path === undefined) return NOT_ONE_CHAIN;
  for (let i = 0; i < path.length; i++) {
    const broken = ruleBroken(path, i, at);
    if (broken !== undefined) return invalid(broken);
  }
  const top = path[path.length - 1] as CertificateContent;
  if (!namesIssuer(top, top)) return { indicator: 'Unknown', reason: 'the chain does not end at a self-signed root' };
  if (!signatureVerifiesWith(top, top)) {
    return invalid(`certificate ${path.length} (${subjectText(top)}) is self-issued but its signature does not verify`);
  }
  return { indicator: 'Valid', reason: 'the chain is valid and ends at a self-signed root' };
}
