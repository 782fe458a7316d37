/**
 * The audit trail: one JSON line per operation (who, which database, what, on which object, how
 * it ended). Entries carry names and identifiers only, never key material, secrets or plaintext.
 * @module
 */
import fs from 'node:fs';

/** One audited event. */
export interface AuditEntry {
  /** The authenticated user, or null when authentication failed. */
  readonly user: string | null;
  /** `kms` for the plain database, the group id for an encrypted one, `-` when none was reached. */
  readonly database: string;
  /** KMIP operation name, or the HTTP route / request kind for other requests. */
  readonly operation: string;
  readonly objectId: string | null;
  /** `Success`, or the KMIP result reason / error code. */
  readonly result: string;
  /** The client's address, when known. */
  readonly client?: string;
}

/** Where audit entries go. */
export interface AuditLog {
  record(entry: AuditEntry): void;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

/** An audit log that records nothing (no `--audit-log`). */
export const noAudit: AuditLog = { record: () => undefined, close: () => Promise.resolve() };

/** Appends JSON lines to a file (created 0600 if missing); `now` stamps each line. */
export function openAuditLog(file: string, now: () => number = Date.now): AuditLog {
  const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT, 0o600);
  const stream = fs.createWriteStream('', { fd, autoClose: true });
  let closed = false;
  return {
    record: (e) => {
      if (closed) return;
      const line = {
        time: new Date(now()).toISOString(),
        user: e.user,
        database: e.database,
        operation: e.operation,
        object_id: e.objectId,
        result: e.result,
        ...(e.client === undefined ? {} : { client: e.client }),
      };
      stream.write(JSON.stringify(line) + '\n');
    },
    close: () => {
      if (closed) return Promise.resolve();
      closed = true;
      return new Promise((resolve) => { stream.end(resolve); });
    },
  };
}
