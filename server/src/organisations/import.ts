import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import {
  AppError,
  ErrorCode,
  foldName,
  importFields,
  MAX_IMPORT_ROWS,
  normaliseOrgNumber,
  postcodeDigits,
  postcodeInMunicipality,
  stockholmCountyMunicipality,
  type ImportField,
  type ImportMapping,
  type ImportProblem,
  type ImportReport,
  type ImportRowResult,
} from '@samla/shared';
import { z } from 'zod';
import type { Audit } from '../audit/log.js';
import type { Invitations } from '../invitations/service.js';
import { newId } from '../lib/ids.js';
import { DuplicateError, type OrganisationPatch, type OrganisationRecord, type Store, type UserRecord } from '../storage/store.js';

export interface Sheet {
  format: 'csv' | 'xlsx';
  headers: string[];
  /** Data rows under the header, each as long as `headers`. */
  rows: string[][];
}

const badFile = (why: string) => new AppError(ErrorCode.invalidFile, why);

/** `;` or `,`: whichever the header line has more of, outside quotes. */
export function detectDelimiter(text: string): ';' | ',' {
  let semi = 0;
  let comma = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ';') semi++;
    else if (!quoted && ch === ',') comma++;
  }
  return semi >= comma && semi > 0 ? ';' : ',';
}

const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Reads a CSV (UTF-8, `;` or `,`) or an .xlsx (its first worksheet). Anything else is a 400 `invalid_file`. */
export async function readSheet(body: Buffer): Promise<Sheet> {
  if (body.length === 0) throw badFile('the file is empty');
  let table: string[][];
  let format: Sheet['format'];
  if (body.subarray(0, 4).equals(XLSX_MAGIC)) {
    format = 'xlsx';
    table = await readXlsx(body);
  } else {
    format = 'csv';
    const text = body.toString('utf8');
    if (text.includes('\u0000') || text.includes('\uFFFD')) throw badFile('the file is neither UTF-8 CSV nor .xlsx');
    try {
      table = parse(text, {
        delimiter: detectDelimiter(text.replace(/^\uFEFF/, '')),
        bom: true,
        relax_column_count: true,
        skip_empty_lines: true,
        trim: true,
        to: MAX_IMPORT_ROWS + 2,
      }) as string[][];
    } catch (err) {
      throw badFile(`the CSV cannot be read: ${err instanceof Error ? err.message.slice(0, 200) : 'malformed'}`);
    }
  }
  table = table.filter((row) => row.some((cell) => cell.trim() !== ''));
  const [header, ...rows] = table;
  if (!header || header.every((h) => !h.trim())) throw badFile('the file has no header row');
  if (rows.length === 0) throw badFile('the file has a header but no rows');
  if (rows.length > MAX_IMPORT_ROWS) throw badFile(`at most ${MAX_IMPORT_ROWS} rows can be imported at once`);
  const headers = header.map((h, i) => h.trim() || `#${i + 1}`);
  return { format, headers, rows: rows.map((r) => headers.map((_, i) => (r[i] ?? '').trim())) };
}

async function readXlsx(body: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
  } catch {
    throw badFile('the .xlsx file cannot be read');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw badFile('the .xlsx file has no worksheet');
  if (sheet.actualRowCount > MAX_IMPORT_ROWS + 1) throw badFile(`at most ${MAX_IMPORT_ROWS} rows can be imported at once`);
  const table: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= Math.min(row.cellCount, 100); c++) cells.push(row.getCell(c).text ?? '');
    table.push(cells);
  });
  return table;
}

/** Header words (folded) that name each field, Swedish and English. */
const synonyms: Record<ImportField, string[]> = {
  name: ['organisation', 'organisationens namn', 'namn', 'name', 'foretag', 'forening', 'organisation name'],
  orgNumber: ['organisationsnummer', 'orgnr', 'org nr', 'org.nr', 'org number', 'organisation number', 'orgnummer'],
  street: ['gatuadress', 'adress', 'besoksadress', 'street', 'address', 'gata'],
  postalCode: ['postnummer', 'postnr', 'postal code', 'postcode', 'zip'],
  municipality: ['kommun', 'municipality', 'ort'],
  website: ['webbplats', 'hemsida', 'webb', 'website', 'url'],
  description: ['beskrivning', 'om organisationen', 'description', 'verksamhet'],
  contactName: ['kontaktperson', 'kontakt', 'contact', 'contact name', 'kontaktnamn'],
  contactEmail: ['e-post', 'epost', 'e-postadress', 'mejl', 'email', 'e-mail', 'kontaktens e-post', 'contact email'],
};

