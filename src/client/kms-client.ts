/**
 * The API every client transport offers: send a KMIP request, get its response.
 * @module
 */
import type { TtlvNode, TtlvStructure } from '../kmip/ttlv/node.js';

/** A KMIP client; HTTP and WebSocket clients are interchangeable behind it. */
export interface KmsClient {
  /** Sends one operation (or a Message batch) and resolves with the response; rejects with KmsRequestError. */
  kmip(request: TtlvNode): Promise<TtlvStructure>;
  /** Releases the connection. */
  close(): Promise<void>;
}

/** Called with each request and answer as JSON TTLV text, in order. */
export type KmipExchangeObserver = (direction: 'request' | 'response', jsonTtlv: string) => void;
