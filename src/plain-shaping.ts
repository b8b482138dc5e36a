/**
 * Plain words shaped from a font's tables, without fontkit's layout engine.
 *
 * fontkit (2.0.4) lays every new word out with its whole OpenType engine: glyph infos, the script's
 * set-up, a pass over every enabled GSUB and GPOS lookup for each glyph. In a book most words come
 * out of that as they went in: one glyph per character, the nominal glyphs, each with its advance
 * width, plus the kerning between neighbours. A 50k-word book has about 10,000 distinct words per
 * face and fontkit took 260 ms to lay them out; at 500k words, 48,000 words and 730 ms, on the
 * PDF's critical path.
 *
 * Here such a word is recognised from the font's tables, and its glyphs and positions are computed
 * as fontkit would compute them; so is a word whose only substitutions are ligatures ("office":
 * fontkit's lookups are then run in its order on the word, `ligated`). Any other word is left to
 * fontkit. A word is plain when:
 * - each character is one UTF-16 unit that fontkit maps to one glyph and shapes with its default
 *   shaper (shaping-cache.ts `cacheable`: Latin, Greek, Cyrillic, Armenian, digits, punctuation,
 *   spaces and currency signs), but the fraction slash (U+2044, which asks for fraction features);
 * - no glyph is a mark in the font's GDEF (fontkit zeroes marks' advances and skips them in lookups);
 * - no enabled GSUB lookup can start at any of its glyphs: the glyph is not in the lookup's
 *   coverage, or the lookup needs a glyph after it that is not the next one (a ligature's second
 *   component, a context's second input or first look-ahead glyph). That is a necessary condition
 *   for a substitution, so a word that passes it is one no GSUB lookup changes (or, for `ligated`,
 *   one no lookup but those that only make ligatures changes);
 * - no enabled GPOS lookup other than pair adjustment (kerning) covers any of its glyphs, and the
 *   pair adjustments between its neighbours change only the first glyph's x advance.
 * The enabled lookups are those of the features fontkit's default shaper applies to every glyph, in
 * the script fontkit picks for the word (the first character's that is not Common or Inherited),
 * found by fontkit's own set-up on a font of the analysis' own. A font whose lookups skip base
 * glyphs or ligatures, a variable font, one without GDEF glyph classes, and a script whose GPOS has
 * no kerning while the font has a legacy `kern` table, are left to fontkit.
 *
 * test/plain-shaping.test.ts holds every face of the book to fontkit: every character of a wide
 * set, every pair of common ones, thousands of random words and the sample's words, glyphs and
 * positions equal, and the characters left in the font's glyphs.
 * fontkit now lays out 87 strings of the benchmark's 50k-word book instead of 10,663.
 */
import { OWN_CHARACTERS, cacheableCharacter } from './shaping-cache.js';

/** What of fontkit's OpenType tables the analysis reads (fontkit 2.0.4's decoded structures). */
export interface Coverage { readonly version: number; readonly glyphs?: ArrayLike<number>; readonly rangeRecords?: readonly { start: number; end: number }[] }
interface ClassDef { readonly version: number; readonly startGlyph?: number; readonly classValueArray?: ArrayLike<number>; readonly classRangeRecord?: readonly { start: number; end: number; class: number }[] }
/** A decoded subtable: fields by lookup type and format (see the readers below). */
export type Subtable = Record<string, unknown> & { readonly version?: number; readonly lookupType?: number; readonly extension?: Subtable };
interface Lookup { readonly lookupType: number; readonly flags?: { readonly flags?: Record<string, boolean> }; readonly subTables: Iterable<Subtable> }
interface ValueRecord { readonly xAdvance?: number; readonly yAdvance?: number; readonly xPlacement?: number; readonly yPlacement?: number }
interface Processor {
  readonly features: Record<string, unknown>;
  lookupsForFeatures(features: readonly string[]): { feature: string; index: number; lookup: Lookup }[];
  coverageIndex(coverage: Coverage, glyph: number): number;
  getClassID(glyph: number, classDef: ClassDef): number;
}
interface Engine {
  readonly GSUBProcessor: Processor | null;
  readonly GPOSProcessor: Processor | null;
  shaper: object | null;
  plan: { readonly stages: readonly unknown[]; readonly globalFeatures: Record<string, unknown> } | null;
  setup(glyphRun: object): void;
  cleanup(): void;
}
/** A font of the analysis' own (its glyphs are never a document's). */
export interface AnalysisFont {
  readonly GDEF?: { readonly glyphClassDef?: ClassDef };
  readonly kern?: unknown;
  readonly _variationProcessor?: unknown;
  readonly numGlyphs: number;
  readonly _cmapProcessor: { lookup(codePoint: number): number };
  readonly _layoutEngine: { readonly engine?: Engine };
  getGlyph(id: number): { readonly advanceWidth: number };
  layout(text: string): { readonly script: string; readonly direction: string; readonly glyphs: readonly object[] };
}

