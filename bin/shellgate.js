#!/usr/bin/env node
import { main } from '../dist/bundle/cli.js';
// A closed pipe (`shellgate log | head`) ends output quietly, as for any Unix tool.
process.stdout.on('error', (err) => { if (err.code === 'EPIPE') process.exit(0); throw err; });
main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
