/**
 * A KMIP client over HTTP (`POST /kmip/2_1`), one request per call.
 * @module
 */
import { encodeJsonTtlv, parseJsonTtlv } from '../kmip/ttlv/json.js';
import { KmsRequestError } from './errors.js';
import { errorOf, HttpTransport, type HttpConnectionOptions } from './http-transport.js';
import type { KmipExchangeObserver, KmsClient } from './kms-client.js';
import type { TtlvNode, TtlvStructure } from '../kmip/ttlv/node.js';

/** Where and as whom to connect, and who watches the exchanges. */
export interface HttpClientOptions extends HttpConnectionOptions {
  /** Sees every request and its answer as JSON TTLV text (the CLI's `--json`). */
  readonly onExchange?: KmipExchangeObserver;
}

/** KMIP over HTTP. */
export class KmsHttpClient implements KmsClient {
  readonly #http: HttpTransport;
  readonly #observe: KmipExchangeObserver | undefined;

  constructor(o: HttpClientOptions, transport?: HttpTransport) {
    this.#http = transport ?? new HttpTransport(o);
    this.#observe = o.onExchange;
  }

  /** The HTTP connection, shared with the REST calls of the same server. */
  get transport(): HttpTransport {
    return this.#http;
  }

  async kmip(request: TtlvNode): Promise<TtlvStructure> {
    const body = encodeJsonTtlv(request);
    this.#observe?.('request', body);
    const answer = await this.#http.send('POST', '/kmip/2_1', body);
    this.#observe?.('response', answer.text);
    if (answer.status !== 200) throw errorOf(answer);
    let node: TtlvNode;
    try {
      node = parseJsonTtlv(answer.text);
    } catch {
      throw new KmsRequestError(answer.status, 'Invalid_Message', 'the answer is not JSON TTLV');
    }
    if (node.type !== 'Structure') throw new KmsRequestError(answer.status, 'Invalid_Message', 'the answer is not a Structure');
    return node;
  }

  close(): Promise<void> {
    this.#http.close();
    return Promise.resolve();
  }
}
