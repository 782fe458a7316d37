import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from '../../../src/config/config-error.js';
import { SETTING_FLAGS } from '../../../src/config/flags.js';
import type { Command } from '../../../src/config/load.js';
import { parseCommand } from '../../../src/config/load.js';
import { describeConfig, describeConfigJson } from '../../../src/config/help.js';
import type { Config } from '../../../src/config/schema.js';

type Env = Readonly<Record<string, string | undefined>>;

const CWD = resolve('/srv/kms');
const ROOT = resolve(CWD, 'cosmian-kms');

function command(argv: readonly string[], env: Env = {}, cpuCount = 4): Command {
  return parseCommand(argv, env, CWD, cpuCount, { defaultConfigFile: null });
}

function load(argv: readonly string[], env: Env = {}, cpuCount = 4): Config {
  const cmd = command(argv, env, cpuCount);
  assert.equal(cmd.action, 'run');
  return cmd.config;
}

/** Asserts a `ConfigError` whose message contains every fragment. */
function rejects(argv: readonly string[], fragments: readonly string[], env: Env = {}): void {
  assert.throws(
    () => command(argv, env),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
      assert.equal(err.code, 'CONFIG_INVALID');
      for (const f of fragments) assert.ok(err.message.includes(f), `"${err.message}" lacks "${f}"`);
      return true;
    },
  );
}

/** One valid non-default value per value flag, and what it sets. */
const CASES: readonly { flag: string; env: string; raw: string; key: keyof Config; expected: unknown }[] = [
  { flag: '--database-type', env: 'KMS_DATABASE_TYPE', raw: 'sqlite-enc', key: 'databaseType', expected: 'sqlite-enc' },
  { flag: '--root-data-path', env: 'KMS_ROOT_DATA_PATH', raw: '/data', key: 'rootDataPath', expected: resolve('/data') },
  { flag: '--sqlite-path', env: 'KMS_SQLITE_PATH', raw: '/var/db', key: 'sqlitePath', expected: resolve('/var/db') },
  { flag: '--port', env: 'KMS_PORT', raw: '8080', key: 'port', expected: 8080 },
  { flag: '--hostname', env: 'KMS_HOSTNAME', raw: '127.0.0.1', key: 'hostname', expected: '127.0.0.1' },
  { flag: '--default-username', env: 'KMS_DEFAULT_USERNAME', raw: 'alice', key: 'defaultUsername', expected: 'alice' },
  { flag: '--workers', env: 'KMS_WORKERS', raw: '8', key: 'workers', expected: 8 },
  { flag: '--actor-runtime', env: 'KMS_ACTOR_RUNTIME', raw: 'process', key: 'actorRuntime', expected: 'process' },
  { flag: '--actor-idle-timeout', env: 'KMS_ACTOR_IDLE_TIMEOUT', raw: '60', key: 'actorIdleTimeoutSeconds', expected: 60 },
  { flag: '--max-open-actors', env: 'KMS_MAX_OPEN_ACTORS', raw: '5000', key: 'maxOpenActors', expected: 5000 },
  { flag: '--max-body-size', env: 'KMS_MAX_BODY_SIZE', raw: '1048576', key: 'maxBodySize', expected: 1048576 },
  { flag: '--ws-max-in-flight', env: 'KMS_WS_MAX_IN_FLIGHT', raw: '32', key: 'wsMaxInFlight', expected: 32 },
  { flag: '--ws-idle-timeout', env: 'KMS_WS_IDLE_TIMEOUT', raw: '60', key: 'wsIdleTimeoutSeconds', expected: 60 },
  { flag: '--ws-hello-timeout', env: 'KMS_WS_HELLO_TIMEOUT', raw: '2', key: 'wsHelloTimeoutSeconds', expected: 2 },
  { flag: '--jwt-user-claim', env: 'KMS_JWT_USER_CLAIM', raw: 'sub', key: 'jwtUserClaim', expected: 'sub' },
  { flag: '--api-token-id', env: 'KMS_API_TOKEN', raw: 'token-key', key: 'apiTokenId', expected: 'token-key' },
  { flag: '--max-header-size', env: 'KMS_MAX_HEADER_SIZE', raw: '2k', key: 'maxHeaderSize', expected: 2048 },
  { flag: '--max-json-depth', env: 'KMS_MAX_JSON_DEPTH', raw: '32', key: 'maxJsonDepth', expected: 32 },
  { flag: '--max-json-nodes', env: 'KMS_MAX_JSON_NODES', raw: '5000', key: 'maxJsonNodes', expected: 5000 },
  { flag: '--rate-limit-per-second', env: 'KMS_RATE_LIMIT_PER_SECOND', raw: '50', key: 'rateLimitPerSecond', expected: 50 },
  { flag: '--rate-limit-burst', env: 'KMS_RATE_LIMIT_BURST', raw: '10', key: 'rateLimitBurst', expected: 10 },
  { flag: '--new-database-rate-limit', env: 'KMS_NEW_DATABASE_RATE_LIMIT', raw: '0', key: 'newDatabaseRateLimit', expected: 0 },
  { flag: '--audit-log', env: 'KMS_AUDIT_LOG', raw: 'audit.jsonl', key: 'auditLog', expected: resolve(CWD, 'audit.jsonl') },
  { flag: '--log-level', env: 'KMS_LOG_LEVEL', raw: 'debug', key: 'logLevel', expected: 'debug' },
  { flag: '--log-format', env: 'KMS_LOG_FORMAT', raw: 'text', key: 'logFormat', expected: 'text' },
  { flag: '--socket-server-port', env: 'KMS_SOCKET_SERVER_PORT', raw: '15696', key: 'socketServerPort', expected: 15696 },
  { flag: '--socket-server-hostname', env: 'KMS_SOCKET_SERVER_HOSTNAME', raw: '127.0.0.1', key: 'socketServerHostname', expected: '127.0.0.1' },
];

