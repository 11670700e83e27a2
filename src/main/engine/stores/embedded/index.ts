/** The embedded store (PGlite in a folder): see embedded-store.ts. */
export { DATA_DIR, openEmbeddedStore } from './embedded-store';
export { LOCK_FILE } from './folder-lock';
