/**
 * `kms server-version`: the server's version string.
 * @module
 */
import type { CommandSpec } from '../command.js';

/** The command. */
export const SERVER_VERSION: readonly CommandSpec[] = [
  {
    path: ['server-version'],
    summary: "print the server's version",
    async run(ctx) {
      const version = await ctx.rest().serverVersion();
      return { text: version, json: { version } };
    },
  },
];
