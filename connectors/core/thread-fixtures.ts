/**
 * Threads for the unit tests of reply counting (reply-evidence.test.ts and the account's recount
 * rules): an outbound message with a native id unless told otherwise, and a thread around them.
 * Test support only; nothing in the product imports it.
 */
import type { ThreadDetail, ThreadMessage } from "./contract.ts";

export const msg = (id: string, text: string, extra: Partial<ThreadMessage> = {}): ThreadMessage => ({
  externalMessageId: id,
  nativeId: true,
  direction: "outbound",
  sender: null,
  text,
  sentAt: null,
  sentAtText: null,
  ...extra,
});

export const thread = (...messages: ThreadMessage[]): ThreadDetail => ({
  externalThreadId: "t1",
  leadName: "Ann",
  leadRef: null,
  listingRef: null,
  listingTitle: null,
  messages,
});