/** A glyph that starts a GSUB lookup whatever follows it. */
const ALWAYS = 'always';
/** Per glyph: ALWAYS, or the glyphs after it that may let a lookup start at it. */
type Trigger = typeof ALWAYS | Set<number>;

/** A ligature: its glyph, and the glyphs after the first that make it. */
interface Ligature { readonly glyph: number; readonly components: readonly number[] }
/** One GSUB lookup as fontkit applies it, in order: what may start it at a glyph, and, when it
 * only makes ligatures, the ligatures each glyph starts (its subtables' in their order). */
interface GsubStep { readonly triggers: Map<number, Trigger>; readonly ligatures: Map<number, Ligature[]> | null }

interface ScriptRules {
  /** Every step's triggers together. */
  readonly gsub: Map<number, Trigger>;
  readonly steps: readonly GsubStep[];
  /** Glyphs some enabled GPOS lookup other than pair adjustment covers. */
  readonly positioned: Set<number>;
  /** The enabled pair-adjustment lookups' subtables, lookup by lookup in fontkit's order. */
  readonly pairLookups: readonly Subtable[][];
  /** x advance change of the first glyph, by pair (first × 65536 + second); NaN: not plain. */
  readonly pairs: Map<number, number>;
  readonly gpos: Processor;
}

/** A decoded list of fontkit's (a LazyArray or an array) as an array. */
export const items = <T>(list: unknown): T[] => {
  if (list == null) return [];
  const l = list as { toArray?: () => T[] } & Iterable<T>;
  return typeof l.toArray === 'function' ? l.toArray() : [...l];
};
const at = <T>(list: unknown, i: number): T | undefined => {
  const l = list as { get?: (i: number) => T } & ArrayLike<T>;
  return typeof l.get === 'function' ? l.get(i) : l[i];
};

export function coverageGlyphs(coverage: Coverage | undefined): number[] {
  if (!coverage) return [];
  if (coverage.version === 1) return items<number>(coverage.glyphs);
  const out: number[] = [];
  for (const r of items<{ start: number; end: number }>(coverage.rangeRecords)) for (let g = r.start; g <= r.end; g++) out.push(g);
  return out;
}

/** The glyphs of class `cls` in `classDef`; undefined for class 0 (every glyph not listed). */
function classGlyphs(classDef: ClassDef, cls: number): number[] | undefined {
  if (cls === 0) return undefined;
  const out: number[] = [];
  if (classDef.version === 1) {
    const values = items<number>(classDef.classValueArray);
    values.forEach((c, i) => { if (c === cls) out.push(classDef.startGlyph! + i); });
  } else {
    for (const r of items<{ start: number; end: number; class: number }>(classDef.classRangeRecord)) if (r.class === cls) for (let g = r.start; g <= r.end; g++) out.push(g);
  }
  return out;
}

/** A subtable with its real lookup type (an extension's own). */
function resolve(type: number, table: Subtable, extensionType: number): [number, Subtable] {
  return type === extensionType && table.extension ? [table.lookupType!, table.extension] : [type, table];
}

class Unsupported extends Error {}

