import { prng } from '../lib/typing.js';

/**
 * The Swedish fixture of scenario `search-quality`, written for Samla: the words a working group on
 * plastics, transport and circular construction uses, as concepts with their inflected forms and the
 * compounds they appear in. Documents are written from templates out of two or three concepts each, so
 * every document records the concepts its words came from, and a query's relevant documents are those
 * written from its concept(s): the judgments come with the text. Seeded, so every run is the same.
 */
export interface Concept {
  id: string;
  /** The inflected forms of the word itself (the first is the dictionary form). */
  forms: string[];
  /** Compounds it is part of, each with every concept it contains. */
  compounds: { word: string; parts: string[] }[];
}

const c = (id: string, forms: string, compounds: [string, ...string[]][] = []): Concept => ({
  id,
  forms: forms.split(' '),
  compounds: compounds.map(([word, ...more]) => ({ word, parts: [id, ...more] })),
});

export const CONCEPTS: Concept[] = [
  c('flaska', 'flaska flaskan flaskor flaskorna', [['ölflaska'], ['ölflaskor'], ['glasflaskan', 'glas'], ['petflaskorna']]),
  c('förpackning', 'förpackning förpackningen förpackningar förpackningarna', [['plastförpackningar', 'plast'], ['plastförpackningen', 'plast'], ['pappersförpackningar', 'papper'], ['matförpackningar', 'mat']]),
  c('upphandling', 'upphandling upphandlingen upphandlingar upphandlingarna', [['livsmedelsupphandling'], ['transportupphandlingen', 'transport']]),
  c('avfall', 'avfall avfallet', [['matavfall', 'mat'], ['matavfallet', 'mat'], ['byggavfall'], ['byggavfallet'], ['avfallsplan'], ['avfallsplanen']]),
  c('plast', 'plast plasten plaster', [['engångsplast'], ['engångsplasten'], ['plastpåsar', 'påse']]),
  c('återvinning', 'återvinning återvinningen', [['återvinningsgrad'], ['återvinningsgraden'], ['återvinningscentral'], ['återvinningscentralen'], ['textilåtervinning', 'textil'], ['glasåtervinning', 'glas']]),
  c('kompost', 'kompost komposten komposter', [['kompostgaller'], ['trädgårdskompost']]),
  c('cykel', 'cykel cykeln cyklar cyklarna', [['elcykel'], ['elcyklar'], ['lådcykeln'], ['cykelställ'], ['cykelställen']]),
  c('transport', 'transport transporten transporter transporterna', [['godstransporter'], ['kollektivtransporten']]),
  c('byggnad', 'byggnad byggnaden byggnader byggnaderna', [['kontorsbyggnad'], ['skolbyggnaden', 'skola']]),
  c('material', 'material materialet materialen', [['byggmaterial'], ['byggmaterialet'], ['återbruksmaterial', 'återbruk']]),
  c('betong', 'betong betongen', [['betongplattor'], ['klimatbetong', 'klimat']]),
  c('solcell', 'solcell solcellen solceller solcellerna', [['solcellsanläggning'], ['solcellsparken']]),
  c('energi', 'energi energin', [['energiförbrukning'], ['energiförbrukningen'], ['solenergi']]),
  c('värme', 'värme värmen', [['fjärrvärme'], ['fjärrvärmen'], ['värmepumpar']]),
  c('textil', 'textil textilen textilier textilierna', [['textilinsamling'], ['textilåtervinning', 'återvinning']]),
  c('kläder', 'kläder kläderna', [['arbetskläder'], ['barnkläder']]),
  c('möbel', 'möbel möbeln möbler möblerna', [['kontorsmöbler'], ['möbelrenovering']]),
  c('skola', 'skola skolan skolor skolorna', [['grundskolan'], ['skolmaten', 'mat'], ['skolbyggnaden', 'byggnad']]),
  c('kök', 'kök köket köken', [['storkök'], ['storköket'], ['skolköket', 'skola']]),
  c('mat', 'mat maten', [['matsvinn', 'svinn'], ['matsvinnet', 'svinn'], ['matavfall', 'avfall']]),
  c('svinn', 'svinn svinnet', [['matsvinn', 'mat'], ['matsvinnet', 'mat']]),
  c('påse', 'påse påsen påsar påsarna', [['plastpåsar', 'plast'], ['papperspåsen', 'papper']]),
  c('glas', 'glas glaset', [['glasflaskan', 'flaska'], ['glasåtervinning', 'återvinning']]),
  c('papper', 'papper pappret', [['pappersförpackningar', 'förpackning'], ['papperspåsen', 'påse'], ['returpapper']]),
  c('batteri', 'batteri batteriet batterier batterierna', [['bilbatterier'], ['batteriinsamling']]),
  c('elbil', 'elbil elbilen elbilar elbilarna', [['elbilspoolen']]),
  c('laddstolpe', 'laddstolpe laddstolpen laddstolpar laddstolparna'),
  c('resa', 'resa resan resor resorna', [['tjänsteresor'], ['tjänsteresorna'], ['flygresor']]),
  c('tåg', 'tåg tåget tågen', [['tågresor', 'resa'], ['nattåget']]),
  c('utsläpp', 'utsläpp utsläppen', [['koldioxidutsläpp'], ['koldioxidutsläppen'], ['utsläppsmålen']]),
  c('klimat', 'klimat klimatet', [['klimatdeklaration', 'deklaration'], ['klimatdeklarationen', 'deklaration'], ['klimatmål'], ['klimatbetong', 'betong']]),
  c('deklaration', 'deklaration deklarationen deklarationer', [['klimatdeklaration', 'klimat']]),
  c('vatten', 'vatten vattnet', [['dricksvatten'], ['regnvatten'], ['vattenförbrukningen']]),
  c('budget', 'budget budgeten budgetar', [['projektbudget'], ['årsbudgeten']]),
  c('rapport', 'rapport rapporten rapporter rapporterna', [['årsrapport'], ['hållbarhetsrapporten']]),
  c('kommun', 'kommun kommunen kommuner kommunerna', [['grannkommunerna'], ['kommunstyrelsen']]),
  c('företag', 'företag företaget företagen', [['medlemsföretag'], ['medlemsföretagen'], ['småföretag']]),
  c('återbruk', 'återbruk återbruket', [['återbruksmaterial', 'material'], ['återbrukscentret']]),
  c('lokal', 'lokal lokalen lokaler lokalerna', [['kontorslokaler'], ['skollokalen', 'skola']]),
];

