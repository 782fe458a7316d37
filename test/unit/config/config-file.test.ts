import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError } from '../../../src/config/config-error.js';
import { CONFIG_SECTIONS, SETTING_FLAGS } from '../../../src/config/flags.js';
import { fileKey } from '../../../src/config/flag-values.js';
import { describeConfigJson } from '../../../src/config/help.js';
import type { Command, ParseOptions } from '../../../src/config/load.js';
import { parseCommand } from '../../../src/config/load.js';
import { repoRoot } from '../../helpers/repo-root.js';

type Env = Readonly<Record<string, string | undefined>>;

const dir = mkdtempSync(join(tmpdir(), 'kms-conf-'));
after(() => { rmSync(dir, { recursive: true, force: true }); });
let counter = 0;

/** Writes a configuration file and returns its path. */
function file(text: string): string {
  const path = join(dir, `server-${++counter}.toml`);
  writeFileSync(path, text);
  return path;
}

function command(argv: readonly string[], env: Env = {}, options: ParseOptions = { defaultConfigFile: null }): Exclude<Command, { action: 'help' }> {
  const cmd = parseCommand(argv, env, dir, 4, options);
  assert.ok(cmd.action !== 'help');
  return cmd;
}

function rejects(argv: readonly string[], fragments: readonly string[], env: Env = {}, forbidden: readonly string[] = []): void {
  assert.throws(() => command(argv, env), (err: unknown) => {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    for (const f of fragments) assert.ok(err.message.includes(f), `"${err.message}" lacks "${f}"`);
    for (const f of forbidden) assert.ok(!err.message.includes(f), `"${err.message}" shows "${f}"`);
    return true;
  });
}

const COSMIAN_LAYOUT = `
default_username = "alice"
privileged_users = ["alice", "bob"]

[db]
database_type = "sqlite-enc"
sqlite_path = "data"
clear_database = false

[http]
port = 9000
hostname = "127.0.0.1"
max_body_size = "8m"

[auth]
jwt_issuer_uri = ["https://idp.example.com"]
jwt_audience = ["kms"]

[workspace]
root_data_path = "/var/lib/kms"

[logging]
log_format = "text"
`;

