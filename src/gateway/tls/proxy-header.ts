/**
 * The PROXY protocol v2 header the client-certificate front writes first on each connection to
 * the gateway. Its source address is not an address: it is 16 random bytes, a per-connection
 * token that uWS hands back through `getProxiedRemoteAddress()` and the gateway maps to the
 * certificate's user. uWS parses v2 only at the very start of a connection, so a client cannot
 * inject one later in its own bytes.
 * @module
 */

const SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
const VERSION_2_PROXY = 0x21;
const TCP_OVER_IPV6 = 0x21;
/** Source address, destination address, source port, destination port. */
const IPV6_BLOCK_LENGTH = 16 + 16 + 2 + 2;

/** Length of a token, in bytes (an IPv6 address). */
export const TOKEN_BYTES = 16;

/** The v2 header carrying `token` as the IPv6 source address (destination and ports zero). */
export function proxyV2Header(token: Uint8Array): Buffer {
  if (token.length !== TOKEN_BYTES) throw new RangeError(`a token is ${TOKEN_BYTES} bytes`);
  const header = Buffer.alloc(SIGNATURE.length + 4 + IPV6_BLOCK_LENGTH);
  SIGNATURE.copy(header, 0);
  header[12] = VERSION_2_PROXY;
  header[13] = TCP_OVER_IPV6;
  header.writeUInt16BE(IPV6_BLOCK_LENGTH, 14);
  header.set(token, 16);
  return header;
}

/** The lookup key of a proxied address: its hex when it is token-sized, otherwise undefined. */
export function tokenKey(address: ArrayBuffer): string | undefined {
  return address.byteLength === TOKEN_BYTES ? Buffer.from(address).toString('hex') : undefined;
}
