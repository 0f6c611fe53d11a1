import Fuse from 'fuse.js';

/** The fields search looks at. Names and labels only. */
export interface SearchDocument {
  key: string;
  name: string;
  vault: string;
  vaultDisplayName?: string;
  customer?: string;
  tags?: Record<string, string>;
  /** More words to find the item by, searched like tags (a certificate's subject, SANs, issuer, thumbprint). */
  searchText?: string;
}

/** Tuning of `SecretSearchIndex`. */
export interface SearchIndexOptions {
  /** Query words shorter than this are never matched fuzzily (default 4). */
  minFuzzyTermLength?: number;
  /** Fuse.js threshold for typo matches (0 exact … 1 anything; default 0.34 ≈ one typo in three letters). */
  fuzzyThreshold?: number;
  /** Typo matching runs only when a word's exact matches are fewer than this (default 20). */
  fuzzyBelowMatches?: number;
}

/** A search answer: the best `limit` documents, and how many matched in all. */
export interface SearchAnswer<T> {
  items: T[];
  total: number;
}

/** Where a token occurs in a document: 0 first word of the name, 1 other name word, 2 other field. Lower is better. */
type Role = 0 | 1 | 2;
const NAME_START: Role = 0;
const NAME: Role = 1;
const OTHER: Role = 2;

/** Tier of a match by [kind][role]: prefix, infix, typo × name start, name, other fields. Lower ranks first. */
const TIERS: readonly (readonly number[])[] = [
  [0, 1, 3],
  [2, 2, 4],
  [5, 5, 6],
];
const NO_MATCH = 255;
const EMPTY = new Int32Array(0);
const MAX_TERMS = 8;
const SUM_CAP = 62;
const BUCKETS = 128;

const NON_WORD = /[^\p{L}\p{N}]+/u;
const LETTERS_ONLY = /^\p{L}+$/u;
/** A word worth splitting into camelCase / digit parts (cheap test before the Unicode regex). */
const MIXED_CASE_OR_DIGITS = /\p{Ll}[\p{Lu}\p{N}]|\p{N}\p{L}|\p{Lu}\p{Lu}\p{Ll}/u;

/** Lower-case words of free text: split on anything that is not a letter or a digit. */
function words(text: string): string[] {
  return text.toLowerCase().split(NON_WORD).filter((w) => w.length > 0);
}

/** camelCase / PascalCase / digit-run parts of one word ("SQLServer01" → sql, server, 01). */
function camelParts(word: string): string[] {
  return (word.match(/\p{Lu}+(?=\p{Lu}\p{Ll})|\p{Lu}?\p{Ll}+|\p{Lu}+|\p{N}+/gu) ?? []).map((p) => p.toLowerCase());
}

/**
 * Where the query's words occur in `name` (case-insensitive), as merged inclusive [start, end]
 * index pairs for highlighting. Typo matches have no range.
 */
