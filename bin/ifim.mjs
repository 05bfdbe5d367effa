#!/usr/bin/env node
// Runs the TypeScript CLI in-process through tsx's loader, so that `npx ifim` works right after
// `npm ci` with no build step to remember.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
