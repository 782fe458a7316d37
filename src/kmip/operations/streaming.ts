/**
 * The streaming indicators (InitIndicator, FinalIndicator) that Hash, Sign, SignatureVerify, MAC
 * and MACVerify requests may carry. Only one-shot requests are served, so the indicators are read
 * just to refuse a request that asks to be handled by parts.
 * @module
 */
import { KmipError } from '../kmip-error.js';
import { optBool } from '../ttlv/read.js';
import type { TtlvStructure } from '../ttlv/node.js';

/** Refuses by-parts (streaming) requests: only absent indicators or Init and Final both true are one-shot. */
export function refuseStreaming(s: TtlvStructure): void {
  const init = optBool(s, 'InitIndicator');
  const final = optBool(s, 'FinalIndicator');
  if (init === undefined && final === undefined) return;
  if (init === true && final === true) return;
  throw new KmipError('Feature_Not_Supported', `${s.tag}: streaming (InitIndicator/FinalIndicator) is not supported; send the data in one request`);
}
