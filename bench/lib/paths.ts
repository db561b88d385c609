/** The repository root (children run from there, so `--import tsx` and `bin/coffer.js` resolve). */
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
