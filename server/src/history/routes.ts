import { Router } from 'express';
import { AppError, ErrorCode, FORMER_MEMBER, parseDocName, routes, type DocAddress, type VersionContent, type VersionInfo } from '@samla/shared';
import type { CollabServer } from '../collab/server.js';
import { OnBehalfOf } from '../collab/sharedDoc.js';
import { enforce } from '../http/errors.js';
import { route } from '../http/route.js';
import { boardStateWithFormerMembers } from '../members/formerMembers.js';
import type { Action, Policy } from '../policy/policy.js';
import type { SnapshotInfo, Store, UserRecord } from '../storage/store.js';
import type { HistoryRecorder } from './recorder.js';
import { restoreInto } from './restore.js';


export function historyRoutes(deps: { store: Store; policy: Policy; collab: CollabServer; recorder: HistoryRecorder }): Router {
  const { store, policy, collab, recorder } = deps;
  const r = Router();

  /** The document must belong to the group in the URL, and the person must have the right in that group. */
  async function authorize(user: UserRecord, groupId: string, docName: string, action: Action): Promise<DocAddress> {
    const address = parseDocName(docName);
    if (!address || address.groupId !== groupId) throw new AppError(ErrorCode.notFound, 'no such document in this group');
    enforce(await policy.inGroup(user, action, groupId));
    return address;
  }

  async function toVersion(info: SnapshotInfo): Promise<VersionInfo> {
    const contributors = await Promise.all(
      info.contributorIds.map(async (id) => ({ id, name: (await store.users.findById(id))?.name ?? FORMER_MEMBER })),
    );
    return {
      id: info.id,
      doc: info.docName,
      createdAt: info.createdAt.toISOString(),
      name: info.name,
      reason: info.reason,
      contributors,
    };
  }

  /**
   * A version is addressed through its group, so ids from other groups are simply not found. A board's
   * state comes with the stickies of deleted accounts saying "former member", as the live board does,
   * both to be shown and to be restored (the stored version keeps what it held).
   */
  async function findVersion(user: UserRecord, groupId: string, versionId: string, action: Action) {
    const stored = await store.snapshots.get(versionId);
    if (!stored) throw new AppError(ErrorCode.notFound, 'no such version');
    const address = await authorize(user, groupId, stored.docName, action);
    const version = address.kind === 'board' ? { ...stored, state: await boardStateWithFormerMembers(store, stored.state) } : stored;
    return { version, address };
  }

  route(r, routes.history.list, async ({ user, params, query: { doc } }) => {
    await authorize(user, params.groupId, doc, 'doc:read');
    const versions = await Promise.all((await store.snapshots.list(doc)).map(toVersion));
    return { versions };
  });

  route(r, routes.history.create, async ({ user, params, body: { doc, name } }) => {
    await authorize(user, params.groupId, doc, 'doc:write');
    const info = await collab.withDoc(doc, (shared) => recorder.take(shared, 'named', name));
    return { version: await toVersion(info) };
  });

  route(r, routes.history.get, async ({ user, params }) => {
    const { version } = await findVersion(user, params.groupId, params.versionId, 'doc:read');
    const content: VersionContent = {
      ...(await toVersion(version)),
      update: Buffer.from(version.state).toString('base64'),
    };
    return { version: content };
  });

  route(r, routes.history.restore, async ({ user, params }) => {
    const { version, address } = await findVersion(user, params.groupId, params.versionId, 'doc:write');
    const before = await collab.withDoc(version.docName, (shared) => {
      // take() reads the state before its first await: no edit can slip between the two.
      const saved = recorder.take(shared, 'before-restore', null);
      restoreInto(shared.doc, version.state, address.kind, new OnBehalfOf(user.id));
      return saved;
    });
    return { version: await toVersion(before) };
  });

  return r;
}