/** Flags that only make sense with others, or build a composite setting: covered by their own tests below. */
const COMPOSITE_FLAGS = [
  '--https-p12-file', '--https-p12-password', '--https-cert-file', '--https-key-file', '--https-chain-file',
  '--jwt-issuer-uri', '--jwks-uri', '--jwt-audience', '--privileged-users', '--authority-cert-file',
];

describe('parseCommand defaults', () => {
  it('uses the documented defaults when nothing is given', () => {
    assert.deepEqual(load([]), {
      port: 9998,
      hostname: '0.0.0.0',
      databaseType: 'sqlite',
      rootDataPath: ROOT,
      sqlitePath: resolve(ROOT, 'sqlite-data'),
      defaultUsername: 'admin',
      clearDatabase: false,
      workers: 4,
      actorRuntime: 'thread',
      actorIdleTimeoutSeconds: 300,
      maxOpenActors: 100,
      maxBodySize: 64 * 1024 * 1024,
      wsMaxInFlight: 256,
      wsIdleTimeoutSeconds: 300,
      wsHelloTimeoutSeconds: 5,
      tls: null,
      authorityCertFile: null,
      socketServerStart: false,
      socketServerPort: 5696,
      socketServerHostname: '0.0.0.0',
      jwtIssuers: [],
      jwtUserClaim: 'email',
      apiTokenId: null,
      forceDefaultUsername: false,
      privilegedUsers: null,
      maxHeaderSize: 4 * 1024,
      maxJsonDepth: 64,
      maxJsonNodes: 100_000,
      rateLimitPerSecond: 0,
      rateLimitBurst: 200,
      newDatabaseRateLimit: 60,
      auditLog: null,
      logLevel: 'info',
      logFormat: 'json',
    });
  });

  it('returns a frozen config', () => {
    const config = load([]);
    assert.ok(Object.isFrozen(config));
    assert.throws(() => Object.assign(config, { port: 1 }), TypeError);
  });

  it('defaults workers to the CPU count, kept within 1..256', () => {
    assert.equal(load([], {}, 12).workers, 12);
    assert.equal(load([], {}, 1000).workers, 256);
    assert.equal(load([], {}, 0).workers, 1);
    assert.equal(load([], {}, Number.NaN).workers, 1);
  });
});

