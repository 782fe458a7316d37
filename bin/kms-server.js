#!/usr/bin/env node
// Thin launcher: the server is compiled to dist/ by "npm run build" (run by "npm start").
// "kms-server backup ..." and "kms-server restore ..." run the administration commands instead,
// without loading the server.
const [first, ...rest] = process.argv.slice(2);

let code;
if (first === 'backup' || first === 'restore') {
  const { runAdminCommand } = await import('../dist/src/admin/admin-command.js');
  code = runAdminCommand(first, rest, process.env);
} else {
  const { main } = await import('../dist/src/main.js');
  code = await main(process.argv.slice(2), process.env);
}
// Open keep-alive connections would otherwise hold the event loop after a clean stop.
process.exit(code);
