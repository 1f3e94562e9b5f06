import { describe } from 'vitest';
import { crashSuite } from './helpers/crash.ts';

describe('crash safety', () => crashSuite('sqlite'));