describe('parseCommand flags', () => {
  for (const c of CASES) {
    it(`sets ${c.key} from "${c.flag} value" and "${c.flag}=value"`, () => {
      assert.equal(load([c.flag, c.raw])[c.key], c.expected);
      assert.equal(load([`${c.flag}=${c.raw}`])[c.key], c.expected);
    });
  }

  it('covers every value flag of the table in these cases', () => {
    const covered = new Set([...CASES.map((c) => c.flag), ...COMPOSITE_FLAGS]);
    for (const flag of SETTING_FLAGS) {
      if (flag.value.kind !== 'boolean') assert.ok(covered.has(flag.name), `${flag.name} has no case`);
    }
  });

  it('reads a bare --clear-database as true and accepts =true and =false', () => {
    assert.equal(load(['--clear-database']).clearDatabase, true);
    assert.equal(load(['--clear-database=true']).clearDatabase, true);
    assert.equal(load(['--clear-database=false']).clearDatabase, false);
  });

  it('accepts port 0 for an ephemeral port', () => {
    assert.equal(load(['--port', '0']).port, 0);
  });

  it('keeps everything after the first "=" as the value', () => {
    assert.equal(load(['--default-username=a=b']).defaultUsername, 'a=b');
  });

  it('accepts several flags together', () => {
    const config = load(['--port=1', '--hostname', '::1', '--clear-database', '--workers', '2']);
    assert.deepEqual([config.port, config.hostname, config.clearDatabase, config.workers], [1, '::1', true, 2]);
  });
});

describe('parseCommand environment variables', () => {
  for (const c of CASES) {
    it(`sets ${c.key} from ${c.env}`, () => {
      assert.equal(load([], { [c.env]: c.raw })[c.key], c.expected);
    });
  }

  it('reads KMS_CLEAR_DATABASE as true, false, 1 or 0', () => {
    for (const [raw, expected] of [['true', true], ['1', true], ['TRUE', true], ['false', false], ['0', false]] as const) {
      assert.equal(load([], { KMS_CLEAR_DATABASE: raw }).clearDatabase, expected, raw);
    }
  });

  it('treats an empty variable as unset', () => {
    assert.equal(load([], { KMS_PORT: '' }).port, 9998);
  });

  it('ignores unrelated and unsupported Cosmian variables', () => {
    assert.equal(load([], { KMS_DATABASE_URL: 'postgres://x', HOME: '/root' }).port, 9998);
  });

  it('rejects a bad value naming the variable', () => {
    rejects([], ['KMS_PORT', '"abc"', 'an integer between 0 and 65535'], { KMS_PORT: 'abc' });
    rejects([], ['KMS_CLEAR_DATABASE', 'true, false, 1 or 0'], { KMS_CLEAR_DATABASE: 'yes' });
  });
});

describe('parseCommand precedence', () => {
  it('prefers a flag over its environment variable', () => {
    assert.equal(load(['--port', '1234'], { KMS_PORT: '4321' }).port, 1234);
  });

  it('prefers an environment variable over the default', () => {
    assert.equal(load([], { KMS_HOSTNAME: 'localhost' }).hostname, 'localhost');
  });

  it('ignores a malformed variable when its flag is given', () => {
    assert.equal(load(['--port=1'], { KMS_PORT: 'abc' }).port, 1);
  });

  it('lets =false on the command line override a true variable', () => {
    assert.equal(load(['--clear-database=false'], { KMS_CLEAR_DATABASE: '1' }).clearDatabase, false);
  });
});

