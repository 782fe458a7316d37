/**
 * Locate: the caller's Active objects matching tags, type, algorithm, length and key format.
 * @module
 */
import { enumAttribute, intAttribute, tagsOf } from '../../kmip/attributes.js';
import type { LocateRequest } from '../../kmip/operations/locate.js';
import type { ObjectFilter } from '../../storage/object-record.js';
import type { OperationContext } from '../context.js';

/** The total number of matches and this page of identifiers. */
export function locate(ctx: OperationContext, req: LocateRequest): { located: number; ids: string[] } {
  const a = req.attributes;
  const tags = tagsOf(a);
  const objectType = enumAttribute(a, 'ObjectType');
  const cryptographicAlgorithm = enumAttribute(a, 'CryptographicAlgorithm');
  const cryptographicLength = intAttribute(a, 'CryptographicLength');
  const keyFormatType = enumAttribute(a, 'KeyFormatType');
  const filter: ObjectFilter = {
    owner: ctx.user,
    states: ['Active'],
    ...(tags !== undefined && tags.length > 0 ? { tags } : {}),
    ...(objectType !== undefined ? { objectType } : {}),
    ...(cryptographicAlgorithm !== undefined ? { cryptographicAlgorithm } : {}),
    ...(cryptographicLength !== undefined ? { cryptographicLength } : {}),
    ...(keyFormatType !== undefined ? { keyFormatType } : {}),
  };
  const ids = ctx.store.find({
    ...filter,
    ...(req.offsetItems !== undefined ? { offset: req.offsetItems } : {}),
    ...(req.maximumItems !== undefined ? { limit: req.maximumItems } : {}),
  });
  const paged = req.offsetItems !== undefined || req.maximumItems !== undefined;
  return { located: paged ? ctx.store.count(filter) : ids.length, ids };
}
