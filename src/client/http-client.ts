/**
 * A KMIP client over HTTP (`POST /kmip/2_1`), one request per call.
 * @module
 */
import { encodeJsonTtlv, parseJsonTtlv } from '../kmip/ttlv/json.js';
import { KmsRequestError } from './errors.js';
import type { KmsClient } from './kms-client.js';
import type { TtlvNode, TtlvStructure } from '../kmip/ttlv/node.js';

/** Where and as whom to connect. */
export interface HttpClientOptions {
  /** Base URL, e.g. `http://127.0.0.1:9998`. */
  readonly url: string;
  /** The secret from `/new_database`, for servers in `sqlite-enc` mode. */
  readonly databaseSecret?: string;
}

/** KMIP over HTTP. */
export class KmsHttpClient implements KmsClient {
  readonly #url: string;
  readonly #headers: Record<string, string>;

  constructor(o: HttpClientOptions) {
    this.#url = o.url.replace(/\/+$/, '');
    this.#headers = { 'content-type': 'application/json', ...(o.databaseSecret === undefined ? {} : { KmsDatabaseSecret: o.databaseSecret }) };
  }

  async kmip(request: TtlvNode): Promise<TtlvStructure> {
    const res = await fetch(`${this.#url}/kmip/2_1`, { method: 'POST', headers: this.#headers, body: encodeJsonTtlv(request) });
    const text = await res.text();
    if (res.status !== 200) {
      const sep = text.indexOf(': ');
      throw new KmsRequestError(res.status, sep === -1 ? 'Error' : text.slice(0, sep), sep === -1 ? text : text.slice(sep + 2));
    }
    const node = parseJsonTtlv(text);
    if (node.type !== 'Structure') throw new KmsRequestError(res.status, 'Invalid_Message', 'the answer is not a Structure');
    return node;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
