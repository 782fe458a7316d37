import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseLine } from '../../../src/cli/parse.js';
import { CliError, EXIT } from '../../../src/cli/cli-error.js';
import type { CommandSpec } from '../../../src/cli/command.js';

const noop = (): Promise<{ text: string; json: unknown }> => Promise.resolve({ text: '', json: null });
const COMMANDS: readonly CommandSpec[] = [
  { path: ['sym', 'keys', 'create'], summary: 's', positionals: [{ name: 'KEY_ID', description: 'd', required: false }], options: { tag: { type: 'string', short: 't', multiple: true, description: 'd' } }, run: noop },
  { path: ['sym', 'encrypt'], summary: 's', positionals: [{ name: 'FILE', description: 'd', required: true }], run: noop },
  { path: ['locate'], summary: 's', run: noop },
];

function usage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof CliError);
    assert.equal(e.exit, EXIT.usage);
    return e.message;
  }
  assert.fail('expected a usage error');
}

describe('the command line parser', () => {
  it('takes global options before, inside and after the command words', () => {
    const p = parseLine(['--url', 'http://x', 'sym', '-o', 'json', 'keys', 'create', '-t', 'a', '--tag', 'b', 'my-id', '--json'], COMMANDS);
    assert.equal(p.kind, 'command');
    if (p.kind !== 'command') return;
    assert.deepEqual(p.command.path, ['sym', 'keys', 'create']);
    assert.deepEqual(p.args.positionals, ['my-id']);
    assert.deepEqual(p.args.values['tag'], ['a', 'b']);
    assert.equal(p.args.values['url'], 'http://x');
    assert.equal(p.args.values['output'], 'json');
    assert.equal(p.args.values['json'], true);
  });

  it('answers a group for a partial command', () => {
    const p = parseLine(['sym', '--help'], COMMANDS);
    assert.equal(p.kind, 'group');
    if (p.kind === 'group') assert.deepEqual(p.prefix, ['sym']);
  });

  it('treats what follows -- as positionals', () => {
    const p = parseLine(['sym', 'encrypt', '--', '--odd-name'], COMMANDS);
    assert.ok(p.kind === 'command' && p.args.positionals[0] === '--odd-name');
  });

  it('refuses unknown commands, unknown options, missing and extra arguments', () => {
    assert.match(usage(() => parseLine(['sym', 'nope'], COMMANDS)), /unknown command "kms sym nope"/);
    assert.match(usage(() => parseLine(['locate', '--nope'], COMMANDS)), /nope/);
    assert.match(usage(() => parseLine(['sym', 'encrypt'], COMMANDS)), /missing <FILE>/);
    assert.match(usage(() => parseLine(['locate', 'extra'], COMMANDS)), /unexpected argument "extra"/);
  });

  it('does not check arguments when help is asked', () => {
    const p = parseLine(['sym', 'encrypt', '--help'], COMMANDS);
    assert.ok(p.kind === 'command' && p.args.values['help'] === true);
  });
});
