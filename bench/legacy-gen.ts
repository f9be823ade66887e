/**
 * The generator of realistic synthetic legacy files (docs/legacy-import.md "Synthetic files"), used by
 * `scripts/gen-legacy.ts`, the import benchmark and the tests. Deterministic for a seed. Issuing countries
 * follow a skewed distribution close to that of published Red Notices (a few countries issue most);
 * charges are written in the issuing country's language, combining an offence with a place, a date and
 * (for economic offences) an amount, so nearly every charge text is distinct; about one record in six
 * carries a political or speech charge, one in seven a protection status; custody, proceedings and notice
 * statuses and screening facts vary.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { LEGACY_COLUMNS } from '../src/domain/legacy-record.ts';

export interface GenerateOptions {
  count: number;
  out: string;
  format?: 'csv' | 'jsonl';
  seed?: number;
  /** The first record's number (external ids EARM-000000001 onwards). */
  start?: number;
}

/** mulberry32 */
let state = 1;
function rand(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
function weighted<T>(xs: ReadonlyArray<readonly [T, number]>): T {
  const total = xs.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [x, w] of xs) {
    r -= w;
    if (r < 0) return x;
  }
  return xs[xs.length - 1]![0];
}
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dateIn = (y0: number, y1: number) => `${int(y0, y1)}-${pad(int(1, 12))}-${pad(int(1, 28))}`;

