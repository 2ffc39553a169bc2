/**
 * Roomies: every URL and selector the connector uses, in one place. [V] marks facts the earlier
 * lease-bot validated against the live site (sandbox/README.md records what is known of each site);
 * [G] marks guesses, [S] guesses taken from the local sandbox's markup. Lists are tried in order,
 * first match wins: the earlier project's list first, sandbox guesses appended. Correct them here when
 * real pages are seen.
 */
export const ROOMIES = {
  /** [G] Roomies shows relative times ("8h ago") and ISO data; zone only matters for fallbacks. */
  timeZone: "America/New_York",
  paths: {
    login: "/login", // [G] auth URL patterns suggest /login; [S]
    inbox: "/inbox", // [V] b4da272
    thread: (id: string) => `/inbox/${encodeURIComponent(id)}`, // [V] b4da272
    listings: "/dashboard", // [V-ish] 6e0bc82 "Manage your listings"
  },
  markers: {
    loginUrlPatterns: ["/login", "/register", "/users/sign_in"], // [G] PA
    // [G] PA d22e1fa. "please login" is left out: short enough for a lead to write it, and a login
    // text anywhere in an inbox preview would read the whole inbox as logged out.
    loginTexts: ["log in to continue", "sign in to continue", "to view this content you need to log in"],
    captchaSelectors: ["iframe[src*='recaptcha']", "[name='cf-turnstile-response']"], // [G]
    challengeSelectors: ["#challenge-stage", "[data-testid='challenge-page']"], // [G]
  },
  login: {
    username: ["input[name='email']", "input[type='email']", "input[autocomplete='username']"], // [S]
    password: ["input[name='password']", "input[type='password']"], // [S]
    remember: ["input[type='checkbox'][name='remember']"], // [S]
    submit: ["form[action*='login'] button[type='submit']", "form button[type='submit']"], // [S]
  },
  inbox: {
    /**
     * Thread rows. The earlier project's last two entries (`a[href*='/messages/']`, `a[href*='/inbox/']`)
     * are left out on purpose: any restyled row still matches them, so drifted markup would be
     * parsed half-blind instead of reported as selector drift.
     */
    rows: [
      "a[href*='/inbox/'][class*='hover:bg-teal-lightest']", // [V] 6271463
      "a[href*='/inbox/'][class*='flex'][class*='gap-4']", // [V]
      "[data-thread-id][data-message-id]", // [G]
      "[data-thread-id]", // [G]
      "[data-testid='message-row']", // [G]
    ],
    /** Empty inbox: the row list rendered with nothing in it [S]. */
    empty: ["div.divide-y:empty", "div.divide-y + p.text-gray-500"],
    /** [V] thread ids are all digits, 5+ long; other /inbox/ links (nav, chips) are not threads. */
    threadId: /^\d{5,}$/,
    threadHref: [/\/inbox\/([^/?#]+)/, /\/messages\/([^/?#]+)/],
    preview: [
      "div.text-gray-700.text-sm.truncate", // [V]
      "[data-testid='message-preview']",
      ".message-snippet",
      "[class*='preview']",
      "[class*='snippet']",
    ],
    name: [
      "div.font-semibold.text-gray-800", // [V]
      "[data-testid='message-lead-name']",
      "[class*='lead-name']",
      "h3",
      "h4",
      "strong",
    ],
    date: ["time[datetime]", "[data-testid='message-time']", ".message-time"], // [G]; usually absent
    /** [V] 08c777e: the row usually ends with a relative time. */
    trailingAgo: /\s*(\d+\s*(?:m|min|mins|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?)\s+ago)\s*$/i,
    /** [V] filter chips that look like rows. */
    chips: ["unread", "unread only"],
    outboundPrefix: /^you:\s*/i, // [V]
    /** [V] a row without a name element reads "[Initial ]Name You: text". */
    namedOutbound: /^(?:\p{Lu} )?([\p{L}'.\- ]{1,50}?) You:\s*(.*)$/u,
    next: ["a[rel='next']"], // [S] the earlier project saw no pagination
  },
  thread: {
    /** [V] 6271463: Alpine-rendered; "Loading messages" shows until these exist. */
    item: [
      "li[x-data*='messageItem']", // [V]
      "[data-message-id]", // [G]
      "[data-testid='thread-message']", // [G]
    ],
    /** [V] `messageItem(<message>, <isSender>)`; the arguments may be names or inline JSON. */
    xData: /^\s*messageItem\(\s*([\s\S]*?)\s*,\s*(true|false)\s*\)\s*$/,
    /** [S] the page's boot data (the same objects Alpine's _x_dataStack holds). */
    data: "script#thread-data[type='application/json']",
    body: [
      "div.whitespace-pre-line[x-text='message.content']", // [V]
      "div.whitespace-pre-line", // [V]
      "[data-testid='message-body']",
      ".message-body",
      "p",
    ],
    time: ["time[datetime]", "time[x-text*='toLocaleTimeString']", "[data-testid='message-time']"], // [V]/[G]
    /** [V] our bubble is teal with white text. */
    bubble: "div.inline-block.rounded-lg",
    ourBubbleClasses: ["bg-teal", "text-white"],
    listingLink: "a[href*='/rooms/']", // [V] 6e0bc82; the first whose text is not "More"
    listingHref: [/\/rooms\/(\d+)/],
    leadName: ["h1", "h2", "[class*='font-semibold']", "[class*='font-bold']", "[data-testid*='name']"], // [V]
    notNames: ["messages", "more", "you", "today", "yesterday"], // [V]
  },
  composer: {
    textarea: [
      "textarea[name='body']",
      "textarea[name='message']",
      "textarea[data-testid='message-input']",
      "textarea",
    ], // [V]
    /** [V] 096da18: the real send button is the visible orange one; hidden and menu-item twins exist. */
    submit: [
      "button[data-testid='send-message']",
      "button[class*='bg-brand-orange']:not([role='menuitem'])",
      "button[type='submit'][class*='bg-brand-orange']",
      "form button[type='submit']:not([role='menuitem'])",
      "button[type='submit']:not([role='menuitem'])",
      "button[type='submit']",
      "#send-button", // [S]
    ],
    error: ["#send-error[role='alert']:not(.hidden)", "[role='alert']:not(.hidden)"], // [S]
    /**
     * [S] What the page's own script shows when the request failed in transit or with a server
     * error: the message may have been stored, so this is no refusal (see parseThread).
     */
    transportErrorTexts: ["network error", "something went wrong"],
  },
  listings: {
    card: ["[data-listing-id]", "[data-room-id]", "[data-testid='listing-card']"], // [G]
    link: ["a[href*='/rooms/']", "a[href*='/listings/']"], // [G]
    idHref: [/\/rooms\/(\d+)/, /\/listings\/([^/?#]+)/],
    idAttrs: ["data-listing-id", "data-room-id", "data-id"],
    title: [
      "[data-testid='listing-title']",
      ".listing-title",
      "[class*='listing-title']",
      "[class*='room-title']",
      "h2",
      "h3",
    ],
    location: ["[data-testid='listing-location']", ".listing-location", "[class*='location']"],
    price: ["[data-testid='listing-price']", ".listing-price", "[class*='price']"],
    status: ["[data-testid='listing-status']", ".listing-status", "[class*='status']", ".badge"],
    available: ["[data-testid='listing-available']", ".listing-available", "div"], // [S]
    next: ["a[rel='next']"], // [S] ?page=N
  },
} as const;
