#!/usr/bin/env node
// The `coworker` command. The app is TypeScript run through tsx's loader: no build step, so
// `npm ci` then `npx coworker …` (or `npm start`) works in the checkout.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
