/**
 * `kms new-database`: asks a `sqlite-enc` server for a new encrypted database and shows its
 * secret this once (the server keeps no copy), or saves it into the configuration.
 * @module
 */
import { flag } from '../args.js';
import type { CommandSpec } from '../command.js';

/** The command. */
export const NEW_DATABASE: readonly CommandSpec[] = [
  {
    path: ['new-database'],
    summary: 'create a new encrypted database and print its secret (sqlite-enc servers)',
    options: {
      save: { type: 'boolean', description: 'write the secret into kms_database_secret of the configuration file instead of printing it' },
    },
    examples: ['kms new-database', 'kms --conf ./kms.json new-database --save'],
    async run(ctx, args) {
      const secret = await ctx.rest().newDatabase();
      if (flag(args, 'save')) {
        const path = ctx.saveConfig(ctx.config.exists ? { kms_database_secret: secret } : { kms_server_url: ctx.config.url, kms_database_secret: secret });
        return {
          text: `A new encrypted database is ready; its secret is saved in ${path} (kms_database_secret). That file is now the only copy: keep it safe.`,
          json: { saved_to: path },
        };
      }
      return {
        text: [
          'A new encrypted database is ready. Its secret is shown only this once and the server keeps no copy:',
          '',
          secret,
          '',
          `Put it in the kms_database_secret entry of ${ctx.config.path} (or run "kms new-database --save"),`,
          'or give it to each command with --database-secret.',
        ].join('\n'),
        json: { database_secret: secret },
      };
    },
  },
];
