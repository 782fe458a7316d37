#!/usr/bin/env node
// Thin launcher: the server is compiled to dist/ by "npm run build" (run by "npm start").
import { main } from '../dist/src/main.js';

const code = await main(process.argv.slice(2), process.env);
// Open keep-alive connections would otherwise hold the event loop after a clean stop.
process.exit(code);
