/** The API's shapes as the panel reads them (fields added later by the API are optional). */

export type Role = "admin" | "agent";
export type SendMode = "auto_send" | "draft_only";

export interface Me {
  email: string | null;
  role: Role | null;
  devIdentities: boolean;
  devUsers?: { email: string; role: Role }[];
  problem: string | null;
}

export interface Health {
  sessionState: "unknown" | "ok" | "needs_login";
  circuitState: "closed" | "open" | "half_open" | "stopped";
  circuitReason: string | null;
  circuitUntil: string | null;
  lastTickAt: string | null;
  lastIngestAt: string | null;
  lastSendAt: string | null;
  lastErrorAt: string | null;
  lastErrorClass: string | null;
  errors24h: number;
}

export interface Account {
  id: string;
  platform: string;
  label: string;
  isActive: boolean;
  sendMode: SendMode | null;
  effectiveSendMode: SendMode;
  disableReason: string | null;
  credentialRefs: Record<string, string>;
  /** Secrets the credential references name that the Worker does not have. */
  missingSecrets?: string[];
  baseUrl: string | null;
  /** Where the site's notification e-mails arrive (an Email Routing address). */
  notifyAddress: string | null;
  /** Whether a notification e-mail wakes the account at once. */
  pushEnabled: boolean;
  /** The account's IANA time zone: idle polling slows down at night there. */
  timeZone: string | null;
  /** How a reply's submit leaves (docs/anti-bot.md). */
  sendPath: "relay" | "browser";
  /** Who set the path last: nobody, an admin (learning never overrides it) or learning. */
  sendPathSource?: "default" | "admin" | "learnt";
  /** Bot-defence refusals of the relay since it last delivered (times in ms, who refused last). */
  relayRefusals?: { times: number[]; by: string | null };
  /** Whose browser drives the account. */
  browserProvider: "browser_run" | "cdp";
  /** A CDP endpoint's address and token as secret references (names, never values). */
  browserRefs: { endpoint: string; token?: string } | null;
  updatedAt: string;
  updatedBy: string;
  health: Health;
  /** Readiness for auto_send (docs/runbooks/go-live.md); absent from servers without it. */
  verification?: Verification;
}

export interface Verification {
  state: "unverified" | "verified" | "drift";
  verifiedAt: string | null;
  verifiedBy: string | null;
  reportHash: string | null;
  connectorVersion: string | null;
  driftAt: string | null;
  driftReason: string | null;
  driftEvidenceId: string | null;
  autoSendAllowed: boolean;
  autoSendBlock?: { reason: string; action: string };
}

export interface PlatformList {
  globalDefaultSendMode: SendMode;
  items: Account[];
}

export interface Queues {
  items: {
    accountId: string;
    needsReview: number;
    draftsWaiting: number;
    queued: number;
    openDeadLetters: number;
  }[];
}

export interface Hourly {
  hours: string[];
  series: string[];
  accounts: Record<string, Record<string, number[]>>;
}

export interface ConversationItem {
  id: string;
  platform: string;
  account: { id: string; label: string | null };
  lead: { name: string | null; ref: string | null; key: string };
  listing: { ref: string | null; title: string | null };
  paused: boolean;
  optedOut: boolean;
  lastMessageAt: string;
  lastMessage: { direction: string; at: string | null; preview: string } | null;
  latestDecision: { action: string; reason: string; reasonText?: string | null; decidedAt: string } | null;
  counts: { messages: number; drafts: number; queued: number };
}

export interface GuardrailHit {
  code: string;
  detail: string;
  label?: string;
}

/** What counting the copies of an in-browser send found (send_copy_checks). */
export interface CopyCheck {
  outcome: "one_copy" | "duplicate" | "not_recounted";
  copies: number | null;
  path: string;
  provider: string;
  seenBy: "confirm" | "readback" | "recount";
  recounts: number;
  evidenceId: string | null;
  reason: string | null;
  at: string;
}

export interface Reply {
  id: string;
  kind: string;
  version: number;
  body: string;
  status: string;
  reason: string | null;
  dispatchKey: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
  /** Only in a conversation's detail: set once an in-browser send's copies were counted. */
  copyCheck?: CopyCheck | null;
}

export interface ConversationDetail {
  id: string;
  platform: string;
  accountId: string;
  threadId: string;
  lead: { name: string | null; ref: string | null; key: string };
  listing: { ref: string | null; title: string | null };
  paused: boolean;
  pausedBy: string | null;
  pausedAt: string | null;
  optOut: { optedOut: boolean; changedAt: string | null; changedBy: string | null };
  messages: {
    id: string;
    direction: "inbound" | "outbound";
    origin: string;
    body: string;
    sentAt: string | null;
    sentAtText: string | null;
    createdAt: string;
  }[];
  decisions: {
    id: string;
    messageId: string;
    action: string;
    reason: string;
    reasonText?: string | null;
    intent: string;
    confidence: number;
    guardrails: GuardrailHit[];
    decidedAt: string;
  }[];
  replies: Reply[];
}

export interface DeadLetter {
  dispatchKey: string;
  accountId: string;
  platform: string;
  conversationId: string | null;
  replyId: string | null;
  stage: string;
  failureClass: string;
  attempts: number;
  firstError: string | null;
  lastError: string | null;
  evidenceId: string | null;
  status: "open" | "redriven" | "discarded" | "delivered";
  discardReason: string | null;
  createdAt: string;
  updatedAt: string;
  reply?: { id: string; body: string; kind: string; status: string } | null;
}

export interface Evidence {
  id: string;
  at: string;
  step: string;
  failureClass: string;
  message: string;
  url: string;
  html: string;
  screenshot: string | null;
  trail: unknown;
}

export interface Template {
  id: string;
  accountId: string | null;
  intent: string;
  name: string;
  body: string;
  version: number;
  isActive: boolean;
  /** One of the starter templates a fresh database has (any template an admin writes wins). */
  isStarter?: boolean;
  updatedAt: string;
  updatedBy: string;
}

export interface Listing {
  id: string;
  accountId: string;
  externalId: string;
  title: string | null;
  price: string | null;
  area: string | null;
  availableFrom: string | null;
  viewingLink: string | null;
  active: boolean;
  source: string;
}

export interface AuditItem {
  id: number;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  at: string;
}
