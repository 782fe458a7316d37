/**
 * The KMIP key lifecycle: which state a new object starts in, the dates that move it on by
 * themselves (ActivationDate, DeactivationDate), and the transitions operations may make.
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import { getAttribute, withAttribute, type AttributeList } from '../kmip/attributes.js';
import { long } from '../kmip/ttlv/build.js';
import { storedAttributes, attributesText } from './stored-object.js';
import type { TtlvNode } from '../kmip/ttlv/node.js';
import type { ObjectState } from '../storage/object-record.js';
import type { OperationContext } from './context.js';

/** The date attributes, in milliseconds when read. */
export const DATE_ATTRIBUTES = [
  'InitialDate', 'ActivationDate', 'DeactivationDate', 'DestroyDate', 'CompromiseOccurrenceDate', 'CompromiseDate',
  'LastChangeDate', 'ProcessStartDate', 'ProtectStopDate', 'ArchiveDate', 'OriginalCreationDate',
] as const;

/** Reads a date attribute given as DateTime or (Cosmian's form) LongInteger milliseconds. */
export function dateOf(node: TtlvNode | undefined): number | undefined {
  if (node === undefined) return undefined;
  if (node.type === 'DateTime') return node.value.getTime();
  if (node.type === 'LongInteger') {
    if (node.value < 0n || node.value > BigInt(Number.MAX_SAFE_INTEGER)) throw new KmipError('Invalid_Attribute_Value', `${node.tag} is out of range`);
    return Number(node.value);
  }
  if (node.type === 'Integer') return node.value * 1000; // seconds, as some clients send it
  throw new KmipError('Invalid_Attribute_Value', `${node.tag} must be a DateTime or a LongInteger of milliseconds`);
}

/** A date attribute of a list, in milliseconds. */
export function dateAttribute(attrs: AttributeList, tag: string): number | undefined {
  return dateOf(getAttribute(attrs, tag));
}

/** A date in the form this server writes: LongInteger milliseconds, as Cosmian does for ActivationDate. */
export function dateNode(tag: string, ms: number): TtlvNode {
  return long(tag, BigInt(ms));
}

/** The state an object is in at `now`, starting from `state`, as its dates say. */
export function stateAt(state: ObjectState, attrs: AttributeList, now: number): ObjectState {
  let s = state;
  const activation = dateAttribute(attrs, 'ActivationDate');
  const deactivation = dateAttribute(attrs, 'DeactivationDate');
  if (s === 'PreActive' && activation !== undefined && activation <= now) s = 'Active';
  if ((s === 'Active' || s === 'PreActive') && deactivation !== undefined && deactivation <= now) s = 'Deactivated';
  return s;
}

/** When the dates will next change the state, or null. */
export function nextTransition(state: ObjectState, attrs: AttributeList): number | null {
  const activation = dateAttribute(attrs, 'ActivationDate');
  const deactivation = dateAttribute(attrs, 'DeactivationDate');
  const due: number[] = [];
  if (state === 'PreActive' && activation !== undefined) due.push(activation);
  if ((state === 'PreActive' || state === 'Active') && deactivation !== undefined) due.push(deactivation);
  return due.length === 0 ? null : Math.min(...due);
}

/** The state and attributes of a new object: Active (ActivationDate now) unless a later ActivationDate is given. */
export function initialLifecycle(attrs: AttributeList, now: number, preActive = false): { state: ObjectState; attributes: TtlvNode[]; transitionAt: number | null } {
  let out = [...attrs];
  const activation = dateAttribute(attrs, 'ActivationDate');
  if (activation === undefined && !preActive) out = withAttribute(out, dateNode('ActivationDate', now));
  const start: ObjectState = activation === undefined ? (preActive ? 'PreActive' : 'Active') : 'PreActive';
  const state = stateAt(start, out, now);
  return { state, attributes: out, transitionAt: nextTransition(state, out) };
}

/** Moves every object whose dates have come due into its new state. */
export function applyDueTransitions(ctx: OperationContext): void {
  const now = ctx.now();
  // The store remembers its earliest schedule, so the usual answer costs no query.
  const next = ctx.store.nextTransitionAt();
  if (next === null || next > now) return;
  const due = ctx.store.find({ transitionDueBy: now });
  for (const id of due) {
    const rec = ctx.store.get(id);
    if (rec === undefined) continue;
    const attrs = storedAttributes(rec);
    const state = stateAt(rec.state, attrs, now);
    let next = attrs;
    if (state !== rec.state) next = withAttribute(next, dateNode('LastChangeDate', now));
    ctx.store.update({ ...rec, state, attributes: next === attrs ? rec.attributes : attributesText(next), transitionAt: nextTransition(state, next), updatedAt: now });
  }
}
