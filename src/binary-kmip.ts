/**
 * The binary KMIP the socket server needs, taken from kmip/ (which the gateway may not import):
 * the header's credential, the wiping of every password in it, and whole-message failure
 * responses (one failed item per request batch item when they can be peeked). Handed to the socket server by server.ts.
 * @module
 */
import type { BinaryKmip } from './gateway/socket/binary-kmip.js';
import { binaryBatchFailureResponse, peekBatchItems } from './kmip/binary/batch-peek.js';
import { peekBinaryVersion, takeBinaryCredential, wipeBinaryPasswords } from './kmip/binary/credential.js';
import { binaryFailureResponse } from './kmip/binary/failure-message.js';
import { KmipError } from './kmip/kmip-error.js';
import { KmsError } from './protocol/wire-error.js';

/** Runs `read`, turning a KmipError (unreadable header) into the gateway's KmsError KMIP_ERROR. */
function asKmsError<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof KmipError) throw new KmsError('KMIP_ERROR', err.message, err.reason);
    throw err;
  }
}

/** The socket server's binary KMIP. */
export const BINARY_KMIP: BinaryKmip = {
  takeCredential: (message) => asKmsError(() => takeBinaryCredential(message)),
  wipePasswords: (message) => { asKmsError(() => { wipeBinaryPasswords(message); }); },
  failure: (request, reason, message, timestampSeconds) => {
    if (request === null) return binaryFailureResponse(undefined, reason, message, timestampSeconds);
    const version = peekBinaryVersion(request);
    const items = peekBatchItems(request);
    return items === undefined
      ? binaryFailureResponse(version, reason, message, timestampSeconds)
      : binaryBatchFailureResponse(version, items, reason, message, timestampSeconds);
  },
};
