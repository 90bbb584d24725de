// The directory store's error: a file it cannot read, a lock it cannot take, a newer schema.

export class StoreError extends Error {
  override name = 'StoreError';
}