/** The mapping guessed from the headers: each field to the first header that names it. */
export function guessMapping(headers: string[]): ImportMapping {
  const mapping: ImportMapping = {};
  const used = new Set<string>();
  for (const field of importFields) {
    const header = headers.find((h) => !used.has(h) && synonyms[field].includes(foldName(h)));
    if (header) {
      mapping[field] = header;
      used.add(header);
    }
  }
  return mapping;
}

interface Candidate {
  line: number;
  values: Record<ImportField, string>;
}

const emailSchema = z.email();
const websiteOf = (v: string): string | null | false => {
  if (!v) return null;
  const url = /^https?:\/\//i.test(v) ? v : `https://${v}`;
  return z.url({ protocol: /^https?$/ }).safeParse(url).success && url.length <= 300 ? url : false;
};

interface Plan {
  row: ImportRowResult;
  record?: OrganisationRecord;
  patch?: OrganisationPatch;
  contact?: { email: string; name: string };
}

export interface ImportDeps {
  store: Store;
  audit: Audit;
  invitations: Invitations;
  now: () => Date;
}

/**
 * Plans (dry run) or carries out the import of a member list. Per row: refused with its reasons,
 * created (a new organisation, its contact invited), updated (an organisation with the same number
 * exists and some detail differs) or unchanged. Importing the same file twice changes nothing.
 */
