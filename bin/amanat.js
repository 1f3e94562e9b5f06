#!/usr/bin/env node
// The `amanat` command: runs the TypeScript sources through tsx's loader (no separate build step). The tsconfig is
// named explicitly so that JSX compiles for Preact whatever the working directory.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../src/cli.ts');
