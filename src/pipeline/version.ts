import { packageVersion } from '../util/paths.js';

/** Parser identity written into every record; a new version makes incremental runs re-do documents. */
export const PARSER = { name: 'nianbao', version: packageVersion() };
