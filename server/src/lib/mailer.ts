import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** Resolves true when the mail was handed to SMTP, false when it was only logged (no SMTP_URL). */
  send(mail: Mail): Promise<boolean>;
  /** Without SMTP: the last mails, newest last, so a developer (and a test) can follow the links. */
  readonly outbox: readonly Mail[];
}

const OUTBOX_SIZE = 50;

/** Sends through nodemailer when `smtpUrl` is set; otherwise logs the mail (links included) at info level. */
export function createMailer(opts: { smtpUrl: string | undefined; from: string; log: Logger }): Mailer {
  const transport = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : null;
  const outbox: Mail[] = [];
  return {
    outbox,
    async send(mail) {
      if (!transport) {
        outbox.push(mail);
        if (outbox.length > OUTBOX_SIZE) outbox.shift();
        opts.log.info({ to: mail.to, subject: mail.subject, text: mail.text }, 'mail not sent (SMTP_URL is not set)');
        return false;
      }
      try {
        await transport.sendMail({ from: opts.from, ...mail });
        return true;
      } catch (err) {
        // The link is still shown to whoever asked for it; a failed mail must not fail the request.
        opts.log.error({ err, to: mail.to, subject: mail.subject }, 'could not send mail');
        return false;
      }
    },
  };
}