/** Records, for each glyph a GSUB subtable covers, what must follow it for the subtable to apply. */
function gsubTriggers(p: Processor, type: number, t: Subtable, add: (glyph: number, next: readonly number[] | undefined) => void): void {
  const cov = t.coverage as Coverage | undefined;
  const glyphsOf = (next: number | undefined): number[] | undefined => (next === undefined ? undefined : [next]);
  switch (type) {
    case 1: case 2: case 3: case 8:
      for (const g of coverageGlyphs(cov)) add(g, undefined);
      return;
    case 4:
      for (const g of coverageGlyphs(cov)) {
        for (const lig of items<{ components: ArrayLike<number> }>(at(t.ligatureSets, p.coverageIndex(cov!, g)))) {
          add(g, glyphsOf(lig.components.length > 0 ? lig.components[0] : undefined));
        }
      }
      return;
    case 5:
      if (t.version === 1) {
        for (const g of coverageGlyphs(cov)) for (const rule of items<{ input: ArrayLike<number> }>(at(t.ruleSets, p.coverageIndex(cov!, g)))) add(g, glyphsOf(rule.input.length > 0 ? rule.input[0] : undefined));
      } else if (t.version === 2) {
        const classDef = t.classDef as ClassDef;
        for (const g of coverageGlyphs(cov)) {
          for (const rule of items<{ classes: ArrayLike<number> }>(at(t.classSet, p.getClassID(g, classDef)))) add(g, rule.classes.length > 0 ? classGlyphs(classDef, rule.classes[0]!) : undefined);
        }
      } else if (t.version === 3) {
        const coverages = items<Coverage>(t.coverages);
        for (const g of coverageGlyphs(coverages[0])) add(g, coverages.length > 1 ? coverageGlyphs(coverages[1]) : undefined);
      } else throw new Unsupported();
      return;
    case 6:
      if (t.version === 1) {
        for (const g of coverageGlyphs(cov)) {
          for (const rule of items<{ input: ArrayLike<number>; lookahead: ArrayLike<number> }>(at(t.chainRuleSets, p.coverageIndex(cov!, g)))) {
            add(g, glyphsOf(rule.input.length > 0 ? rule.input[0] : rule.lookahead.length > 0 ? rule.lookahead[0] : undefined));
          }
        }
      } else if (t.version === 2) {
        const input = t.inputClassDef as ClassDef;
        const lookahead = t.lookaheadClassDef as ClassDef;
        for (const g of coverageGlyphs(cov)) {
          for (const rule of items<{ input: ArrayLike<number>; lookahead: ArrayLike<number> }>(at(t.chainClassSet, p.getClassID(g, input)))) {
            add(g, rule.input.length > 0 ? classGlyphs(input, rule.input[0]!) : rule.lookahead.length > 0 ? classGlyphs(lookahead, rule.lookahead[0]!) : undefined);
          }
        }
      } else if (t.version === 3) {
        const input = items<Coverage>(t.inputCoverage);
        const lookahead = items<Coverage>(t.lookaheadCoverage);
        for (const g of coverageGlyphs(input[0])) add(g, input.length > 1 ? coverageGlyphs(input[1]) : lookahead.length > 0 ? coverageGlyphs(lookahead[0]) : undefined);
      } else throw new Unsupported();
      return;
    default:
      throw new Unsupported();
  }
}

/** The glyphs at which a GPOS subtable other than pair adjustment may apply (its first coverage). */
function gposCovered(type: number, t: Subtable): number[] {
  switch (type) {
    case 1: case 3: return coverageGlyphs(t.coverage as Coverage);
    case 4: case 5: return coverageGlyphs(t.markCoverage as Coverage);
    case 6: return coverageGlyphs(t.mark1Coverage as Coverage);
    case 7: return coverageGlyphs((t.coverage ?? items<Coverage>(t.coverages)[0]) as Coverage | undefined);
    case 8: return coverageGlyphs((t.coverage ?? items<Coverage>(t.inputCoverage)[0]) as Coverage | undefined);
    default: throw new Unsupported();
  }
}

function skipsGlyphs(lookup: Lookup): boolean {
  const f = lookup.flags?.flags;
  return !!f && (f.ignoreBaseGlyphs === true || f.ignoreLigatures === true);
}

/** The rules of `script` in `font`, as fontkit's set-up enables them; undefined when fontkit would
 * shape the script in a way not modelled here. */
