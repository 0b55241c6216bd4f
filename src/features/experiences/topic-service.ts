import { UserError } from '../../core/errors.ts';
import { MAX_TOPICS, parseTagList, sameTag } from './experience-tags.ts';
import type { TopicRepository } from './topic-repository.ts';

/** The community's topic list, kept by curators, offered as buttons when a member shares. */
export class TopicService {
  constructor(private readonly repo: TopicRepository) {}

  list(communityId: number) {
    return this.repo.list(communityId);
  }

  find(communityId: number, id: number) {
    return this.repo.findById(communityId, id);
  }

  /** Adds the topics of a list (`a, b, c`); those already there, in any spelling, are skipped. */
  async add(communityId: number, text: string): Promise<string[]> {
    const existing = await this.repo.list(communityId);
    const added: string[] = [];
    for (const name of parseTagList(text)) {
      if (![...existing.map((t) => t.name), ...added].some((t) => sameTag(t, name))) added.push(name);
    }
    if (existing.length + added.length > MAX_TOPICS)
      throw new UserError('experience.topics.error.too-many', { max: MAX_TOPICS });
    await this.repo.add(communityId, added);
    return added;
  }

  /** Removes a topic by its name as a member would type it, or by the id on its button. */
  async remove(communityId: number, which: { name: string } | { id: number }): Promise<string> {
    const topics = await this.repo.list(communityId);
    const topic =
      'id' in which ? topics.find((t) => t.id === which.id) : topics.find((t) => sameTag(t.name, which.name));
    if (!topic) throw new UserError('experience.topics.error.unknown', { name: 'name' in which ? which.name : '' });
    await this.repo.remove(communityId, topic.id);
    return topic.name;
  }
}
