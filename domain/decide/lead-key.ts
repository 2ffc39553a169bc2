/** The opt-out key of a conversation's lead: the site's lead id, else the thread id (0002). */
export function leadKeyOf(conv: { leadRef: string | null; externalThreadId: string }): string {
  return conv.leadRef ?? conv.externalThreadId;
}
