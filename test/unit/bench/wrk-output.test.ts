import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { durationMs, parseWrkOutput } from '../../../bench/wrk-output.js';
import { wrkScript } from '../../../bench/wrk.js';

const REPORT = `Running 5s test @ http://127.0.0.1:4000/kmip/2_1
  1 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.10ms  512.00us  12.40ms   80.00%
    Req/Sec    20.61k     1.02k   22.00k    70.00%
  Latency Distribution
     50%    2.98ms
     75%    3.20ms
     90%    3.60ms
     99%  812.00us
  102345 requests in 5.00s, 30.12MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:  20469.00
Transfer/sec:      6.02MB
`;

describe('wrk output', () => {
  it('reads throughput, latency percentiles in ms, the request count and all failures', () => {
    const r = parseWrkOutput(REPORT);
    assert.equal(r.rps, 20469);
    assert.equal(r.p50Ms, 2.98);
    assert.equal(r.p99Ms, 0.812);
    assert.equal(r.requests, 102345);
    assert.equal(r.errors, 7);
  });

  it('reports no errors when wrk prints none', () => {
    const clean = REPORT.replace(/ {2}Socket errors.*\n/, '').replace(/ {2}Non-2xx.*\n/, '');
    assert.equal(parseWrkOutput(clean).errors, 0);
  });

  it('refuses output without a Requests/sec line', () => {
    assert.throws(() => parseWrkOutput('unable to connect to 127.0.0.1:1'), /Requests\/sec/);
  });

  it('converts every wrk duration unit and rejects what is not one', () => {
    assert.equal(durationMs('250.00us'), 0.25);
    assert.equal(durationMs('1.50ms'), 1.5);
    assert.equal(durationMs('2.00s'), 2000);
    assert.equal(durationMs('1.00m'), 60_000);
    assert.ok(Number.isNaN(durationMs('fast')));
  });
});

describe('wrk script', () => {
  it('sends one fixed request with its secret header', () => {
    const s = wrkScript([{ body: '{"tag":"Get"}', secret: 'abc' }]);
    assert.match(s, /wrk\.body = "\{\\"tag\\":\\"Get\\"\}"/);
    assert.match(s, /wrk\.headers\["KmsDatabaseSecret"\] = "abc"/);
    assert.doesNotMatch(s, /request = function/);
  });

  it('picks at random among several requests, or among one when asked to be dynamic', () => {
    const many = wrkScript([{ body: 'a', secret: 's1' }, { body: 'b', secret: 's2' }]);
    assert.match(many, /local secrets = \{"s1",\n"s2"\}/);
    assert.match(many, /local bodies = \{"a",\n"b"\}/);
    assert.match(many, /math\.random\(#bodies\)/);
    assert.match(wrkScript([{ body: 'a', secret: 's1' }], true), /request = function/);
  });

  it('refuses an empty request list', () => {
    assert.throws(() => wrkScript([]), /at least one request/);
  });
});
