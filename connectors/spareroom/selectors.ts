/**
 * SpareRoom (US): every URL and selector the connector uses, in one place. [V] marks facts the
 * earlier lease-bot validated against the live site; [G] marks guesses (see
 * sandbox/README.md). Correct them here when real pages are seen.
 */
export const SPAREROOM = {
  timeZone: "America/New_York", // [V] c6e61f0
  paths: {
    login: "/roommate/logon.pl", // [V]
    inbox: "/roommate/mythreads_beta.pl", // [V]
    thread: (id: string) => `/roommate/mythreads_beta.pl?thread_id=${encodeURIComponent(id)}`, // [V]
    listings: "/roommate/mylistings.pl?offset=0&", // [V] trailing & is literal
  },
  markers: {
    loginUrlPatterns: ["/roommate/logon.pl"], // [V]
    loginTexts: ["to view this content you will need to either"], // [V] prefix only
    // [G] — bare [data-sitekey] is left out on purpose: it matches any reCAPTCHA widget.
    captchaSelectors: ["iframe[title*='captcha']", "#g-recaptcha-response"],
    challengeSelectors: ["iframe[src*='challenge']", "#challenge-form", "[data-cy='bot-check']"], // [G]
  },
  login: {
    username: [
      "input[name='loginemail']",
      "#loginemail",
      "input[autocomplete='username']",
      "input[type='email']",
    ], // [G]
    password: ["input[name='loginpass']", "input[type='password']"], // [G]
    remember: ["#remember_me_checkbox"], // [V]
    submit: ["#sign-in-button", "form#loginform button[type='submit']", "button[type='submit']"], // [G]
  },
  inbox: {
    row: "a.thread_item[data-thread-id][data-message-id]", // [V]
    empty: ".no-messages", // [G]
    outboundClass: "thread_out", // [V]
    name: "span.name", // [V] "Jane Doe (3)"
    snippet: "span.snippet", // [V]
    date: "i.threadDate", // [V]
    adTitle: "span.ad-title", // [V]
    next: ["a.next[rel='next']", "a[rel='next']"], // [G]
  },
  thread: {
    item: "li.message[id^='msg_']", // [V]
    outboundClass: "message_out", // [V]
    body: "dd.message_body", // [V]
    date: "dd.message_date", // [V]
    from: "dt.message_from", // [G]
  },
  composer: {
    textarea: ["textarea[name='message']"], // [V]
    submit: ["button[type='submit'][name='btnSubmit']"], // [V] 245b987
    error: [".alert--error", "[role='alert']"], // [G]
  },
  listings: {
    card: "li.listing-result[id^='advert-']", // [V]
    title: ".listing-card__title", // [V]
    location: ".listing-card__location", // [V]
    price: ".listing-card__price", // [V]
    available: ".listing-card__available", // [G]
    next: ["a.next[rel='next']", "a[rel='next']"], // [G]
  },
  /** [I] thread ids are "<leadId>_<advertId>". */
  threadId: /^(\d+)_(\d+)$/,
} as const;
