import { readFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import t from 'tap'
import { Redis } from 'ioredis'
import { projectRoot, serverCommand } from '../../bench/lib/child-server.js'
import { createTarget, targetNames } from '../../bench/lib/targets.js'

// A database of this test's own: the bench's default (15) may be in use by a run of `npm run bench`.
const redisUrl = 'redis://127.0.0.1:6379/13'

t.test('our service runs as `npm start` does, with rate limits off, in memory or on Redis', async (t) => {
  const memory = createTarget('service-memory', redisUrl)
  const redis = createTarget('service-redis', redisUrl)
  for (const target of [memory, redis]) {
    t.equal(target.server.entry, 'src/server.ts')
    t.equal(target.server.env.RATE_LIMIT_MAX, '0')
    t.equal(target.server.env.ALLOWED_ORIGINS, 'http://localhost:8080')
    t.ok((target.server.env.SESSION_SECRET as string).length >= 32)
    t.equal(target.authPath, '/me')
  }
  // Present but undefined: the memory target removes a REDIS_URL that the shell may have set.
  t.ok('REDIS_URL' in memory.server.env)
  t.equal(memory.server.env.REDIS_URL, undefined)
  t.equal(redis.server.env.REDIS_URL, redisUrl)
})

t.test('the Redis target empties its own database around its run', async (t) => {
  const redis = new Redis(redisUrl)
  t.teardown(() => redis.disconnect())
  await redis.set('bench-test:left-over', '1')
  await createTarget('service-redis', redisUrl).reset()
  t.equal(await redis.dbsize(), 0)
  // The others have nothing to reset.
  for (const name of targetNames) await createTarget(name, redisUrl).reset()
})

t.test('the peers: the quickstart and the floor sign in, hello has no sign-in', async (t) => {
  t.match(createTarget('quickstart', redisUrl), { signIn: true, authPath: '/personal_information', server: { entry: 'bench/peers/quickstart/server.ts' } })
  t.match(createTarget('floor', redisUrl), { signIn: true, authPath: '/personal_information', server: { entry: 'bench/peers/floor/server.ts' } })
  t.match(createTarget('hello', redisUrl), { signIn: false, authPath: '/me', server: { entry: 'bench/peers/hello/server.ts' } })
})

t.test('bench/tsconfig.json builds every target where the compiled bench runs it', async (t) => {
  const bench = join(projectRoot, 'bench')
  const { compilerOptions, include } = JSON.parse(await readFile(join(bench, 'tsconfig.json'), 'utf8')) as { compilerOptions: { rootDir: string, outDir: string }, include: string[] }
  const rootDir = resolve(bench, compilerOptions.rootDir)
  const outDir = resolve(bench, compilerOptions.outDir)
  for (const name of targetNames) {
    const spec = createTarget(name, redisUrl).server
    const source = join(projectRoot, spec.entry)
    t.ok(include.some((folder) => !relative(resolve(bench, folder), source).startsWith('..')), `${spec.entry} is compiled`)
    const built = join(outDir, relative(rootDir, source)).replace(/\.ts$/, '.js')
    t.equal(join(projectRoot, serverCommand(spec, { fromSource: false }).args.at(-1) as string), built, `${name} runs its build`)
  }
})