describe('parseCommand paths', () => {
  it('resolves a relative root data path against the working directory', () => {
    assert.equal(load(['--root-data-path', 'data/kms']).rootDataPath, resolve(CWD, 'data/kms'));
  });

  it('resolves a relative sqlite path under the root data path', () => {
    const config = load(['--root-data-path', '/data', '--sqlite-path', 'dbs']);
    assert.equal(config.sqlitePath, resolve('/data', 'dbs'));
  });

  it('keeps an absolute sqlite path as given', () => {
    assert.equal(load(['--root-data-path', '/data', '--sqlite-path', '/elsewhere']).sqlitePath, resolve('/elsewhere'));
  });

  it('normalises dot segments', () => {
    assert.equal(load(['--root-data-path', '../x/./y']).rootDataPath, resolve(CWD, '../x/y'));
  });

  it('rejects an empty path', () => {
    rejects(['--sqlite-path='], ['--sqlite-path', 'a non-empty path']);
  });
});

describe('parseCommand sizes', () => {
  it('reads k, m and g suffixes as KiB, MiB and GiB in either case', () => {
    assert.equal(load(['--max-body-size', '64k']).maxBodySize, 64 * 1024);
    assert.equal(load(['--max-body-size', '64m']).maxBodySize, 64 * 1024 * 1024);
    assert.equal(load(['--max-body-size', '64M']).maxBodySize, 64 * 1024 * 1024);
    assert.equal(load(['--max-body-size', '2g']).maxBodySize, 2 * 1024 ** 3);
  });

  it('accepts the bounds 1 KiB and 2 GiB and rejects just outside them', () => {
    assert.equal(load(['--max-body-size=1024']).maxBodySize, 1024);
    assert.equal(load(['--max-body-size=2048m']).maxBodySize, 2 * 1024 ** 3);
    rejects(['--max-body-size=1023'], ['--max-body-size', '"1023"', 'between 1k and 2g']);
    rejects(['--max-body-size=2049m'], ['--max-body-size', 'between 1k and 2g']);
  });

  it('rejects fractions, spaces and unknown suffixes', () => {
    for (const raw of ['1.5m', '64 m', '64x', '64mb', 'm', '-1k']) {
      rejects([`--max-body-size=${raw}`], ['--max-body-size', 'suffix k, m or g']);
    }
  });
});

