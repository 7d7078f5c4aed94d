// RFC 3339 `date-time`, as EIP-4361 requires for Issued At, Expiration Time and Not Before.

const DATE_TIME_RE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?(?:[Zz]|[+-]([0-9]{2}):([0-9]{2}))$/
const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/**
 * True for an RFC 3339 date-time naming a day that exists (no 13th month, no February 30th; the
 * proleptic Gregorian calendar, as JavaScript's `Date`). Second 60 is refused: RFC 3339 allows it
 * only at a real leap second, `Date` cannot represent it (Date.parse gives NaN, which would slip
 * through time comparisons), and `siwe` accepts it at any minute, which is wrong either way.
 */
export function isDateTime (text: string): boolean {
  const m = DATE_TIME_RE.exec(text)
  if (m === null) return false
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) &&
    Number(m[4]) <= 23 && Number(m[5]) <= 59 && Number(m[6]) <= 59 &&
    (m[7] === undefined || (Number(m[7]) <= 23 && Number(m[8]) <= 59))
}

function daysInMonth (year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month]
}
