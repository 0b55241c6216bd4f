/**
 * Runs the updates of one chat one after another and different chats at once. Updates come in batches
 * that are handled concurrently (a long-polling batch, or webhook requests arriving together); two quick
 * messages in one chat must still be answered in the order they were written.
 */
export class ChatQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run(chatId: string, task: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(chatId) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.catch(() => undefined);
    this.tails.set(chatId, tail);
    void tail.then(() => {
      if (this.tails.get(chatId) === tail) this.tails.delete(chatId);
    });
    return result;
  }
}
