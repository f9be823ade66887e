/**
 * The previous charge reader (kept in the tests as the reference) against the compiled one on the same
 * 30,000 generated charge texts (most distinct), two rounds: `npx tsx bench/charge-reader-compare.ts`.
 */

import { clearChargeCaches, readCharge, setChargeWordMemo } from '../src/domain/screening/charges.ts';
import * as ref from '../test/domain/screening/charges-reference.ts';
import { chargeTexts } from './charge-texts.ts';

const g = chargeTexts(77);
const warm = Array.from({ length: 3000 }, () => g.next());
const texts = Array.from({ length: 30000 }, () => g.next());
for (const t of warm) {
  ref.readCharge(t);
  readCharge(t);
}
ref.clearChargeCaches();
clearChargeCaches();
for (let round = 0; round < 2; round++) {
  let t0 = performance.now();
  for (const t of texts) ref.readCharge(t);
  const a = performance.now() - t0;
  t0 = performance.now();
  for (const t of texts) readCharge(t);
  const b = performance.now() - t0;
  setChargeWordMemo(false);
  t0 = performance.now();
  for (const t of texts.slice(0, 5000)) readCharge(t);
  const c = (performance.now() - t0) * 6;
  setChargeWordMemo(true);
  ref.clearChargeCaches();
  clearChargeCaches();
  console.log(
    `round ${round}: previous reader ${Math.round(30000 / (a / 1000))} texts/s; compiled ${Math.round(30000 / (b / 1000))} texts/s (x${(a / b).toFixed(1)}); compiled, word memo off ${Math.round(30000 / (c / 1000))} texts/s`,
  );
}
