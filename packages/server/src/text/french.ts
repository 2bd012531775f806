/**
 * French text normalisation shared by show matching, the engine's text similarity and search:
 * lower case, accents folded, ligatures opened, punctuation to spaces, French stop words removed.
 */

/** Lower-cases and folds accents and ligatures ("Œdipe à Colone" → "oedipe a colone"). */
export function foldAccents(text: string): string {
  return text
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

// Articles, prepositions, pronouns and auxiliaries; folded (no accents).
const STOP_WORDS = new Set(
  (
    'a au aux avec ce ces cet cette dans de des du elle en et eux il ils je la le les leur leurs lui ma mais me meme mes ' +
    'moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous ' +
    'c d j l m n s t y ete etre est sont ont a avoir fait faire plus tres tout tous toute toutes comme si sans sous ' +
    'entre vers chez dont cela ceci ici la-bas lors apres avant aussi ainsi donc car or ni soit chaque quelle quel ' +
    'the of and to in for on with at by from an'
  ).split(' '),
);

/** Whether a folded word is a stop word. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/** Folded words of a text, in order, without stop words and one-letter words. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const word of foldAccents(text).split(/[^a-z0-9]+/)) {
    if (word.length > 1 && !STOP_WORDS.has(word)) out.push(word);
  }
  return out;
}

/** A key for comparing names: folded words joined by one space. */
export function normaliseName(text: string): string {
  return tokenize(text).join(' ');
}
