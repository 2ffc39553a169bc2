// The notification e-mail a site sends the account holder when a lead writes (pure text). What the
// real e-mails look like is not recorded (README "Notification e-mails"): the senders are the sites'
// own domains, the subject and text are plausible guesses. The product reads none of the text.
//
// The message carries the stamp the receiving server adds in production: Cloudflare Email Routing
// writes `ARC-Authentication-Results: i=1; mx.cloudflare.net; …` above the sender's headers. Mail
// posted to wrangler dev's local e-mail endpoint passes no mail server, so the sandbox writes the
// stamp a genuine site e-mail would get.

import type { Platform } from "./types.ts";

export const NOTIFY_SENDERS: Record<Platform, { name: string; address: string }> = {
  spareroom: { name: "SpareRoom", address: "messages@spareroom.com" },
  roomies: { name: "Roomies.com", address: "notifications@roomies.com" },
  leasebreak: { name: "Leasebreak", address: "no-reply@leasebreak.com" },
  renthop: { name: "RentHop", address: "messages@renthop.com" },
  furnishedfinder: { name: "Furnished Finder", address: "messages@furnishedfinder.com" },
};

export type NotificationMail = {
  platform: Platform;
  /** The account's notification address (envelope and header To). */
  to: string;
  leadName: string;
  threadId: string;
  messageId: string;
  at: number;
  /** Override the From address (forgery tests). */
  from?: string;
  /** Override the receiving server's stamp; null leaves it out. */
  stamp?: string | null;
};

const domainOf = (address: string) => address.slice(address.lastIndexOf("@") + 1);

/** The stamp Email Routing adds to a message whose sender's domain passed DKIM, SPF and DMARC. */
export function passStamp(from: string): string {
  const d = domainOf(from);
  return `i=1; mx.cloudflare.net; dkim=pass header.d=${d} header.s=s1; dmarc=pass header.from=${d} policy.dmarc=reject; spf=pass (mx.cloudflare.net: domain of bounces@${d} designates 192.0.2.10 as permitted sender) smtp.mailfrom=bounces@${d}; arc=none`;
}

/** The raw RFC 822 message (CRLF line ends). */
export function notificationEmail(m: NotificationMail): string {
  const sender = NOTIFY_SENDERS[m.platform];
  const from = m.from ?? sender.address;
  const stamp = m.stamp === undefined ? passStamp(from) : m.stamp;
  const first = m.leadName.split(" ")[0] ?? m.leadName;
  const lines = [
    ...(stamp === null ? [] : [`ARC-Authentication-Results: ${stamp}`]),
    `From: "${sender.name}" <${from}>`,
    `To: <${m.to}>`,
    `Subject: ${first} sent you a message`,
    `Date: ${new Date(m.at).toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: <${m.platform}.${m.threadId}.${m.messageId}@${domainOf(from)}>`,
    "MIME-Version: 1.0",
    'Content-Type: text/plain; charset="utf-8"',
    "Content-Transfer-Encoding: 7bit",
    "",
    `${m.leadName} sent you a new message.`,
    "",
    `Log in to read it and reply: conversation ${m.threadId}.`,
    "",
  ];
  return lines.join("\r\n");
}