export function nameMatchRanges(name: string, query: string): [number, number][] {
  const lower = name.toLowerCase();
  const ranges: [number, number][] = [];
  for (const term of queryTerms(query)) {
    for (let at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + term.length)) ranges.push([at, at + term.length - 1]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/** The words a user types for a query (same splitting as the documents, at most 8, no duplicates). */
export function queryTerms(query: string): string[] {
  return [...new Set(words(query))].slice(0, MAX_TERMS);
}

/**
 * In-memory search over secret names, tags, customer labels and vault names, built for
 * per-keystroke use over ~10,000 items (bench/search.bench.ts measures it).
 *
 * How: documents are tokenised once into a vocabulary with posting lists (token → documents, per
 * role). A query word is matched against the vocabulary — far smaller than the documents — by
 * prefix or infix, and only if that finds fewer than `fuzzyBelowMatches` documents, by Fuse.js's
 * Bitap fuzzy matcher over the vocabulary tokens that share its first letter (typos, not
 * abbreviations; a typo in the first letter is not forgiven). Every word must match (AND).
 * Ranking is integer tiers (name start < name word < infix < other fields < typo) summed over
 * words, favourites first, exact name first; ties in name order. Buckets instead of a sort keep a
 * one-letter query (matching nearly everything) linear.
 *
 * Why not Fuse.js over the documents: it scans every document for every keystroke (~40 ms for
 * 10,000 items here), twenty times the budget. Fuse stays as the typo matcher on a small set.
 */
export class SecretSearchIndex<T extends SearchDocument> {
  private readonly docs: T[];
  private readonly namesLower: string[];
  private readonly vocabulary: string[] = [];
  /**
   * Posting lists in one flat array (CSR): the documents of token t in role r are
   * `postingDocs[postingStart[t*3+r] .. postingStart[t*3+r+1])`, ascending.
   */
  private postingStart = new Int32Array(1);
  /** Token ids by each distinct two-letter sequence they contain, and by first letter. */
  private readonly byBigram = new Map<string, Int32Array>();
  private readonly byFirstChar = new Map<string, Int32Array>();
  private postingDocs = new Int32Array(0);
  private favourite: Uint8Array;
  private readonly minFuzzy: number;
  private readonly fuzzyThreshold: number;
  private readonly fuzzyBelow: number;
  private readonly fuzzyByLetter = new Map<string, { fuse: Fuse<string>; ids: number[] }>();
  /** Per query word: tiers per document, and (words of 2+ letters) the exactly matching tokens. */
  private readonly tierCache = new Map<string, { tiers: Uint8Array; tokens: Int32Array | undefined }>();
  private readonly sums: Uint16Array;

  constructor(documents: readonly T[], options: SearchIndexOptions = {}) {
    this.minFuzzy = options.minFuzzyTermLength ?? 4;
    this.fuzzyThreshold = options.fuzzyThreshold ?? 0.34;
    this.fuzzyBelow = options.fuzzyBelowMatches ?? 20;
    const keyed = documents.map((doc) => ({ doc, sortKey: documentTokens(doc).sortKey }));
    keyed.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
    this.docs = keyed.map((k) => k.doc);
    this.namesLower = this.docs.map((d) => d.name.toLowerCase());
    this.favourite = new Uint8Array(this.docs.length);
    this.sums = new Uint16Array(this.docs.length);
    this.buildPostings();
  }

  /** Number of documents. */
  get size(): number {
    return this.docs.length;
  }

  /** Marks favourites (document keys); favourites rank first. */
  setFavourites(keys: ReadonlySet<string>): void {
    this.favourite = new Uint8Array(this.docs.length);
    this.docs.forEach((doc, i) => {
      if (keys.has(doc.key)) this.favourite[i] = 1;
    });
  }

  /**
   * Matches of `query` from rank `offset`, at most `limit` (empty query: favourites, then
   * everything by name), and the total number of matches.
   */
  search(query: string, limit = 50, offset = 0): SearchAnswer<T> {
    const terms = queryTerms(query);
    const n = this.docs.length;
    let candidates: number[];
    if (terms.length === 0) {
      candidates = Array.from({ length: n }, (_, i) => i);
      this.sums.fill(0);
    } else {
      candidates = [];
      const first = this.termTiers(terms[0]!);
      for (let i = 0; i < n; i++) {
        const tier = first[i]!;
        if (tier !== NO_MATCH) {
          candidates.push(i);
          this.sums[i] = tier;
        }
      }
      for (let t = 1; t < terms.length && candidates.length > 0; t++) {
        const tiers = this.termTiers(terms[t]!);
        const kept: number[] = [];
        for (const i of candidates) {
          const tier = tiers[i]!;
          if (tier === NO_MATCH) continue;
          this.sums[i] = this.sums[i]! + tier;
          kept.push(i);
        }
        candidates = kept;
      }
    }
    const exactName = terms.length > 0 ? query.trim().toLowerCase() : undefined;
    return { items: this.rank(candidates, exactName, offset + limit).slice(offset), total: candidates.length };
  }

  /** Bucket ranking: one counting pass, one collecting pass; buckets hold documents in name order. */
  private rank(candidates: number[], exactName: string | undefined, limit: number): T[] {
    const keyOf = (i: number): number => (this.favourite[i] ? 0 : 64) + (exactName !== undefined && this.namesLower[i] === exactName ? 0 : 1 + Math.min(this.sums[i]!, SUM_CAP));
    const counts = new Uint32Array(BUCKETS);
    for (const i of candidates) counts[keyOf(i)]!++;
    let cutoff = 0;
    let taken = 0;
    while (cutoff < BUCKETS && taken + counts[cutoff]! < limit) taken += counts[cutoff++]!;
    const perBucket: number[][] = Array.from({ length: Math.min(cutoff + 1, BUCKETS) }, () => []);
    let cutoffRoom = limit - taken;
    for (const i of candidates) {
      const key = keyOf(i);
      if (key < cutoff) perBucket[key]!.push(i);
      else if (key === cutoff && cutoffRoom > 0) {
        perBucket[key]!.push(i);
        cutoffRoom--;
      }
    }
    return perBucket.flat().map((i) => this.docs[i]!);
  }

  /**
   * Best tier of `term` per document (NO_MATCH if none), cached per term for the next keystrokes.
   * Typing extends a word one letter at a time, and every token containing "roo" also contains
   * "ro": so the vocabulary scan runs only over the tokens that matched the longest cached prefix
   * of `term`. A one-letter word matches word starts only (inside a word, one letter is noise).
   */
  private termTiers(term: string): Uint8Array {
    const cached = this.tierCache.get(term);
    if (cached) return cached.tiers;
    const tiers = new Uint8Array(this.docs.length).fill(NO_MATCH);
    let matched = 0;
    const { postingStart, postingDocs } = this;
    const apply = (token: number, kind: number) => {
      for (let role = 0; role < 3; role++) {
        const tier = TIERS[kind]![role]!;
        const end = postingStart[token * 3 + role + 1]!;
        for (let p = postingStart[token * 3 + role]!; p < end; p++) {
          const i = postingDocs[p]!;
          const current = tiers[i]!;
          if (current === NO_MATCH) matched++;
          if (tier < current) tiers[i] = tier;
        }
      }
    };
    // Candidate tokens: the previous keystroke's matches if cached, else every token holding the
    // word's first two letters (any infix match does), or for one letter those starting with it.
    const scope = (term.length > 1 ? this.narrowestCachedScope(term) : undefined) ?? (term.length > 1 ? this.byBigram.get(term.slice(0, 2)) : this.byFirstChar.get(term)) ?? EMPTY;
    const tokens: number[] = [];
    const consider = (token: number) => {
      const text = this.vocabulary[token]!;
      const kind = text.startsWith(term) ? 0 : term.length > 1 && text.includes(term) ? 1 : -1;
      if (kind < 0) return;
      tokens.push(token);
      apply(token, kind);
    };
    for (const token of scope) consider(token);
    if (term.length >= this.minFuzzy && matched < this.fuzzyBelow && LETTERS_ONLY.test(term)) {
      const exact = new Set(tokens);
      for (const token of this.fuzzyTokens(term)) if (!exact.has(token)) apply(token, 2);
    }
    if (this.tierCache.size >= 32) this.tierCache.delete(this.tierCache.keys().next().value!);
    this.tierCache.set(term, { tiers, tokens: term.length > 1 ? Int32Array.from(tokens) : undefined });
    return tiers;
  }

  /** Prefix/infix tokens of the longest cached prefix of `term` (of length ≥ 2), if any. */
  private narrowestCachedScope(term: string): Int32Array | undefined {
    for (let length = term.length - 1; length >= 2; length--) {
      const tokens = this.tierCache.get(term.slice(0, length))?.tokens;
      if (tokens) return tokens;
    }
    return undefined;
  }

  /** Vocabulary tokens within Fuse's threshold of `term`, among those sharing its first letter. */
  private fuzzyTokens(term: string): number[] {
    const letter = term[0]!;
    let bucket = this.fuzzyByLetter.get(letter);
    if (!bucket) {
      const ids: number[] = [];
      // Letters-only tokens: a typo is forgiven in words, never in numbers ("dc01" must not find "dc02").
      for (const id of this.byFirstChar.get(letter) ?? EMPTY) if (LETTERS_ONLY.test(this.vocabulary[id]!)) ids.push(id);
      const fuse = new Fuse(
        ids.map((id) => this.vocabulary[id]!),
        { threshold: this.fuzzyThreshold, ignoreLocation: true, isCaseSensitive: true, includeScore: false, shouldSort: false },
      );
      bucket = { fuse, ids };
      this.fuzzyByLetter.set(letter, bucket);
    }
    return bucket.fuse.search(term).map((result) => bucket.ids[result.refIndex]!);
  }

  /**
   * One pass over the documents in name order, so every posting list comes out ascending; then a
   * counting sort into one flat array. Tokenising is cached per document object (see
   * `documentTokens`), so rebuilding after a catalog change mostly maps known strings to ids.
   */
  private buildPostings(): void {
    const ids = new Map<string, number>();
    /** (token*3+role) of each posting, in document order; the document index alongside. */
    const slots: number[] = [];
    const slotDocs: number[] = [];
    for (let index = 0; index < this.docs.length; index++) {
      const { tokens, roles } = documentTokens(this.docs[index]!);
      for (let t = 0; t < tokens.length; t++) {
        const token = tokens[t]!;
        let id = ids.get(token);
        if (id === undefined) {
          id = this.vocabulary.length;
          ids.set(token, id);
          this.vocabulary.push(token);
        }
        slots.push(id * 3 + roles[t]!);
        slotDocs.push(index);
      }
    }
    const start = new Int32Array(this.vocabulary.length * 3 + 1);
    for (const slot of slots) start[slot + 1]!++;
    for (let i = 1; i < start.length; i++) start[i] = start[i]! + start[i - 1]!;
    const fill = start.slice(0, -1);
    const docs = new Int32Array(slots.length);
    for (let p = 0; p < slots.length; p++) docs[fill[slots[p]!]!++] = slotDocs[p]!;
    this.postingStart = start;
    this.postingDocs = docs;
    this.buildTokenLookups();
  }

  private buildTokenLookups(): void {
    const bigrams = new Map<string, number[]>();
    const firsts = new Map<string, number[]>();
    this.vocabulary.forEach((token, id) => {
      const first = token[0]!;
      (firsts.get(first) ?? firsts.set(first, []).get(first)!).push(id);
      const seen = new Set<string>();
      for (let i = 0; i + 2 <= token.length; i++) {
        const bigram = token.slice(i, i + 2);
        if (seen.has(bigram)) continue;
        seen.add(bigram);
        (bigrams.get(bigram) ?? bigrams.set(bigram, []).get(bigram)!).push(id);
      }
    });
    for (const [key, ids] of bigrams) this.byBigram.set(key, Int32Array.from(ids));
    for (const [key, ids] of firsts) this.byFirstChar.set(key, Int32Array.from(ids));
  }
}

/** A document's distinct tokens with their best role, and its sort key. */
interface DocumentTokens {
  tokens: string[];
  roles: Role[];
  sortKey: string;
}

/** Tokenisation per document object; callers that keep their document objects across rebuilds reuse it. */
const tokenCache = new WeakMap<SearchDocument, DocumentTokens>();

/**
 * Name words (the first one in role NAME_START) plus their camelCase parts, then vault, display
 * name, customer and tag keys/values (role OTHER); each token once, with its best role.
 */
function documentTokens(doc: SearchDocument): DocumentTokens {
  const cached = tokenCache.get(doc);
  if (cached) return cached;
  const best = new Map<string, Role>();
  const add = (token: string, role: Role) => {
    const previous = best.get(token);
    if (previous === undefined || role < previous) best.set(token, role);
  };
  let w = 0;
  for (const word of doc.name.split(NON_WORD)) {
    if (word.length === 0) continue;
    add(word.toLowerCase(), w === 0 ? NAME_START : NAME);
    if (MIXED_CASE_OR_DIGITS.test(word)) {
      const parts = camelParts(word);
      if (parts.length > 1) parts.forEach((part, p) => add(part, w === 0 && p === 0 ? NAME_START : NAME));
    }
    w++;
  }
  const other = [doc.vault, doc.vaultDisplayName ?? '', doc.customer ?? '', ...Object.entries(doc.tags ?? {}).flat(), doc.searchText ?? ''].join(' ');
  for (const word of words(other)) add(word, OTHER);
  const entry: DocumentTokens = { tokens: [...best.keys()], roles: [...best.values()], sortKey: `${doc.name.toLowerCase()}\u0000${doc.vault.toLowerCase()}` };
  tokenCache.set(doc, entry);
  return entry;
}
