import { Router } from 'express';
import { auditTargetKinds, auditValueText, isAuditAction, routes, type AuditEntry, type AuditTargetKind, type AuditValue } from '@samla/shared';
import { sendCsv } from '../directory/routes.js';
import { enforce } from '../http/errors.js';
import { personName, requestedLanguage, type Language } from '../http/language.js';
import { route } from '../http/route.js';
import type { Policy } from '../policy/policy.js';
import type { Audit } from './log.js';
import { AUDIT_LABELS } from './labels.js';
import type { AuditLog } from './service.js';

const targetKinds: ReadonlySet<string> = new Set(auditTargetKinds);

const valueText = (value: AuditValue, lang: Language): string => {
  const l = AUDIT_LABELS[lang];
  return auditValueText(value, { ...l, role: (r) => l.roles[r], term: (t) => l.terms[t], person: (name) => personName(name, lang) });
};

/** One CSV row of an entry, in the reader's language; the time as the network's clock showed it. */
export function auditCsvRow(e: AuditEntry, lang: Language, timeZone: string): string[] {
  const l = AUDIT_LABELS[lang];
  const kind = e.target.split(':')[0]!;
  const target = targetKinds.has(kind)
    ? l.targets[kind as AuditTargetKind].replace('{{name}}', personName(e.targetName ?? '', lang))
    : e.target;
  const time = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(new Date(e.at));
  return [
    time,
    e.actorName === null ? l.system : personName(e.actorName, lang),
    isAuditAction(e.action) ? l.actions[e.action] : e.action,
    target,
    e.fields.map((f) => `${l.fields[f.key]}: ${valueText(f.value, lang)}`).join('; '),
    e.action,
  ];
}

/** Coordinators: the audit log by page, its filter choices, and the same filters as a CSV download. */
export function auditRoutes(deps: { policy: Policy; auditLog: AuditLog; audit: Audit; timeZone: string }): Router {
  const { policy, auditLog, audit, timeZone } = deps;
  const r = Router();

  route(r, routes.audit.list, ({ user, query: { limit, after, ...filters } }) => {
    enforce(policy.network(user, 'audit:read'));
    return auditLog.page(filters, limit, after);
  });

  route(r, routes.audit.filters, ({ user }) => {
    enforce(policy.network(user, 'audit:read'));
    return auditLog.choices();
  });

  route(r, routes.audit.csv, async ({ req, res, user, query: { lang: _lang, ...filters } }) => {
    enforce(policy.network(user, 'audit:read'));
    const lang = requestedLanguage(req);
    const entries = await auditLog.all(filters);
    // The log holds email addresses and names: a copy taken out of Samla is itself logged, like the member list.
    await audit(user.id, 'audit.exported', 'network', { entries: entries.length });
    const l = AUDIT_LABELS[lang].columns;
    sendCsv(
      res,
      lang === 'sv' ? 'handelselogg.csv' : 'audit-log.csv',
      [l.time, l.actor, l.action, l.target, l.details, l.code],
      entries.map((e) => auditCsvRow(e, lang, timeZone)),
      ';',
    );
  });

  return r;
}
