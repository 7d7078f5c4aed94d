import { Redis } from 'ioredis'

/** Empties the one Redis database that `url` names, which the options make sure is the bench's own. */
export async function flushRedisDb (url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 })
  try {
    await redis.connect()
    await redis.flushdb()
  } finally {
    redis.disconnect()
  }
}
