export { openDexieStore, StoreVersionError } from './dexie-store.js';
export { openMemoryStore } from './memory-store.js';
