/**
 * The binary KMIP the socket server needs, taken from kmip/ (which the gateway may not import):
 * the header's credential, with where its password lies so the gateway can wipe it, and
 * whole-message failure responses. Handed to the socket server by server.ts.
 * @module
 */
import type { BinaryKmip } from './gateway/socket/binary-kmip.js';
import { locateBinaryCredential, peekBinaryVersion } from './kmip/binary/credential.js';
import { binaryFailureResponse } from './kmip/binary/failure-message.js';
import { KmipError } from './kmip/kmip-error.js';
import { KmsError } from './protocol/wire-error.js';

/** The socket server's binary KMIP. */
export const BINARY_KMIP: BinaryKmip = {
  credential: (message) => {
    try {
      return locateBinaryCredential(message);
    } catch (err) {
      if (err instanceof KmipError) throw new KmsError('KMIP_ERROR', err.message, err.reason);
      throw err;
    }
  },
  failure: (request, reason, message, timestampSeconds) =>
    binaryFailureResponse(request === null ? undefined : peekBinaryVersion(request), reason, message, timestampSeconds),
};
