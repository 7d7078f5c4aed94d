import { connect, type Socket } from 'node:net'

/** What the bench reads of a reply. */
export interface Reply {
  status: number
  /** Each Set-Cookie header's value, in order. */
  setCookies: string[]
  text: string
}

interface Waiting {
  resolve: (reply: Reply) => void
  reject: (error: Error) => void
  what: string
}

const HEAD_END = Buffer.from('\r\n\r\n')
const KEEP_ALIVE_TIMEOUT = /timeout=(\d+)/i
/** A kept-alive connection is not reused this close to the end of the idle time its server allows. */
const IDLE_MARGIN_MS = 1000

/**
 * One browser-like connection to a server on HTTP/1.1, kept alive, one request at a time: all the
 * bench's virtual users need. On two cores the driver shares the machine with the server it
 * measures; with undici's pool the driver took as much CPU per sign-in as the service and set the
 * pace, and a server that waits for its requests is measured at more CPU per request than a busy
 * one. Replies must carry Content-Length (every target's do); a connection the server closed, or
 * will close because it has been idle for the time its Keep-Alive header gives, is opened anew.
 */
export class HttpConnection {
  readonly #host: string
  readonly #port: number
  #socket: Socket | null = null
  #received: Buffer = Buffer.alloc(0)
  #waiting: Waiting | null = null
  /** When the current connection may no longer be reused (ms since the epoch). */
  #reusableUntil = Infinity

  constructor (origin: string) {
    const url = new URL(origin)
    this.#host = url.hostname
    this.#port = Number(url.port)
  }

  /** Sends one request and reads its reply; `headers` go out as given, with Host and Content-Length. */
  async request (method: string, path: string, headers: Record<string, string>, body?: string): Promise<Reply> {
    if (this.#waiting !== null) throw new Error('HttpConnection: one request at a time')
    if (this.#socket !== null && Date.now() >= this.#reusableUntil) this.close()
    const socket = this.#socket ?? this.#open()
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${this.#host}:${this.#port}\r\n`
    for (const name in headers) head += `${name}: ${headers[name]}\r\n`
    if (body !== undefined) head += `content-length: ${Buffer.byteLength(body)}\r\n`
    return await new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject, what: `${method} ${path}` }
      socket.write(`${head}\r\n${body ?? ''}`)
    })
  }

  /** Closes the connection, failing a request still waiting; the next request opens a new one. */
  close (): void {
    this.#fail(new Error('the connection was closed before the reply'))
    this.#socket?.destroy()
    this.#socket = null
    this.#received = Buffer.alloc(0)
  }

  #open (): Socket {
    const socket = connect({ host: this.#host, port: this.#port, noDelay: true })
    this.#socket = socket
    this.#reusableUntil = Infinity
    socket.on('data', (chunk: Buffer) => {
      this.#received = this.#received.length === 0 ? chunk : Buffer.concat([this.#received, chunk])
      this.#read()
    })
    // A socket this client closed itself (or already saw end) fails nothing: a request may be
    // waiting on its successor.
    const ended = (error?: Error): void => {
      if (this.#socket !== socket) return
      this.#fail(error ?? new Error('the server closed the connection'))
      this.close()
    }
    socket.on('error', ended)
    socket.on('close', () => ended())
    return socket
  }

  /** Answers the waiting request once its whole reply has arrived. */
  #read (): void {
    const received = this.#received
    const headEnd = received.indexOf(HEAD_END)
    if (headEnd === -1) return
    const waiting = this.#waiting
    if (waiting === null) return this.#protocolError('the server sent a reply to no request')
    const lines = received.toString('latin1', 0, headEnd).split('\r\n')
    const status = Number((lines[0] as string).slice(9, 12))
    let length = status === 204 || status === 304 ? 0 : NaN
    let close = false
    let idleMs = Infinity
    const setCookies: string[] = []
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] as string
      const colon = line.indexOf(':')
      const value = line.slice(colon + 1).trim()
      switch (line.slice(0, colon).toLowerCase()) {
        case 'content-length': length = Number(value); break
        case 'set-cookie': setCookies.push(value); break
        case 'connection': close = value.toLowerCase() === 'close'; break
        case 'keep-alive': idleMs = 1000 * Number(KEEP_ALIVE_TIMEOUT.exec(value)?.[1] ?? Infinity); break
        case 'transfer-encoding': return this.#protocolError(`the reply to ${waiting.what} has Transfer-Encoding: ${value}; this client reads Content-Length only`)
      }
    }
    if (!Number.isSafeInteger(length) || length < 0) return this.#protocolError(`the reply to ${waiting.what} has no valid Content-Length`)
    const bodyStart = headEnd + HEAD_END.length
    if (received.length < bodyStart + length) return
    if (received.length > bodyStart + length) return this.#protocolError(`the server sent more than its reply to ${waiting.what}`)
    this.#waiting = null
    this.#received = Buffer.alloc(0)
    this.#reusableUntil = Date.now() + idleMs - IDLE_MARGIN_MS
    if (close) this.close()
    waiting.resolve({ status, setCookies, text: received.toString('utf8', bodyStart) })
  }

  #protocolError (message: string): void {
    this.#fail(new Error(message))
    this.close()
  }

  #fail (error: Error): void {
    const waiting = this.#waiting
    this.#waiting = null
    waiting?.reject(error)
  }
}
