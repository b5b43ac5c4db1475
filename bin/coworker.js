#!/usr/bin/env node
// The `coworker` command. It runs the bundle `npm install` built (bin/build.js) while it matches
// the sources, else the TypeScript sources through tsx's loader: `npm ci` then `npx coworker …`
// (or `npm start`) works in the checkout either way, and an edited source is never shadowed.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshBundle } from './fresh-bundle.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bundle = freshBundle(root);
let cli;
if (bundle) {
  // Stack traces name the bundle's functions (its lines are long); NODE_OPTIONS=--enable-source-maps maps
  // them to the TypeScript sources (dist/*.map). Not by default: it costs every start ~30 ms
  // and ~8 MiB, and every stack trace formatted.
  cli = await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../src/cli/main.ts');
}
process.exitCode = await cli.main(process.argv.slice(2));
