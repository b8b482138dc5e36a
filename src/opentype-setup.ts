/**
 * fontkit (2.0.4) sets its OpenType shaping up anew for every string it lays out, and pdfkit gives
 * it one word at a time, so a book pays that set-up once per new word of each face:
 * - `selectScript`, asked with no language (pdfkit never gives one), finds the script's default
 *   language again and rebuilds the feature table each time (the `!language` test always passes);
 * - `lookupsForFeatures` collects and sorts the same lookups for the same features each time;
 * - the default shaper's plan (which features, in which stages) is made again each time, though it
 *   depends only on the direction and the features asked for;
 * - each glyph gets the plan's global features one key at a time, by a `for...in` over them.
 * Here each of those is kept and given back while what it depends on is the same (the arguments,
 * and the processor's feature table by identity), and a fresh glyph's features are a copy of one
 * object that has them all.
 * What fontkit computes is unchanged, and so is the state it leaves: the glyphs, positions and
 * characters of every word (test/opentype-setup.test.ts compares the two ways word by word).
 *
 * In a 50k-word book with a real-sized vocabulary (bench/generate.ts) the set-up was about a
 * quarter of fontkit's time in the PDF's layout.
 */

interface OTProcessor {
  selectScript(script?: string | readonly string[], language?: string, direction?: string): string;
  lookupsForFeatures(userFeatures?: readonly string[], exclude?: readonly number[]): unknown[];
  features: Record<string, unknown>;
  scriptTag: string;
  [LAST]?: { script: unknown; language: unknown; direction: unknown; features: Record<string, unknown> };
}
interface Plan {
  readonly font: unknown;
  readonly script: unknown;
  readonly direction: string;
  stages: unknown[];
  allFeatures: Record<string, number>;
  globalFeatures: Record<string, boolean>;
  assignGlobalFeatures(glyphs: readonly GlyphInfo[]): void;
}
interface GlyphInfo { features: Record<string, boolean> }
interface Shaper {
  plan(plan: Plan, glyphs: readonly GlyphInfo[], features: unknown): void;
  planPreprocessing(plan: Plan): void;
  planFeatures(plan: Plan): void;
  planPostprocessing(plan: Plan, features: unknown): void;
  assignFeatures(plan: Plan, glyphs: readonly GlyphInfo[]): void;
}
interface OTLayoutEngine {
  readonly GSUBProcessor: OTProcessor | null;
  readonly GPOSProcessor: OTProcessor | null;
  shaper: Shaper | null;
  plan: Plan | null;
  setup(glyphRun: unknown): void;
}

const LAST = Symbol('lectern: the last script selected');
const patched = new WeakSet<object>();

/** The font's OpenType layout engine and the class its GSUB and GPOS processors share (the owner
 * of `selectScript`), when fontkit lays the font out with its OpenType engine. */
function openTypeLayout(fontkitFont: object): { engine: OTLayoutEngine; otProto: OTProcessor } | undefined {
  const engine = (fontkitFont as { _layoutEngine?: { engine?: unknown } })._layoutEngine?.engine as OTLayoutEngine | undefined;
  const processor = engine?.GSUBProcessor ?? engine?.GPOSProcessor;
  if (!engine || !processor || typeof engine.setup !== 'function') return undefined;
  const otProto = findOwner(processor, 'selectScript') as OTProcessor | undefined;
  if (!otProto || typeof otProto.lookupsForFeatures !== 'function') return undefined;
  return { engine, otProto };
}

/** Puts the kept set-up on the classes of `fontkitFont`'s OpenType layout (once per class). */
export function keepOpenTypeSetup(fontkitFont: object): void {
  const layout = openTypeLayout(fontkitFont);
  if (!layout) return;
  if (!patched.has(layout.otProto)) {
    patched.add(layout.otProto);
    keepScripts(layout.otProto);
  }
  const engineProto = Object.getPrototypeOf(layout.engine) as OTLayoutEngine;
  if (!patched.has(engineProto)) {
    patched.add(engineProto);
    keepPlans(engineProto);
  }
}

/** Whether `fontkitFont`'s layout has the kept set-up (for the test that would see a fontkit
 * upgrade leave it out). */
export function openTypeSetupKept(fontkitFont: object): boolean {
  const layout = openTypeLayout(fontkitFont);
  return !!layout && patched.has(layout.otProto) && patched.has(Object.getPrototypeOf(layout.engine) as object);
}

/** The object on `o`'s prototype chain that owns `method`. */
function findOwner(o: object, method: string): object | undefined {
  for (let p = Object.getPrototypeOf(o) as object | null; p; p = Object.getPrototypeOf(p) as object | null) {
    if (Object.prototype.hasOwnProperty.call(p, method)) return p;
  }
  return undefined;
}

