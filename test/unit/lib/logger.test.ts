import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../src/lib/logger.js';

describe('logger', () => {
  it('redacts fields whose names look secret', () => {
    const lines: string[] = [];
    const log = createLogger('debug', (l) => lines.push(l), () => new Date(0));
    log.info('event', { key: 'K1', secret: 'S1', databaseSecret: 'S2', plaintext: 'P1', data: 'D1', token: 'T1', actor: '42' });
    assert.equal(lines.length, 1);
    for (const s of ['K1', 'S1', 'S2', 'P1', 'D1', 'T1']) assert.ok(!lines[0]?.includes(s), `${s} leaked`);
    assert.ok(lines[0]?.includes('actor=42'));
  });

  it('drops lines below its level', () => {
    const lines: string[] = [];
    const log = createLogger('warn', (l) => lines.push(l));
    log.info('quiet');
    log.error('loud');
    assert.equal(lines.length, 1);
  });
});
