import t from 'tap'
import Fastify from 'fastify'
import { ConfigError, loadConfig } from '../src/config.js'
import { proxyTrust, type ProxyTrust } from '../src/trust-proxy.js'

t.test('defaults: the contract\'s table', async t => {
  const config = loadConfig({})
  t.match(config, {
    port: 3000,
    host: '127.0.0.1',
    production: false,
    sessionSecretGenerated: true,
    allowedOrigins: ['http://localhost:8080'],
    siweDomains: ['localhost:8080'],
    nonceTtlSeconds: 300,
    sessionTtlSeconds: 86400,
    rateLimitMax: 60,
    cookieSecure: false,
    cookieSameSite: 'lax',
    sessionCookieName: 'siwe-session',
    logLevel: 'info',
    redisKeyPrefix: 'siwe:'
  })
  t.equal(config.sessionSecret.length, 64)
  t.not(loadConfig({}).sessionSecret, config.sessionSecret, 'a random secret per process')
  t.equal(config.redisUrl, undefined)
  t.equal(config.siweChainIds, undefined, 'any chain')
  t.equal(config.trustProxy, undefined)
  t.equal(config.rpcUrls.size, 0, 'no RPC: EOAs only')
  t.equal(config.ensChainId, 1)
  t.equal(config.rpcTimeoutMs, 3000)
})

t.test('every variable is read', async t => {
  const config = loadConfig({
    PORT: '8081',
    HOST: '0.0.0.0',
    NODE_ENV: 'production',
    SESSION_SECRET: 'x'.repeat(40),
    REDIS_URL: 'rediss://user:pw@redis.internal:6380/2',
    REDIS_KEY_PREFIX: 'app1:',
    ALLOWED_ORIGINS: 'https://App.example, https://app.example:8443 ,http://localhost:5173',
    SIWE_CHAIN_IDS: '1, 10,8453',
    NONCE_TTL_SECONDS: '60',
    SESSION_TTL_SECONDS: '3600',
    RATE_LIMIT_MAX: '0',
    RPC_URLS: '1=https://rpc.example/key,8453=wss://base.example',
    RPC_TIMEOUT_MS: '1500',
    ENS_CHAIN_ID: '11155111',
    TRUST_PROXY: '10.0.0.0/8,127.0.0.1',
    COOKIE_SAMESITE: 'none',
    SESSION_COOKIE_NAME: '__Host-siwe',
    LOG_LEVEL: 'warn',
    UNRELATED: 'ignored'
  })
  t.same(config, {
    port: 8081,
    host: '0.0.0.0',
    production: true,
    sessionSecret: 'x'.repeat(40),
    sessionSecretGenerated: false,
    redisUrl: 'rediss://user:pw@redis.internal:6380/2',
    redisKeyPrefix: 'app1:',
    allowedOrigins: ['https://app.example', 'https://app.example:8443', 'http://localhost:5173'],
    siweDomains: ['app.example', 'app.example:8443', 'localhost:5173'],
    siweChainIds: [1, 10, 8453],
    nonceTtlSeconds: 60,
    sessionTtlSeconds: 3600,
    rpcUrls: new Map([[1, 'https://rpc.example/key'], [8453, 'wss://base.example']]),
    rpcTimeoutMs: 1500,
    ensChainId: 11155111,
    rateLimitMax: 0,
    trustProxy: '10.0.0.0/8,127.0.0.1',
    cookieSecure: true,
    cookieSameSite: 'none',
    sessionCookieName: '__Host-siwe',
    logLevel: 'warn'
  })
})

