/**
 * The dependency rules between source folders, checked by reading every import in src/.
 * @module
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { repoRoot } from '../helpers/repo-root.js';

interface Edge {
  readonly from: string;
  readonly to: string;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

function edges(): Edge[] {
  const src = join(repoRoot(), 'src');
  return sources(src).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'/gm)].map((m) => ({
      from: relative(src, file),
      to: relative(src, resolve(dirname(file), m[1] ?? '')).replace(/\.js$/, '.ts'),
    }));
  });
}

const area = (path: string): string => (path.includes('/') ? path.split('/')[0] ?? '' : path.replace(/\.ts$/, ''));

// The composition root wires the layers together; it is the one place allowed to see them all
// (binary-kmip hands the socket gateway the kmip/ functions it may not import itself).
const ROOT = new Set(['main', 'server', 'binary-kmip']);

const RULES: readonly { readonly name: string; readonly broken: (e: Edge) => boolean }[] = [
  { name: 'nothing but the composition root imports the gateway', broken: (e) => area(e.to) === 'gateway' && area(e.from) !== 'gateway' && !ROOT.has(area(e.from)) },
  { name: 'only actors, admin (and startup) touch storage', broken: (e) => area(e.to) === 'storage' && !['storage', 'actors', 'admin'].includes(area(e.from)) && !ROOT.has(area(e.from)) },
  { name: 'admin (backup, restore) imports only storage, config and lib, and only the launcher imports it', broken: (e) => (area(e.from) === 'admin' && !['admin', 'storage', 'config', 'lib'].includes(area(e.to))) || (area(e.to) === 'admin' && area(e.from) !== 'admin') },
  { name: 'the gateway does not reach past the supervisor', broken: (e) => area(e.from) === 'gateway' && ['storage', 'crypto', 'actors', 'kmip'].includes(area(e.to)) },
  { name: 'the supervisor never imports actors or storage', broken: (e) => area(e.from) === 'supervisor' && ['actors', 'storage'].includes(area(e.to)) },
  { name: 'kmip, crypto and lib import only themselves and lib', broken: (e) => ['kmip', 'crypto', 'lib'].includes(area(e.from)) && area(e.to) !== area(e.from) && area(e.to) !== 'lib' },
  { name: 'storage imports only itself and lib', broken: (e) => area(e.from) === 'storage' && !['storage', 'lib'].includes(area(e.to)) },
  { name: 'the client uses only kmip and lib, and only the command-line client imports it', broken: (e) => (area(e.from) === 'client' && !['client', 'kmip', 'lib'].includes(area(e.to))) || (area(e.to) === 'client' && !['client', 'cli'].includes(area(e.from))) },
  // The CLI converts key files locally (transparent components to DER), hence the pure crypto helpers.
  { name: 'the command-line client uses only the client, kmip, crypto and lib, and nothing imports it', broken: (e) => (area(e.from) === 'cli' && !['cli', 'client', 'kmip', 'crypto', 'lib'].includes(area(e.to))) || (area(e.to) === 'cli' && area(e.from) !== 'cli') },
];

describe('source dependency rules', () => {
  const all = edges();

  it('finds the imports it checks', () => {
    assert.ok(all.length > 100, `only ${all.length} imports found`);
  });

  for (const rule of RULES) {
    it(rule.name, () => {
      const broken = all.filter(rule.broken).map((e) => `${e.from} -> ${e.to}`);
      assert.deepEqual(broken, []);
    });
  }
});
