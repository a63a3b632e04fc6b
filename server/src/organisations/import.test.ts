import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '@samla/shared';
import { hashPassword } from '../auth/passwords.js';
import { ADMIN, connectSocket, signIn, startServer, waitFor, type TestServer } from '../test/harness.js';
import { FIXTURE_HEADER, memberRows, orgNumberFor, postcodeIn, toCsv, type FixtureRow } from './fixture.js';

const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

async function upload(s: TestServer, cookie: string | null, body: string | Uint8Array, query = 'dryRun=true') {
  const res = await fetch(`${s.url}/api/admin/organisations/import?${query}`, {
    method: 'POST',
    headers: { ...(cookie ? { cookie } : {}), 'content-type': 'application/octet-stream' },
    body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
  });
  return { status: res.status, body: (await res.json()) as ImportReport & { error?: { code: string; message: string } } };
}

/** 390 good rows and 10 deliberately bad ones, each with the reason it must be refused. */
function fixture(): { rows: FixtureRow[]; bad: Map<number, string> } {
  const rows = memberRows(390);
  const base = memberRows(10, 1000);
  const bad: [FixtureRow, string][] = [
    [{ ...base[0]!, orgNumber: orgNumberFor(1000).replace(/\d$/, (d) => String((Number(d) + 1) % 10)) }, 'bad_org_number'],
    [{ ...base[1]!, municipality: 'Uppsala', postalCode: '753 20' }, 'outside_county'],
    [{ ...base[2]!, municipality: 'Solna', postalCode: '111 22' }, 'postcode_mismatch'],
    [{ ...base[3]!, orgNumber: rows[5]!.orgNumber }, 'duplicate_org_number_in_file'],
    [{ ...base[4]!, name: rows[7]!.name.toUpperCase() }, 'duplicate_name_in_file'],
    [{ ...base[5]!, name: 'Akessons tradgardsforening' }, 'duplicate_name'],
    [{ ...base[6]!, contactEmail: 'inte-en-adress' }, 'bad_email'],
    [{ ...base[7]!, name: '' }, 'missing_name'],
    [{ ...base[8]!, postalCode: '1234' }, 'bad_postcode'],
    [{ ...base[9]!, orgNumber: 'saknas' }, 'bad_org_number'],
  ];
  const all = [...rows];
  const reasons = new Map<number, string>();
  bad.forEach(([row, reason], i) => {
    const at = 40 * i + 20;
    all.splice(at, 0, row);
    reasons.set(at + 2, reason);
  });
  return { rows: all, bad: reasons };
}

const backends = [
  { name: 'sqlite', opts: {} },
  ...(process.env.MONGODB_URI ? [{ name: 'mongo', opts: { mongoDb: `samla_import_${randomBytes(4).toString('hex')}` } }] : []),
];
if (process.env.CI === 'true' && backends.length < 2) throw new Error('CI must run the import test on MongoDB too: set MONGODB_URI');

