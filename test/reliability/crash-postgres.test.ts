import { describe, inject } from 'vitest';
import { crashSuite } from './helpers/crash.ts';

(inject('postgresUrl') ? describe : describe.skip)('crash safety', () => crashSuite('postgres'));
