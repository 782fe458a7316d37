/**
 * `--subject-name "CN=...,O=...,C=..."` read into the certificate subject fields Certify takes
 * (Cosmian's CertificateAttributes). Keys are OpenSSL's short names, in any case; a comma inside a
 * value is written `\,`.
 * @module
 */
import { usageError } from '../cli-error.js';
import type { CertificateSubject, CertificateSubjectField } from '../../client/kms-inputs.js';

// Lower-cased key -> subject field.
const SUBJECT_KEYS: Readonly<Record<string, CertificateSubjectField>> = {
  cn: 'Cn',
  o: 'O',
  ou: 'Ou',
  c: 'C',
  st: 'St',
  l: 'L',
  emailaddress: 'Email',
  e: 'Email',
  uid: 'Uid',
  serialnumber: 'SerialNumber',
  title: 'Title',
  dc: 'Dc',
  dnqualifier: 'DnQualifier',
};

/** The keys `--subject-name` accepts, for help and errors. */
export const SUBJECT_KEY_NAMES = 'CN, O, OU, C, ST, L, emailAddress (or E), UID, serialNumber, title, DC, dnQualifier';

/** Splits on commas not escaped by a backslash, unescaping `\,` and `\\`. */
function components(text: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '\\' && i + 1 < text.length) {
      current += text[++i] ?? '';
    } else if (ch === ',') {
      out.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  out.push(current);
  return out;
}

/** The subject fields of a `KEY=value,KEY=value` text; an unknown, repeated or empty part is a usage error. */
export function parseSubjectName(text: string): CertificateSubject {
  const subject: Partial<Record<CertificateSubjectField, string>> = {};
  for (const part of components(text)) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim();
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (eq < 0 || key === '' || value === '') throw usageError(`--subject-name: each part must be KEY=value, separated by commas (got ${JSON.stringify(part.trim())})`);
    const field = SUBJECT_KEYS[key.toLowerCase()];
    if (field === undefined) throw usageError(`--subject-name: unknown key ${JSON.stringify(key)}; use ${SUBJECT_KEY_NAMES}`);
    if (subject[field] !== undefined) throw usageError(`--subject-name: ${key} is given twice`);
    subject[field] = value;
  }
  return subject;
}