describe.each(backends)('importing the member list ($name)', ({ opts }) => {
  it('dry run, import of 400 rows with 10 refused (each with its reason), and a re-import that changes nothing', async () => {
    const s = await startServer(opts);
    servers.push(s);
    const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
    // Already a member, under another number: a row with its name (accents aside) is a duplicate by name.
    await s.store.organisations.create({
      id: 'akesson', name: 'Åkessons Trädgårdsförening', orgNumber: orgNumberFor(9999), street: 'Vägen 1', postalCode: '171 10',
      municipality: 'Solna', website: null, groupIds: [], contactUserId: null, joinedAt: new Date(),
    });
    // Already a member with the same number as row 3 and another street: that row is an update.
    const first = memberRows(1, 3)[0]!;
    await s.store.organisations.create({
      id: 'existing', name: first.name, orgNumber: first.orgNumber, street: 'Gamla gatan 9', postalCode: first.postalCode,
      municipality: first.municipality,
      website: null, groupIds: [], contactUserId: null, joinedAt: new Date(),
    });
    const { rows, bad } = fixture();
    expect(rows).toHaveLength(400);
    const csv = toCsv(rows, ';');

    const dry = await upload(s, admin, csv, 'dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.body.counts.refuse).toBe(10);
    expect(dry.body.counts.update).toBe(1);
    expect(dry.body.counts.create).toBe(389);
    for (const [line, reason] of bad) {
      const row = dry.body.rows.find((r) => r.line === line)!;
      expect({ line, outcome: row.outcome, problems: row.problems }).toEqual({ line, outcome: 'refuse', problems: [reason] });
    }
    // A dry run writes nothing.
    expect(await s.store.organisations.list()).toHaveLength(2);

    const done = await upload(s, admin, csv, 'dryRun=false');
    expect(done.status).toBe(200);
    expect(done.body.counts).toEqual({ create: 389, update: 1, unchanged: 0, refuse: 10 });
    expect(await s.store.organisations.list()).toHaveLength(391);
    expect((await s.store.organisations.findById('existing'))!.street).toBe(first.street);
    // Every created contact has an invitation; without SMTP the links are in the answer to copy.
    expect(done.body.invitations).toHaveLength(389);
    expect(done.body.invitations.every((i) => i.link.includes('/invitation?token=') && !i.emailed)).toBe(true);
    const invitationsAfterFirst = (await s.store.tokens.list()).length;
    const imported = (await s.store.organisations.list()).find((o) => o.orgNumber === rows[0]!.orgNumber)!;
    expect(imported).toMatchObject({ name: rows[0]!.name, municipality: expect.not.stringContaining('kommun') });

    const again = await upload(s, admin, csv, 'dryRun=false');
    expect(again.body.counts).toEqual({ create: 0, update: 0, unchanged: 390, refuse: 10 });
    expect(again.body.invitations).toHaveLength(0);
    expect(await s.store.organisations.list()).toHaveLength(391);
    expect((await s.store.tokens.list()).length).toBe(invitationsAfterFirst);
  }, 120_000);

  it('tells the importing coordinator\'s sockets, and only theirs, how many rows are handled, in order up to all of them', async () => {
    const s = await startServer(opts.mongoDb ? { mongoDb: `${opts.mongoDb}_progress` } : {});
    servers.push(s);
    const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
    await s.store.users.create({ id: 'u-other', email: 'annan@example.se', name: 'Annan Koordinator', passwordHash: await hashPassword('ett-långt-lösenord'), role: 'coordinator', createdAt: new Date() });
    const other = await signIn(s.url, 'annan@example.se', 'ett-långt-lösenord');
    // The importer's two tabs both hear it; the other coordinator hears nothing.
    const sockets = [connectSocket(s.url, admin), connectSocket(s.url, admin), connectSocket(s.url, other)];
    const heard = sockets.map(() => [] as { importId: string; done: number; total: number }[]);
    sockets.forEach((socket, i) => socket.on('import:progressed', (p) => heard[i]!.push(p)));
    try {
      await waitFor(() => sockets.every((x) => x.connected), 5_000, 'the sockets to connect');
      // 300 rows of which 10 are refused and 40 already members as they are: 250 to write.
      const rows = [...memberRows(300).slice(0, 290), ...memberRows(10, 2000).map((r) => ({ ...r, orgNumber: 'saknas' }))];
      expect((await upload(s, admin, toCsv(rows.slice(0, 40)), 'dryRun=false')).body.counts.create).toBe(40);
      const dry = await upload(s, admin, toCsv(rows), 'dryRun=true&importId=prov-0001');
      expect(dry.body.counts).toEqual({ create: 250, update: 0, unchanged: 40, refuse: 10 });
      const done = await upload(s, admin, toCsv(rows), 'dryRun=false&importId=import-0001');
      expect(done.body.counts).toEqual({ create: 250, update: 0, unchanged: 40, refuse: 10 });
      await waitFor(() => heard[1]!.at(-1)?.done === 300, 5_000, 'the second tab to hear the end');

      // A dry run tells nothing; the import starts at the rows that need no write and rises to the whole file.
      const events = heard[0]!;
      expect(events.every((e) => e.importId === 'import-0001' && e.total === 300)).toBe(true);
      expect(events[0]!.done).toBe(50);
      expect(events.at(-1)!.done).toBe(300);
      expect(events.map((e) => e.done)).toEqual([...events.map((e) => e.done)].sort((a, b) => a - b));
      expect(new Set(events.map((e) => e.done)).size).toBe(events.length);
      expect(heard[1]).toEqual(events);
      expect(heard[2]).toEqual([]);

      expect(await upload(s, admin, toCsv(rows), 'dryRun=false&importId=x')).toMatchObject({ status: 400, body: { error: { code: 'invalid_payload' } } });
    } finally {
      for (const x of sockets) x.disconnect();
    }
  }, 120_000);
});

describe('member list files', () => {
  let s: TestServer;
  let admin: string;
  it('reads an .xlsx and a comma-separated CSV, and refuses malformed files with a clear 400', async () => {
    s = await startServer();
    servers.push(s);
    admin = await signIn(s.url, ADMIN.email, ADMIN.password);
    const rows = memberRows(3);

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Medlemmar');
    sheet.addRow(FIXTURE_HEADER);
    for (const r of rows) sheet.addRow([r.name, r.orgNumber, r.street, r.postalCode, r.municipality, r.website, r.contactName, r.contactEmail]);
    const xlsx = new Uint8Array(await workbook.xlsx.writeBuffer());
    const fromXlsx = await upload(s, admin, xlsx);
    expect(fromXlsx.status).toBe(200);
    expect(fromXlsx.body).toMatchObject({ format: 'xlsx', counts: { create: 3, refuse: 0 } });

    const fromCsv = await upload(s, admin, toCsv(rows, ','));
    expect(fromCsv.body).toMatchObject({ format: 'csv', counts: { create: 3 } });
    expect(fromCsv.body.mapping).toMatchObject({ name: 'Organisation', orgNumber: 'Organisationsnummer', contactEmail: 'E-post' });

    // Chosen columns: a mapping that names a column the file lacks is refused.
    const unknown = await upload(s, admin, toCsv(rows), `dryRun=true&mapping=${encodeURIComponent(JSON.stringify({ name: 'Namn' }))}`);
    expect(unknown).toMatchObject({ status: 400, body: { error: { code: 'invalid_payload' } } });

    for (const body of [
      '',
      'Organisation;Kommun\r\n',
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]),
      new Uint8Array([0xff, 0xfe, 0, 0x41, 0, 0x42]),
      'Organisation;"Kommun\r\nx;"y',
    ]) {
      const res = await upload(s, admin, body);
      expect(res.status).toBe(400);
      expect(res.body.error!.code).toBe('invalid_file');
    }
    const big = await upload(s, admin, new Uint8Array(6 * 1024 * 1024));
    expect(big.status).toBe(413);
    const many = await upload(s, admin, toCsv(memberRows(5001)));
    expect(many).toMatchObject({ status: 400, body: { error: { code: 'invalid_file' } } });
    // The server still answers.
    expect((await upload(s, admin, toCsv(rows))).status).toBe(200);
    expect(postcodeIn('Solna', 1)).toMatch(/^169/);
    // A contact whose email already has an account is not invited twice: that row is refused.
    const taken = memberRows(1, 77);
    await s.store.users.create({ id: 'u-77', email: taken[0]!.contactEmail, name: 'Kontakt', passwordHash: 'x', role: 'member', createdAt: new Date() });
    const refused = await upload(s, admin, toCsv(taken));
    expect(refused.body.rows.map((r) => [r.outcome, r.problems])).toEqual([['refuse', ['email_taken']]]);
  }, 60_000);
});