type Lang = 'ru' | 'tr' | 'zh' | 'es' | 'ar' | 'fa' | 'tg' | 'en' | 'fr' | 'pt';
interface Country {
  code: string;
  lang: Lang;
  weight: number;
  places: string[];
  currency: string;
  names: { family: string[]; given: string[] };
}
const COUNTRIES: Country[] = [
  {
    code: 'RU',
    lang: 'ru',
    weight: 22,
    currency: 'руб.',
    places: [
      'Москва',
      'Санкт-Петербург',
      'Казань',
      'Новосибирск',
      'Екатеринбург',
      'Самара',
      'Ростов-на-Дону',
    ],
    names: {
      family: ['Ivanov', 'Petrov', 'Smirnov', 'Kuznetsov', 'Popov', 'Volkov', 'Sokolov'],
      given: ['Sergei', 'Dmitry', 'Andrei', 'Olga', 'Elena', 'Alexei'],
    },
  },
  {
    code: 'TR',
    lang: 'tr',
    weight: 12,
    currency: 'TL',
    places: ['İstanbul', 'Ankara', 'İzmir', 'Diyarbakır', 'Bursa', 'Antalya'],
    names: {
      family: ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Öztürk'],
      given: ['Mehmet', 'Ahmet', 'Ayşe', 'Fatma', 'Mustafa', 'Emine'],
    },
  },
  {
    code: 'CN',
    lang: 'zh',
    weight: 9,
    currency: '元',
    places: ['北京', '上海', '广州', '深圳', '乌鲁木齐', '成都'],
    names: {
      family: ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang'],
      given: ['Wei', 'Fang', 'Min', 'Jing', 'Lei', 'Qiang'],
    },
  },
  {
    code: 'MX',
    lang: 'es',
    weight: 8,
    currency: 'MXN',
    places: ['Ciudad de México', 'Guadalajara', 'Monterrey', 'Tijuana', 'Puebla'],
    names: {
      family: ['García', 'Hernández', 'López', 'Martínez', 'González'],
      given: ['José', 'Juan', 'María', 'Guadalupe', 'Luis'],
    },
  },
  {
    code: 'VE',
    lang: 'es',
    weight: 5,
    currency: 'VES',
    places: ['Caracas', 'Maracaibo', 'Valencia', 'Barquisimeto'],
    names: { family: ['Rodríguez', 'Pérez', 'Sánchez', 'Ramírez'], given: ['Carlos', 'Ana', 'Luis', 'Rosa'] },
  },
  {
    code: 'CO',
    lang: 'es',
    weight: 4,
    currency: 'COP',
    places: ['Bogotá', 'Medellín', 'Cali', 'Barranquilla'],
    names: { family: ['Gómez', 'Díaz', 'Torres', 'Vargas'], given: ['Andrés', 'Camila', 'Jorge', 'Paola'] },
  },
  {
    code: 'EG',
    lang: 'ar',
    weight: 5,
    currency: 'جنيه',
    places: ['القاهرة', 'الإسكندرية', 'الجيزة', 'أسوان'],
    names: {
      family: ['Hassan', 'Mahmoud', 'Ibrahim', 'Saleh'],
      given: ['Mohamed', 'Ahmed', 'Fatima', 'Omar'],
    },
  },
  {
    code: 'AE',
    lang: 'ar',
    weight: 3,
    currency: 'درهم',
    places: ['دبي', 'أبوظبي', 'الشارقة'],
    names: { family: ['Al Mansoori', 'Al Hashimi', 'Al Nuaimi'], given: ['Khalid', 'Saeed', 'Mariam'] },
  },
  {
    code: 'SA',
    lang: 'ar',
    weight: 2,
    currency: 'ريال',
    places: ['الرياض', 'جدة', 'الدمام'],
    names: { family: ['Al Qahtani', 'Al Otaibi', 'Al Ghamdi'], given: ['Abdullah', 'Faisal', 'Noura'] },
  },
  {
    code: 'IR',
    lang: 'fa',
    weight: 4,
    currency: 'ریال',
    places: ['تهران', 'مشهد', 'اصفهان', 'تبریز', 'شیراز'],
    names: {
      family: ['Hosseini', 'Ahmadi', 'Mohammadi', 'Rezaei'],
      given: ['Ali', 'Reza', 'Zahra', 'Maryam'],
    },
  },
  {
    code: 'TJ',
    lang: 'tg',
    weight: 4,
    currency: 'сомонӣ',
    places: ['Душанбе', 'Хуҷанд', 'Кӯлоб', 'Бохтар'],
    names: {
      family: ['Rahimov', 'Nazarov', 'Saidov', 'Karimov'],
      given: ['Farrukh', 'Umed', 'Nigina', 'Davron'],
    },
  },
  {
    code: 'UZ',
    lang: 'ru',
    weight: 3,
    currency: 'сум',
    places: ['Ташкент', 'Самарканд', 'Андижан', 'Наманган'],
    names: { family: ['Yusupov', 'Tursunov', 'Aliev'], given: ['Bakhtiyor', 'Dilshod', 'Gulnora'] },
  },
  {
    code: 'BY',
    lang: 'ru',
    weight: 3,
    currency: 'бел. руб.',
    places: ['Минск', 'Гомель', 'Брест', 'Гродно'],
    names: { family: ['Kovalenko', 'Novik', 'Lukashevich'], given: ['Aliaksandr', 'Sviatlana', 'Pavel'] },
  },
  {
    code: 'KZ',
    lang: 'ru',
    weight: 3,
    currency: 'тенге',
    places: ['Алматы', 'Астана', 'Шымкент'],
    names: { family: ['Nurlanov', 'Abenov', 'Seitkali'], given: ['Yerlan', 'Aigerim', 'Daulet'] },
  },
  {
    code: 'AZ',
    lang: 'ru',
    weight: 2,
    currency: 'манат',
    places: ['Баку', 'Гянджа', 'Сумгаит'],
    names: { family: ['Mammadov', 'Aliyev', 'Huseynov'], given: ['Elnur', 'Leyla', 'Rashad'] },
  },
  {
    code: 'SV',
    lang: 'es',
    weight: 3,
    currency: 'USD',
    places: ['San Salvador', 'Santa Ana', 'San Miguel'],
    names: { family: ['Flores', 'Rivera', 'Cruz'], given: ['Kevin', 'Yesenia', 'Oscar'] },
  },
  {
    code: 'GT',
    lang: 'es',
    weight: 2,
    currency: 'GTQ',
    places: ['Ciudad de Guatemala', 'Quetzaltenango'],
    names: { family: ['Morales', 'Castillo', 'Reyes'], given: ['Edwin', 'Marta', 'Byron'] },
  },
  {
    code: 'HN',
    lang: 'es',
    weight: 2,
    currency: 'HNL',
    places: ['Tegucigalpa', 'San Pedro Sula'],
    names: { family: ['Mejía', 'Zelaya', 'Banegas'], given: ['Wilmer', 'Dania', 'Elvin'] },
  },
  {
    code: 'BR',
    lang: 'pt',
    weight: 3,
    currency: 'R$',
    places: ['São Paulo', 'Rio de Janeiro', 'Belo Horizonte', 'Recife'],
    names: { family: ['Silva', 'Santos', 'Oliveira', 'Souza'], given: ['João', 'Ana', 'Pedro', 'Lucas'] },
  },
  {
    code: 'FR',
    lang: 'fr',
    weight: 2,
    currency: 'EUR',
    places: ['Paris', 'Marseille', 'Lyon', 'Lille'],
    names: { family: ['Martin', 'Bernard', 'Dubois'], given: ['Pierre', 'Claire', 'Nicolas'] },
  },
  {
    code: 'NG',
    lang: 'en',
    weight: 3,
    currency: 'NGN',
    places: ['Lagos', 'Abuja', 'Kano', 'Port Harcourt'],
    names: { family: ['Okafor', 'Adeyemi', 'Bello'], given: ['Chinedu', 'Ngozi', 'Ibrahim'] },
  },
  {
    code: 'IN',
    lang: 'en',
    weight: 4,
    currency: 'INR',
    places: ['New Delhi', 'Mumbai', 'Bengaluru', 'Kolkata'],
    names: { family: ['Sharma', 'Patel', 'Singh', 'Kumar'], given: ['Rahul', 'Priya', 'Amit', 'Sunita'] },
  },
  {
    code: 'PK',
    lang: 'en',
    weight: 2,
    currency: 'PKR',
    places: ['Karachi', 'Lahore', 'Islamabad'],
    names: { family: ['Khan', 'Qureshi', 'Butt'], given: ['Imran', 'Ayesha', 'Bilal'] },
  },
];

