import { z } from 'zod';

/**
 * In a page, zod would probe for `new Function` to compile faster parsers; under Candor's
 * Content-Security-Policy (no 'unsafe-eval') the probe is refused and reported as a violation on
 * every load. Import this first in every browser entry: parsing then never tries eval.
 */
z.config({ jitless: true });