function scriptRules(font: AnalysisFont, script: string, probe: { glyphs: readonly object[] }): ScriptRules | undefined {
  const engine = font._layoutEngine.engine;
  if (!engine || typeof engine.setup !== 'function') return undefined;
  const gsubP = engine.GSUBProcessor;
  const gposP = engine.GPOSProcessor;
  if (!gposP) return undefined;
  engine.setup({ glyphs: probe.glyphs, script, language: null, direction: 'ltr', features: {} });
  try {
    const shaper = engine.shaper;
    const plan = engine.plan;
    if (!shaper || !plan) return undefined;
    // the default shaper is the root of fontkit's shaper classes; any other assigns features of its own
    if (Object.getPrototypeOf(shaper) !== Function.prototype) return undefined;
    if (plan.stages.some((s) => !Array.isArray(s))) return undefined;
    if (!gposP.features.kern && font.kern) return undefined;
    const features = Object.keys(plan.globalFeatures);
    const gsub = new Map<number, Trigger>();
    const steps: GsubStep[] = [];
    const addTrigger = (map: Map<number, Trigger>, g: number, next: readonly number[] | undefined): void => {
      const known = map.get(g);
      if (known === ALWAYS) return;
      if (next === undefined) { map.set(g, ALWAYS); return; }
      const set = known ?? new Set<number>();
      for (const n of next) set.add(n);
      map.set(g, set);
    };
    // stage by stage, and in each the lookups of its features by lookup index (ShapingPlan.process,
    // OTProcessor.applyFeatures); a feature that is not global is never on a plain word's glyphs
    for (const stage of plan.stages as readonly (readonly string[])[]) {
      if (!gsubP) break;
      for (const { lookup } of gsubP.lookupsForFeatures(stage.filter((f) => f in plan.globalFeatures))) {
        if (skipsGlyphs(lookup)) return undefined;
        const triggers = new Map<number, Trigger>();
        let ligatures: Map<number, Ligature[]> | null = new Map();
        for (const sub of lookup.subTables) {
          const [type, t] = resolve(lookup.lookupType, sub, 7);
          gsubTriggers(gsubP, type, t, (g, next) => { addTrigger(triggers, g, next); addTrigger(gsub, g, next); });
          if (type !== 4) { ligatures = null; continue; }
          if (!ligatures) continue;
          const cov = t.coverage as Coverage;
          for (const g of coverageGlyphs(cov)) {
            const list = ligatures.get(g) ?? [];
            for (const lig of items<{ glyph: number; components: ArrayLike<number> }>(at(t.ligatureSets, gsubP.coverageIndex(cov, g)))) list.push({ glyph: lig.glyph, components: Array.from(lig.components) });
            ligatures.set(g, list);
          }
        }
        steps.push({ triggers, ligatures });
      }
    }
    const positioned = new Set<number>();
    const pairLookups: Subtable[][] = [];
    for (const { lookup } of gposP.lookupsForFeatures(features)) {
      if (skipsGlyphs(lookup)) return undefined;
      const pairs: Subtable[] = [];
      for (const sub of lookup.subTables) {
        const [type, t] = resolve(lookup.lookupType, sub, 9);
        if (type === 2) pairs.push(t);
        else for (const g of gposCovered(type, t)) positioned.add(g);
      }
      if (pairs.length > 0) pairLookups.push(pairs);
    }
    return { gsub, steps, positioned, pairLookups, pairs: new Map(), gpos: gposP };
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  } finally {
    engine.cleanup();
  }
}

/** Only an x advance (fields present with 0 are no change). */
function xAdvanceOnly(v: ValueRecord | undefined): number | undefined {
  if (!v) return 0;
  if (v.yAdvance || v.xPlacement || v.yPlacement) return undefined;
  return v.xAdvance ?? 0;
}

/** fontkit's pair adjustment (GPOSProcessor.applyLookup, lookup type 2) of `first` before `second`:
 * the first glyph's x advance change, or NaN when it changes anything else. */
function pairAdjustment(rules: ScriptRules, first: number, second: number): number {
  const p = rules.gpos;
  let dx = 0;
  for (const subtables of rules.pairLookups) {
    for (const t of subtables) {
      const cov = t.coverage as Coverage;
      const index = p.coverageIndex(cov, first);
      if (index === -1) continue;
      let v1: ValueRecord | undefined;
      let v2: ValueRecord | undefined;
      if (t.version === 1) {
        const pair = items<{ secondGlyph: number; value1?: ValueRecord; value2?: ValueRecord }>(at(t.pairSets, index)).find((x) => x.secondGlyph === second);
        if (!pair) continue;
        v1 = pair.value1; v2 = pair.value2;
      } else if (t.version === 2) {
        const c1 = p.getClassID(first, t.classDef1 as ClassDef);
        const c2 = p.getClassID(second, t.classDef2 as ClassDef);
        const row = at(t.classRecords, c1);
        const pair = row === undefined ? undefined : at<{ value1?: ValueRecord; value2?: ValueRecord }>(row, c2);
        if (!pair) return Number.NaN; // fontkit would fail on it: let it
        v1 = pair.value1; v2 = pair.value2;
      } else return Number.NaN;
      const a = xAdvanceOnly(v1);
      const b = xAdvanceOnly(v2);
      if (a === undefined || b === undefined || b !== 0) return Number.NaN;
      dx += a;
      break; // fontkit applies the first subtable that matches
    }
  }
  return dx;
}

