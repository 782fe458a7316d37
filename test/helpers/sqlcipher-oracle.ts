/**
 * Reads our database files with @journeyapps/sqlcipher (real SQLCipher 4), an implementation
 * independent of the server's, to prove the files are SQLCipher and open with the raw key.
 * @module
 */
import sqlcipher from '@journeyapps/sqlcipher';

/** Runs one query read-only on the file with a raw 256-bit key given in hex; resolves its first row. */
export function readWithSqlcipher(file: string, keyHex: string, sql: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const db = new sqlcipher.Database(file, sqlcipher.OPEN_READONLY, (error) => {
      if (error !== null) reject(error);
    });
    db.serialize(() => {
      db.run('PRAGMA cipher_log_level = NONE');
      db.run(`PRAGMA key = "x'${keyHex}'"`);
      db.get(sql, (error: Error | null, row: unknown) => {
        db.close((closeError) => {
          if (error !== null) reject(error);
          else if (closeError !== null) reject(closeError);
          else resolve(row);
        });
      });
    });
  });
}
