import { clearChargeCaches, screenCase, setChargeWordMemo } from '../src/domain/screening/index.ts';
import { chargeTexts } from './charge-texts.ts';
import { generateCases } from './screening.bench.ts';

const N = 60000;
const cases = generateCases(N, 7);
const g = chargeTexts(9);
for (const c of cases) for (const w of c.judicial?.warrants ?? []) if (w.charge) w.charge = g.next();
for (let i = 0; i < 3000; i++) screenCase(cases[i]!, { asOf: '2026-01-15' });
for (const memo of [true]) {
  setChargeWordMemo(memo);
  clearChargeCaches();
  const t = performance.now();
  for (let i = 3000; i < N; i++) screenCase(cases[i]!, { asOf: '2026-01-15' });
  console.log('memo', memo, 'screenCase distinct', Math.round((N - 3000) / ((performance.now() - t) / 1000)));
}
