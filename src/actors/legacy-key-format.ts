/**
 * The key format a binary client below KMIP 2.1 gets when its Get or Export names none. Our
 * default for RSA private keys is PKCS#1 (as Cosmian's); KMIP 1.x servers answer PKCS#8, the
 * one private-key format every version defines, and PyKMIP's client expects it. Lives with the
 * actor, not in src/kmip, because it looks the object up in the store.
 * @module
 */
import { enumeration } from '../kmip/ttlv/build.js';
import { child } from '../kmip/ttlv/read.js';
import type { TtlvStructure } from '../kmip/ttlv/node.js';
import type { OperationContext } from './context.js';

function objectTypeOf(ctx: OperationContext, id: string): string | undefined {
  try {
    return ctx.store.get(id)?.objectType;
  } catch {
    // The operation itself will meet (and report) whatever the store has to say.
    return undefined;
  }
}

/**
 * The request, with Key Format Type PKCS8 added when it is a Get/Export of a private key that
 * names no format and the client speaks a version below 2.1 (`level` = major * 10 + minor).
 */
export function withLegacyKeyFormat(ctx: OperationContext, operation: string, request: TtlvStructure, level: number): TtlvStructure {
  if (level >= 21 || (operation !== 'Get' && operation !== 'Export')) return request;
  if (child(request, 'KeyFormatType') !== undefined) return request;
  const id = child(request, 'UniqueIdentifier');
  if (id?.type !== 'TextString' || objectTypeOf(ctx, id.value) !== 'PrivateKey') return request;
  return { tag: request.tag, type: 'Structure', value: [...request.value, enumeration('KeyFormatType', 'PKCS8')] };
}
