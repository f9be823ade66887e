/**
 * Demo accounts' authenticator secrets: fixed, derived from the username, and published (like the demo
 * passphrase). Tests and the demo use them to compute the current code. Never used outside demo mode.
 */
import { createHash } from 'node:crypto';
import { generateSync } from 'otplib';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The base32 TOTP secret of a demo account (160 bits). */
export function demoTotpSecret(username: string): string {
  const bytes = createHash('sha256').update(`redline demo totp ${username}`).digest().subarray(0, 20);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** The code a demo account's authenticator shows at `at` (the server's clock). */
export function demoTotpCode(username: string, at: Date = new Date()): string {
  return generateSync({
    secret: demoTotpSecret(username),
    epoch: Math.floor(at.getTime() / 1000),
    period: 30,
  });
}