/** fontkit's script for each character (Script.forString of the character alone), for every font. */
const scriptOfChar = new Map<number, string>();

/** The script fontkit's Script.forString gives a string with no real script (all Common/Inherited). */
const UNKNOWN_SCRIPT = 'zzzz';

/** Shapes plain words of one font file as fontkit does (undefined: not plain, ask fontkit). */
export interface PlainShaper {
  /** The run packed as shaping-cache.ts packRun packs it: [glyph count, 0, glyph ids, x advances]
   * when its glyphs are one per character, each made for its character; after a ligature, flag
   * OWN_CHARACTERS and each glyph's characters. */
  shape(text: string): Int32Array | undefined;
}

/** A glyph's state in a script (ScriptRules.state): not yet asked, plain, plain with a set of
 * glyphs it must not be followed by (ScriptRules.gsub), or never plain. */
const UNKNOWN = 0, PLAIN = 1, PLAIN_UNLESS_NEXT = 2, NEVER = 3;

export function plainShaper(font: AnalysisFont): PlainShaper | undefined {
  const engine = font._layoutEngine.engine;
  const classDef = font.GDEF?.glyphClassDef;
  const gdefOwner = engine?.GPOSProcessor ?? engine?.GSUBProcessor;
  if (font._variationProcessor || !classDef || !gdefOwner || !(font.numGlyphs > 0)) return undefined;
  const glyphCount = font.numGlyphs;
  const cmap = new Int32Array(0x10000).fill(-1);
  const advances = new Int32Array(glyphCount);
  const advanceKnown = new Uint8Array(glyphCount);
  const rulesByScript = new Map<string, (ScriptRules & { readonly state: Uint8Array }) | null>();

  const glyphOf = (c: number): number => {
    let g = cmap[c]!;
    if (g < 0) { g = font._cmapProcessor.lookup(c); cmap[c] = g; }
    return g;
  };
  const advanceOf = (g: number): number => {
    if (advanceKnown[g] === 0) { advances[g] = font.getGlyph(g).advanceWidth; advanceKnown[g] = 1; }
    return advances[g]!;
  };
  const stateOf = (rules: ScriptRules & { readonly state: Uint8Array }, g: number): number => {
    let s = rules.state[g]!;
    if (s === UNKNOWN) {
      const trigger = rules.gsub.get(g);
      // a mark: fontkit zeroes its advance and skips it in lookups that ignore marks
      if (gdefOwner.getClassID(g, classDef) === 3 || rules.positioned.has(g) || trigger === ALWAYS) s = NEVER;
      else s = trigger ? PLAIN_UNLESS_NEXT : PLAIN;
      rules.state[g] = s;
    }
    return s;
  };
  const scriptOf = (c: number): string => {
    let s = scriptOfChar.get(c);
    if (s === undefined) {
      const run = font.layout(String.fromCharCode(c));
      s = run.direction === 'ltr' ? run.script : '';
      scriptOfChar.set(c, s);
    }
    return s;
  };
  const rulesFor = (script: string, sample: number): (ScriptRules & { readonly state: Uint8Array }) | undefined => {
    let r = rulesByScript.get(script);
    if (r === undefined) {
      const rules = scriptRules(font, script, font.layout(String.fromCharCode(sample)));
      r = rules ? { ...rules, state: new Uint8Array(glyphCount) } : null;
      rulesByScript.set(script, r);
    }
    return r ?? undefined;
  };

  return {
    shape(text: string): Int32Array | undefined {
      const n = text.length;
      if (n === 0) return undefined;
      let script = UNKNOWN_SCRIPT;
      let sample = text.charCodeAt(0);
      for (let i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        if (!plainCharacter(c)) return undefined;
        if (script === UNKNOWN_SCRIPT) {
          const s = scriptOf(c);
          if (s === '') return undefined;
          if (s !== UNKNOWN_SCRIPT) { script = s; sample = c; }
        }
      }
      const rules = rulesFor(script, sample);
      if (!rules) return undefined;
      const out = new Int32Array(2 + 2 * n);
      out[0] = n;
      let unlessNext = false;
      for (let i = 0; i < n; i++) {
        const g = glyphOf(text.charCodeAt(i));
        if (g >= glyphCount) return undefined;
        const state = stateOf(rules, g);
        if (state === NEVER) return undefined;
        if (state === PLAIN_UNLESS_NEXT) unlessNext = true;
        out[2 + i] = g;
      }
      if (unlessNext) {
        for (let i = 0; i + 1 < n; i++) {
          const g = out[2 + i]!;
          if (rules.state[g] === PLAIN_UNLESS_NEXT && (rules.gsub.get(g) as Set<number>).has(out[3 + i]!)) return ligated(rules, text, out.subarray(2, 2 + n));
        }
      }
      for (let i = 0; i < n; i++) {
        const x = advanced(rules, out[2 + i]!, i + 1 < n ? out[3 + i]! : -1);
        if (Number.isNaN(x)) return undefined;
        out[2 + n + i] = x;
      }
      return out;
    },
  };

  /** A glyph's advance with its kerning against `next` (-1: none); NaN when the pair is not plain. */
  function advanced(rules: ScriptRules, g: number, next: number): number {
    let x = advanceOf(g);
    if (next >= 0) {
      const key = g * 0x10000 + next;
      let dx = rules.pairs.get(key);
      if (dx === undefined) { dx = pairAdjustment(rules, g, next); rules.pairs.set(key, dx); }
      x += dx;
    }
    return x;
  }

  /**
   * A word some GSUB lookup may start at: fontkit's lookups done in its order, when each that
   * applies makes ligatures (OTProcessor.applyLookups and GSUBProcessor.applyLookup, lookup type
   * 4: at each glyph in turn, the first of its ligatures whose components follow it; no glyph is
   * skipped, as none is a mark); any other lookup must not be able to start at any glyph then.
   * The run is packed with each glyph's characters (shaping-cache.ts packRun).
   */
  function ligated(rules: ScriptRules, text: string, nominal: Int32Array): Int32Array | undefined {
    const ids = Array.from(nominal);
    const chars: number[][] = ids.map((_, i) => [text.charCodeAt(i)]);
    for (const step of rules.steps) {
      if (step.ligatures) {
        for (let i = 0; i < ids.length; i++) {
          for (const lig of step.ligatures.get(ids[i]!) ?? []) {
            const k = lig.components.length;
            if (i + k >= ids.length) continue;
            let match = true;
            for (let j = 0; j < k && match; j++) match = ids[i + 1 + j] === lig.components[j];
            if (!match) continue;
            const made = chars.slice(i, i + 1 + k).flat();
            ids.splice(i, 1 + k, lig.glyph);
            chars.splice(i, 1 + k, made);
            break;
          }
        }
      } else {
        for (let i = 0; i < ids.length; i++) {
          const t = step.triggers.get(ids[i]!);
          if (t !== undefined && (t === ALWAYS || (i + 1 < ids.length && t.has(ids[i + 1]!)))) return undefined;
        }
      }
    }
    const m = ids.length;
    const values: number[] = [m, OWN_CHARACTERS, ...ids];
    for (let i = 0; i < m; i++) {
      const g = ids[i]!;
      if (g >= glyphCount || gdefOwner!.getClassID(g, classDef!) === 3 || rules.positioned.has(g)) return undefined;
      const x = advanced(rules, g, i + 1 < m ? ids[i + 1]! : -1);
      if (Number.isNaN(x)) return undefined;
      values.push(x);
    }
    for (const c of chars) values.push(c.length, ...c);
    return Int32Array.from(values);
  }
}

/**
 * A character fontkit maps to a glyph of its own and shapes with its default shaper, that asks for
 * no features of its own and that is not default-ignorable: shaping-cache.ts's kept characters,
 * but the fraction slash.
 */
export function plainCharacter(c: number): boolean {
  return c !== 0x2044 && cacheableCharacter(c);
}
