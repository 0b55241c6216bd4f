import type { BallotKeys } from '../polls/ballot-key.ts';
import type { PrivacyRepository } from './privacy-repository.ts';

/** `/mydata` and `/forgetme`: a member's own data, out and gone. */
export class PrivacyService {
  constructor(
    private readonly repo: PrivacyRepository,
    private readonly ballotKeys: BallotKeys,
  ) {}

  /** Everything stored about the member, as a pretty JSON document. */
  async export(memberId: number): Promise<string> {
    const data = await this.repo.collect(memberId);
    return JSON.stringify({ exportedAt: new Date().toISOString(), ...data }, null, 2);
  }

  forget(memberId: number) {
    return this.repo.forget(memberId, (pollIds) => this.ballotKeys.ballotsOf(memberId, pollIds));
  }
}