/** Offences per language: [text with {place} {date} {amount}, political?] */
const OFFENCES: Record<Lang, Array<[string, boolean]>> = {
  ru: [
    ['мошенничество в особо крупном размере на сумму {amount}, совершённое в г. {place} {date}', false],
    ['присвоение или растрата вверенного имущества ({amount}), г. {place}, {date}', false],
    ['убийство, совершённое {date} в г. {place}', false],
    ['незаконный оборот наркотических средств в крупном размере, {place}, {date}', false],
    ['уклонение от уплаты налогов с организации на сумму {amount} ({place}, {date})', false],
    ['публичные призывы к осуществлению экстремистской деятельности в сети Интернет, {place}, {date}', true],
    ['участие в деятельности экстремистской организации, {place}, {date}', true],
    [
      'публичное распространение заведомо ложной информации об использовании Вооружённых Сил, {place}, {date}',
      true,
    ],
    ['организация массовых беспорядков в г. {place} {date}', true],
  ],
  tr: [
    ['{place} ilinde {date} tarihinde nitelikli dolandırıcılık, {amount} zarar', false],
    ['{date} tarihinde {place} ilinde kasten öldürme', false],
    ['uyuşturucu madde ticareti, {place}, {date}', false],
    ['zimmete para geçirme ({amount}), {place}, {date}', false],
    ['silahlı terör örgütüne üye olma, {place}, {date}', true],
    ['Cumhurbaşkanına hakaret, {place}, {date}', true],
    ['terör örgütü propagandası yapmak, {place}, {date}', true],
  ],
  zh: [
    ['{date}在{place}实施诈骗，数额特别巨大（{amount}）', false],
    ['{date}在{place}故意杀人', false],
    ['贪污公款{amount}，{place}，{date}', false],
    ['走私、贩卖毒品，{place}，{date}', false],
    ['{date}在{place}煽动颠覆国家政权', true],
    ['寻衅滋事，{place}，{date}', true],
    ['组织、领导、参加恐怖组织，{place}，{date}', true],
  ],
  es: [
    ['fraude agravado por {amount} cometido en {place} el {date}', false],
    ['homicidio calificado cometido en {place} el {date}', false],
    ['tráfico ilícito de estupefacientes, {place}, {date}', false],
    ['peculado por {amount}, {place}, {date}', false],
    ['extorsión agravada, {place}, {date}', false],
    ['asociaciones ilícitas (pandillas), {place}, {date}', false],
    ['instigación pública al odio y traición a la patria, {place}, {date}', true],
    ['terrorismo y financiamiento al terrorismo, {place}, {date}', true],
  ],
  ar: [
    ['الاحتيال والاستيلاء على مبلغ {amount} في {place} بتاريخ {date}', false],
    ['القتل العمد في {place} بتاريخ {date}', false],
    ['الاتجار بالمخدرات، {place}، {date}', false],
    ['شيك بدون رصيد بمبلغ {amount}، {place}، {date}', false],
    ['الانضمام إلى جماعة إرهابية، {place}، {date}', true],
    ['نشر أخبار كاذبة، {place}، {date}', true],
  ],
  fa: [
    ['کلاهبرداری به مبلغ {amount} در {place} به تاریخ {date}', false],
    ['قتل عمد در {place} به تاریخ {date}', false],
    ['اختلاس {amount}، {place}، {date}', false],
    ['تبلیغ علیه نظام، {place}، {date}', true],
    ['اجتماع و تبانی به قصد ارتکاب جرم علیه امنیت کشور، {place}، {date}', true],
  ],
  tg: [
    ['қаллобӣ ба маблағи {amount}, {place}, {date}', false],
    ['куштор, {place}, {date}', false],
    ['даъватҳои оммавӣ ба амалҳои экстремистӣ, {place}, {date}', true],
    ['ташкили иттиҳоди экстремистӣ, {place}, {date}', true],
  ],
  en: [
    ['criminal breach of trust and cheating involving {amount} at {place} on {date}', false],
    ['murder committed at {place} on {date}', false],
    ['trafficking in narcotic drugs, {place}, {date}', false],
    ['money laundering of {amount}, {place}, {date}', false],
    ['advance-fee fraud of {amount} at {place} on {date}', false],
    ['sedition and waging war against the state, {place}, {date}', true],
    ['terrorism financing, {place}, {date}', true],
  ],
  fr: [
    ['escroquerie en bande organisée pour {amount}, {place}, le {date}', false],
    ['meurtre commis à {place} le {date}', false],
    ['trafic de stupéfiants, {place}, {date}', false],
  ],
  pt: [
    ['estelionato no valor de {amount}, {place}, em {date}', false],
    ['homicídio qualificado em {place} em {date}', false],
    ['tráfico de drogas, {place}, {date}', false],
    ['lavagem de dinheiro de {amount}, {place}, {date}', false],
  ],
};