/** Sentences without any concept's word, between the ones that carry them. */
const FILLER = [
  'Mötet började klockan nio.',
  'Alla presenterade sig kort.',
  'Nästa steg är att boka en ny träff.',
  'Vi tackar för ett bra samtal.',
  'Frågan lyftes av flera deltagare.',
  'Ordföranden sammanfattade diskussionen.',
  'Det finns mycket kvar att göra.',
  'Gruppen enades om att gå vidare.',
  'Anteckningarna skickas ut efteråt.',
  'Underlaget delades ut i förväg.',
  'Några hade förhinder i dag.',
  'Vi återkommer med fler detaljer.',
];

const TEMPLATES = [
  'Vi diskuterade {X} och {Y}.',
  'Förslaget handlar om {X}.',
  '{X} behöver följas upp före sommaren.',
  'Gruppen vill veta mer om {X}.',
  'Flera deltagare nämnde {X} i samband med {Y}.',
  'Erfarenheterna av {X} var blandade.',
  'Vi tittade på hur {X} fungerar hos andra.',
  'Det saknas underlag om {X} och {Y}.',
];

const KINDS = ['page', 'board', 'minutes', 'decision'] as const;
export const GROUPS = ['plast', 'transporter', 'cirkulart-byggande', 'energi'];

export interface FixtureDoc {
  groupId: string;
  kind: (typeof KINDS)[number];
  itemId: string;
  title: string;
  text: string;
  /** The concepts its words were written from (parts of compounds included). */
  concepts: Set<string>;
  /** The compounds in it. */
  compounds: Set<string>;
  /** Days before the newest document. */
  age: number;
}

export type QueryKind = 'inflection' | 'compound part' | 'without å/ä/ö' | 'two words' | 'one-letter typo';

export interface FixtureQuery {
  kind: QueryKind;
  text: string;
  /** Ids of the documents that answer it. */
  relevant: Set<string>;
}

const capital = (s: string) => s.charAt(0).toLocaleUpperCase('sv') + s.slice(1);
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
const byId = new Map(CONCEPTS.map((k) => [k.id, k]));

