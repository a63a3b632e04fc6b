/** Addresses of the archive and tracker screens (ids are URL-encoded); the REST routes are shared `routes`. */
const e = encodeURIComponent;

export const archivePath = (groupId: string): string => `/groups/${e(groupId)}/archive`;
export const actionsPath = '/actions';

/** The session page showing one frozen version (what search links to as well). */
export const snapshotSearch = (snapshotId: string): string => `?snapshot=${e(snapshotId)}`;
