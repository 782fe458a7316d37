import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../../src/config/config-error.js';
import type { SettingFlag } from '../../../src/config/flags.js';
import { FLAGS, SETTING_FLAGS, isSettingFlag } from '../../../src/config/flags.js';
import { parseFlagValue } from '../../../src/config/flag-values.js';
import { describeConfig, describeConfigJson, helpText, settingValue } from '../../../src/config/help.js';
import { parseCommand } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/schema.js';

function config(argv: readonly string[] = []): Config {
  const cmd = parseCommand(argv, {}, '/srv/kms', 2, { defaultConfigFile: null });
  assert.notEqual(cmd.action, 'help');
  if (cmd.action === 'help') throw new Error('unreachable');
  return cmd.config;
}

describe('flag table', () => {
  it('sets every Config field exactly once', () => {
    // The --https-* flags build `tls` and the --jwt-* lists build `jwtIssuers`.
    const composite: Readonly<Record<string, string>> = {
      httpsP12File: 'tls', httpsP12Password: 'tls', httpsCertFile: 'tls', httpsKeyFile: 'tls', httpsChainFile: 'tls',
      jwtIssuerUris: 'jwtIssuers', jwksUris: 'jwtIssuers', jwtAudiences: 'jwtIssuers',
    };
    const direct = SETTING_FLAGS.map((f) => f.key).filter((k) => composite[k] === undefined);
    assert.equal(new Set(direct).size, direct.length);
    assert.deepEqual([...new Set([...direct, ...Object.values(composite)])].sort(), Object.keys(config()).sort());
  });

  it('has unique flag names and environment variables', () => {
    const names = FLAGS.flatMap((f) => (isSettingFlag(f) || f.alias === undefined ? [f.name] : [f.name, f.alias]));
    assert.equal(new Set(names).size, names.length);
    const envs = SETTING_FLAGS.map((f) => f.env);
    assert.equal(new Set(envs).size, envs.length);
  });

  it('names each variable KMS_ plus the flag in upper snake case, as Cosmian does', () => {
    // Cosmian names the API token's variable KMS_API_TOKEN, without the _ID of its flag.
    for (const flag of SETTING_FLAGS.filter((f) => f.name !== '--api-token-id')) {
      assert.equal(flag.env, `KMS_${flag.name.slice(2).replaceAll('-', '_').toUpperCase()}`);
    }
  });

  it('has a one-line description for every flag', () => {
    for (const flag of FLAGS) {
      assert.ok(flag.description.length > 0 && !flag.description.includes('\n'), flag.name);
    }
  });

  it('never echoes the value of a flag marked secret', () => {
    const secret: SettingFlag = {
      name: '--pin',
      env: 'KMS_PIN',
      key: 'port',
      section: 'http',
      value: { kind: 'integer', min: 0, max: 9999 },
      default: 0,
      description: 'test only',
      secret: true,
    };
    for (const source of ['flag', 'env', 'file'] as const) {
      assert.throws(() => parseFlagValue(secret, 'hunter2', source), (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.match(e.message, { flag: /^--pin: /, env: /^KMS_PIN: /, file: /^\[http\] pin: / }[source]);
        assert.match(e.message, /an integer between 0 and 9999/);
        assert.doesNotMatch(e.message, /hunter2/);
        return true;
      });
    }
  });
});

