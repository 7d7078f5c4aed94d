/**
 * The same text in a string of its own. V8 makes a slice of a long string (13 characters or more)
 * point into that string and keeps the whole of it alive: a cookie cut out of a Cookie header, an
 * address cut out of a request body. What is kept for long is kept as a copy. (UTF-16 code units
 * are exact for any string.)
 */
export function ownCopy (text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le')
}
