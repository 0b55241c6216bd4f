import type { ButtonSpec } from '../../core/context.ts';
import type { OutboundMessage } from '../../core/event.ts';
import type { Language } from '../../i18n/languages.ts';
import type { MessageParams, Translate, Translator } from '../../i18n/translator.ts';

/**
 * Messages for someone other than the person who acted: the author told about a review in their own
 * language, a newsletter posted in the community's. `ctx.reply` speaks the actor's language only.
 */
export class LocalizedMessages {
  constructor(private readonly translator: Translator) {}

  t(language: Language): Translate {
    return this.translator.forLanguage(language);
  }

  render(
    language: Language,
    key: string,
    params: MessageParams = {},
    options: { buttons?: ButtonSpec[][]; file?: OutboundMessage['file'] } = {},
  ): OutboundMessage {
    const t = this.t(language);
    const message: OutboundMessage = { text: t(key, params) };
    if (options.buttons) {
      message.buttons = options.buttons.map((row) =>
        row.map((b) => ({
          label: b.label ?? t(b.labelKey ?? b.action, b.labelParams),
          action: b.action,
          ...(b.data !== undefined ? { data: b.data } : {}),
        })),
      );
    }
    if (options.file) message.file = options.file;
    return message;
  }
}