t.test('derived and overridden values', async t => {
  t.same(loadConfig({ ALLOWED_ORIGINS: 'https://a.example:443, http://a.example:80' }).siweDomains, ['a.example'], 'default ports fold, duplicates go')
  t.same(loadConfig({ SIWE_DOMAINS: 'Login.Example, [::1]:8080,127.0.0.1:3000' }).siweDomains, ['login.example', '[::1]:8080', '127.0.0.1:3000'])
  t.same(loadConfig({ SIWE_DOMAINS: 'a.example:65535' }).siweDomains, ['a.example:65535'], 'the highest port')
  t.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true)
  t.equal(loadConfig({ TRUST_PROXY: 'false' }).trustProxy, false)
  t.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2)
  const proxies = 'loopback, 10.0.0.0/8,192.168.0.0/255.255.0.0, 203.0.113.7, ::1, fd00::/8, uniquelocal,linklocal, 128.0.0.0/1, 0.0.0.0/128.0.0.0'
  t.equal(loadConfig({ TRUST_PROXY: proxies }).trustProxy, proxies, 'addresses, ranges and names are passed on as written')
  t.doesNotThrow(() => Fastify({ trustProxy: proxies }), 'and Fastify takes them')
  const trust = proxyTrust(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback,203.0.113.7' }).trustProxy) as ProxyTrust
  t.same(['10.1.2.3', '127.0.0.1', '203.0.113.7', '203.0.113.8', '11.0.0.1'].map(address => trust(address, 0)), [true, true, true, false, false],
    'a list is compiled as Fastify compiles it')
  t.equal(proxyTrust(loadConfig({ TRUST_PROXY: '0' }).trustProxy), null, 'a hop count of 0 trusts nobody')
  t.equal(loadConfig({ NODE_ENV: 'staging' }).production, false, 'a NODE_ENV of another name is development')
  t.equal(loadConfig({ COOKIE_SECURE: 'true' }).cookieSecure, true)
  t.equal(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), COOKIE_SECURE: 'false' }).cookieSecure, false)
  t.equal(loadConfig({ REDIS_URL: '', PORT: '' }).redisUrl, undefined, 'an empty variable is unset')
  t.equal(loadConfig({ SESSION_COOKIE_NAME: '__Host-siwe', COOKIE_SECURE: 'true' }).sessionCookieName, '__Host-siwe', 'a prefixed name with Secure')
  for (const url of ['redis://cache', 'redis://cache:6379/', 'redis://cache:6379/15', 'redis://cache:6379?db=3']) {
    t.equal(loadConfig({ REDIS_URL: url }).redisUrl, url, `${url}: a database by number, or none`)
  }
})

