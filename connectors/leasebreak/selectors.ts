/**
 * Leasebreak: every URL and selector the connector uses, in one place. Nothing here was ever
 * validated against the live site: [G] marks the earlier project's guesses
 * (sandbox/README.md records what is known of each site), [S] guesses
 * taken from the local sandbox's markup. Lists are tried in order, first match wins: the
 * earlier project's list first, sandbox guesses appended. Correct them here when real pages are seen.
 */
export const LEASEBREAK = {
  timeZone: "America/New_York", // [G] NYC site; datetime attributes are ISO anyway
  paths: {
    login: "/users/sign_in", // [G] first auth URL pattern (Devise)
    inbox: "/messages", // [G]
    thread: (id: string) => `/messages/${encodeURIComponent(id)}`, // [G]
    listings: "/my/listings", // [G] first listing-sync path
  },
  markers: {
    loginUrlPatterns: ["/users/sign_in", "/login", "/session/new"], // [G]
    // [G] "please sign in" is left out: short enough for a lead to write it in a message.
    loginTexts: ["log in to continue", "sign in to continue", "you need to sign in", "you need to log in"],
    // [G] bare [data-sitekey] is left out on purpose: it matches any (invisible) reCAPTCHA widget.
    captchaSelectors: [
      "iframe[src*='hcaptcha']",
      "iframe[src*='recaptcha']",
      "[name='cf-turnstile-response']",
    ],
    challengeSelectors: [
      "#cf-challenge-running",
      ".challenge-form",
      "#challenge-stage",
      "[data-testid='challenge-page']",
    ], // [G]
  },
  login: {
    username: [
      "input[name='user[email]']",
      "#user_email",
      "input[type='email']",
      "input[autocomplete='username']",
    ], // [S]
    password: ["input[name='user[password]']", "input[type='password']"], // [S]
    // [S] the checkbox, not Rails' hidden "0" twin with the same name
    remember: ["input[type='checkbox'][name='user[remember_me]']", "#user_remember_me"],
    submit: ["form#new_user button[type='submit']", "form button[type='submit']", "input[type='submit']"], // [S]
  },
  inbox: {
    /**
     * [G] rows. The earlier project's `a[href*='/messages/']` is left out: restyled rows still match it,
     * so drifted markup would be parsed half-blind instead of reported as selector drift.
     */
    rows: ["[data-thread-id][data-message-id]", "[data-thread-id]", ".message-row"],
    /** [S] the row list rendered with nothing in it. */
    empty: ["div.message-list:empty"],
    threadIdAttrs: ["data-thread-id", "data-thread", "data-conversation-id"],
    threadLink: "a[href*='/messages/']",
    threadHref: [/\/messages\/([^/?#]+)/],
    preview: [".message-preview", "[data-testid='message-body']", "[class*='preview']", "[class*='snippet']"],
    date: ["time[datetime]", ".message-time", "[class*='time']", "[class*='date']"],
    name: ["[data-testid='message-lead-name']", ".message-name", "[class*='name']", "h3", "h4", "strong"],
    label: [
      "[data-testid='message-thread-label']",
      ".listing-title",
      "[class*='listing']",
      "[class*='title']",
    ],
    listingIdAttrs: ["data-listing-id", "data-room-id", "data-unit-id"],
    listingLink: "a[href*='/listing/'], a[href*='/for-rent/'], a[href*='/listings/']",
    listingHref: [/\/listings?\/([^/?#]+)/, /\/for-rent\/([^/?#]+)/, /\/apartments?\/([^/?#]+)/],
    outboundClasses: ["outbound", "thread_out", "from-me", "message_out"],
    next: ["a[rel='next']", ".pagination a.next"], // [S] ?page=N
  },
  thread: {
    item: ["[data-message-id]", "[data-testid='thread-message']", ".message", "[class*='message-bubble']"], // [G]
    body: ["[data-testid='message-body']", ".message-body", "[class*='message-content']", "p"], // [G]
    time: ["time[datetime]", ".message-time", "[class*='time']", "[class*='date']"], // [G]
    idAttrs: ["data-message-id", "data-id", "id"],
    outboundClasses: ["message--outbound", "outbound", "from-me", "message_out"], // [S]/[G]
    leadName: ["h1"], // [S]
    listingLink: "a[href*='/listing/'], a[href*='/for-rent/']", // [S]
    listingHref: [/\/listing\/([^/?#]+)/, /\/for-rent\/([^/?#]+)/],
  },
  composer: {
    textarea: [
      "textarea[name='message']",
      "textarea[name='body']",
      "textarea[data-testid='message-input']",
      "textarea",
    ], // [G]
    submit: [
      "button[type='submit']",
      "button[data-testid='send-button']",
      "button[data-testid='thread-send']",
    ], // [G]
    error: ["div.alert.alert-danger[role='alert']", ".alert-danger", "[role='alert']"], // [S]
  },
  listings: {
    card: [
      "[data-listing-id]",
      "[data-testid='listing-card']",
      "article[class*='listing']",
      "li[class*='listing']",
    ], // [G]
    link: ["a[href*='/listing/']", "a[href*='/for-rent/']", "a[href*='/listings/']"], // [G]
    idHref: [
      /\/listing\/([^/?#]+)/,
      /\/for-rent\/([^/?#]+)/,
      /\/apartments?\/([^/?#]+)/,
      /\/listings\/([^/?#]+)/,
    ],
    idAttrs: ["data-listing-id", "data-room-id", "data-id"],
    title: ["[data-testid='listing-title']", ".listing-title", "h2", "h3"], // [G]
    location: ["[data-testid='listing-location']", ".listing-location", "[class*='location']"], // [G]
    price: ["[data-testid='listing-price']", ".listing-price", "[class*='price']"], // [G]
    status: ["[data-testid='listing-status']", ".listing-status", "[class*='status']", ".badge"], // [G]
    available: [".listing-available", "[class*='available']"], // [S]
    next: ["a[rel='next']"], // [S] ?page=N
  },
} as const;