describe('parseCommand errors', () => {
  it('rejects an unknown flag by name without echoing its value', () => {
    rejects(['--prot', '1'], ['--prot', 'unknown flag']);
    rejects(['-p'], ['-p', 'unknown flag']);
    assert.throws(() => command(['--https-p12-passphrase=hunter2']), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /--https-p12-passphrase: unknown flag/);
      assert.doesNotMatch(e.message, /hunter2/);
      return true;
    });
  });

  it('rejects a flag missing its value', () => {
    rejects(['--port'], ['--port', 'missing value', 'an integer between 0 and 65535']);
    rejects(['--hostname', '--port', '1'], ['--hostname', 'missing value']);
  });

  it('rejects values that are not integers in range', () => {
    rejects(['--port', 'abc'], ['--port: "abc" is not an integer between 0 and 65535']);
    for (const raw of ['65536', '-1', '1.5', '', ' 80', '1e3', '0x50']) rejects([`--port=${raw}`], ['--port', 'between 0 and 65535']);
    rejects(['--workers=0'], ['--workers', 'between 1 and 256']);
    rejects(['--workers=257'], ['--workers', 'between 1 and 256']);
    rejects(['--actor-idle-timeout=0'], ['--actor-idle-timeout', 'between 1 and 604800']);
    rejects(['--actor-idle-timeout=604801'], ['--actor-idle-timeout', 'between 1 and 604800']);
    rejects(['--max-open-actors=1000001'], ['--max-open-actors', 'between 1 and 1000000']);
  });

  it('names the supported database types when given another one', () => {
    for (const raw of ['postgresql', 'mysql', 'redis-findex', 'SQLITE']) {
      rejects(['--database-type', raw], ['--database-type', `"${raw}" is not supported`, 'sqlite, sqlite-enc']);
    }
    rejects([], ['KMS_DATABASE_TYPE', 'sqlite, sqlite-enc'], { KMS_DATABASE_TYPE: 'mysql' });
  });

  it('accepts thread and process actor runtimes from the flag or KMS_ACTOR_RUNTIME, and names them when given another', () => {
    assert.equal(load(['--actor-runtime', 'thread']).actorRuntime, 'thread');
    assert.equal(load([], { KMS_ACTOR_RUNTIME: 'process' }).actorRuntime, 'process');
    assert.equal(load(['--actor-runtime=thread'], { KMS_ACTOR_RUNTIME: 'process' }).actorRuntime, 'thread');
    for (const raw of ['threads', 'PROCESS', 'fork', '']) {
      rejects([`--actor-runtime=${raw}`], ['--actor-runtime', `"${raw}" is not supported`, 'thread, process']);
    }
    rejects([], ['KMS_ACTOR_RUNTIME', '"cluster" is not supported', 'thread, process'], { KMS_ACTOR_RUNTIME: 'cluster' });
  });

  it('rejects an empty or blank username and hostname', () => {
    rejects(['--default-username='], ['--default-username', 'a non-empty string']);
    rejects(['--default-username', ' '], ['--default-username', 'a non-empty string']);
    rejects(['--hostname='], ['--hostname', 'a non-empty string']);
  });

  it('rejects a boolean flag with a value other than true or false', () => {
    rejects(['--clear-database=yes'], ['--clear-database', '"yes"', 'true or false']);
    rejects(['--clear-database=1'], ['--clear-database', 'true or false']);
  });

  it('rejects a repeated flag in either form', () => {
    rejects(['--port', '1', '--port=2'], ['--port', 'more than once']);
    rejects(['--clear-database', '--clear-database'], ['--clear-database', 'more than once']);
    rejects(['-h', '--help'], ['--help', 'more than once']);
  });

  it('rejects positional arguments', () => {
    rejects(['serve'], ['unexpected argument "serve"']);
    rejects(['--', '--port', '1'], ['unexpected argument "--"']);
    rejects(['--clear-database', 'false'], ['"false"', '--clear-database=false']);
  });

  it('rejects a value on --help or --info', () => {
    rejects(['--help=yes'], ['--help', 'takes no value']);
    rejects(['--info=1'], ['--info', 'takes no value']);
  });
});

describe('parseCommand commands', () => {
  it('returns help for --help and -h', () => {
    assert.deepEqual(command(['--help']), { action: 'help' });
    assert.deepEqual(command(['-h']), { action: 'help' });
  });

  it('returns help without validating values or environment variables', () => {
    assert.deepEqual(command(['--port', 'abc', '--help'], { KMS_WORKERS: 'lots' }), { action: 'help' });
  });

  it('still rejects an unknown flag given with --help', () => {
    rejects(['--help', '--nope'], ['--nope', 'unknown flag']);
  });

  it('prefers --help over --info', () => {
    assert.deepEqual(command(['--info', '--help']), { action: 'help' });
  });

  it('returns info with the effective configuration for --info', () => {
    const cmd = command(['--info', '--port', '7'], { KMS_WORKERS: '3' });
    assert.equal(cmd.action, 'info');
    assert.ok(cmd.action === 'info' && cmd.config.port === 7 && cmd.config.workers === 3);
  });

  it('validates the configuration for --info', () => {
    rejects(['--info', '--port', 'abc'], ['--port']);
  });
});

