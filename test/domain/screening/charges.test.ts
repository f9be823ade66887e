import { describe, expect, it } from 'vitest';
import { readCharge } from '../../../src/domain/screening/charges.ts';
import type { OffenceCategory } from '../../../src/domain/screening/facts.ts';

function firm(text: string): OffenceCategory[] {
  return readCharge(text)
    .categories.filter((c) => c.firm)
    .map((c) => c.category);
}

type Case = [text: string, expected: OffenceCategory, matched?: RegExp];

const CASES: Record<string, Case[]> = {
  English: [
    ['Activities detrimental to parliamentary democracy', 'political_speech', /detrimental/],
    ['Criminal defamation', 'behavioural_cultural', /defamation/i],
    ['Membership of a terrorist organisation', 'terrorism_extremism'],
    ['Indian Penal Code- Section 302- Punishment for Murder', 'violent_crime', /Murder/],
    ['Trafficking of 2 tonnes of cocaine', 'drug_trafficking'],
    ['Sexual abuse of a child under 12', 'sexual_offence_child'],
    ['Securities fraud causing losses to 3,000 investors', 'fraud_economic'],
    ['Membership of an illicit criminal organisation (gang)', 'organised_crime'],
    ['Issuing a bounced cheque', 'private_dispute'],
    ['Parental child abduction in breach of a custody order', 'family_private'],
    ['Operating a business without a licence', 'administrative_regulatory'],
    ['Participation in an  illegal armed formation', 'terrorism_extremism'],
  ],
  'Russian (Cyrillic)': [
    ['Распространение заведомо ложной информации о Вооружённых Силах РФ', 'political_speech', /ложной/],
    ['Клевета', 'behavioural_cultural'],
    ['Участие в экстремистском сообществе', 'terrorism_extremism'],
    ['Убийство, совершённое группой лиц', 'violent_crime'],
    ['Мошенничество в особо крупном размере', 'fraud_economic'],
    ['Незаконный сбыт наркотических средств', 'drug_trafficking'],
    ['Организация преступного сообщества', 'organised_crime'],
    ['Уклонение от уплаты налогов с организации', 'fraud_economic'],
  ],
  'Russian (transliterated)': [
    ['Rasprostranenie zavedomo lozhnoy informatsii', 'political_speech'],
    ['uchastie v ekstremistskom soobshchestve', 'terrorism_extremism'],
    ['Moshennichestvo v osobo krupnom razmere', 'fraud_economic'],
    ['Ubiystvo', 'violent_crime'],
    ['Kleveta', 'behavioural_cultural'],
  ],
  Turkish: [
    ['Silahlı terör örgütü üyeliği (FETÖ/PDY)', 'terrorism_extremism', /örgüt/],
    ['Cumhurbaşkanına hakaret', 'political_speech'],
    ['Kasten öldürme', 'violent_crime'],
    ['Karşılıksız çek keşide etmek', 'private_dispute'],
    ['Uyuşturucu madde ticareti', 'drug_trafficking'],
    ['Nitelikli dolandırıcılık', 'fraud_economic'],
    ['SILAHLI TEROR ORGUTU UYELIGI', 'terrorism_extremism'],
  ],
  Spanish: [
    ['Tráfico de drogas', 'drug_trafficking'],
    ['Homicidio calificado', 'violent_crime'],
    ['Difamación e injurias agravadas', 'behavioural_cultural'],
    ['Asociación para delinquir', 'organised_crime'],
    ['Instigación al odio', 'political_speech'],
    ['Estafa agravada', 'fraud_economic'],
    ['Sustracción internacional de menores', 'family_private'],
    ['TRAFICO DE ESTUPEFACIENTES', 'drug_trafficking'],
  ],
  Chinese: [
    ['煽动颠覆国家政权罪', 'political_speech'],
    ['组织、领导、参加恐怖组织罪', 'terrorism_extremism'],
    ['故意杀人罪', 'violent_crime'],
    ['贩卖毒品罪', 'drug_trafficking'],
    ['集资诈骗罪', 'fraud_economic'],
    ['诽谤罪', 'behavioural_cultural'],
    ['dianfu guojia zhengquan zui', 'political_speech'],
    ['Tanwu zui', 'fraud_economic'],
  ],
  Arabic: [
    ['الانتماء إلى تنظيم إرهابي', 'terrorism_extremism'],
    ['نشر أخبار كاذبة', 'political_speech'],
    ['القتل العمد', 'violent_crime'],
    ['إصدار شيك بدون رصيد', 'private_dispute'],
    ['الاتجار بالمخدرات', 'drug_trafficking'],
    ['غسل الأموال', 'fraud_economic'],
    ['القَتْلُ العَمْدُ', 'violent_crime'],
  ],
  Persian: [
    ['اقدام علیه امنیت ملی', 'political_speech'],
    ['تبلیغ علیه نظام', 'political_speech'],
    ['قاچاق مواد مخدر', 'drug_trafficking'],
    ['کلاهبرداری', 'fraud_economic'],
    ['قتل عمد', 'violent_crime'],
    ['عضویت در گروه تروریستی', 'terrorism_extremism'],
  ],
  'Tajik (Cyrillic)': [
    ['Иштирок дар ташкилоти террористӣ', 'terrorism_extremism'],
    ['Даъватҳои оммавӣ ба тағйир додани сохтори конститутсионӣ', 'political_speech'],
    ['Куштори қасдона', 'violent_crime'],
    ['Муомилоти ғайриқонунии маводи мухаддир', 'drug_trafficking'],
    ['Қаллобӣ', 'fraud_economic'],
  ],
  'Tajik (transliterated)': [
    ['Ishtirok dar tashkiloti terroristi', 'terrorism_extremism'],
    ['Qallobi', 'fraud_economic'],
  ],
};

describe('charge reader', () => {
  for (const [lang, cases] of Object.entries(CASES)) {
    describe(lang, () => {
      for (const [text, expected, matched] of cases) {
        it(`${text} -> ${expected}`, () => {
          const r = readCharge(text);
          expect(firm(text)).toContain(expected);
          const cat = r.categories.find((c) => c.category === expected)!;
          expect(cat.matches.length).toBeGreaterThan(0);
          expect(cat.confidence).toBeGreaterThan(0);
          if (matched) expect(cat.matches.map((m) => m.matched).join(' ')).toMatch(matched);
        });
      }
    });
  }

  it('does not read the victim as the offence: "murder of a journalist" is violent crime only', () => {
    expect(firm('Murder of a journalist')).toEqual(['violent_crime']);
  });
  it('returns no categories for unrelated text', () => {
    expect(readCharge('Lorem ipsum dolor sit amet').categories).toEqual([]);
  });
  it('marks cheque offences', () => {
    expect(readCharge('Issuing a cheque without sufficient funds').cheque).toBe(true);
    expect(readCharge('Murder').cheque).toBe(false);
  });
  it('weak words are shown but not firm', () => {
    const r = readCharge('Hooliganism');
    expect(r.categories[0]!.category).toBe('political_speech');
    expect(r.categories[0]!.firm).toBe(false);
  });
  it('reports the language of the matched terms and the transliteration route', () => {
    const r = readCharge('Moshennichestvo');
    expect(r.languages).toContain('ru');
    expect(r.categories[0]!.matches[0]!.via).toBe('transliteration');
  });
});
