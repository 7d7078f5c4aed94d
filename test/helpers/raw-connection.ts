import { once } from 'node:events'
import { connect, type Socket } from 'node:net'

export interface RawConnection {
  socket: Socket
  /** What the server has sent so far. */
  received: () => string
  /** All the server sent, once the connection has closed. */
  reply: Promise<string>
}

/**
 * A connection to the server on 127.0.0.1:`port` for raw HTTP/1.1, so that a test can hold a
 * request half-sent or send none; it collects what the server sends.
 */
export async function rawConnection (port: number): Promise<RawConnection> {
  const socket = connect(port, '127.0.0.1')
  await once(socket, 'connect')
  let text = ''
  socket.setEncoding('utf8').on('data', (chunk: string) => { text += chunk })
  return { socket, received: () => text, reply: once(socket, 'close').then(() => text) }
}
