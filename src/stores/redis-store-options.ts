/** How a Redis store names its keys and how long it waits for Redis. */
export interface RedisStoreOptions {
  /** REDIS_KEY_PREFIX, before every key, so that apps can share one Redis. */
  keyPrefix: string
  /** How long a command may take before it is `store_unavailable` (storeCall). */
  timeoutMs: number
}