describe('parseCommand TLS settings', () => {
  it('builds a PEM source from the certificate, key and optional chain', () => {
    assert.deepEqual(load(['--https-cert-file', 'c.pem', '--https-key-file', 'k.pem']).tls, {
      kind: 'pem', certFile: resolve(CWD, 'c.pem'), keyFile: resolve(CWD, 'k.pem'), chainFile: null,
    });
    const env = { KMS_HTTPS_CERT_FILE: '/c.pem', KMS_HTTPS_KEY_FILE: '/k.pem', KMS_HTTPS_CHAIN_FILE: '/chain.pem' };
    assert.deepEqual(load([], env).tls, { kind: 'pem', certFile: resolve('/c.pem'), keyFile: resolve('/k.pem'), chainFile: resolve('/chain.pem') });
  });

  it('builds a PKCS#12 source from the file and its password', () => {
    assert.deepEqual(load(['--https-p12-file', '/s.p12', '--https-p12-password', 'pw']).tls, { kind: 'p12', file: resolve('/s.p12'), password: 'pw' });
    assert.deepEqual(load([], { KMS_HTTPS_P12_FILE: '/s.p12', KMS_HTTPS_P12_PASSWORD: 'pw' }).tls, { kind: 'p12', file: resolve('/s.p12'), password: 'pw' });
  });

  it('refuses incomplete or mixed TLS settings', () => {
    rejects(['--https-p12-file', '/s.p12'], ['--https-p12-password']);
    rejects(['--https-p12-password', 'pw'], ['without --https-p12-file']);
    rejects(['--https-cert-file', 'c.pem'], ['--https-key-file']);
    rejects(['--https-key-file', 'k.pem'], ['--https-cert-file']);
    rejects(['--https-chain-file', 'x.pem'], ['--https-cert-file']);
    rejects(['--https-p12-file', '/s.p12', '--https-p12-password', 'pw', '--https-cert-file', 'c.pem'], ['excludes']);
  });

  it('refuses client certificates without HTTPS', () => {
    rejects(['--authority-cert-file', '/ca.pem'], ['needs HTTPS']);
  });

  it('takes a client CA together with HTTPS', () => {
    const pem = ['--https-cert-file', 'c.pem', '--https-key-file', 'k.pem'];
    assert.equal(load([...pem, '--authority-cert-file', '/pki/ca.pem']).authorityCertFile, resolve('/pki/ca.pem'));
    assert.equal(load(pem, { KMS_AUTHORITY_CERT_FILE: '/pki/ca.pem' }).authorityCertFile, resolve('/pki/ca.pem'));
  });

  it('never shows the PKCS#12 password in --info or the startup summary', () => {
    const cmd = command(['--https-p12-file', '/s.p12', '--https-p12-password', 'hunter2-secret']);
    assert.ok(cmd.action === 'run');
    assert.ok(!describeConfigJson(cmd).includes('hunter2-secret'));
    assert.ok(!describeConfig(cmd.config).includes('hunter2-secret'));
    assert.ok(describeConfigJson(cmd).includes('[redacted]'));
  });
});

