/**
 * Builds the SQL for `find` and `count` from an ObjectFilter. Only placeholders carry values; the
 * SQL text depends on nothing but which filter fields are present and how many tags/states there
 * are, which keeps the number of distinct statements small enough to cache.
 * @module
 */
import type { ObjectFilter } from './object-record.js';
import { uniqueTags } from './object-row.js';

/** SQL text plus its positional parameters. */
export interface BuiltQuery {
  readonly sql: string;
  readonly params: readonly (string | number)[];
}

function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

function checkPaging(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
    throw new RangeError(`ObjectFilter.${name} must be a non-negative integer`);
  }
}

/** The WHERE clause shared by find and count. An empty `states` list matches nothing. */
function whereClause(filter: ObjectFilter): BuiltQuery {
  const conditions: string[] = [];
  const params: (string | number)[] = [];
  const equal = (column: string, value: string | number | undefined): void => {
    if (value === undefined) return;
    conditions.push(`o.${column} = ?`);
    params.push(value);
  };
  equal('object_type', filter.objectType);
  equal('cryptographic_algorithm', filter.cryptographicAlgorithm);
  equal('cryptographic_length', filter.cryptographicLength);
  equal('key_format_type', filter.keyFormatType);
  equal('owner', filter.owner);
  if (filter.visibleTo !== undefined) {
    // Two indexed lookups joined by OR: the owner index, and the grants index by user.
    const rights = filter.rights === undefined ? undefined : [...new Set(filter.rights)];
    const named = rights === undefined ? '' : rights.length === 0 ? ' AND 0' : ` AND EXISTS (SELECT 1 FROM json_each(g.operations) j WHERE j.value IN (${placeholders(rights.length)}))`;
    conditions.push(`(o.owner = ? OR o.id IN (SELECT g.id FROM access_grants g WHERE g.user_id IN (?, '*')${named}))`);
    params.push(filter.visibleTo, filter.visibleTo, ...(rights ?? []));
  }
  if (filter.transitionDueBy !== undefined) {
    conditions.push('o.transition_at <= ?');
    params.push(filter.transitionDueBy);
  }
  if (filter.states !== undefined) {
    const states = [...new Set(filter.states)];
    // "any of no states" is false; saying so explicitly avoids the invalid `IN ()`.
    conditions.push(states.length === 0 ? '0' : `o.state IN (${placeholders(states.length)})`);
    params.push(...states);
  }
  if (filter.tags !== undefined && filter.tags.length > 0) {
    const tags = uniqueTags(filter.tags);
    // An object qualifies only when every requested tag is among its own.
    conditions.push(
      `o.id IN (SELECT t.id FROM tags t WHERE t.tag IN (${placeholders(tags.length)}) ` +
        'GROUP BY t.id HAVING COUNT(DISTINCT t.tag) = ?)',
    );
    params.push(...tags, tags.length);
  }
  return { sql: conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`, params };
}

/** Ids matching the filter, ordered by creation time then id, with paging applied. */
export function buildFindQuery(filter: ObjectFilter): BuiltQuery {
  checkPaging('offset', filter.offset);
  checkPaging('limit', filter.limit);
  const where = whereClause(filter);
  let sql = `SELECT o.id FROM objects o${where.sql} ORDER BY o.created_at, o.id`;
  const params = [...where.params];
  if (filter.limit !== undefined || filter.offset !== undefined) {
    // SQLite only accepts OFFSET after a LIMIT; -1 means no limit.
    sql += ' LIMIT ? OFFSET ?';
    params.push(filter.limit ?? -1, filter.offset ?? 0);
  }
  return { sql, params };
}

/** Number of objects matching the filter; paging fields are ignored. */
export function buildCountQuery(filter: ObjectFilter): BuiltQuery {
  const where = whereClause(filter);
  return { sql: `SELECT count(*) FROM objects o${where.sql}`, params: where.params };
}
