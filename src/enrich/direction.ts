/**
 * The direction a language is written in, from Unicode's locale data (Intl.Locale's text info):
 * right to left for Persian, Arabic, Urdu, Hebrew, Yiddish and the other languages so written. A
 * book or chapter in such a language takes right to left as its base direction in both editions.
 */
export function textDirection(lang: string): 'ltr' | 'rtl' {
  try {
    const locale = new Intl.Locale(lang) as Intl.Locale & { getTextInfo?: () => { direction?: string }; textInfo?: { direction?: string } };
    // Node 20's V8 has the getter; later ones the method
    const info = typeof locale.getTextInfo === 'function' ? locale.getTextInfo() : locale.textInfo;
    return info?.direction === 'rtl' ? 'rtl' : 'ltr';
  } catch {
    return 'ltr';
  }
}