function keepScripts(proto: OTProcessor): void {
  const selectScript = proto.selectScript;
  proto.selectScript = function (this: OTProcessor, script, language, direction) {
    const last = this[LAST];
    // the same question about the same table: fontkit would rebuild the same answer
    if (last && last.script === script && last.language === language && last.direction === direction && last.features === this.features) return this.scriptTag;
    const tag = selectScript.call(this, script, language, direction);
    this[LAST] = { script, language, direction, features: this.features };
    return tag;
  };
  const lookupsForFeatures = proto.lookupsForFeatures;
  // by the feature table and the list of features, both by identity: a kept plan (below) passes
  // the same stage arrays word after word
  const kept = new WeakMap<object, WeakMap<readonly string[], unknown[]>>();
  proto.lookupsForFeatures = function (this: OTProcessor, userFeatures = [], exclude) {
    if (exclude) return lookupsForFeatures.call(this, userFeatures, exclude);
    let byList = kept.get(this.features);
    if (!byList) { byList = new WeakMap(); kept.set(this.features, byList); }
    let lookups = byList.get(userFeatures);
    if (!lookups) {
      lookups = lookupsForFeatures.call(this, userFeatures);
      byList.set(userFeatures, lookups);
    }
    return lookups;
  };
}

/** True when a glyph run asks for no features of its own (pdfkit never does unless told to). */
function noFeatures(features: unknown): boolean {
  if (features == null) return true;
  if (Array.isArray(features)) return features.length === 0;
  return typeof features === 'object' && Object.keys(features).length === 0;
}

/**
 * The shapers are reached through the first set-up (fontkit exports none of them): the default
 * shaper is the root of every shaper class; its plan is kept per direction, for runs that ask for
 * no features, and only when it is the default shaper's own (the Arabic, Indic and other shapers
 * inherit the method and plan more).
 */
function keepPlans(engineProto: OTLayoutEngine): void {
  const setup = engineProto.setup;
  engineProto.setup = function (this: OTLayoutEngine, glyphRun: unknown) {
    setup.call(this, glyphRun);
    const shaper = this.shaper as unknown as object | null;
    const plan = this.plan;
    if (!shaper || !plan) return;
    let root = shaper;
    for (let p = Object.getPrototypeOf(root) as object; p && p !== Function.prototype; p = Object.getPrototypeOf(p) as object) root = p;
    const planProto = Object.getPrototypeOf(plan) as Plan;
    if (!patched.has(planProto)) { patched.add(planProto); keepGlobalFeatureLoop(planProto); }
    if (!patched.has(root)) { patched.add(root); keepDefaultPlan(root as Shaper); }
    // every shaper shares that root and every plan that class: fontkit's own set-up from now on
    engineProto.setup = setup;
  };
}

function keepDefaultPlan(defaultShaper: Shaper): void {
  const plan = defaultShaper.plan;
  const kept = new Map<string, Pick<Plan, 'stages' | 'allFeatures' | 'globalFeatures'>>();
  defaultShaper.plan = function (this: Shaper, p: Plan, glyphs: readonly GlyphInfo[], features: unknown) {
    if (this !== defaultShaper || !noFeatures(features)) return plan.call(this, p, glyphs, features);
    let planned = kept.get(p.direction);
    if (!planned) {
      const PlanClass = p.constructor as new (font: unknown, script: unknown, direction: string) => Plan;
      const fresh = new PlanClass(p.font, p.script, p.direction);
      this.planPreprocessing(fresh);
      this.planFeatures(fresh);
      this.planPostprocessing(fresh, features);
      planned = { stages: fresh.stages, allFeatures: fresh.allFeatures, globalFeatures: fresh.globalFeatures };
      kept.set(p.direction, planned);
    }
    // shared, and only ever read once planned (ShapingPlan.process, OTLayoutEngine.setup)
    p.stages = planned.stages;
    p.allFeatures = planned.allFeatures;
    p.globalFeatures = planned.globalFeatures;
    p.assignGlobalFeatures(glyphs);
    this.assignFeatures(p, glyphs);
  };
}

function keepGlobalFeatureLoop(planProto: Plan): void {
  // fontkit's `for (feature in this.globalFeatures) glyph.features[feature] = true` stores each key
  // on its own; a glyph fresh from the set-up has no features yet, and gets a copy of one object
  // with them all (the same keys, values and order); any other glyph gets them assigned in order
  const templates = new WeakMap<object, Record<string, boolean>>();
  planProto.assignGlobalFeatures = function (this: Plan, glyphs: readonly GlyphInfo[]) {
    let template = templates.get(this.globalFeatures);
    if (!template) {
      template = {};
      for (const k of Object.keys(this.globalFeatures)) template[k] = true;
      templates.set(this.globalFeatures, template);
    }
    for (const glyph of glyphs) {
      const f = glyph.features;
      if (isEmpty(f)) glyph.features = { ...template };
      else Object.assign(f, template);
    }
  };
}

function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}
