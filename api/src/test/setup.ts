import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { setPseudonymKey } from '../privacy/pseudonym-key.js';

process.env.NODE_ENV ??= 'test';
// What the entry point resolves at start: a key of the test file's own, so linkage hashes can be made at once.
setPseudonymKey(randomBytes(32));
