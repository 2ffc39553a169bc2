/**
 * RentHop: every URL and selector the connector uses, in one place. Nothing here was ever
 * validated against the live site: [G] marks the earlier project's guesses
 * (sandbox/README.md records what is known of each site), [S] guesses
 * taken from the local sandbox's markup. Lists are tried in order, first match wins: the
 * earlier project's list first, sandbox guesses appended. Correct them here when real pages are seen.
 */
export const RENTHOP = {
  timeZone: "America/New_York", // [G] NYC site; datetime attributes are ISO anyway
  paths: {
    login: "/login", // [S]
    inbox: "/account/messages", // [G]
    thread: (id: string) => `/account/messages/${encodeURIComponent(id)}`, // [G]
  },
  markers: {
    // The original had none (a logged-out page was read as an empty inbox). [S]: the
    // sandbox redirects to /login; an inline login form is caught by the classifier's
    // password-field rule. No texts: the login copy ("log in to renthop") is something a lead
    // could write, and a login text in a preview would read the whole inbox as logged out.
    loginUrlPatterns: ["/login", "/signin", "/users/sign_in"],
    loginTexts: [],
    captchaSelectors: ["iframe[src*='recaptcha']", "[name='cf-turnstile-response']"], // [G]
    challengeSelectors: ["#challenge-form", "[data-testid='challenge-screen']"], // [G]
  },
  login: {
    username: ["input[name='username']", "input[type='email']", "input[autocomplete='username']"], // [S]
    password: ["input[name='password']", "input[type='password']"], // [S]
    remember: ["input[type='checkbox'][name='remember']"], // [S]
    submit: ["form#login-form button[type='submit']", "form button[type='submit']", "input[type='submit']"], // [S]
  },
  inbox: {
    rows: ["[data-thread-id][data-message-id]", "[data-testid='message-item']"], // [G]
    /** [S] the row list rendered with nothing in it. */
    empty: ["div.inbox:empty"],
    threadIdAttrs: ["data-thread-id", "data-thread", "data-conversation-id"],
    threadLink: "a[href*='/account/messages/']",
    threadHref: [/\/messages\/([^/?#]+)/],
    preview: ["[data-testid='message-snippet']", ".message-text"], // [G]
    date: ["time[datetime]", "[class*='time']", "[class*='date']"], // [G] generic
    name: [".lead-name", "[class*='name']", "h3", "h4", "strong"], // [S] + [G] generic
    label: [".listing-title", "[class*='listing']", "[class*='title']"], // [S] + [G] generic
    listingIdAttrs: ["data-listing-id", "data-room-id", "data-unit-id"],
    listingLink: "a[href*='/listings/']",
    listingHref: [/\/listings\/([^/?#]+)/],
    outboundClasses: ["outbound", "thread_out", "from-me", "message_out"],
    next: ["a[rel='next']"], // [S] ?page=N
  },
  thread: {
    // [G] generic defaults; the loose `[class*='message']` is left out (it matches containers).
    item: ["li.message[id^='msg_']", "[data-message-id]", "[data-testid='thread-message']"],
    body: ["dd.message_body", "[data-testid='message-body']", "[class*='message-body']", "p"], // [G]
    time: ["dd.message_date", "time[datetime]", "[data-testid='message-time']"], // [G]
    idAttrs: ["data-message-id", "data-id", "id"],
    outboundClasses: ["outbound", "message_out", "from-me"], // [G]; data-direction first [S]
    leadName: ["h1"], // [S]
    listingLink: "a[href*='/listings/']", // [S]
    listingHref: [/\/listings\/([^/?#]+)/],
  },
  composer: {
    textarea: ["textarea[name='message']", "textarea"], // [G] + generic
    submit: ["button[data-testid='send-button']", "form.reply button[type='submit']"], // [G] + [S]
    error: [".form-error[role='alert']", "[role='alert']"], // [S]
  },
} as const;
