import { storeContract } from './contract.js';
import { openMemoryStore } from '../../src/store/memory-store.js';

storeContract('memory store', async () => openMemoryStore());
