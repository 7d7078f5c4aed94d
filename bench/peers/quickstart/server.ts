// The SIWE quickstart's Express backend with sessions, as its "Implement Sessions" guide gives it:
// the same packages, session settings, CORS and routes. What differs, and why:
// - the port comes from PORT (the bench runs several servers side by side), and the server listens
//   on 127.0.0.1 only, where the bench drives it;
// - SIGTERM closes the server and exits normally, so that the bench's stop is clean (and a coverage
//   run sees the process end).
import cors from 'cors'
import express from 'express'
import Session from 'express-session'
import { generateNonce, SiweMessage } from 'siwe'

// The guide keeps its session fields untyped; here they are declared for strict TypeScript.
declare module 'express-session' {
  interface SessionData {
    nonce: string | null
    siwe: SiweMessage | null
  }
}

// The guide listens on 3000; the bench always says which port in PORT.
const port = Number(process.env.PORT)

const app = express()
app.use(express.json())
app.use(
  cors({
    origin: 'http://localhost:8080',
    credentials: true,
  })
)

app.use(
  Session({
    name: 'siwe-quickstart',
    secret: 'siwe-quickstart-secret',
    resave: true,
    saveUninitialized: true,
    cookie: { secure: false, sameSite: true },
  })
)

app.get('/nonce', async function (req, res) {
  req.session.nonce = generateNonce()
  res.setHeader('Content-Type', 'text/plain')
  res.status(200).send(req.session.nonce)
})

app.post('/verify', async function (req, res) {
  try {
    if (!req.body.message) {
      res.status(422).json({
        message: 'Expected prepareMessage object as body.',
      })
      return
    }

    const SIWEObject = new SiweMessage(req.body.message)
    const { data: message } = await SIWEObject.verify({
      signature: req.body.signature,
      nonce: req.session.nonce as string,
    })

    req.session.siwe = message
    req.session.cookie.expires = new Date(message.expirationTime as string)
    req.session.save(() => res.status(200).send(true))
  } catch (e) {
    req.session.siwe = null
    req.session.nonce = null
    console.error(e)
    res.status(400).send(`Failed to verify message: ${(e as Error).message}`)
  }
})

app.get('/personal_information', function (req, res) {
  if (!req.session.siwe) {
    res.status(401).json({ message: 'You have to first sign_in' })
    return
  }
  console.log('User is authenticated!')
  res.setHeader('Content-Type', 'text/plain')
  res.send(
    `You are authenticated and your address is: ${req.session.siwe.address}`
  )
})

const server = app.listen(port, '127.0.0.1', () => {
  console.log(`Example app listening on port ${port}`)
})

process.once('SIGTERM', () => {
  server.close(() => process.exit(0))
  server.closeAllConnections()
})
