import { describe, inject } from 'vitest';
import { crashSuite } from './helpers/crash.ts';

describe('crash safety', () => crashSuite('sqlite'));
