/**
 * Opens the clients a command uses, once, from the configuration in force.
 * @module
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KmsHttpClient } from '../client/http-client.js';
import { Kms } from '../client/kms.js';
import { KmsRestClient } from '../client/rest-client.js';
import { CliError, EXIT } from './cli-error.js';
import type { ClientTlsOptions } from '../client/http-transport.js';
import type { KmipExchangeObserver } from '../client/kms-client.js';
import type { CliConfig } from './config.js';

function readLocal(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new CliError(EXIT.config, `${what} ${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** TLS settings from the configuration: a PEM or a path to one, and a PKCS#12 client bundle. */
export function tlsOf(c: CliConfig, cwd: string): ClientTlsOptions {
  const cert = c.verifiedCert;
  return {
    acceptInvalidCerts: c.acceptInvalidCerts,
    ...(cert === undefined ? {} : { ca: cert.includes('-----BEGIN') ? cert : readLocal(resolve(cwd, cert), 'verified_cert') }),
    ...(c.pkcs12Path === undefined ? {} : { pkcs12: readLocal(resolve(cwd, c.pkcs12Path), 'ssl_client_pkcs12_path'), pkcs12Password: c.pkcs12Password ?? '' }),
  };
}

/** The clients of one run, opened lazily and closed together. */
export class Session {
  #kms: Kms | undefined;
  #http: KmsHttpClient | undefined;
  #rest: KmsRestClient | undefined;

  constructor(
    private readonly config: CliConfig,
    private readonly cwd: string,
    private readonly observe: KmipExchangeObserver | undefined,
  ) {}

  #client(): KmsHttpClient {
    this.#http ??= new KmsHttpClient({
      url: this.config.url,
      ...(this.config.databaseSecret === undefined ? {} : { databaseSecret: this.config.databaseSecret }),
      ...(this.config.accessToken === undefined ? {} : { accessToken: this.config.accessToken }),
      tls: tlsOf(this.config, this.cwd),
      ...(this.observe === undefined ? {} : { onExchange: this.observe }),
    });
    return this.#http;
  }

  kms(): Kms {
    this.#kms ??= new Kms(this.#client());
    return this.#kms;
  }

  rest(): KmsRestClient {
    this.#rest ??= new KmsRestClient(this.#client().transport);
    return this.#rest;
  }

  async close(): Promise<void> {
    await this.#http?.close();
  }
}
