/**
 * The shared ObjectStore suite against a SQLCipher 4 file opened with a random raw key.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { openSqliteStore } from '../../../src/storage/sqlite-store.js';
import { runObjectStoreCases } from '../../cases/object-store.case.js';

const key = new Uint8Array(randomBytes(32));

runObjectStoreCases('SQLCipher 4 with a raw key', (file, mode) => openSqliteStore({ file, key, mode }));