const SUMMARIES: Record<'plain' | 'political', string[]> = {
  plain: [
    'Between {date} and {date2} the subject obtained {amount} from investors in {place} by false promises of returns.',
    'On {date} in {place} the subject, acting with others, took part in the offence described in the warrant.',
    'The subject is accused of the offence committed in {place} on {date}; the victim was a business partner.',
  ],
  political: [
    'The subject published posts on social media criticising the authorities and took part in a rally in {place} on {date}.',
    'The subject, a journalist, reported on protests in {place} on {date}; the authorities describe this as extremist activity.',
    'The subject is accused of membership of an opposition movement banned in {date2}; no act of violence is described.',
  ],
};

const COUNTRY_WEIGHTS = COUNTRIES.map((c) => [c, c.weight] as const);
const LANGUAGE_OF: Record<Lang, string> = {
  ru: 'ru',
  tr: 'tr',
  zh: 'zh',
  es: 'es',
  ar: 'ar',
  fa: 'fa',
  tg: 'tg',
  en: 'en',
  fr: 'fr',
  pt: 'pt',
};

function record(i: number, start: number): Record<string, unknown> {
  const c = weighted(COUNTRY_WEIGHTS);
  const political = rand() < 0.17;
  const offences = OFFENCES[c.lang].filter(([, p]) => p === political);
  const [template] = pick(offences.length ? offences : OFFENCES[c.lang]);
  const place = pick(c.places);
  const offenceDate = dateIn(2008, 2024);
  const amount = `${(int(10, 90_000) * 1000).toLocaleString('en-US')} ${c.currency}`;
  const fill = (t: string) =>
    t
      .replaceAll('{place}', place)
      .replaceAll('{date}', offenceDate)
      .replaceAll('{date2}', dateIn(2015, 2024))
      .replaceAll('{amount}', amount);
  const issued = dateIn(2012, 2025);
  const expires = `${Number(issued.slice(0, 4)) + 5}${issued.slice(4)}`;
  const custody = weighted([
    ['in_custody', 18],
    ['not_in_custody', 45],
    ['released', 12],
    ['unknown', 25],
  ] as const);
  const protection = weighted([
    ['', 86],
    ['asylum_pending', 8],
    ['refugee', 3],
    ['asylee', 2],
    ['withholding', 1],
  ] as const);
  const noticeStatus = weighted([
    ['', 70],
    ['valid', 15],
    ['cancelled', 6],
    ['withdrawn', 4],
    ['expired', 5],
  ] as const);
  const judgment = rand() < 0.2;
  const encounter = dateIn(2014, 2025);
  const actions = [`${encounter}: encountered at port of entry`];
  if (custody === 'in_custody') actions.push(`${encounter}: detained on the basis of the notice`);
  if (rand() < 0.4) actions.push(`${dateIn(2016, 2025)}: notice to appear issued`);
  const facts: Record<string, unknown> = {};
  if (political && rand() < 0.5)
    facts.subject = {
      profileTags: [
        {
          tag: pick(['journalist', 'opposition_politician', 'human_rights_defender', 'activist']),
          basis: 'documented',
        },
      ],
    };
  if (political && rand() < 0.3)
    facts.context = { politicalEvent: { value: true, kind: 'protest', description: `Protests in ${place}` } };
  const withFacts = Object.keys(facts).length > 0 && rand() < 0.8;
  const n = start + i;
  return {
    external_id: `EARM-${String(n).padStart(9, '0')}`,
    source: '',
    family_name: pick(c.names.family),
    given_names: pick(c.names.given),
    aliases: rand() < 0.2 ? `${pick(c.names.family)} ${pick(c.names.given)}` : '',
    dates_of_birth: dateIn(1950, 2003),
    sex: pick(['M', 'F']),
    place_of_birth: place,
    nationalities: c.code,
    a_number: rand() < 0.7 ? `A${String(100_000_000 + n).slice(-9)}` : '',
    languages: LANGUAGE_OF[c.lang],
    notice_type: rand() < 0.85 ? 'red_notice' : 'diffusion',
    interpol_ref: `${issued.slice(0, 4)}/${String(n % 10_000_000).padStart(7, '0')}`,
    issuing_country: c.code,
    requesting_authority: `Prosecutor's office, ${place}`,
    notice_issued_on: issued,
    notice_expires_on: expires,
    notice_purpose: judgment ? 'sentence' : 'prosecution',
    notice_status: noticeStatus,
    summary_of_facts: rand() < 0.6 ? fill(pick(SUMMARIES[political ? 'political' : 'plain'])) : '',
    warrant_kind: judgment ? 'judgment' : 'arrest_warrant',
    charge: fill(template),
    charge_translation: '',
    law_cited: `Art. ${int(100, 400)}`,
    max_penalty_months: String(int(12, 240)),
    sentence_months: judgment ? String(int(6, 180)) : '',
    warrant_issued_on: offenceDate,
    purpose: rand() < 0.6 ? 'immigration_proceedings' : 'law_enforcement_action',
    custody_status: custody,
    in_proceedings: rand() < 0.55 ? 'true' : 'false',
    encounter_at: encounter,
    encounter_location: pick(['JFK', 'Miami', 'Houston', 'San Ysidro', 'Newark', 'Chicago']),
    narrative: `Legacy record migrated from EARM. Encountered ${encounter}.`,
    actions: actions.join(' | '),
    protection_status: protection,
    asylum_claimed_on: protection ? dateIn(2015, 2025) : '',
    protection_granting_country: protection && protection !== 'asylum_pending' ? 'US' : '',
    protection_in_respect_of: protection && protection !== 'asylum_pending' ? c.code : '',
    protection_granted_on: protection && protection !== 'asylum_pending' ? dateIn(2016, 2025) : '',
    screening_facts: withFacts ? JSON.stringify(facts) : '',
  };
}

const quote = (v: unknown) => {
  const s = String(v ?? '');
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** One record as the generator writes it (CSV cells by column). */
export function legacyRecord(seed: number, i: number, start = 1): Record<string, unknown> {
  state = (seed + i * 7919) >>> 0 || 1;
  return record(i, start);
}

export async function generateLegacyFile(o: GenerateOptions): Promise<void> {
  const format = o.format ?? (/\.jsonl?$/.test(o.out) ? 'jsonl' : 'csv');
  const start = o.start ?? 1;
  state = (o.seed ?? 1) >>> 0 || 1;
  const out = createWriteStream(o.out);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  if (format === 'csv') await write(`${LEGACY_COLUMNS.join(',')}\n`);
  for (let i = 0; i < o.count; i++) {
    const r = record(i, start);
    if (format === 'csv') await write(`${LEGACY_COLUMNS.map((k) => quote(r[k])).join(',')}\n`);
    else {
      const obj: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(r))
        if (v !== '') obj[k] = k === 'screening_facts' ? JSON.parse(String(v)) : v;
      await write(`${JSON.stringify(obj)}\n`);
    }
  }
  out.end();
  await once(out, 'finish');
}