describe('the TOML configuration file', () => {
  it('reads Cosmian’s layout: top-level keys and the [db], [http], [auth], [workspace] tables', () => {
    const path = file(COSMIAN_LAYOUT);
    const { config, file: used } = command(['--config', path]);
    assert.equal(used, path);
    assert.equal(config.defaultUsername, 'alice');
    assert.deepEqual(config.privilegedUsers, ['alice', 'bob']);
    assert.equal(config.databaseType, 'sqlite-enc');
    assert.equal(config.port, 9000);
    assert.equal(config.hostname, '127.0.0.1');
    assert.equal(config.maxBodySize, 8 * 1024 * 1024);
    assert.equal(config.rootDataPath, '/var/lib/kms');
    assert.equal(config.sqlitePath, '/var/lib/kms/data');
    assert.deepEqual(config.jwtIssuers.map((i) => [i.issuer, i.audience]), [['https://idp.example.com', 'kms']]);
    assert.equal(config.logFormat, 'text');
  });

  it('reads Cosmian 5.x\'s [socket_server] table', () => {
    const path = file([
      '[http]', 'https_cert_file = "/pki/server.crt"', 'https_key_file = "/pki/server.key"', 'authority_cert_file = "/pki/ca.crt"',
      '[socket_server]', 'socket_server_start = true', 'socket_server_port = 15696', 'socket_server_hostname = "127.0.0.1"', '',
    ].join('\n'));
    const { config } = command(['--config', path]);
    assert.deepEqual([config.socketServerStart, config.socketServerPort, config.socketServerHostname], [true, 15696, '127.0.0.1']);
    const wrong = file('[http]\nsocket_server_port = 1\n');
    rejects(['--config', wrong], ['[http] socket_server_port', 'belongs in [socket_server]']);
  });

  it('reads the actor runtime from [actors] actor_runtime and rejects an unknown one, naming the file', () => {
    assert.equal(command(['-c', file('[actors]\nactor_runtime = "process"\n')]).config.actorRuntime, 'process');
    const path = file('[actors]\nactor_runtime = "cluster"\n');
    rejects(['--config', path], [path, '[actors] actor_runtime', '"cluster" is not supported', 'thread, process']);
  });

  it('accepts every setting at the top level too, under the flag’s name with underscores', () => {
    const cmd = command(['-c', file('port = 7000\nworkers = 3\nmax_body_size = 4096\nlog_level = "warn"\n')]);
    assert.equal(cmd.config.port, 7000);
    assert.equal(cmd.config.workers, 3);
    assert.equal(cmd.config.maxBodySize, 4096);
    assert.equal(cmd.config.logLevel, 'warn');
  });

  it('gives every setting a key and a table, and every table holds at least one setting', () => {
    const keys = SETTING_FLAGS.map(fileKey);
    assert.equal(new Set(keys).size, keys.length);
    for (const section of CONFIG_SECTIONS) assert.ok(SETTING_FLAGS.some((f) => f.section === section), section);
  });

  it('lets flags and environment variables override the file, and --info says where each value came from', () => {
    const path = file('[http]\nport = 9000\nhostname = "127.0.0.1"\n[actors]\nworkers = 3\n');
    const cmd = command(['--info', '--config=' + path, '--port', '7'], { KMS_WORKERS: '5' });
    assert.equal(cmd.action, 'info');
    assert.equal(cmd.config.port, 7);
    assert.equal(cmd.config.workers, 5);
    assert.equal(cmd.config.hostname, '127.0.0.1');
    const info = JSON.parse(describeConfigJson(cmd)) as { config_file: string; settings: Record<string, { value: unknown; from: string }> };
    assert.equal(info.config_file, path);
    assert.equal(info.settings['port']?.from, 'flag --port');
    assert.equal(info.settings['workers']?.from, 'env KMS_WORKERS');
    assert.equal(info.settings['hostname']?.from, `file ${path} [http] hostname`);
    assert.equal(info.settings['hostname']?.value, '127.0.0.1');
    assert.equal(info.settings['database-type']?.from, 'default');
  });

  it('is found through COSMIAN_KMS_CONF, and --config wins over it', () => {
    const fromEnv = file('[http]\nport = 1111\n');
    const fromFlag = file('[http]\nport = 2222\n');
    assert.equal(command([], { COSMIAN_KMS_CONF: fromEnv }).config.port, 1111);
    assert.equal(command(['--config', fromFlag], { COSMIAN_KMS_CONF: fromEnv }).config.port, 2222);
  });

  it('is read from the default path only when that file exists', () => {
    const present = file('[http]\nport = 3333\n');
    assert.equal(command([], {}, { defaultConfigFile: present }).config.port, 3333);
    const absent = command([], {}, { defaultConfigFile: join(dir, 'absent.toml') });
    assert.equal(absent.file, null);
    assert.equal(absent.config.port, 9998);
  });

  it('must exist when named explicitly', () => {
    rejects(['--config', join(dir, 'missing.toml')], ['--config', 'missing.toml', 'does not exist']);
    rejects([], ['COSMIAN_KMS_CONF', 'does not exist'], { COSMIAN_KMS_CONF: join(dir, 'missing.toml') });
    rejects(['--config'], ['--config', 'missing value']);
  });

  it('is not read at all for --help', () => {
    const broken = file('this is not toml');
    assert.deepEqual(parseCommand(['--help', '--config', broken], {}, dir, 4, { defaultConfigFile: null }), { action: 'help' });
  });

  it('reports a syntax error with the file, line and column, without quoting the line', () => {
    const path = file('[http]\nhttps_p12_password = "hunter2-unterminated\n');
    rejects(['--config', path], [path, 'line 2', 'invalid TOML'], {}, ['hunter2']);
  });

  it('refuses unknown settings and tables, naming them', () => {
    rejects(['--config', file('[http]\nprot = 9998\n')], ['[http] prot', 'unknown setting']);
    rejects(['--config', file('[http]\nworkers = 2\n')], ['[http] workers', 'belongs in [actors]']);
    rejects(['--config', file('[http]\nactor_runtime = "process"\n')], ['[http] actor_runtime', 'belongs in [actors]']);
    rejects(['--config', file('[telemetry]\notlp = "x"\n')], ['[telemetry]', 'unknown table']);
    rejects(['--config', file('tmp_path = "/tmp"\n')], ['tmp_path', 'unknown setting']);
    rejects(['--config', file('http = 3\n')], ['expected the table [http]']);
  });

  it('refuses values of the wrong type or out of range, naming the key', () => {
    rejects(['--config', file('[http]\nport = "9998"\n')], ['[http] port', 'expected an integer, found a string']);
    rejects(['--config', file('[http]\nport = 99999\n')], ['[http] port', 'between 0 and 65535']);
    rejects(['--config', file('[http]\nport = 1.5\n')], ['[http] port', 'found a float']);
    rejects(['--config', file('[db]\nclear_database = "yes"\n')], ['[db] clear_database', 'expected true or false']);
    rejects(['--config', file('[db]\ndatabase_type = "postgresql"\n')], ['[db] database_type', 'supported values are sqlite, sqlite-enc']);
    rejects(['--config', file('privileged_users = [1, 2]\n')], ['privileged_users', 'array of strings']);
  });

  it('never shows the value of a secret setting in an error', () => {
    rejects(['--config', file('[http]\nhttps_p12_password = ""\nhttps_p12_file = "/s.p12"\n')], ['[http] https_p12_password'], {}, ['/s.p12" is']);
    const cmd = command(['--config', file('[http]\nhttps_p12_file = "/s.p12"\nhttps_p12_password = "hunter2-secret"\n')]);
    assert.ok(!describeConfigJson(cmd).includes('hunter2-secret'));
  });

  it('refuses a setting given both at the top level and in its table', () => {
    rejects(['--config', file('port = 1\n[http]\nport = 2\n')], ['[http] port', 'given both']);
  });

  it('resolves relative paths in the file against the working directory, as flags do', () => {
    const cmd = command(['--config', file('[workspace]\nroot_data_path = "kms-data"\n')]);
    assert.equal(cmd.config.rootDataPath, resolve(dir, 'kms-data'));
  });
});

describe('the README’s configuration example', () => {
  it('is a valid configuration file', () => {
    const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
    const example = /```toml\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(example !== undefined, 'README has a toml example');
    const cmd = command(['--config', file(example)]);
    assert.equal(cmd.config.databaseType, 'sqlite-enc');
    assert.equal(cmd.config.maxOpenActors, 500);
  });
});
