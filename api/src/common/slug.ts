const LETTERS: Record<string, string> = { æ: 'ae', ø: 'o', å: 'a', ß: 'ss' };

/** "Erfaringsskolen i Oslo" → "erfaringsskolen-i-oslo"; Norwegian letters get their usual ASCII spelling. */
export function slugify(text: string, maxLength = 64): string {
  return text
    .toLowerCase()
    .replace(/[æøåß]/g, (letter) => LETTERS[letter] ?? letter)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, maxLength)
    .replace(/^-+|-+$/g, '');
}
