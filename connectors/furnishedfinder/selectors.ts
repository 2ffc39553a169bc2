/**
 * Furnished Finder: every URL and selector the connector uses, in one place. Nothing here was
 * ever validated against the live site: [G] marks the earlier project's guesses
 * (sandbox/README.md records what is known of each site), [S] guesses
 * taken from the local sandbox's markup. Lists are tried in order, first match wins: the
 * earlier project's list first, sandbox guesses appended. Correct them here when real pages are seen.
 */
export const FURNISHEDFINDER = {
  timeZone: "America/New_York", // [G] datetime attributes are ISO anyway
  paths: {
    login: "/login", // [S]
    inbox: "/messaging/inbox", // [G]
    thread: (id: string) => `/messaging/thread/${encodeURIComponent(id)}`, // [G]
  },
  markers: {
    // The original had none (a logged-out page was read as an empty inbox). [S]: the
    // sandbox redirects to /login; an inline login form is caught by the classifier's
    // password-field rule. No texts: login copy is something a lead could write in a message.
    loginUrlPatterns: ["/login", "/signin", "/account/login"],
    loginTexts: [],
    captchaSelectors: ["iframe[src*='captcha']", "[data-testid='captcha-frame']"], // [G]
    challengeSelectors: ["#challenge-stage", "[data-testid='bot-challenge']"], // [G]
  },
  login: {
    username: ["input[name='username']", "input[type='email']", "input[autocomplete='username']"], // [S]
    password: ["input[name='password']", "input[type='password']"], // [S]
    remember: ["input[type='checkbox'][name='rememberMe']"], // [S]
    submit: ["form#signin button[type='submit']", "form button[type='submit']", "input[type='submit']"], // [S]
  },
  inbox: {
    rows: ["[data-thread-id][data-message-id]", ".thread-row"], // [G]
    /** [S] the row list rendered with nothing in it. */
    empty: ["div.threads:empty"],
    threadIdAttrs: ["data-thread-id", "data-thread", "data-conversation-id"],
    threadLink: "a[href*='/messaging/thread/']",
    threadHref: [/\/thread\/([^/?#]+)/],
    preview: ["[data-testid='thread-preview']", ".thread-preview"], // [G]
    date: ["time[datetime]", "[class*='time']", "[class*='date']"], // [G] generic
    name: [".thread-name", "[class*='name']", "h3", "h4", "strong"], // [S] + [G] generic
    label: [".thread-property", "[class*='listing']", "[class*='title']"], // [S] + [G] generic
    listingIdAttrs: ["data-listing-id", "data-property-id"],
    listingLink: "a[href*='/property/']",
    listingHref: [/\/property\/([^/?#]+)/],
    outboundClasses: ["outbound", "thread_out", "from-me", "message_out"],
    next: ["a[rel='next']"], // [S] ?page=N
  },
  thread: {
    // [G] generic defaults, [S] order: the pending bubble has the test id before it has an id.
    item: ["[data-testid='thread-message']", "[data-message-id]", ".thread-message"],
    body: ["[data-testid='message-body']", ".message-body", "[class*='message-body']", "p"], // [G]
    time: ["time[datetime]", "[data-testid='message-time']"], // [G]
    idAttrs: ["data-message-id", "data-id"],
    outboundClasses: ["outbound", "message_out", "from-me"], // [S]/[G]
    leadName: ["h1.thread-title", "h1"], // [S]
    listingLink: "a[href*='/property/']", // [S]
    listingHref: [/\/property\/([^/?#]+)/],
    /** [S] delivery marks on our messages: sending ○ → sent ✓ → delivered ✓✓ → read (blue ✓✓). */
    statusAttr: "data-status",
    failedStatus: "failed",
  },
  composer: {
    textarea: ["textarea[name='messageBody']", "textarea"], // [G]
    submit: ["button[data-testid='thread-send']", "#send-btn"], // [G] + [S]
    error: ["#send-error[role='alert']:not(.hidden)", ".send-error[role='alert']:not(.hidden)"], // [S]
    /**
     * [S] What the page's own script shows when the request failed in transit or with a server
     * error (no reason from the site): the message may have been stored, so this is no refusal.
     */
    transportErrorTexts: ["message failed to send"],
  },
} as const;
