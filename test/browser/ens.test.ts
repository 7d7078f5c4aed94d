import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { startAnvil } from '../chain/anvil.js'
import { connect } from '../chain/contracts.js'
import { deployEns } from '../chain/ens-fixture.js'
import { injectWallet, launchBrowser, newContext, startStack, testSigner } from './helpers.js'

// The whole ENS path in the browser: a local chain 1 with ENS on it, the service resolving the
// signed-in address through RPC_URLS, the page showing the name and its avatar.
t.setTimeout(180_000)

// A data: URI, so the page loads no image from the network.
const AVATAR = 'data:image/svg+xml;base64,' + Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8" fill="#0ea5e9"/><circle cx="4" cy="4" r="2" fill="#fff"/></svg>'
).toString('base64')

t.test('a signed-in account with an ENS name sees its name and avatar', async (t) => {
  const [browser, anvil] = await Promise.all([launchBrowser(), startAnvil(t, { chainId: 1 })])
  t.teardown(() => browser.close())
  const ens = await deployEns(await connect(t, anvil.url))
  await ens.register('browser-test.eth', testSigner.address, AVATAR)
  await ens.setReverse(testSigner.address, 'browser-test.eth')
  const stack = await startStack(t, { RPC_URLS: `1=${anvil.url}` })

  const context = await newContext(browser)
  t.teardown(() => context.close())
  const page = await context.newPage()
  await injectWallet(page)
  await page.goto(stack.pageUrl)
  await page.getByRole('button', { name: 'Sign in with Test Wallet' }).click()
  await page.locator('#view-signed-in').waitFor()

  t.equal(await page.locator('#account-name').textContent(), 'browser-test.eth')
  t.equal(await page.locator('#account-address').textContent(), testSigner.address)
  t.equal(await page.locator('#avatar img').getAttribute('src'), AVATAR)

  const screenshots = join(import.meta.dirname, '../../screenshots')
  await mkdir(screenshots, { recursive: true })
  await page.screenshot({ path: join(screenshots, 'signed-in-ens.png') })
})
