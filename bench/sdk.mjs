// The package under test, as built (dist/esm), loaded only after ensureBuilt().
import { pathToFileURL } from 'node:url';
import { ESM_ENTRY } from './build.mjs';

export const loadSdk = () => import(pathToFileURL(ESM_ENTRY).href);
