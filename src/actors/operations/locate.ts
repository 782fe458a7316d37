/**
 * Locate: the objects the caller owns or holds any grant on, matching the request's Attributes
 * (Active ones unless State is given; in the KMIP dialect, every state). What the store indexes is filtered in SQL, paging
 * included; when other attributes are asked for, the candidates are checked one by one and
 * paging applies to what passes.
 * @module
 */
import { locateCriteria } from '../locate-filter.js';
import { storedAttributes } from '../stored-object.js';
import type { LocateRequest } from '../../kmip/operations/locate.js';
import { OBJECT_STATES } from '../../kmip/enums.js';
import { speaksKmip, type OperationContext } from '../context.js';

/** The total number of matches and this page of identifiers. */
export function locate(ctx: OperationContext, req: LocateRequest): { located: number; ids: string[] } {
  const { filter, checks } = locateCriteria(req.attributes, ctx.user, speaksKmip(ctx) ? OBJECT_STATES : ['Active']);
  if (checks.length > 0) {
    const matches = ctx.store.find(filter).filter((id) => {
      const rec = ctx.store.get(id);
      if (rec === undefined) return false;
      const attrs = storedAttributes(rec);
      return checks.every((check) => check(rec, attrs));
    });
    const from = req.offsetItems ?? 0;
    const to = req.maximumItems === undefined ? undefined : from + req.maximumItems;
    return { located: matches.length, ids: matches.slice(from, to) };
  }
  const ids = ctx.store.find({
    ...filter,
    ...(req.offsetItems !== undefined ? { offset: req.offsetItems } : {}),
    ...(req.maximumItems !== undefined ? { limit: req.maximumItems } : {}),
  });
  const paged = req.offsetItems !== undefined || req.maximumItems !== undefined;
  return { located: paged ? ctx.store.count(filter) : ids.length, ids };
}