describe('parseCommand KMIP socket server settings', () => {
  const tls = ['--https-cert-file', 'c.pem', '--https-key-file', 'k.pem', '--authority-cert-file', '/pki/ca.pem'];

  it('starts the socket server on port 5696 of every interface when asked, with the TLS settings', () => {
    const cfg = load(['--socket-server-start', ...tls]);
    assert.deepEqual([cfg.socketServerStart, cfg.socketServerPort, cfg.socketServerHostname], [true, 5696, '0.0.0.0']);
    assert.equal(load(tls, { KMS_SOCKET_SERVER_START: 'true' }).socketServerStart, true);
    assert.equal(load(['--socket-server-start=false']).socketServerStart, false);
  });

  it('refuses --socket-server-start without the server certificate or the client CA', () => {
    const needs = ['--socket-server-start', 'server certificate', '--authority-cert-file'];
    rejects(['--socket-server-start'], needs);
    rejects(['--socket-server-start', '--https-cert-file', 'c.pem', '--https-key-file', 'k.pem'], needs);
    rejects([], needs, { KMS_SOCKET_SERVER_START: '1' });
  });

  it('accepts port 0 for an ephemeral socket port', () => {
    assert.equal(load(['--socket-server-start', '--socket-server-port', '0', ...tls]).socketServerPort, 0);
  });

  it('refuses the HTTP port for the socket server on an overlapping address', () => {
    rejects(['--socket-server-start', '--port', '5696', ...tls], ['--socket-server-port and --port are both 5696']);
    rejects(['--socket-server-start', '--port', '7000', '--socket-server-port', '7000', '--hostname', '127.0.0.1', ...tls], ['both 7000']);
    const apart = load(['--socket-server-start', '--port', '7000', '--socket-server-port', '7000', '--hostname', '127.0.0.1', '--socket-server-hostname', '127.0.0.2', ...tls]);
    assert.equal(apart.socketServerPort, 7000);
  });
});

describe('parseCommand identity providers', () => {
  it('pairs repeated issuers with their key sets and audiences, in order', () => {
    const cfg = load([
      '--jwt-issuer-uri', 'https://a.example', '--jwt-issuer-uri', 'https://b.example/',
      '--jwt-audience', 'kms-a', '--jwt-audience', 'kms-b',
    ]);
    assert.deepEqual(cfg.jwtIssuers, [
      { issuer: 'https://a.example', jwksUri: 'https://a.example/.well-known/jwks.json', audience: 'kms-a' },
      { issuer: 'https://b.example/', jwksUri: 'https://b.example/.well-known/jwks.json', audience: 'kms-b' },
    ]);
  });

  it('reads comma-separated lists from the variables, Cosmian\'s KMS_JST_AUDIENCE spelling included', () => {
    const cfg = load([], { KMS_JWT_ISSUER_URI: 'https://a.example,https://b.example', KMS_JWKS_URI: 'http://127.0.0.1:1/a,http://127.0.0.1:1/b', KMS_JST_AUDIENCE: 'x,y' });
    assert.deepEqual(cfg.jwtIssuers.map((i) => [i.jwksUri, i.audience]), [['http://127.0.0.1:1/a', 'x'], ['http://127.0.0.1:1/b', 'y']]);
  });

  it('refuses lists of different lengths, key sets without issuers and non-URLs', () => {
    rejects(['--jwt-issuer-uri', 'https://a.example', '--jwks-uri', 'https://a/1', '--jwks-uri', 'https://a/2'], ['--jwks-uri', '2 times', '1 issuers']);
    rejects(['--jwt-issuer-uri', 'https://a.example', '--jwt-audience', 'a', '--jwt-audience', 'b'], ['--jwt-audience']);
    rejects(['--jwks-uri', 'https://a/1'], ['need --jwt-issuer-uri']);
    rejects(['--jwt-issuer-uri', 'not a url'], ['not a URL']);
  });

  it('refuses the API token with sqlite-enc or together with JWT', () => {
    rejects(['--api-token-id', 'k', '--database-type', 'sqlite-enc'], ['needs --database-type sqlite']);
    rejects(['--api-token-id', 'k', '--jwt-issuer-uri', 'https://a.example'], ['exclude each other']);
  });

  it('reads privileged users from repeated flags or a comma-separated variable', () => {
    assert.deepEqual(load(['--privileged-users', 'alice', '--privileged-users', 'bob']).privilegedUsers, ['alice', 'bob']);
    assert.deepEqual(load([], { KMS_PRIVILEGED_USERS: 'alice, bob' }).privilegedUsers, ['alice', 'bob']);
  });

  it('still refuses other flags given twice', () => {
    rejects(['--port', '1', '--port', '2'], ['--port', 'more than once']);
  });
});