t.test('a value that does not parse stops the start, naming the variable', async t => {
  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: 'http' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    // Whole numbers in decimal digits only: JSON-schema coercion would read these as 0, 80, 1000, 10, 15.
    [{ PORT: ' ' }, /PORT: " " is not a whole number/],
    [{ PORT: '0x50' }, /PORT: "0x50"/],
    [{ PORT: '1e3' }, /PORT: "1e3"/],
    [{ PORT: '0b1010' }, /PORT/],
    [{ PORT: '0o17' }, /PORT/],
    [{ PORT: '+80' }, /PORT/],
    [{ RATE_LIMIT_MAX: ' ' }, /RATE_LIMIT_MAX: " "/],
    [{ RATE_LIMIT_MAX: '0x02' }, /RATE_LIMIT_MAX/],
    [{ NONCE_TTL_SECONDS: '3e2' }, /NONCE_TTL_SECONDS/],
    [{ SESSION_SECRET: 'short' }, /SESSION_SECRET/],
    [{ NODE_ENV: 'production' }, /SESSION_SECRET is required/],
    [{ NODE_ENV: 'Production', SESSION_SECRET: 'x'.repeat(32) }, /NODE_ENV: "Production" is not "production"/],
    [{ NODE_ENV: 'PRODUCTION ', SESSION_SECRET: 'x'.repeat(32) }, /NODE_ENV/],
    [{ REDIS_URL: 'http://localhost:6379' }, /REDIS_URL/],
    [{ REDIS_URL: 'redis://' }, /REDIS_URL/],
    [{ REDIS_URL: 'redis://[::1' }, /REDIS_URL/],
    [{ REDIS_URL: 'redis://127.0.0.1:6379/abc' }, /REDIS_URL: the database "abc" is not a number/],
    [{ REDIS_URL: 'redis://127.0.0.1:6379/1/2' }, /REDIS_URL: the database "1\/2"/],
    [{ REDIS_URL: 'redis://127.0.0.1:6379/-1' }, /REDIS_URL: the database "-1"/],
    [{ REDIS_URL: 'redis://127.0.0.1:6379?db=one' }, /REDIS_URL: the database "one"/],
    [{ ALLOWED_ORIGINS: 'localhost:8080' }, /ALLOWED_ORIGINS/],
    [{ ALLOWED_ORIGINS: 'null' }, /ALLOWED_ORIGINS/],
    [{ ALLOWED_ORIGINS: '*' }, /ALLOWED_ORIGINS/],
    [{ ALLOWED_ORIGINS: 'https://*.example.com' }, /ALLOWED_ORIGINS: "https:\/\/\*\.example\.com" has a wildcard/],
    [{ ALLOWED_ORIGINS: 'http://localhost:8080/app' }, /ALLOWED_ORIGINS/],
    [{ ALLOWED_ORIGINS: 'ftp://files.example' }, /ALLOWED_ORIGINS/],
    [{ ALLOWED_ORIGINS: 'https://user@app.example' }, /ALLOWED_ORIGINS/],
    [{ ALLOWED_ORIGINS: ' , ' }, /ALLOWED_ORIGINS/],
    [{ SIWE_DOMAINS: 'https://app.example' }, /SIWE_DOMAINS/],
    [{ SIWE_DOMAINS: ',' }, /SIWE_DOMAINS/],
    [{ SIWE_DOMAINS: 'a.example:99999' }, /SIWE_DOMAINS: "a.example:99999" is not a host\[:port\]/],
    [{ SIWE_CHAIN_IDS: 'mainnet' }, /SIWE_CHAIN_IDS/],
    [{ SIWE_CHAIN_IDS: '0' }, /SIWE_CHAIN_IDS/],
    [{ SIWE_CHAIN_IDS: '1,99999999999999999999' }, /SIWE_CHAIN_IDS: "99999999999999999999"/],
    [{ TRUST_PROXY: 'garbage' }, /TRUST_PROXY: "garbage"/],
    [{ TRUST_PROXY: '10.0.0.0/8, gateway.internal' }, /TRUST_PROXY: "gateway.internal"/],
    [{ TRUST_PROXY: '10.0.0.0/99' }, /TRUST_PROXY/],
    [{ TRUST_PROXY: '::1/129' }, /TRUST_PROXY/],
    [{ TRUST_PROXY: '10.0.0.0/' }, /TRUST_PROXY/],
    [{ TRUST_PROXY: '10.0.0.0/8/8' }, /TRUST_PROXY/],
    [{ TRUST_PROXY: '10.0.0.0/255.0.255.0' }, /TRUST_PROXY/],
    [{ TRUST_PROXY: '10.0.0.0/255.0.0' }, /TRUST_PROXY/],
    [{ TRUST_PROXY: 'fd00::/ffff::' }, /TRUST_PROXY/],
    [{ TRUST_PROXY: '0.0.0.0/0' }, /TRUST_PROXY/],
    [{ TRUST_PROXY: '::/0' }, /TRUST_PROXY/],
    [{ TRUST_PROXY: '10.0.0.0/0.0.0.0' }, /TRUST_PROXY/],
    [{ TRUST_PROXY: '10.0.0.1,' }, /TRUST_PROXY: ""/],
    [{ TRUST_PROXY: ' , ' }, /TRUST_PROXY/],
    [{ NONCE_TTL_SECONDS: '0' }, /NONCE_TTL_SECONDS/],
    [{ SESSION_TTL_SECONDS: '1.5' }, /SESSION_TTL_SECONDS/],
    [{ RATE_LIMIT_MAX: '-1' }, /RATE_LIMIT_MAX/],
    [{ COOKIE_SECURE: 'yes' }, /COOKIE_SECURE/],
    [{ COOKIE_SAMESITE: 'sometimes' }, /COOKIE_SAMESITE/],
    [{ COOKIE_SAMESITE: 'none' }, /COOKIE_SAMESITE=none needs COOKIE_SECURE/],
    [{ SESSION_COOKIE_NAME: 'my session' }, /SESSION_COOKIE_NAME/],
    [{ SESSION_COOKIE_NAME: '__Host-siwe' }, /SESSION_COOKIE_NAME=__Host-siwe needs COOKIE_SECURE=true/],
    [{ SESSION_COOKIE_NAME: '__secure-siwe' }, /SESSION_COOKIE_NAME=__secure-siwe needs COOKIE_SECURE=true/],
    [{ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), COOKIE_SECURE: 'false', SESSION_COOKIE_NAME: '__Host-siwe' }, /SESSION_COOKIE_NAME/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ RPC_URLS: '1:https://rpc.example' }, /RPC_URLS/],
    [{ RPC_URLS: '1=https://a.example,1=https://b.example' }, /RPC_URLS/],
    [{ RPC_TIMEOUT_MS: '10' }, /RPC_TIMEOUT_MS/],
    [{ ENS_CHAIN_ID: 'mainnet' }, /ENS_CHAIN_ID/]
  ]
  for (const [env, message] of bad) {
    t.throws(() => loadConfig(env), ConfigError, JSON.stringify(env))
    t.throws(() => loadConfig(env), { message }, JSON.stringify(env))
  }
})
