/**
 * The flags of the binary KMIP socket server (`[socket_server]`) and the checks that tie them to
 * the rest of the configuration: it needs the HTTPS certificate and the client CA, and a port of
 * its own. flags.ts lists these flags in its table; load.ts calls the checks.
 * @module
 */
import { ConfigError } from './config-error.js';
import { DEFAULTS } from './schema.js';
import type { SettingFlag, SettingKey } from './flags.js';
import type { Config, TlsSource } from './schema.js';

/** The socket server's flags, in `--help` order. */
export const SOCKET_SERVER_FLAGS: readonly SettingFlag[] = [
  {
    name: '--socket-server-start',
    env: 'KMS_SOCKET_SERVER_START',
    key: 'socketServerStart',
    section: 'socket_server',
    value: { kind: 'boolean' },
    default: DEFAULTS.socketServerStart,
    description: 'Also serve binary KMIP (1.0 to 2.1) over TLS; needs the HTTPS certificate flags and --authority-cert-file.',
  },
  {
    name: '--socket-server-port',
    env: 'KMS_SOCKET_SERVER_PORT',
    key: 'socketServerPort',
    section: 'socket_server',
    value: { kind: 'integer', min: 0, max: 65535 },
    default: DEFAULTS.socketServerPort,
    description: 'Port of the binary KMIP socket server; 0 picks a free ephemeral port.',
  },
  {
    name: '--socket-server-hostname',
    env: 'KMS_SOCKET_SERVER_HOSTNAME',
    key: 'socketServerHostname',
    section: 'socket_server',
    value: { kind: 'string' },
    default: DEFAULTS.socketServerHostname,
    description: 'Address the binary KMIP socket server listens on.',
  },
];

/** The resolved flag values these checks read. */
export interface SocketFlagValues {
  boolean(key: SettingKey): boolean;
  number(key: SettingKey): number;
  string(key: SettingKey): string;
}

/** The socket server's settings; throws ConfigError when they cannot work with the rest. */
export function socketServerSettings(
  values: SocketFlagValues,
  tls: TlsSource | null,
  authorityCertFile: string | null,
): Pick<Config, 'socketServerStart' | 'socketServerPort' | 'socketServerHostname'> {
  const socketServerStart = values.boolean('socketServerStart');
  if (socketServerStart && (tls === null || authorityCertFile === null)) {
    throw new ConfigError(
      '--socket-server-start needs the server certificate (--https-p12-file, or --https-cert-file and --https-key-file) and the client CA (--authority-cert-file)',
    );
  }
  const socketServerPort = values.number('socketServerPort');
  const port = values.number('port');
  const socketServerHostname = values.string('socketServerHostname');
  if (socketServerStart && socketServerPort !== 0 && socketServerPort === port && sameAddress(socketServerHostname, values.string('hostname'))) {
    throw new ConfigError(`--socket-server-port and --port are both ${port}: the KMIP socket server needs a port of its own`);
  }
  return { socketServerStart, socketServerPort, socketServerHostname };
}

/** Whether two listen addresses can collide on one port: the same, or either one every interface. */
function sameAddress(a: string, b: string): boolean {
  const any = (h: string): boolean => h === '0.0.0.0' || h === '::' || h === '';
  return a === b || any(a) || any(b);
}
