/**
 * What a vote button stands for and never changes once the poll is posted: its option, the poll, the
 * poll's community and rules. Nothing here says whether the poll is still open or who may vote: those
 * change, and each vote reads them afresh.
 */
export interface OptionFacts {
  optionId: number;
  label: string;
  pollId: number;
  communityId: number;
  multi: boolean;
  anonymous: boolean;
  hideResults: boolean;
}

/** Thousands of options (a few hundred bytes each): far more than are ever voted on at once. */
const DEFAULT_CAPACITY = 5_000;

/**
 * The facts of options pressed lately, so that a vote needs no read before its one write (the oldest
 * entry goes first when it is full). Safe to keep in memory on each instance because the facts never
 * change; the vote statement still checks them against the database (see `BallotRepository`), so a
 * stale entry is caught, not trusted.
 */
export class OptionFactsCache {
  private readonly entries = new Map<number, OptionFacts>();

  constructor(private readonly capacity: number = DEFAULT_CAPACITY) {}

  get(optionId: number): OptionFacts | undefined {
    return this.entries.get(optionId);
  }

  set(facts: OptionFacts): void {
    this.entries.delete(facts.optionId);
    this.entries.set(facts.optionId, facts);
    // A Map keeps insertion order: the first key is the one put in longest ago.
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  forget(optionId: number): void {
    this.entries.delete(optionId);
  }
}
