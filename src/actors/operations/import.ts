/**
 * Import: stores an object supplied by the client under the identifier it chose (or a new one),
 * replacing an object of the caller's only when ReplaceExisting says so.
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { randomUuid } from '../../crypto/random.js';
import { checkNewIdentifier } from '../object-access.js';
import { suppliedRecord } from '../imported-object.js';
import { decodeKeyBlock } from '../../kmip/key-block.js';
import { isPkcs12, splitPkcs12 } from '../pkcs12-import.js';
import type { ImportRequest } from '../../kmip/operations/import.js';
import type { OperationContext } from '../context.js';

/** Imports an object; returns its identifier. */
export function importObject(ctx: OperationContext, req: ImportRequest): string {
  const uid = req.uniqueIdentifier === '' ? randomUuid() : checkNewIdentifier(req.uniqueIdentifier);
  const existing = ctx.store.get(uid);
  if (existing !== undefined && !(req.replaceExisting && existing.owner === ctx.user)) {
    throw new KmipError('Object_Already_Exists', `an object with identifier ${uid} already exists; set ReplaceExisting to overwrite it`);
  }
  const supplied = {
    uid,
    objectType: req.objectType,
    object: req.object,
    attributes: req.attributes,
    unwrap: req.keyWrapType === 'NotWrapped',
    ...(existing === undefined ? {} : { createdAt: existing.createdAt }),
  };
  // A PKCS#12 bundle becomes the key (under the identifier asked for) and its certificates.
  const block = req.objectType === 'PrivateKey' ? decodeKeyBlock(req.object) : undefined;
  const bundle = block !== undefined && isPkcs12(req.objectType, block) ? splitPkcs12(ctx, supplied, block) : undefined;
  let record;
  try {
    record = suppliedRecord(ctx, bundle?.privateKey ?? supplied);
  } finally {
    bundle?.wipe();
  }
  ctx.store.transaction(() => {
    if (existing === undefined) ctx.store.insert(record);
    else ctx.store.update(record);
    for (const cert of bundle?.certificates ?? []) ctx.store.insert(cert);
  });
  return uid;
}