describe('helpText', () => {
  const text = helpText();

  it('starts with the usage line', () => {
    assert.equal(text.split('\n')[0], 'Usage: kms-server [options]');
  });

  it('mentions every flag and environment variable in the table', () => {
    for (const flag of FLAGS) {
      assert.ok(text.includes(flag.name), `help lacks ${flag.name}`);
      if (isSettingFlag(flag)) assert.ok(text.includes(flag.env), `help lacks ${flag.env}`);
      else if (flag.alias !== undefined) assert.ok(text.includes(`${flag.alias}, ${flag.name}`));
    }
  });

  it('shows every description', () => {
    for (const flag of FLAGS) assert.ok(text.includes(flag.description), `help lacks the ${flag.name} description`);
  });

  it('shows the defaults', () => {
    for (const fragment of [
      '[env: KMS_PORT] [default: 9998]',
      '[env: KMS_HOSTNAME] [default: 0.0.0.0]',
      '[env: KMS_DATABASE_TYPE] [default: sqlite]',
      '[env: KMS_ROOT_DATA_PATH] [default: ./cosmian-kms]',
      '[env: KMS_SQLITE_PATH] [default: sqlite-data]',
      '[env: KMS_DEFAULT_USERNAME] [default: admin]',
      '[env: KMS_CLEAR_DATABASE] [default: false]',
      '[env: KMS_WORKERS] [default: number of CPUs]',
      '[env: KMS_ACTOR_RUNTIME] [default: thread]',
      '[env: KMS_ACTOR_IDLE_TIMEOUT] [default: 300]',
      '[env: KMS_MAX_OPEN_ACTORS] [default: 100]',
      '[env: KMS_MAX_BODY_SIZE] [default: 64m]',
    ]) {
      assert.ok(text.includes(fragment), `help lacks ${fragment}`);
    }
  });

  it('shows allowed values and placeholders', () => {
    assert.ok(text.includes('--database-type <sqlite|sqlite-enc>'));
    assert.ok(text.includes('--actor-runtime <thread|process>'));
    assert.ok(text.includes('file: [actors] actor_runtime'));
    assert.ok(text.includes('--clear-database[=true|false]'));
    assert.ok(text.includes('--actor-idle-timeout <seconds>'));
    assert.ok(text.includes('allowed: an integer between 0 and 65535'));
    assert.ok(text.includes('allowed: a size between 1k and 2g'));
  });

  it('keeps lines short enough for a terminal', () => {
    for (const line of text.split('\n')) assert.ok(line.length <= 120, line);
  });
});

describe('describeConfig', () => {
  it('summarises the effective configuration on one line', () => {
    const line = describeConfig(config(['--clear-database', '--database-type', 'sqlite-enc']));
    assert.ok(!line.includes('\n'));
    for (const pair of [
      'database-type=sqlite-enc',
      'root-data-path=/srv/kms/cosmian-kms',
      'sqlite-path=/srv/kms/cosmian-kms/sqlite-data',
      'port=9998',
      'hostname=0.0.0.0',
      'workers=2',
      'actor-runtime=thread',
      'actor-idle-timeout=300s',
      'max-open-actors=100',
      'max-body-size=67108864',
      'default-username=admin',
      'clear-database=true',
    ]) {
      assert.ok(line.split(' ').includes(pair), `"${line}" lacks ${pair}`);
    }
  });

  it('names every setting flag', () => {
    const line = describeConfig(config());
    for (const flag of SETTING_FLAGS) assert.ok(line.includes(`${flag.name.slice(2)}=`), flag.name);
  });

  it('quotes values that contain spaces or equals signs', () => {
    const line = describeConfig(config(['--root-data-path', '/my data', '--default-username', 'a=b']));
    assert.ok(line.includes('root-data-path="/my data"'));
    assert.ok(line.includes('default-username="a=b"'));
  });
});

describe('describeConfigJson', () => {
  function info(argv: readonly string[], env: Readonly<Record<string, string>> = {}): Record<string, unknown> {
    const cmd = parseCommand(argv, env, '/srv/kms', 2, { defaultConfigFile: null });
    assert.ok(cmd.action !== 'help');
    const parsed: unknown = JSON.parse(describeConfigJson(cmd));
    assert.ok(typeof parsed === 'object' && parsed !== null);
    return parsed as Record<string, unknown>;
  }

  it('renders every setting keyed by flag name with its value, readable back as JSON', () => {
    const cfg = config(['--port', '7']);
    const settings = info(['--port', '7'])['settings'] as Record<string, { value: unknown; from: string }>;
    for (const flag of SETTING_FLAGS) assert.deepEqual(settings[flag.name.slice(2)]?.value, settingValue(flag.key, cfg), flag.name);
    assert.equal(settings['port']?.value, 7);
  });

  it('says where each value came from', () => {
    const parsed = info(['--port', '7'], { KMS_WORKERS: '3' });
    const settings = parsed['settings'] as Record<string, { value: unknown; from: string }>;
    assert.equal(parsed['config_file'], null);
    assert.equal(settings['port']?.from, 'flag --port');
    assert.equal(settings['workers']?.from, 'env KMS_WORKERS');
    assert.equal(settings['hostname']?.from, 'default');
  });

  it('is pretty-printed', () => {
    const cmd = parseCommand([], {}, '/srv/kms', 2, { defaultConfigFile: null });
    assert.ok(cmd.action !== 'help');
    assert.ok(describeConfigJson(cmd).includes('\n  "settings": {'));
  });
});
