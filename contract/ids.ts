import { z } from 'zod';

/**
 * Every id Candor makes (reports, crashes, consent records) is a UUID in lower case, its one
 * canonical form: an id in another case would be stored but never found by a route or a lookup.
 */
export const IdSchema = z.uuid().regex(/^[0-9a-f-]{36}$/, 'an id is written in lower case');
