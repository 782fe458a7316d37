import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../src/lib/logger.js';

const SECRET_FIELDS = { key: 'K1', secret: 'S1', databaseSecret: 'S2', plaintext: 'P1', data: 'D1', token: 'T1', https_p12_password: 'W1', authorization: 'A1', wrappingKey: 'K2' };

describe('logger', () => {
  for (const format of ['text', 'json'] as const) {
    it(`redacts fields whose names look secret (${format})`, () => {
      const lines: string[] = [];
      const log = createLogger('debug', { sink: (l) => lines.push(l), clock: () => new Date(0), format });
      log.info('event', { ...SECRET_FIELDS, actor: '42' });
      assert.equal(lines.length, 1);
      for (const s of Object.values(SECRET_FIELDS)) assert.ok(!lines[0]?.includes(s), `${s} leaked`);
      assert.ok(lines[0]?.includes(format === 'json' ? '"actor":"42"' : 'actor=42'));
    });
  }

  it('drops lines below its level', () => {
    const lines: string[] = [];
    const log = createLogger('warn', { sink: (l) => lines.push(l) });
    log.info('quiet');
    log.error('loud');
    assert.equal(lines.length, 1);
  });

  it('writes one JSON object per line with time, level, message and typed fields', () => {
    const lines: string[] = [];
    const log = createLogger('info', { sink: (l) => lines.push(l), clock: () => new Date(0), format: 'json' });
    log.warn('actor crashed\nsecond line', { actors: 3, restarted: true, reason: 'a "quoted" reason', big: 12345678901234567890n, gone: undefined, missing: null });
    assert.equal(lines.length, 1);
    assert.ok(!lines[0]?.includes('\n'), 'a line break in a message must not split the line');
    assert.deepEqual(JSON.parse(lines[0] ?? ''), {
      time: '1970-01-01T00:00:00.000Z',
      level: 'warn',
      msg: 'actor crashed\nsecond line',
      actors: 3,
      restarted: true,
      reason: 'a "quoted" reason',
      big: '12345678901234567890',
      missing: null,
    });
  });

  it('keeps its own time, level and msg when a field reuses those names', () => {
    const lines: string[] = [];
    const log = createLogger('info', { sink: (l) => lines.push(l), clock: () => new Date(0), format: 'json' });
    log.info('real', { level: 'fake', msg: 'fake', time: 'fake' });
    const parsed = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    assert.equal(parsed['level'], 'info');
    assert.equal(parsed['msg'], 'real');
    assert.equal(parsed['field_level'], 'fake');
  });

  it('reports its level and format so worker threads can follow them', () => {
    const log = createLogger('warn', { format: 'json', sink: () => undefined });
    assert.equal(log.level, 'warn');
    assert.equal(log.format, 'json');
  });
});
