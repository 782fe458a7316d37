/**
 * The TypeScript client: KMIP over HTTP or over a WebSocket session, behind one interface.
 * @module
 */
export type { KmsClient } from './kms-client.js';
export { KmsHttpClient, type HttpClientOptions } from './http-client.js';
export { KmsWebSocketClient, type WebSocketClientOptions } from './ws-client.js';
export { KmsRequestError } from './errors.js';
export type { TtlvNode, TtlvStructure } from '../kmip/ttlv/node.js';
export * as ttlv from '../kmip/ttlv/build.js';