export async function importMembers(
  deps: ImportDeps,
  actor: UserRecord,
  sheet: Sheet,
  opts: {
    mapping?: ImportMapping;
    dryRun: boolean;
    origin: string;
    /** An import (not a dry run) tells how many of the file's rows are handled: once planned, then after each row it writes. */
    onProgress?: (done: number, total: number) => void;
  },
): Promise<ImportReport> {
  const { store, audit, invitations, now } = deps;
  const mapping = opts.mapping && Object.keys(opts.mapping).length ? opts.mapping : guessMapping(sheet.headers);
  for (const [field, header] of Object.entries(mapping)) {
    if (header && !sheet.headers.includes(header)) {
      throw new AppError(ErrorCode.invalidPayload, `mapping.${field}: the file has no column "${header}"`);
    }
  }
  for (const field of ['name', 'orgNumber', 'street', 'postalCode', 'municipality'] as const) {
    if (!mapping[field]) throw new AppError(ErrorCode.invalidPayload, `mapping.${field}: choose the column that holds it`);
  }
  const column = Object.fromEntries(importFields.map((f) => [f, mapping[f] ? sheet.headers.indexOf(mapping[f]!) : -1]));
  const candidates: Candidate[] = sheet.rows.map((row, i) => ({
    line: i + 2,
    values: Object.fromEntries(importFields.map((f) => [f, column[f]! >= 0 ? (row[column[f]!] ?? '').trim() : ''])) as Record<ImportField, string>,
  }));

  const existing = await store.organisations.list();
  // Accounts by email, read once: a lookup per row costs a round trip each on MongoDB.
  const accounts = new Set((await store.users.list()).map((u) => u.email.toLowerCase()));
  const byNumber = new Map(existing.map((o) => [o.orgNumber, o]));
  const byName = new Map(existing.map((o) => [foldName(o.name), o]));
  const seenNumbers = new Set<string>();
  const seenNames = new Set<string>();
  const rows: ImportRowResult[] = [];
  const plans: Plan[] = [];

  for (const { line, values: v } of candidates) {
    const problems: ImportProblem[] = [];
    const orgNumber = normaliseOrgNumber(v.orgNumber);
    const municipality = stockholmCountyMunicipality(v.municipality);
    const digits = postcodeDigits(v.postalCode);
    const website = websiteOf(v.website);
    const email = v.contactEmail.toLowerCase();
    if (!v.name) problems.push('missing_name');
    if (!orgNumber) problems.push('bad_org_number');
    if (!v.street) problems.push('missing_address');
    if (!digits) problems.push('bad_postcode');
    if (!municipality) problems.push('outside_county');
    else if (digits && !postcodeInMunicipality(digits, municipality)) problems.push('postcode_mismatch');
    if (website === false) problems.push('bad_website');
    if (email && !emailSchema.safeParse(email).success) problems.push('bad_email');
    const nameKey = foldName(v.name);
    const match = orgNumber ? byNumber.get(orgNumber) : undefined;
    if (orgNumber && seenNumbers.has(orgNumber)) problems.push('duplicate_org_number_in_file');
    else if (nameKey && seenNames.has(nameKey)) problems.push('duplicate_name_in_file');
    else if (!match && nameKey && byName.has(nameKey)) problems.push('duplicate_name');
    if (orgNumber) seenNumbers.add(orgNumber);
    if (nameKey) seenNames.add(nameKey);

    const row: ImportRowResult = { line, name: v.name, orgNumber: orgNumber ?? v.orgNumber, outcome: 'refuse', problems, changes: [], organisationId: match?.id ?? null };
    if (problems.length === 0) {
      const postalCode = `${digits!.slice(0, 3)} ${digits!.slice(3)}`;
      const details = {
        name: v.name.slice(0, 200),
        street: v.street.slice(0, 200),
        postalCode,
        municipality: municipality!,
        website: website as string | null,
        ...(mapping.description ? { description: v.description.slice(0, 2000) } : {}),
      };
      if (match) {
        const changes = Object.entries(details).filter(([k, val]) => ((match as unknown as Record<string, unknown>)[k] ?? '') !== (val ?? ''));
        row.outcome = changes.length ? 'update' : 'unchanged';
        row.changes = changes.map(([k]) => k);
        plans.push({ row, patch: Object.fromEntries(changes) });
      } else {
        if (email && accounts.has(email)) {
          row.problems.push('email_taken');
        } else {
          row.outcome = 'create';
          const record: OrganisationRecord = {
            id: newId(),
            orgNumber: orgNumber!,
            groupIds: [],
            contactUserId: null,
            joinedAt: now(),
            status: 'active',
            leftAt: null,
            description: '',
            ...details,
          };
          row.organisationId = record.id;
          plans.push({ row, record, ...(email ? { contact: { email, name: v.contactName.slice(0, 120) } } : {}) });
        }
      }
    }
    rows.push(row);
  }

  const invited: ImportReport['invitations'] = [];
  if (!opts.dryRun) {
    const writes = plans.filter((p) => p.record || p.row.outcome === 'update');
    // Every row is handled once it is planned, but those that write.
    let done = rows.length - writes.length;
    opts.onProgress?.(done, rows.length);
    async function write(plan: Plan): Promise<void> {
      if (plan.record) {
        try {
          await store.organisations.create(plan.record);
        } catch (err) {
          // Created meanwhile by someone else: this row is then a duplicate, not a failure of the import.
          if (!(err instanceof DuplicateError)) throw err;
          plan.row.outcome = 'refuse';
          plan.row.problems.push('duplicate_org_number_in_file');
          plan.row.organisationId = null;
          return;
        }
        await audit(actor.id, 'organisation.imported', `organisation:${plan.record.id}`, { name: plan.record.name, orgNumber: plan.record.orgNumber });
        if (plan.contact) {
          // The plan has checked that no account has the address, and the organisation was just made.
          const created = await invitations.issueInvitation(actor, { ...plan.contact, name: plan.contact.name || null }, plan.record, opts.origin);
          invited.push({ organisationId: plan.record.id, organisationName: plan.record.name, email: plan.contact.email, link: created.link, emailed: created.emailed });
        }
      } else if (plan.patch) {
        await store.organisations.update(plan.row.organisationId!, plan.patch);
        await audit(actor.id, 'organisation.updated', `organisation:${plan.row.organisationId}`, { fields: plan.row.changes, to: plan.patch, by: 'import' });
      }
    }
    for (const plan of writes) {
      await write(plan);
      opts.onProgress?.(++done, rows.length);
    }
  }
  const counts = { create: 0, update: 0, unchanged: 0, refuse: 0 };
  for (const r of rows) counts[r.outcome]++;
  if (!opts.dryRun) await audit(actor.id, 'organisations.imported', 'network', { format: sheet.format, ...counts });
  return { dryRun: opts.dryRun, format: sheet.format, headers: sheet.headers, mapping, counts, rows, invitations: invited };
}
