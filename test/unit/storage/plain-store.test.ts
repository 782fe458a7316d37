/**
 * The shared ObjectStore suite against an unencrypted SQLite file.
 * @module
 */
import { openSqliteStore } from '../../../src/storage/sqlite-store.js';
import { runObjectStoreCases } from '../../cases/object-store.case.js';

runObjectStoreCases('plain SQLite', (file, mode) => openSqliteStore({ file, mode }));