export function fixture(docCount = 320): { docs: FixtureDoc[]; queries: FixtureQuery[] } {
  const r = prng(17);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const docs: FixtureDoc[] = [];
  for (let i = 0; i < docCount; i++) {
    const concepts = new Set<string>();
    const compounds = new Set<string>();
    const topics = [pick(CONCEPTS), pick(CONCEPTS), ...(r() < 0.3 ? [pick(CONCEPTS)] : [])];
    /** A word of the topic: a form of it (60 %) or a compound it is in. */
    const word = (k: Concept) => {
      if (k.compounds.length === 0 || r() < 0.6) {
        concepts.add(k.id);
        return pick(k.forms);
      }
      const comp = pick(k.compounds);
      for (const p of comp.parts) concepts.add(p);
      compounds.add(comp.word);
      return comp.word;
    };
    const sentences: string[] = [];
    for (const [n, k] of topics.entries()) {
      const other = topics[(n + 1) % topics.length]!;
      sentences.push(capital(pick(TEMPLATES).replace('{X}', word(k)).replace('{Y}', word(other))));
      sentences.push(pick(FILLER));
    }
    const t = r();
    const title = t < 0.4 ? capital(word(topics[0]!)) : t < 0.7 ? `Möte om ${word(topics[0]!)}` : `Anteckningar ${i + 1}`;
    docs.push({
      groupId: GROUPS[i % GROUPS.length]!,
      kind: KINDS[Math.floor(i / GROUPS.length) % KINDS.length]!,
      itemId: `dok-${String(i).padStart(3, '0')}`,
      title,
      text: sentences.join(' '),
      concepts,
      compounds,
      age: Math.floor(r() * 365),
    });
  }

  const about = (...ids: string[]) => new Set(docs.filter((d) => ids.every((id) => d.concepts.has(id))).map((d) => d.itemId));
  const queries: FixtureQuery[] = [];
  const add = (kind: QueryKind, text: string, relevant: Set<string>) => {
    if (relevant.size > 0 && !queries.some((q) => q.text === text)) queries.push({ kind, text, relevant });
  };
  const want = (kind: QueryKind, n: number, make: () => [string, Set<string>] | null) => {
    for (let tries = 0; queries.filter((q) => q.kind === kind).length < n && tries < 10_000; tries++) {
      const made = make();
      if (made) add(kind, ...made);
    }
  };
  // Any form of a word finds every form of it.
  want('inflection', 25, () => {
    const k = pick(CONCEPTS);
    return [pick(k.forms.slice(1).concat(k.forms)), about(k.id)];
  });
  // The word finds the compounds it is in.
  want('compound part', 20, () => {
    const k = pick(CONCEPTS.filter((x) => x.compounds.length > 0));
    return [pick(k.forms), about(k.id)];
  });
  // Typed without å, ä, ö: a form finds the word's documents, a compound those with that compound.
  want('without å/ä/ö', 20, () => {
    const k = pick(CONCEPTS);
    const words = [...k.forms, ...k.compounds.map((x) => x.word)].filter((w) => fold(w) !== w);
    if (words.length === 0) return null;
    const w = pick(words);
    const withCompound = new Set(docs.filter((d) => d.compounds.has(w)).map((d) => d.itemId));
    return [fold(w), k.forms.includes(w) ? about(k.id) : withCompound];
  });
  // Two words, both required: the documents about both.
  want('two words', 20, () => {
    const d = pick(docs);
    const ids = [...d.concepts];
    if (ids.length < 2) return null;
    const [a, b] = [ids[0]!, ids[1]!];
    return [`${pick(byId.get(a)!.forms)} ${pick(byId.get(b)!.forms)}`, about(a, b)];
  });
  // One letter missing, extra, wrong or swapped (after the first two letters) in a word of 6 or more.
  want('one-letter typo', 15, () => {
    const k = pick(CONCEPTS);
    const w = pick(k.forms);
    if (w.length < 6) return null;
    const at = 2 + Math.floor(r() * (w.length - 2));
    const letter = pick([...'aeiklnorst']);
    const edits = [
      w.slice(0, at) + w.slice(at + 1),
      w.slice(0, at) + letter + w.slice(at),
      w.slice(0, at) + letter + w.slice(at + 1),
      at + 1 < w.length ? w.slice(0, at) + w[at + 1] + w[at] + w.slice(at + 2) : w.slice(0, at) + letter,
    ];
    const typo = pick(edits);
    if (typo === w || CONCEPTS.some((x) => x.forms.includes(typo))) return null;
    return [typo, about(k.id)];
  });
  return { docs, queries };
}
